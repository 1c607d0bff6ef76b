import * as assert from "assert";
import { NDArray, arange, array, eye, fromArray, full, linspace, ones, toArray, zeros } from "../../lib/array";
import { InputTypeError, OptionError, ShapeError } from "../../lib/errors";
import { Encoded, assertClose, loadFixture } from "./fixtures";

const fx = loadFixture<{ constructors: Record<string, Encoded> }>("array_ops.json").constructors;
const vals = (a: NDArray) => Array.from(a.data);

describe("array/creation: array() and constructors", () => {
  it("array() infers the shape of nested arrays and defaults to float64", () => {
    const a = array([[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual(a.shape, [2, 3]);
    assert.strictEqual(a.dtype, "float64");
    assert.deepStrictEqual(vals(a), [1, 2, 3, 4, 5, 6]);
    assert.strictEqual(array([1, 2, 3], "int32").dtype, "int32");
    assert.deepStrictEqual(array(5).shape, []);
    assert.deepStrictEqual(array([]).shape, [0]);
    assert.deepStrictEqual(array([[], []]).shape, [2, 0]);
    assert.deepStrictEqual(array([[[1], [2]]]).shape, [1, 2, 1]);
  });

  it("array() accepts typed arrays, NDArrays (copied), rows of typed arrays and booleans", () => {
    const t = array(new Float64Array([1, 2]));
    assert.strictEqual(t.dtype, "float64");
    assert.strictEqual(array(new Int32Array([1, 2])).dtype, "int32");
    assert.strictEqual(array(new Float32Array([1.5])).data[0], 1.5);
    const src = array([1, 2]);
    const c = array(src);
    c.set(9, 0);
    assert.strictEqual(src.get(0), 1);
    assert.strictEqual(array(src, "int32").dtype, "int32");
    assert.deepStrictEqual(array([new Float64Array([1, 2]), new Float64Array([3, 4])]).shape, [2, 2]);
    assert.deepStrictEqual(array([array([1, 2]), array([3, 4])]).shape, [2, 2]);
    const b = array([true, false]);
    assert.strictEqual(b.dtype, "bool");
    assert.strictEqual(array([true, 2]).dtype, "float64");
    assert.deepStrictEqual(vals(array([0, 2, NaN], "bool")), [0, 1, 1]);
    assert.deepStrictEqual(vals(array([1.9, -1.9], "int32")), [1, -1]);
  });

  it("ragged nested arrays throw InputTypeError naming the row and the lengths", () => {
    assert.throws(() => array([[1, 2, 3], [4, 5]]), (e: unknown) =>
      e instanceof InputTypeError && /row \[1\]/.test(e.message) && /length 3/.test(e.message) && /length 2/.test(e.message));
    assert.throws(() => array([[1, 2], 3]), (e: unknown) => e instanceof InputTypeError && /row \[1\]/.test(e.message));
    assert.throws(() => array([1, [2]]), (e: unknown) => e instanceof InputTypeError && /row \[1\]/.test(e.message));
    assert.throws(() => array([[[1, 2], [3, 4]], [[5, 6], [7]]]), (e: unknown) => e instanceof InputTypeError && /row \[1\]\[1\]/.test(e.message));
    assert.throws(() => array([array([1, 2]), array([1, 2, 3])]), InputTypeError);
  });

  it("non-numbers throw InputTypeError naming the element", () => {
    assert.throws(() => array([1, "a" as never]), (e: unknown) => e instanceof InputTypeError && /element \[1\]/.test(e.message) && /"a"/.test(e.message));
    assert.throws(() => array([[1, null as never]]), (e: unknown) => e instanceof InputTypeError && /\[0\]\[1\]/.test(e.message));
    assert.throws(() => array([undefined as never]), InputTypeError);
    assert.throws(() => array({} as never), InputTypeError);
    assert.throws(() => array([1], "float32" as never), OptionError);
  });

  it("fromArray / toArray round-trip nested arrays", () => {
    const nested = [[1, 2], [3, 4.5]];
    assert.deepStrictEqual(toArray(fromArray(nested)), nested);
    assert.deepStrictEqual(array([[1, 2]]).toArray(), [[1, 2]]);
    assert.deepStrictEqual(toArray(array([true, false])), [true, false]);
    assert.strictEqual(toArray(array(3)), 3);
    assert.deepStrictEqual(toArray(zeros([2, 0])), [[], []]);
    assert.deepStrictEqual(toArray(arange(8).reshape(2, 2, 2)), [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
  });

  it("zeros, ones, full", () => {
    assert.deepStrictEqual(vals(zeros(3)), [0, 0, 0]);
    assert.deepStrictEqual(zeros([2, 3]).shape, [2, 3]);
    assert.strictEqual(ones([2], "int32").dtype, "int32");
    assert.deepStrictEqual(vals(ones(2)), [1, 1]);
    assert.deepStrictEqual(vals(full([2, 2], 7)), [7, 7, 7, 7]);
    assert.deepStrictEqual(vals(full(2, 3, "bool")), [1, 1]);
    assert.ok(Number.isNaN(full(1, NaN).data[0]));
    assert.throws(() => zeros([-1]), OptionError);
    assert.throws(() => zeros([1.5]), OptionError);
    assert.throws(() => zeros(2, "x" as never), OptionError);
  });

  it("arange: NumPy semantics, int32 for integer arguments", () => {
    const a = arange(5);
    assert.strictEqual(a.dtype, "int32");
    assert.deepStrictEqual(vals(a), [0, 1, 2, 3, 4]);
    assert.deepStrictEqual(vals(arange(2, 5)), [2, 3, 4]);
    assert.deepStrictEqual(vals(arange(5, 0, -2)), [5, 3, 1]);
    assert.deepStrictEqual(vals(arange(3, 1)), []);
    assert.strictEqual(arange(0, 1, 0.1).dtype, "float64");
    assertClose(arange(0, 1, 0.1), fx["arange_0_1_0.1"], 0, "0..1 by 0.1");
    assertClose(arange(10, -3, -2.5), fx["arange_10_m3_m2.5"], 0, "negative step");
    assertClose(arange(1.5, 8), fx["arange_1.5_8"], 0, "float start");
    assert.strictEqual(arange(3, undefined, 1, "float64").dtype, "float64");
    assert.throws(() => arange(0, 5, 0), OptionError);
    assert.throws(() => arange(0, Infinity), OptionError);
  });

  it("linspace vs NumPy (endpoint, no endpoint, constant)", () => {
    assertClose(linspace(0, 1, 7), fx.linspace_0_1_7, 0, "0..1");
    assertClose(linspace(-3, 11, 13, false), fx.linspace_m3_11_13_noend, 0, "no endpoint");
    assertClose(linspace(2, 2, 4), fx.linspace_2_2_4, 0, "constant");
    assertClose(linspace(0.1, 0.9), fx["linspace_0.1_0.9_50"], 0, "default num");
    assert.deepStrictEqual(vals(linspace(3, 4, 1)), [3]);
    assert.deepStrictEqual(vals(linspace(3, 4, 0)), []);
    assert.throws(() => linspace(0, 1, -1), OptionError);
  });

  it("eye with m and k vs NumPy", () => {
    assert.deepStrictEqual(vals(eye(2)), [1, 0, 0, 1]);
    assertClose(eye(3, 5, 1), fx.eye_3_5_1, 0, "k=1");
    assertClose(eye(4, 3, -1), fx.eye_4_3_m1, 0, "k=-1");
    assert.strictEqual(eye(2, 2, 0, "int32").dtype, "int32");
  });

  it("the NDArray constructor validates data length and dtype", () => {
    assert.throws(() => new NDArray(new Float64Array(3), [2, 2]), ShapeError);
    assert.throws(() => new NDArray(new Float64Array(3), [3], "int32"), InputTypeError);
  });
});

describe("array/creation: toArray1d and toArray2d", () => {
  it("give plain number[] / number[][] and reject other dimensions with ShapeError", () => {
    const a = array([[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual(a.toArray2d(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual(a.ravel().toArray1d(), [1, 2, 3, 4, 5, 6]);
    assert.deepStrictEqual(array([true, false], "bool").toArray1d(), [1, 0]);
    assert.deepStrictEqual(zeros([0, 2]).toArray2d(), []);
    assert.throws(() => a.toArray1d(), (e: unknown) => e instanceof ShapeError && /1-D array.*\[2, 3\]/.test(e.message));
    assert.throws(() => arange(3).toArray2d(), ShapeError);
    assert.deepStrictEqual(toArray(a), a.toArray());
  });
});
