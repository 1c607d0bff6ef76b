/** NDArray iteration and Python-style slicing along axis 0, against NumPy (test/fixtures/array_iter_slice.py). */
import * as assert from "assert";
import { NDArray, array, slice } from "../../lib/array";
import { OptionError, ShapeError } from "../../lib/errors";
import { progress } from "../../lib/plot/progress";
import { loadFixture } from "./fixtures";

interface SliceCase { array: "v" | "m"; start: number | null; end: number | null; step: number | null; shape: number[]; data: number[] }
const fx = loadFixture<{
  v: number[]; m: number[][]; t: number[][][]; iter_v: number[]; iter_m: number[][]; iter_t: number[][][]; slices: SliceCase[];
}>("array_iter_slice.json");

describe("array: iteration and slice(start, end, step)", () => {
  const v = array(fx.v), m = array(fx.m), t = array(fx.t);

  it("a 1-D array iterates over its numbers, as NumPy's", () => {
    const got: number[] = [];
    for (const k of v) got.push(k);
    assert.deepStrictEqual(got, fx.iter_v);
    assert.deepStrictEqual([...v], fx.iter_v);
    assert.deepStrictEqual(Array.from(array([1, 0, 1], "bool")), [1, 0, 1]);
  });

  it("an n-D array iterates over its rows as (n−1)-D views", () => {
    const rows = [...m] as NDArray[];
    assert.deepStrictEqual(rows.map((r) => r.toArray()), fx.iter_m);
    assert.deepStrictEqual(([...t] as NDArray[]).map((r) => r.toArray()), fx.iter_t);
    rows[1].set(-5, 0);
    assert.strictEqual(m.get(1, 0), -5, "rows share memory, as NumPy's iteration views do");
    m.set(fx.m[1][0], 1, 0);
  });

  it("a 0-d array refuses iteration with a ShapeError naming .item()", () => {
    assert.throws(() => [...array(3).reshape([])], (e: unknown) => e instanceof ShapeError && /item\(\)/.test(e.message));
  });

  it("progress() over a 2-D array counts its rows, not its elements", () => {
    const p = progress(m);
    assert.strictEqual(p.total, 4);
  });

  it(`slice matches NumPy's a[start:end:step] on ${fx.slices.length} cases (1-D and 2-D)`, () => {
    for (const c of fx.slices) {
      const a = c.array === "v" ? v : m;
      const got = a.slice(c.start ?? undefined, c.end ?? undefined, c.step ?? undefined);
      const what = `${c.array}[${c.start}:${c.end}:${c.step}]`;
      assert.deepStrictEqual([...got.shape], c.shape, what);
      assert.deepStrictEqual(Array.from(got.data), c.data, what);
    }
  });

  it("slice with step 1 is a view; other steps copy", () => {
    const a = array([1, 2, 3, 4]);
    a.slice(1, 3).set(20, 0);
    assert.strictEqual(a.get(1), 20);
    a.slice(0, 4, 2).set(99, 0);
    assert.strictEqual(a.get(0), 1);
  });

  it("slice refuses a zero or fractional step, fractional bounds and 0-d arrays", () => {
    assert.throws(() => slice(v, 0, 5, 0), OptionError);
    assert.throws(() => v.slice(0.5, 2), OptionError);
    assert.throws(() => v.slice(0, 2, 1.5), OptionError);
    assert.throws(() => array(1).reshape([]).slice(0, 1), ShapeError);
  });
});
