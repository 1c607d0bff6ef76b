/**
 * The background preparation of Node's typings (warmup.ts): in several slices it parses and binds exactly the
 * files a program with Node's typings then holds — the same SourceFile objects, so that program neither parses nor
 * binds them again — and the prelude's names are read from the library's declarations (compiler.moduleExports),
 * the same names the library's JavaScript exports.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { preludeNames } from "../../../kernel/interpreter";
import { BackgroundWarmUp } from "../../../kernel/interpreter/warmup";

const nodeRe = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

function compiler(): CellCompiler {
  const c = new CellCompiler(fs.mkdtempSync(path.join(os.tmpdir(), "tl-warm-")));
  c.addModuleGlobals("typelearn", []);
  return c;
}

describe("kernel interpreter: warming up Node's typings in the background", function () {
  this.timeout(120000);

  it("the prelude's value names from the declarations are the library's runtime exports", () => {
    const c = compiler();
    const { values, types } = c.moduleExports("typelearn");
    assert.deepEqual([...values].sort(), preludeNames());
    assert.ok(types.includes("MimeBundle"), "type-only exports are read too");
    assert.ok(!types.some((t) => values.includes(t)));
  });

  it("prepares, in slices, the very files the program with Node's typings then holds", () => {
    const c = compiler();
    c.warmUp();
    assert.equal(c.host.program().getSourceFiles().filter((f) => nodeRe.test(f.fileName)).length, 0, "the lean program has none");
    const warm = new BackgroundWarmUp(c);
    let slices = 1;
    while (warm.step(1)) slices++;
    const files = [...c.host.prepareNodeTypings()];
    assert.ok(files.length > 50, `Node's typings are ~100 files, found ${files.length}`);
    assert.ok(files.every((f) => nodeRe.test(f)), "only Node's and undici's declarations");
    assert.ok(slices > 10, `a slice is a few files, not all of them (${slices} slices)`);
    assert.ok(warm.done);
    // Asked again, the registry gives the file it parsed in the warm-up (the same object).
    const prepared = new Map(files.map((f) => [f, c.host.prepare(f)]));
    assert.ok([...prepared.values()].every((sf) => sf !== undefined && (sf as unknown as { locals?: unknown }).locals !== undefined), "parsed and bound");
    const out = c.compile("setTimeout(() => undefined, 1);\nconst b: Buffer = Buffer.from('x');\nb.length", true);
    assert.deepEqual(out.typeErrors, []);
    const program = c.host.program();
    const held = program.getSourceFiles().filter((f) => nodeRe.test(f.fileName));
    assert.ok(held.length >= files.length - 2, `the program holds ${held.length} of the ${files.length} files`);
    for (const [f, sf] of prepared) {
      const inProgram = program.getSourceFile(f);
      if (inProgram) assert.equal(inProgram, sf, `${f} was parsed again`);
    }
    const missed = held.filter((f) => !prepared.has(f.fileName)).map((f) => f.fileName);
    assert.deepEqual(missed, [], "every Node file of the program was prepared");
    // A type error that needs Node's typings is still reported.
    assert.match(c.compile("const t: number = setTimeout(() => 1, 1);", true).typeErrors.map((d) => d.messageText).join("\n"), /Timeout/);
  });

  it("parses the lib and library files without documentation first, and adds it in the background", () => {
    const c = compiler();
    c.warmUp();
    const without = c.host.filesWithoutDocs();
    assert.ok(without.includes(c.host.libFile) && without.some((f) => f.includes(`${path.sep}dist${path.sep}lib${path.sep}`)), "the one-file standard library and the library's .d.ts");
    assert.doesNotMatch(c.inspect("Math.max", 6, 1), /Returns the larger/, "no documentation yet");
    const warm = new BackgroundWarmUp(c);
    while (warm.step()) { /* the slices the kernel runs while idle */ }
    assert.deepEqual(c.host.filesWithoutDocs(), []);
    assert.match(c.inspect("Math.max", 6, 1), /Returns the larger of a set of supplied numeric expressions/);
    // Both programs (lean, and with Node's typings) go on checking with the new copies.
    assert.match(c.compile("const n: number = 'x';", true).typeErrors.map((d) => d.messageText).join("\n"), /not assignable/);
    assert.deepEqual(c.compile("setTimeout(() => Math.max(1, 2), 1);", true).typeErrors, []);
    c.reset();
    assert.deepEqual(c.compile("[1, 2].map((x) => x * 2).length", true).typeErrors, []);
  });

  it("a hover before the background finished gets the documentation too (finishDocs)", () => {
    const c = compiler();
    c.warmUp();
    new BackgroundWarmUp(c).finishDocs();
    assert.match(c.inspect("[1].map", 6, 1), /Calls a defined callback function on each element of an array/);
  });
});
