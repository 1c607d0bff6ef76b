import * as assert from "assert";
import { NDArray, argmax, argmin, array, max, mean, min, std, sum, variance, arange, zeros } from "../../lib/array";
import * as np from "../../lib/array";
import { OptionError, ShapeError } from "../../lib/errors";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

interface Reduction { array: string; axis: number | null; [fn: string]: Encoded | string | number | null }
interface OpsFixture { arrays: Record<string, Encoded>; reductions: Reduction[] }
const fx = loadFixture<OpsFixture>("array_ops.json");

type Red = (a: NDArray, axis?: number | null) => number | NDArray;
const fns: Record<string, Red> = {
  sum: (a, ax) => sum(a, ax), mean: (a, ax) => mean(a, ax), min: (a, ax) => min(a, ax), max: (a, ax) => max(a, ax),
  argmin: (a, ax) => argmin(a, ax), argmax: (a, ax) => argmax(a, ax),
  var0: (a, ax) => variance(a, ax), var1: (a, ax) => variance(a, ax, 1),
  std0: (a, ax) => std(a, ax), std1: (a, ax) => std(a, ax, 1),
};

describe("array/reduce: reductions vs NumPy", () => {
  for (const r of fx.reductions) {
    it(`${r.array} axis=${r.axis}`, () => {
      const a = decode(fx.arrays[r.array]);
      for (const [name, f] of Object.entries(fns)) {
        const got = f(a, r.axis);
        if (r.axis === null) assert.strictEqual(typeof got, "number", name);
        else assert.ok(got instanceof NDArray, name);
        if (name.startsWith("arg") && got instanceof NDArray) assert.strictEqual(got.dtype, "int32");
        assertClose(got, r[name] as Encoded, 1e-12, `${name}(${r.array}, axis=${r.axis})`);
      }
    });
  }

  it("contiguous sums match NumPy's pairwise summation to the bit", () => {
    const r = fx.reductions.find((x) => x.array === "v300" && x.axis === null)!;
    assert.strictEqual(sum(decode(fx.arrays.v300)), (r.sum as Encoded).data[0]);
    assert.strictEqual(mean(decode(fx.arrays.v300)), (r.mean as Encoded).data[0]);
  });

  it("methods mirror the free functions, including var", () => {
    const a = array([[1, 2], [3, 5]]);
    assert.strictEqual(a.sum(), 11);
    assert.deepStrictEqual(Array.from(a.sum(0).data), [4, 7]);
    assert.deepStrictEqual(Array.from(a.mean(-1).data), [1.5, 4]);
    assert.strictEqual(a.var(), np.var(a));
    assert.strictEqual(a.var(null, 1), variance(a, null, 1));
    assert.deepStrictEqual(Array.from(a.std(0).data), [1, 1.5]);
    assert.strictEqual(a.min(), 1);
    assert.strictEqual(a.max(), 5);
    assert.deepStrictEqual(Array.from(a.max(1).data), [2, 5]);
    assert.strictEqual(a.argmax(), 3);
    assert.deepStrictEqual(Array.from(a.argmin(0).data), [0, 0]);
  });

  it("int32 sums along an axis stay int32; min/max keep the dtype; mean is float64", () => {
    const a = arange(6).reshape(2, 3);
    assert.strictEqual(a.sum(0).dtype, "int32");
    assert.strictEqual(a.max(1).dtype, "int32");
    assert.strictEqual(a.mean(0).dtype, "float64");
    assert.strictEqual(array([true, true, false]).sum(), 2);
    assert.strictEqual(array([[true], [true]]).sum(0).dtype, "int32");
  });

  it("empty reductions: sum is 0, mean is NaN, min/max/argmin throw ShapeError", () => {
    const e = zeros(0);
    assert.strictEqual(sum(e), 0);
    assert.ok(Number.isNaN(mean(e)));
    assert.throws(() => min(e), ShapeError);
    assert.throws(() => max(e), /non-empty/);
    assert.throws(() => argmin(e), ShapeError);
    assert.throws(() => argmax(zeros([3, 0]), 1), ShapeError);
    assert.deepStrictEqual(Array.from(sum(zeros([3, 0]), 1).data), [0, 0, 0]);
  });

  it("axis out of range throws OptionError naming the range", () => {
    const a = zeros([2, 3]);
    assert.throws(() => sum(a, 2), OptionError);
    assert.throws(() => mean(a, -3), /\[-2, 2\)/);
    assert.throws(() => a.argmax(5), OptionError);
    assert.throws(() => std(a, 1.5), OptionError);
  });

  it("NaN propagates through min/max and argmin/argmax point at the first NaN", () => {
    const a = array([3, NaN, 1, NaN]);
    assert.ok(Number.isNaN(min(a)));
    assert.ok(Number.isNaN(max(a)));
    assert.strictEqual(argmin(a), 1);
    assert.strictEqual(argmax(a), 1);
  });

  it("ddof larger than the count follows NumPy (inf / nan, no throw)", () => {
    assert.strictEqual(variance(array([1, 2]), null, 2), Infinity);
    assert.ok(Number.isNaN(variance(array([1, 1]), null, 2)));
  });
});
