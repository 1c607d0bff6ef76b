import * as assert from "assert";
import { argsort, array, bincount, sort, unique } from "../../lib/array";
import { InputTypeError, OptionError, ShapeError } from "../../lib/errors";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

interface OpsFixture {
  arrays: Record<string, Encoded>;
  sorting: Record<string, Encoded>;
  counting: Record<string, Encoded>;
}
const fx = loadFixture<OpsFixture>("array_ops.json");

describe("array/sorting: argsort, sort, unique, bincount", () => {
  it("argsort is stable, puts NaN last and returns int32 (vs NumPy kind='stable')", () => {
    const r = argsort(decode(fx.sorting.ties));
    assert.strictEqual(r.dtype, "int32");
    assertClose(r, fx.sorting.ties_argsort, 0, "ties");
    assertClose(argsort(decode(fx.sorting.big)), fx.sorting.big_argsort, 0, "big");
    assertClose(argsort(decode(fx.arrays.ints3x6).ravel()), fx.sorting.ints_argsort_flat, 0, "ints");
  });

  it("argsort along either axis of a 2-D array", () => {
    const m = decode(fx.arrays.m4x5);
    assertClose(argsort(m), fx.sorting.m4x5_argsort_last, 0, "last");
    assertClose(m.argsort(0), fx.sorting.m4x5_argsort_0, 0, "axis 0");
    assert.throws(() => argsort(m, 2), OptionError);
  });

  it("sort returns sorted values of the same dtype", () => {
    const s = sort(array([3, 1, 2], "int32"));
    assert.strictEqual(s.dtype, "int32");
    assert.deepStrictEqual(Array.from(s.data), [1, 2, 3]);
    assert.deepStrictEqual(Array.from(sort(array([[3, 1], [0, 2]]), 0).data), [0, 1, 3, 2]);
  });

  it("unique returns sorted distinct values and counts like NumPy (NaNs collapse)", () => {
    const u = unique(decode(fx.sorting.ties));
    assertClose(u, fx.sorting.ties_unique, 0, "values");
    const { values, counts } = unique(decode(fx.sorting.ties), { returnCounts: true });
    assertClose(values, fx.sorting.ties_unique, 0, "values");
    assertClose(counts, fx.sorting.ties_unique_counts, 0, "counts");
    assert.strictEqual(counts.dtype, "int32");
    const big = unique(decode(fx.sorting.big), { returnCounts: true });
    assertClose(big.values, fx.sorting.big_unique, 0, "big values");
    assertClose(big.counts, fx.sorting.big_counts, 0, "big counts");
    assert.strictEqual(unique(array([2, 2, 1], "int32")).dtype, "int32");
  });

  it("bincount matches NumPy, with minlength and weights", () => {
    const x = decode(fx.counting.x, "int32");
    const b = bincount(x);
    assert.strictEqual(b.dtype, "int32");
    assertClose(b, fx.counting.bincount, 0, "plain");
    assertClose(bincount(x, 12), fx.counting.bincount_min12, 0, "minlength");
    const w = bincount(x, 0, decode(fx.counting.w));
    assert.strictEqual(w.dtype, "float64");
    assertClose(w, fx.counting.bincount_w, 1e-12, "weights");
    assert.deepStrictEqual(Array.from(bincount(array([0, 2])).data), [1, 0, 1]);
  });

  it("bincount rejects non-integers, negatives, 2-D input and bad weights", () => {
    assert.throws(() => bincount(array([0, 1.5])), InputTypeError);
    assert.throws(() => bincount(array([0, -1])), /non-negative integer/);
    assert.throws(() => bincount(array([NaN])), InputTypeError);
    assert.throws(() => bincount(array([[0, 1]])), ShapeError);
    assert.throws(() => bincount(array([0, 1]), -1), OptionError);
    assert.throws(() => bincount(array([0, 1]), 0, array([1])), ShapeError);
  });
});
