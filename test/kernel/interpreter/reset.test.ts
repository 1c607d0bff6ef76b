/**
 * Long sessions (issue 16): `%reset` forgets the cells' names and declarations, a redeclared name replaces its
 * old declaration instead of piling up, re-run cells reuse their compilation, and the type checker still reports
 * a type error after many cells.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { readReset } from "../../../kernel/interpreter/reset";
import type { ExecuteOutcome, Interpreter, OutputSink } from "../../../kernel/interpreter/types";

const sink: OutputSink = { stream: () => undefined, display: () => undefined, clearOutput: () => undefined };
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A cell declaring fresh names and a function, as in the benchmark. */
const declaring = (i: number) =>
  `const rv${i} = np.arange(${10 + (i % 5)}).reshape(-1, 1).mul(${i});\nfunction rf${i}(x: number) { return x + ${i}; }\nrf${i}(1)`;

describe("kernel/interpreter long sessions and %reset", function () {
  this.timeout(240000);

  describe("through the interpreter", () => {
    let interp: Interpreter;
    before(() => { interp = createInterpreter({ cwd: tmp("tl-reset-") }); });
    after(() => interp.close());
    const run = (code: string) => interp.execute(code, sink);
    const ok = async (code: string) => {
      const out = await run(code);
      assert.equal(out.status, "ok", JSON.stringify(out));
      return out.status === "ok" ? out.result?.data["text/plain"] : undefined;
    };
    const error = async (code: string) => {
      const out: ExecuteOutcome = await run(code);
      assert.equal(out.status, "error", `expected an error from ${JSON.stringify(code)}`);
      return out.status === "error" ? out.error : { ename: "", evalue: "", traceback: [] };
    };

    it("%reset -f forgets the names and their types: a later cell using one gets a type error", async () => {
      assert.equal(await ok("const resetA = 41;\nfunction resetF(x: number) { return x + 1; }\nresetF(resetA)"), "42");
      assert.equal(await ok("%reset -f"), undefined);
      const e = await error("resetA");
      assert.equal(e.ename, "TypeScriptError");
      assert.match(e.evalue, /Cannot find name 'resetA'/);
      assert.match((await error("resetF(1)")).evalue, /Cannot find name 'resetF'/);
    });

    it("with the checker off, a reset name is gone at run time too (ReferenceError)", async () => {
      await ok("const resetB = 'here';\nresetB");
      await ok("%reset");
      const e = await error("%typecheck off\nresetB");
      assert.equal(e.ename, "ReferenceError");
      assert.match(e.evalue, /resetB is not defined/);
      await ok("%typecheck block");
    });

    it("a reset name can be declared again with another type", async () => {
      await ok("let resetC: string = 'a';");
      await ok("%reset -f");
      assert.equal(await ok("const resetC: number = 3;\nresetC * 2"), "6");
    });

    it("the prelude survives a reset, including a library name a cell had redeclared", async () => {
      await ok("const np = 5;");
      assert.equal(await ok("np + 1"), "6");
      await ok("%reset -f");
      assert.equal(await ok("np.zeros([2, 3]).shape.join('x')"), "'2x3'");
      assert.match((await error("const bad: string = np.zeros([2]).shape;")).evalue, /not assignable/);
    });

    it("after %reset drops the programs and the packages' typings, type errors (checked with them) read the same", async () => {
      // A type error is confirmed with every package's typings; %reset releases those, so this one parses them again.
      const cell = "const resetT: string = np.zeros([2]).shape;\nconst resetU: number = 'x';";
      const before = await error(cell);
      await ok("%reset -f");
      const after = await error(cell);
      assert.equal(after.ename, "TypeScriptError");
      assert.deepEqual(after.traceback, before.traceback);
      assert.match(after.evalue, /not assignable to type 'string'/);
      assert.equal(await ok("const resetV = np.zeros([2, 3]);\nresetV.shape.join('x')"), "'2x3'");
      await ok("%reset -f");
      assert.match((await error("resetV")).evalue, /Cannot find name 'resetV'/);
    });

    it("a malformed %reset is a UsageError and resets nothing", async () => {
      await ok("const resetD = 7;");
      const e = await error("%reset -q");
      assert.equal(e.ename, "UsageError");
      assert.match(e.evalue, /-q/);
      assert.equal(await ok("resetD"), "7");
    });

    it("a type error is still reported after 150 varied declaring cells (nothing skips the checker)", async () => {
      for (let i = 0; i < 150; i++) assert.equal(await ok(declaring(i)), String(1 + i));
      const e = await error("const wrong: string = rf149(1);");
      assert.match(e.evalue, /Type 'number' is not assignable to type 'string'/);
      const e2 = await error("rv3.mul('x')");
      assert.equal(e2.ename, "TypeScriptError");
      // and an earlier cell's function still has its type
      assert.equal(await ok("rf10(rv12.shape[0])"), String(10 + 10 + 2));
    });

    it("re-running the same cell with a type error reports it every time (the cache keeps diagnostics)", async () => {
      for (let i = 0; i < 3; i++) assert.match((await error("const again: number = 'x';")).evalue, /not assignable/);
    });
  });

  describe("the declaration set the checker sees", () => {
    it("redeclaring names keeps the declarations and the program's files constant", () => {
      const c = new CellCompiler(tmp("tl-decls-"));
      const counts: { decls: number; files: number }[] = [];
      for (let i = 0; i < 60; i++) {
        const k = i % 6;
        const r = c.compile(`const w${k} = ${i};\nfunction g${k}(x: number) { return x * ${i}; }\ninterface T${k} { a: number }`, true);
        assert.deepEqual(r.typeErrors, []);
        c.commit(r.declarations!);
        counts.push({ decls: c.history.cellDeclarations, files: c.host.program().getSourceFiles().length });
      }
      assert.equal(counts[5].decls, 18, "six cells of three declarations");
      for (const n of counts.slice(6)) assert.deepEqual(n, counts[5]);
    });

    it("many names spread over small history files, and a cell re-parses only the file(s) it changes", () => {
      const c = new CellCompiler(tmp("tl-chunks-"));
      const n = 150;
      let before = c.history.chunkTexts();
      for (let i = 0; i < n; i++) {
        const r = c.compile(`const many${i}: number = ${i};`, true);
        c.commit(r.declarations!);
        const after = c.history.chunkTexts();
        const changed = after.filter((t, k) => t !== before[k]).length;
        assert.equal(changed, 1, `cell ${i} changed ${changed} history files`);
        before = after;
      }
      assert.equal(before.length, Math.ceil(n / 64));
      // Redeclaring a name of the first file changes that file alone, with the new type.
      const r = c.compile("const many3: string = 'three';", true);
      c.commit(r.declarations!);
      const after = c.history.chunkTexts();
      assert.deepEqual(after.map((t, k) => t !== before[k]), [true, false, false]);
      assert.match(after[0], /const many3: string;/);
      assert.doesNotMatch(after.join("\n"), /const many3: number;/);
      assert.match(c.compile("const bad: number = many3;", true).typeErrors[0]?.messageText ?? "", /not assignable/);
      assert.deepEqual(c.compile("const good: number = many140 + many0;", true).typeErrors, []);
    });

    it("the same 20 cells run again compile from the cache (the same compilation object)", () => {
      const c = new CellCompiler(tmp("tl-same-"));
      const cells = Array.from({ length: 20 }, (_, k) => `const s${k} = ${k};\nfunction h${k}(x: number) { return x + s${k}; }`);
      const seen = new Map<number, unknown>();
      for (let round = 0; round < 4; round++) {
        cells.forEach((code, k) => {
          const r = c.compile(code, true);
          c.commit(r.declarations!);
          if (round >= 2) {
            if (round === 2) seen.set(k, r);
            else assert.equal(r, seen.get(k), `cell ${k} compiled again in round ${round}`);
          }
        });
      }
      assert.equal(c.history.cellDeclarations, 40);
    });

    it("reset() leaves only the prelude in the declarations", () => {
      const c = new CellCompiler(tmp("tl-creset-"));
      c.addModuleGlobals("typelearn", ["np"]);
      const before = c.history.text();
      const r = c.compile("const x1 = np.zeros([2]);\ntype Q = number;", true);
      assert.deepEqual(r.typeErrors, []);
      c.commit(r.declarations!);
      assert.equal(c.history.cellDeclarations, 2);
      c.reset();
      assert.equal(c.history.cellDeclarations, 0);
      assert.equal(c.history.text(), before);
      assert.match(c.compile("x1", true).typeErrors[0]?.messageText ?? "", /Cannot find name 'x1'/);
    });
  });

  it("readReset reads only a cell that is the magic alone", () => {
    assert.deepEqual(readReset("%reset"), { reset: true });
    assert.deepEqual(readReset("  %reset -f\n"), { reset: true });
    assert.deepEqual(readReset("%reset -f\nconst a = 1"), { reset: false });
    assert.deepEqual(readReset("const reset = 1"), { reset: false });
    assert.equal(readReset("%reset in").reset, true);
    assert.match((readReset("%reset in") as { error?: string }).error ?? "", /usage: %reset -f/);
  });
});
