import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterpreter } from "../../../kernel/interpreter";
import { decodeMappings } from "../../../kernel/interpreter/sourcemap";
import type { Interpreter, OutputSink } from "../../../kernel/interpreter/types";

const sink: OutputSink = { stream: () => undefined, display: () => undefined, clearOutput: () => undefined };

describe("kernel/interpreter tracebacks in the cell's own lines", function () {
  this.timeout(60000);
  let interp: Interpreter;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tl-tb-"));
    interp = createInterpreter({ cwd: tmp });
  });
  after(() => interp.close());

  /** Run a cell that must throw; its traceback lines after the first. */
  async function frames(code: string): Promise<string[]> {
    const out = await interp.execute(code, sink);
    assert.equal(out.status, "error", "the cell should throw");
    return out.status === "error" ? out.error.traceback.slice(1) : [];
  }
  /** The frames naming a cell, as "name@line:column" ("@line:column" for the cell's top level). */
  const cellFrames = (tb: string[]): string[] => tb.flatMap((l) => {
    const m = /^\s+at (?:(\S+) \()?cell\[\d+\]:(\d+):(\d+)\)?$/.exec(l);
    return m ? [`${m[1] ?? ""}@${m[2]}:${m[3]}`] : [];
  });

  it("a throw inside a function and the call at top level, with the source line under each frame", async () => {
    const tb = await frames([
      "function f(x: number): number {",
      "  return x * 2;",
      "}",
      "",
      "function g(n: number): number {",
      "  const arr: number[] = [];",
      "  if (n > 1) throw new Error(`bad n ${n}`);",
      "  return arr.length;",
      "}",
      "const y = f(3);",
      "g(y);",
    ].join("\n"));
    assert.deepEqual(cellFrames(tb), ["g@7:20", "@11:1"]);
    assert.equal(tb[1].trim(), "if (n > 1) throw new Error(`bad n ${n}`);");
    assert.equal(tb[3].trim(), "g(y);");
    // No frame of the wrapper that calls the cell body (it has no line in the cell).
    assert.equal(tb.length, 4);
  });

  it("lines stay right after types the compiler erased (interfaces, aliases, multi-line annotations)", async () => {
    const tb = await frames([
      "interface Point {",
      "  x: number;",
      "  y: number;",
      "}",
      "type Pair = [number, number];",
      "const p: Point = {",
      "  x: 1,",
      "  y: 2,",
      "};",
      "function norm(q: Point,",
      "  scale: number): number {",
      "  const pair: Pair = [q.x, q.y];",
      "  return pair[0] * scale + missing.length;",
      "}",
      "declare const missing: string[];",
      "const n = norm(p, 2);",
    ].join("\n"));
    assert.deepEqual(cellFrames(tb), ["norm@13:28", "@16:11"]);
    assert.equal(tb[1].trim(), "return pair[0] * scale + missing.length;");
  });

  it("methods, arrow functions, destructuring and an async cell", async () => {
    const tb = await frames([
      "class Model {",
      "  private w: number[] = [];",
      "  predict(rows: number[][]): number[] {",
      "    return rows.map((r) => {",
      "      if (r.length !== this.w.length) throw new RangeError(`expected ${this.w.length} features, got ${r.length}`);",
      "      return 0;",
      "    });",
      "  }",
      "}",
      "const { a, b } = { a: 1, b: 2 };",
      "await new Promise((resolve) => setTimeout(resolve, 1));",
      "new Model().predict([[a, b]]);",
    ].join("\n"));
    const cf = cellFrames(tb);
    assert.equal(cf[0], "@5:45", tb.join("\n")); // the arrow function inside predict
    assert.ok(cf.includes("Model.predict@4:17") || cf.includes("predict@4:17"), cf.join(" "));
    assert.equal(cf[cf.length - 1], "@12:13");
  });

  it("a function defined in an earlier cell throws with that cell's lines", async () => {
    const define = await interp.execute("const limit = 3;\n\nfunction check(v: number): void {\n  if (v > limit) throw new Error('too big');\n}", sink);
    assert.equal(define.status, "ok");
    const tb = await frames("check(1);\ncheck(5);");
    const cf = cellFrames(tb);
    assert.deepEqual(cf, ["check@4:24", "@2:1"]);
    assert.match(tb[0], /at check \(cell\[\d+\]:4:24\)/);
    assert.equal(tb[1].trim(), "if (v > limit) throw new Error('too big');");
  });

  it("decodes source-map VLQ mappings (multi-digit and negative fields)", () => {
    // AAAA: col 0 → 0:0; "gBAAI" = [16, 0, 0, 4]; "E;" then next line "AACA" = [0, 0, 1, 0]; "AAAD" = [0, 0, 0, -1]
    assert.deepEqual(decodeMappings("AAAA,gBAAI;AACA,CAAD"), [[[0, 0, 0], [16, 0, 4]], [[0, 1, 4], [1, 1, 3]]]);
    assert.throws(() => decodeMappings("A!AA"), /bad source map character/);
  });
});
