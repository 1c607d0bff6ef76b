/**
 * What makes each cell's new program and checker cheaper without changing what a cell is checked against: the
 * standard library as one file (tsenv.ts cellLibText) and the library's namespace imports read as
 * `import = require` (host.ts).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { namespaceImportsAsRequire } from "../../../kernel/interpreter/host";
import { preludeNames } from "../../../kernel/interpreter";
import { cellLibText, ts } from "../../../kernel/interpreter/tsenv";

function compiler(): CellCompiler {
  const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-lib-")));
  c.addModuleGlobals("typelearn", preludeNames());
  return c;
}

const errors = (c: CellCompiler, code: string) => c.compile(code, true).typeErrors.map((d) => d.messageText).join("\n");

describe("kernel/interpreter standard library as one file", function () {
  this.timeout(120000);

  it("holds every lib file the cell libs reference, es5 first, without reference directives", () => {
    const text = cellLibText();
    assert.match(text.slice(0, 2000), /\/\/\/ <reference no-default-lib="true"\/>/, "opens like lib.es5.d.ts (a default library)");
    assert.doesNotMatch(text, /^\/\/\/\s*<reference\s+lib=/m);
    const libDir = path.dirname(ts.getDefaultLibFilePath({}));
    // one declaration from each end of the range and from the ES2024 extras
    for (const [file, decl] of [["lib.es5.d.ts", "interface ReadonlyArray<T>"], ["lib.es2023.array.d.ts", "toSorted("],
      ["lib.es2024.object.d.ts", "groupBy<"], ["lib.esnext.disposable.d.ts", "interface Disposable"], ["lib.decorators.d.ts", "ClassDecoratorContext"]]) {
      assert.ok(fs.readFileSync(path.join(libDir, file), "utf8").includes(decl), `${file} has ${decl}`);
      assert.ok(text.includes(decl), decl);
    }
    assert.ok(!text.includes("interface HTMLElement"), "no DOM");
    assert.ok(text.indexOf("interface ReadonlyArray<T>") < text.indexOf("toSorted(") && text.indexOf("toSorted(") < text.indexOf("interface Disposable"),
      "es5 before es2023 before esnext, as TypeScript orders lib files (overload order depends on it)");
  });

  it("cells see the same library: ES2023/2024 methods, overloads, errors, Node's typings without a second lib", () => {
    const c = compiler();
    assert.equal(errors(c, "const a: number[] = [3, 1].toSorted(); const g = Object.groupBy([1, 2], (x) => (x > 1 ? 'a' : 'b')); g.a?.length;"), "");
    assert.match(errors(c, "const s: string = [1, 2].findLast((x) => x > 1);"), /not assignable to type 'string'/);
    assert.match(errors(c, "document.body;"), /Cannot find name 'document'/);
    assert.equal(errors(c, "const n: number = process.pid + [1].at(0)!;"), "");
    assert.match(errors(c, "const b: number = Buffer.from('x');"), /not assignable to type 'number'/);
    const files = c.host.program().getSourceFiles().map((f) => f.fileName);
    assert.equal(files.filter((f) => /[\\/]typescript[\\/]lib[\\/]lib\./.test(f)).length, 0, "no lib file besides the one (Node's reference lib is ignored)");
    assert.ok(c.host.program().isSourceFileDefaultLibrary(c.host.program().getSourceFile(c.host.libFile)!));
  });

  it("the library's relative namespace imports are read as import = require; packages' are left alone", () => {
    assert.equal(namespaceImportsAsRequire('import * as arr from "./array";\nexport declare const x: typeof arr.y;'),
      'import arr = require("./array");\nexport declare const x: typeof arr.y;');
    assert.equal(namespaceImportsAsRequire('import * as C from "../creation";'), 'import C = require("../creation");');
    for (const same of ['import * as pl from "nodejs-polars";', 'import * as fs from "fs";', '  import * as x from "./y";']) {
      assert.equal(namespaceImportsAsRequire(same), same);
    }
    const c = compiler();
    assert.equal(errors(c, "const v = np.arange(6).reshape(2, 3); const t = v.toArray(); plot.scatter([1], [2]);"), "");
    assert.match(errors(c, "np.arange('x');"), /not assignable/);
  });
});
