/**
 * The TypeScript 5.9 engine: current library types, redeclaration across cells, shared state through closures,
 * the type-error switch (option and `%typecheck`), imports, completion and hover.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";
import type { Interpreter, OutputSink } from "../../../kernel/interpreter/types";

function recorder() {
  const streams: { name: string; text: string }[] = [];
  const sink: OutputSink = {
    stream: (name, text) => streams.push({ name, text }),
    display: () => undefined,
    clearOutput: () => undefined,
  };
  const text = (name: string) => streams.filter((s) => s.name === name).map((s) => s.text).join("");
  return { sink, text };
}

describe("kernel/interpreter engine (TypeScript 5.9)", function () {
  this.timeout(60000);
  let interp: Interpreter;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-engine-"));
    interp = createInterpreter({ cwd: tmp });
  });
  after(() => interp.close());

  async function run(code: string) {
    const r = recorder();
    const out = await interp.execute(code, r.sink);
    const value = out.status === "ok" ? out.result?.data["text/plain"] : undefined;
    return { out, value, ...r };
  }

  it("type-checks and runs ES2023/2024 library calls: toSorted, Object.groupBy, Map.groupBy", async () => {
    const a = await run("const sorted: number[] = [3, 1, 2].toSorted();\nsorted");
    assert.equal(a.value, "[ 1, 2, 3 ]");
    const b = await run("const g = Object.groupBy([1, 2, 3, 4, 5], (n) => (n % 2 ? 'odd' : 'even'));\ng.odd!.length * 10 + g.even!.length");
    assert.equal(b.value, "32");
    const c = await run("Map.groupBy(['a', 'bb', 'cc'], (s) => s.length).get(2)");
    assert.equal(c.value, "[ 'bb', 'cc' ]");
  });

  it("`using` disposes the resource when its block ends, after the block's own output", async () => {
    const r = await run([
      "const log: string[] = [];",
      "function resource(name: string) { return { name, [Symbol.dispose]() { log.push('dispose ' + name); } }; }",
      "{",
      "  using a = resource('a');",
      "  log.push('use ' + a.name);",
      "}",
      "log.join(', ')",
    ].join("\n"));
    assert.equal(r.value, "'use a, dispose a'");
    const top = await run("using top = resource('top');\nlog.push('body');");
    assert.equal(top.out.status, "ok");
    assert.equal((await run("log.slice(-2).join(', ')")).value, "'body, dispose top'");
  });

  it("a later cell may redeclare a name with another kind and type; the new one shadows the old", async () => {
    assert.equal((await run("const shadow = 41;\nshadow + 1")).value, "42");
    assert.equal((await run("let shadow = 'now a string';\nshadow.toUpperCase()")).value, "'NOW A STRING'");
    assert.equal((await run("shadow.length")).value, "12");
    const err = await run("const n: number = shadow;");
    assert.equal(err.out.status, "error");
    assert.match(err.out.status === "error" ? err.out.error.evalue : "", /Type 'string' is not assignable to type 'number'/);
    assert.equal((await run("function shadow(x: number) { return x * 2; }\nshadow(4)")).value, "8");
    assert.equal((await run("class shadow { v = 3 }\nnew shadow().v")).value, "3");
    const t = await run("interface Pt { x: number }\ninterface Pt { y: number }\nconst p: Pt = { x: 1, y: 2 };\np.x + p.y");
    assert.equal(t.out.status, "ok", "declarations of one cell merge as in a file");
  });

  it("a cell may redeclare a library name; later cells see the new value and type", async () => {
    assert.equal((await run("const exportText = (x: number) => x + 1;\nexportText(1)")).value, "2");
    assert.equal((await run("exportText(2)")).value, "3");
    assert.equal((await run("const et: string = exportText(3);")).out.status, "error");
    assert.equal((await run("typeof LinearRegression")).value, "'function'", "other library names are untouched");
  });

  it("top-level names are shared: a function sees later reassignments made by other cells", async () => {
    await run("let counter = 0;\nfunction bump() { return ++counter; }");
    await run("bump(); bump();");
    assert.equal((await run("counter")).value, "2");
    await run("counter = 10;");
    assert.equal((await run("bump()")).value, "11");
  });

  it("destructuring, enums, namespaces and classes carry their types to later cells", async () => {
    await run("const { a1, b1: [c1] } = { a1: 1, b1: ['x'] };\nenum Color { Red, Green }\nnamespace Geo { export const k = 2; }\nclass Box { constructor(public w: number) {} }");
    const r = await run("const s1: string = c1;\nconst m: Box = new Box(a1 * Geo.k);\nm.w + Color.Green");
    assert.equal(r.value, "3");
    const bad = await run("const nope: number = c1;");
    assert.equal(bad.out.status, "error");
  });

  it("top-level await keeps its value and its declared names", async () => {
    const r = await run("const later = await new Promise<string>((res) => setTimeout(() => res('done'), 10));\nlater.length");
    assert.equal(r.value, "4");
    assert.equal((await run("later")).value, "'done'");
  });

  it("imports: typelearn names, Node built-ins (default, namespace, require), and local .ts modules", async () => {
    fs.writeFileSync(path.join(tmp, "helper.ts"), "export function twice(x: number): number { return 2 * x; }\nexport const label: string = 'h';\nexport default class Thing { size = 7; }\n");
    const r = await run([
      "import { r2Score as score } from \"typelearn\";",
      "import pathMod from \"path\";",
      "import * as osMod from \"os\";",
      "import fsMod = require(\"fs\");",
      "import Thing, { twice, label } from \"./helper\";",
      "`${score([1, 2], [1, 2])} ${pathMod.basename('/a/b.txt')} ${typeof osMod.cpus} ${typeof fsMod.readFileSync} ${twice(21)}${label}`",
    ].join("\n"));
    assert.equal(r.value, "'1 b.txt function function 42h'");
    const later = await run("twice(score([1, 2, 3], [1, 2, 3]))");
    assert.equal(later.value, "2", "imported names stay usable in later cells");
    const typed = await run("const wrong: string = twice(1);");
    assert.equal(typed.out.status, "error", "imported names keep their types");
    assert.equal((await run("const th: Thing = new Thing();\nth.size")).value, "7", "a default-imported class is a value and a type");
    assert.equal((await run("const bad: string = new Thing().size;")).out.status, "error");
  });

  it("type errors: block does not run, warn prints diagnostics on stderr and runs, off does not check", async () => {
    const blocked = await run("console.log('ran');\nconst bad1: string = 1;");
    assert.equal(blocked.out.status, "error");
    assert.equal(blocked.text("stdout"), "");
    const warned = await run("%typecheck warn\nconsole.log('ran');\nconst bad2: string = 2;\nbad2");
    assert.equal(warned.out.status, "ok");
    assert.equal(warned.text("stdout"), "ran\n");
    assert.match(warned.text("stderr"), /TypeScriptError 3:7 - Type 'number' is not assignable to type 'string'/);
    assert.equal(warned.value, "2");
    const still = await run("const bad3: string = 3;");
    assert.equal(still.out.status, "ok", "the directive holds for the rest of the session");
    assert.match(still.text("stderr"), /1:7 - Type 'number'/);
    const off = await run("%typecheck off\nconst bad4: string = 4;\nbad4");
    assert.equal(off.value, "4");
    assert.equal(off.text("stderr"), "");
    const syntax = await run("const = ;");
    assert.equal(syntax.out.status, "error", "syntax errors block in every mode");
    const wrong = await run("%typecheck loud");
    assert.equal(wrong.out.status, "error");
    assert.match(wrong.out.status === "error" ? wrong.out.error.evalue : "", /block, warn, off/);
    await run("%typecheck block");
    assert.equal((await run("const bad5: string = 5;")).out.status, "error");
  });

  it("completes members and globals of earlier cells, and hovers with types and documentation", async () => {
    await run("const myLongVariable = [1, 2, 3];");
    const c = interp.complete("myLongVar", 9);
    assert.deepEqual(c.matches.slice(0, 1), ["myLongVariable"]);
    assert.equal(c.cursorStart, 0);
    const m = interp.complete("myLongVariable.toS", 18);
    assert.ok(m.matches.includes("toSorted"), m.matches.join(","));
    const np1 = interp.complete("np.random.ra", 12);
    assert.ok(np1.matches.includes("rand") && np1.matches.includes("randn"), np1.matches.join(","));
    const h = interp.inspect("myLongVariable", 4, 0);
    assert.match(h.data["text/plain"], /const myLongVariable: number\[\]/);
    const lib = interp.inspect("LinearRegression", 8, 0);
    assert.match(lib.data["text/plain"], /class LinearRegression/);
    assert.match(lib.data["text/plain"], /least squares/i, "library documentation comes with the hover");
    assert.equal(interp.inspect("   ", 1, 0).found, false);
  });

  it("line numbers of diagnostics are the cell's own, also after a %typecheck line", async () => {
    const r = await run("%typecheck block\n\nconst z1: number = 'x';");
    assert.equal(r.out.status === "error" && r.out.error.evalue.startsWith("3:7 - "), true);
  });

  it("the library's type-only exports are global types too", async () => {
    const r = await run("const opts: LinearRegressionOptions = { fitIntercept: false };\nconst b: MimeBundle = { 'text/plain': 'x' };\nnew LinearRegression(opts).fitIntercept");
    assert.equal(r.value, "false");
    assert.equal((await run("const wrongOpts: LinearRegressionOptions = { fitIntercept: 'no' };")).out.status, "error");
  });

  it("the library's lazy exports stay unloaded until a cell reads them", async () => {
    const r = await run("Object.getOwnPropertyDescriptor(globalThis, 'LinearRegression')!.get !== undefined");
    assert.equal(r.value, "true", "prelude names are accessors on the global object, not eagerly read values");
  });
});
