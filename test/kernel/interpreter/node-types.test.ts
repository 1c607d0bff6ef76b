/**
 * Node's typings stay out of a cell's program unless the cell may need them (node_types.ts): a plain cell is
 * checked against a small `console` declaration, and every type error that needs Node's types — a Node global, a
 * Node module, a library name whose type is a Node type, a carried declaration of one — is still reported.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { preludeNames } from "../../../kernel/interpreter";
import {
  isNodeModuleSpecifier, knownNodeGlobals, namesNodeModule, nodeGlobalNames,
} from "../../../kernel/interpreter/node_types";

const nodeRe = /[\\/]@types[\\/]node[\\/]/;

function compiler(): CellCompiler {
  const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-node-")));
  c.addModuleGlobals("typelearn", preludeNames());
  return c;
}

function nodeFiles(c: CellCompiler): number {
  return c.host.program().getSourceFiles().filter((f) => nodeRe.test(f.fileName)).length;
}

function packageFiles(c: CellCompiler): number {
  return c.host.program().getSourceFiles().filter((f) => /node_modules[\\/](nodejs-polars|danfojs-node|fastify)[\\/]/.test(f.fileName)).length;
}

function errors(c: CellCompiler, code: string): string {
  return c.compile(code, true).typeErrors.map((d) => d.messageText).join("\n");
}

/** Compile and commit a cell that must check cleanly. */
function run(c: CellCompiler, code: string): void {
  const r = c.compile(code, true);
  assert.deepEqual(r.typeErrors, [], code);
  c.commit(r.declarations ?? "");
}

describe("kernel/interpreter lazy Node typings", function () {
  this.timeout(180000);

  it("Node modules are recognised where a module is named, not in other strings", () => {
    for (const s of ["fs", "fs/promises", "node:fs", "node:path", "worker_threads"]) assert.equal(isNodeModuleSpecifier(s), true, s);
    for (const s of ["nodejs-polars", "./fs", "typelearn"]) assert.equal(isNodeModuleSpecifier(s), false, s);
    assert.equal(namesNodeModule('import { readFileSync } from "fs";'), true);
    assert.equal(namesNodeModule("const f = require('node:fs/promises');"), true);
    assert.equal(namesNodeModule('let b: import("/x/node_modules/@types/node/buffer").Buffer;'), true);
    assert.equal(namesNodeModule('const d = { path: "path", url: "url" };'), false);
  });

  it("the list of Node's globals is the one the installed @types/node declares", () => {
    const c = compiler();
    run(c, "const pid = process.pid;");
    const files = c.host.program().getSourceFiles().filter((f) => nodeRe.test(f.fileName));
    assert.ok(files.length > 10);
    assert.deepEqual([...nodeGlobalNames(files)].sort(), [...knownNodeGlobals].sort());
  });

  it("a plain cell is checked without Node's typings, console included; a process cell with them", () => {
    const c = compiler();
    run(c, "const v = np.arange(4).reshape(-1, 1); console.log(v.shape, 1, 'a'); console.table([1], ['a'])");
    assert.equal(nodeFiles(c), 0, "no @types/node for an np cell");
    assert.match(errors(c, "console.table(1, 2)"), /not assignable/);
    run(c, "const home = process.env.HOME;");
    assert.ok(nodeFiles(c) > 10, "@types/node for a process cell");
  });

  it("type errors that need Node's types are reported", () => {
    const c = compiler();
    const cases: [string, RegExp][] = [
      ["const n: number = process.env.HOME;", /not assignable to type 'number'/],
      ["const t: string = setTimeout(() => 1, 1);", /not assignable to type 'string'/],
      ["const b: number = Buffer.from('ab');", /not assignable to type 'number'/],
      ["import { readFileSync } from \"fs\";\nconst n: number = readFileSync('x', 'utf8');", /not assignable to type 'number'/],
      ["import * as p from \"node:path\";\np.join(1);", /not assignable/],
      ["console.dir({}, 5);", /has no properties in common|not assignable/],
      ["Error.captureStackTrace(1);", /not assignable/],
      // library names whose types are Node's (Buffer): without the typings the result would be `any`
      ["dumpBytes(new LinearRegression()).noSuchMethod();", /noSuchMethod/],
    ];
    for (const [code, re] of cases) assert.match(errors(c, code), re, code);
  });

  it("a carried declaration of a Node type brings the typings to a cell that only names the variable", () => {
    const c = compiler();
    run(c, "const bytes = dumpBytes(new LinearRegression());");
    run(c, "const buf = Buffer.from('ab');");
    run(c, "import { readFileSync } from \"fs\";");
    run(c, "const timer = setTimeout(() => 1, 1); clearTimeout(timer);");
    run(c, "const later = () => bytes;");
    run(c, "const plain = 1;");
    assert.equal(nodeFiles(c), 0, "a plain cell after them is lean again");
    for (const code of ["bytes.noSuchMethod()", "buf.noSuchMethod()", "const n: number = readFileSync('x', 'utf8')",
      "timer.noSuchMethod()", "later().noSuchMethod()"]) {
      assert.notEqual(errors(c, code), "", code);
    }
  });

  it("a member named like a Node or library name pulls no typings; a referenced Node global does", () => {
    const c = compiler();
    run(c, "const iris = { data: np.arange(4), target: [1, 2], process: 1 };");
    for (const code of ["iris.data.shape", "iris.target.length + iris.process", "const { data: d, target } = iris; d.shape",
      "const data = 1; const o = { process: data, scatter: 2 }; o.scatter", "class K { data = 1; process() { return 2; } }"]) {
      run(c, code);
      assert.equal(nodeFiles(c), 0, code);
      assert.equal(packageFiles(c), 0, code);
    }
    // the same members typed wrongly are still reported without the typings
    assert.match(errors(c, "const s: string = iris.data;"), /not assignable to type 'string'/);
    for (const code of ["const home = process.env.HOME;", "const p = { process }; p.process.pid", "let t: NodeJS.Timeout;"]) {
      run(c, code);
      assert.ok(nodeFiles(c) > 10, code);
    }
    // members @types/node adds to standard objects still count
    run(c, "Error.captureStackTrace({});");
    assert.ok(nodeFiles(c) > 10, "Error.captureStackTrace");
  });

  it("Symbol.dispose and `using` check as with Node's typings", () => {
    const c = compiler();
    run(c, "{ using r = { [Symbol.dispose]() { return; } }; }");
    assert.match(errors(c, "const d: string = Symbol.dispose;"), /not assignable/);
  });

  it("completion offers Node's globals and modules' members", () => {
    const c = compiler();
    run(c, "const a = 1;");
    assert.ok(c.complete("setTi", 5).candidates.includes("setTimeout"));
    assert.ok(c.complete("proc", 4).candidates.includes("process"));
    assert.ok(c.complete("process.ar", 10).candidates.includes("argv"));
    assert.ok(c.complete("console.lo", 10).candidates.includes("log"));
    assert.ok(c.complete("np.ara", 6).candidates.includes("arange"));
  });
});
