/**
 * Package typings (polars, danfo, fastify) stay out of a cell's program unless the cell needs them: the trigger
 * names are found from the library's declarations, the program shrinks for cells that name none, and every type
 * error that needs the packages' types is still reported.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { isPackageSpecifier, referencedNames, topLevelDeclarationNames, triggerNames } from "../../../kernel/interpreter/lazy_types";
import { preludeNames } from "../../../kernel/interpreter";
import { packageRoot, ts } from "../../../kernel/interpreter/tsenv";

function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function packageFiles(c: CellCompiler): number {
  return c.host.program().getSourceFiles().filter((f) => /node_modules[\\/](nodejs-polars|danfojs-node|fastify)[\\/]/.test(f.fileName)).length;
}

describe("kernel/interpreter lazy package typings", function () {
  this.timeout(120000);

  it("package specifiers are bare names other than Node's modules and typelearn", () => {
    assert.equal(isPackageSpecifier("nodejs-polars"), true);
    assert.equal(isPackageSpecifier("@tensorflow/tfjs"), true);
    for (const s of ["fs", "fs/promises", "node:fs", "./x", "../y", "/abs", "typelearn", "typelearn/dist/lib"]) {
      assert.equal(isPackageSpecifier(s), false, s);
    }
  });

  it("triggers: declarations reaching a package, those enclosing them, and those naming them, to a fixed point", () => {
    const a = parse("a.d.ts", [
      "import type { App } from \"fastify\";",
      "export declare const pl: typeof import(\"nodejs-polars\");",
      "export declare class Report { toFrame(): import(\"nodejs-polars\").DataFrame; mean(): number; }",
      "export declare function serve(): App;",
      "export declare function plain(x: number): number;",
    ].join("\n"));
    const b = parse("b.d.ts", [
      "import { Report } from \"./a\";",
      "export declare class Search { results_: Report; fit(x: number): this; }",
      "export declare function untouched(report: number): string;",
    ].join("\n"));
    const t = triggerNames([a, b]);
    for (const n of ["App", "pl", "Report", "toFrame", "serve", "Search", "results_"]) assert.ok(t.has(n), n);
    for (const n of ["plain", "mean", "fit", "untouched", "x", "report"]) assert.ok(!t.has(n), n);
  });

  it("referenced names: identifiers that refer, not members or declared names; module specifiers apart", () => {
    const r = referencedNames("const d = bunch.data; const { target: t } = d; ({ pl, x: 1 }); let f: A.B; import(\"nodejs-polars\");");
    assert.deepEqual(r.names, ["bunch", "d", "pl", "A", "nodejs", "polars"]);
    assert.deepEqual(r.modules, ["nodejs-polars"]);
    assert.deepEqual(referencedNames("import { q as w } from \"./m\";").modules, ["./m"]);
  });

  it("only top-level declarations are triggers a cell can name: a member's name is not", () => {
    const a = parse("a.d.ts", "export declare class Report { frame: import(\"nodejs-polars\").DataFrame; }\nexport declare namespace N { const inner: number; }");
    assert.deepEqual([...topLevelDeclarationNames([a])].sort(), ["N", "Report"]);
  });

  it("a cell importing a package gets the package typings whatever it names", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-lazy-"));
    // the notebook's folder sees the installed packages
    fs.symlinkSync(path.join(packageRoot, "node_modules"), path.join(dir, "node_modules"));
    const c = new CellCompiler(dir);
    c.addModuleGlobals("typelearn", preludeNames());
    const r = c.compile("import type { DataFrame } from \"nodejs-polars\";\nlet q: DataFrame;\nq.noSuchMethod();", true);
    assert.match(r.typeErrors.map((d) => d.messageText).join("\n"), /noSuchMethod/);
    assert.ok(packageFiles(c) > 0);
  });

  it("a cell naming no trigger is checked without the package typings; one naming pl gets them", () => {
    const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-lazy-")));
    c.addModuleGlobals("typelearn", preludeNames());
    const plain = c.compile("const v = np.arange(4).reshape(-1, 1); v.shape", true);
    assert.deepEqual(plain.typeErrors, []);
    assert.equal(packageFiles(c), 0, "no package typings for an np cell");
    const polars = c.compile("pl.DataFrame({ a: [1, 2] }).noSuchMethod()", true);
    assert.match(polars.typeErrors.map((d) => d.messageText).join("\n"), /noSuchMethod/);
    assert.ok(packageFiles(c) > 0, "the polars typings are loaded for a pl cell");
  });

  it("a carried declaration naming a trigger brings the typings to a cell that only names the variable", () => {
    const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-lazy-")));
    c.addModuleGlobals("typelearn", preludeNames());
    // A user's own type whose member is named like a trigger: the structural check needs the real DataFrame.
    const first = c.compile("function useIt(b: { data: number }) { return b; }", true);
    assert.deepEqual(first.typeErrors, []);
    c.commit(first.declarations!);
    const second = c.compile("const bunch = loadIris({ asFrame: true });", true);
    assert.deepEqual(second.typeErrors, []);
    c.commit(second.declarations!);
    const third = c.compile("useIt(bunch)", true);
    assert.match(third.typeErrors.map((d) => d.messageText).join("\n"), /not assignable/);
  });

  it("a type error in a cell without triggers is reported as with the full program", () => {
    const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-lazy-")));
    c.addModuleGlobals("typelearn", preludeNames());
    const r = c.compile("const s: string = np.arange(3).sum();", true);
    assert.match(r.typeErrors.map((d) => d.messageText).join("\n"), /not assignable to type 'string'/);
  });
});
