/**
 * A cell's declaration output is made after the cell (compiler.ts settle): from the program it was checked in,
 * before anything changes the compiler's texts, so later cells, completions and hovers see the cell's names as
 * before, and every type error is still reported in each type-error mode.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CellCompiler } from "../../../kernel/interpreter/compiler";
import { createInterpreter, preludeNames } from "../../../kernel/interpreter";
import type { OutputSink } from "../../../kernel/interpreter/types";

const sink: OutputSink = { stream: () => undefined, display: () => undefined, clearOutput: () => undefined };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "tl-settle-"));

/** A declaring cell like the latency bench's: fresh names, an NDArray chain, a function, a print. */
const declaring = (i: number) => `const v${i} = np.arange(${10 + i}).reshape(-1, 1).mul(${i});\n` +
  `function f${i}(x: number) { return x + ${i}; }\nconsole.log(f${i}(1), v${i}.shape[0])`;

describe("kernel/interpreter declarations made after the cell", function () {
  this.timeout(120000);

  it("a compilation's declarations are made from its own program, also when read after later compilations", () => {
    const c = new CellCompiler(tmp());
    c.addModuleGlobals("typelearn", preludeNames());
    const first = c.compile("const early = np.arange(3);\nfunction twice(x: number) { return 2 * x; }", true);
    const second = c.compile("const other = 'x';", true);
    c.compile("let third: boolean = true;", true);
    assert.match(first.declarations ?? "", /early: NDArray/);
    assert.match(first.declarations ?? "", /twice\(x: number\): number/);
    assert.match(second.declarations ?? "", /other = "x"/);
  });

  it("commitLater: the next compilation sees the names, and a wrong use of them is an error", () => {
    const c = new CellCompiler(tmp());
    c.addModuleGlobals("typelearn", preludeNames());
    c.commitLater(c.compile(declaring(1), true));
    assert.doesNotMatch(c.history.text(), /f1/, "not folded in until the compiler settles");
    c.settle();
    assert.match(c.history.text(), /function f1\(x: number\): number/);
    assert.deepEqual(c.compile("const n: number = f1(v1.shape[0]);", true).typeErrors, []);
    assert.match(c.compile("const s: string = f1(1);", true).typeErrors.map((d) => d.messageText).join("\n"), /not assignable to type 'string'/);
  });

  it("through the interpreter: completion and hover right after a cell see its names; type errors in every mode", async () => {
    const interp = createInterpreter({ cwd: tmp(), warmUp: false });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await interp.execute(declaring(i), sink)).status, "ok");
      // no turn of the event loop between the cell and these requests
      const ran = await interp.execute("const freshlyDeclared = f4(1);", sink);
      assert.equal(ran.status, "ok");
      assert.ok(interp.complete("freshlyDecl", 11).matches.includes("freshlyDeclared"));
      assert.match(interp.inspect("freshlyDeclared", 3, 0).data["text/plain"] ?? "", /const freshlyDeclared: number/);
      const blocked = await interp.execute(`${declaring(5)}\nconst wrong5: string = f5(1);`, sink);
      assert.equal(blocked.status, "error");
      assert.match(blocked.status === "error" ? blocked.error.evalue : "", /not assignable to type 'string'/);
      const streams: string[] = [];
      const warnSink: OutputSink = { ...sink, stream: (_name, text) => streams.push(text) };
      const warned = await interp.execute(`%typecheck warn\n${declaring(6)}\nconst wrong6: string = f6(1);`, warnSink);
      assert.equal(warned.status, "ok");
      assert.match(streams.join(""), /TypeScriptError .*not assignable to type 'string'/);
      const off = await interp.execute(`%typecheck off\n${declaring(7)}\nconst wrong7: string = f7(1);`, sink);
      assert.equal(off.status, "ok");
      await interp.execute("%typecheck block", sink);
      // names of the cells run in warn and off modes were carried too
      assert.equal((await interp.execute("const n: number = f6(1) + f7(2) + v7.shape[0];", sink)).status, "ok");
      assert.equal((await interp.execute("const s: string = v7;", sink)).status, "error");
    } finally {
      interp.close();
    }
  });

  it("a cell that throws leaves no names; the next cell's own names still work", async () => {
    const interp = createInterpreter({ cwd: tmp(), warmUp: false });
    try {
      assert.equal((await interp.execute("const thrown = 1;\nthrow new Error('boom');", sink)).status, "error");
      const after = await interp.execute("thrown", sink);
      assert.equal(after.status, "error", "the throwing cell's name is not declared for later cells");
      assert.equal((await interp.execute("const kept = 2;", sink)).status, "ok");
      await new Promise((r) => setImmediate(r));
      const k = await interp.execute("kept + 1", sink);
      assert.equal(k.status === "ok" ? k.result?.data["text/plain"] : k, "3");
    } finally {
      interp.close();
    }
  });
});
