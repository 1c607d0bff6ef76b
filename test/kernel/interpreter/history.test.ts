/**
 * The declarations carried between cells: one entry list per name (bounded by distinct names, not by cells),
 * replacement by meaning, and imports turned into global aliases.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { DeclarationHistory } from "../../../kernel/interpreter/history";
import { isComplete } from "../../../kernel/interpreter/iscomplete";
import { toRunnable } from "../../../kernel/interpreter/rewrite";

describe("kernel/interpreter declarations and rewriting", function () {
  this.timeout(60000);

  it("redeclaring one name in 60 cells leaves one declaration and a text of constant size", () => {
    const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-hist-")));
    const sizes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = c.compile(i % 2 ? `const v = ${i};` : `let v: string = "${i}";`, true);
      assert.deepEqual(r.typeErrors, []);
      c.commit(r.declarations!);
      sizes.push(c.history.text().length);
    }
    assert.equal(c.history.size, 1);
    assert.equal(new Set(sizes.slice(2).filter((_, i) => i % 2 === 0)).size, 1, "the text does not grow");
  });

  it("a new declaration replaces only the meanings it declares", () => {
    const h = new DeclarationHistory();
    h.update("interface Shape { a: number }\ndeclare const Shape: number;\nexport { Shape };\n");
    h.update("declare const Shape: string;\nexport { Shape };\n");
    const text = h.text();
    assert.match(text, /interface Shape \{/, "the type meaning stays");
    assert.match(text, /const Shape: string;/);
    assert.doesNotMatch(text, /const Shape: number;/);
    h.update("import { r2Score as Shape } from \"typelearn\";\nexport { Shape };\n");
    assert.doesNotMatch(h.text(), /interface Shape|const Shape/, "an import replaces every meaning");
    assert.match(h.text(), /import \* as (__tlh\d+) from "typelearn";[\s\S]*export import Shape = \1\.r2Score;/);
  });

  it("rewrites top-level declarations into assignments of global names", () => {
    const r = toRunnable("const a = 1, { b, c: [d] } = o;\nlet e;\nfunction f() { return a; }\nclass G {}\nimport h, { i as j } from \"m\";\na + d", true);
    assert.deepEqual(r.names.sort(), ["a", "b", "d", "e", "f", "G", "h", "j"].sort());
    assert.match(r.body, /^f = function f\(\) \{ return a; \};/, "functions are hoisted");
    assert.match(r.body, /a = 1, \(\{ b, c: \[d\] \} = o\);/);
    assert.match(r.body, /e = void 0;/);
    assert.match(r.body, /G = class G \{ *\};/);
    assert.match(r.body, /h = __tlDefault\(m\); j = m\["i"\];/);
    assert.match(r.body, /return \(a \+ d\);$/);
    assert.equal(r.isAsync, false);
    assert.equal(toRunnable("for await (const x of xs) {}", false).isAsync, true);
    assert.equal(toRunnable("async function g() { await 1; }", false).isAsync, false);
  });

  it("judges completeness, reading a %typecheck line off first", () => {
    assert.equal(isComplete("%typecheck warn").status, "complete");
    assert.equal(isComplete("%typecheck warn\nfunction f() {").status, "incomplete");
    assert.equal(isComplete("%typecheck sometimes").status, "invalid");
    assert.deepEqual(isComplete("if (x) {\n  f(["), { status: "incomplete", indent: "    " });
    assert.equal(isComplete("const t = `abc").status, "incomplete");
  });
});
