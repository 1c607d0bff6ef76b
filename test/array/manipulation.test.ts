import * as assert from "assert";
import * as np from "../../lib/array";
import { NDArray, arange, array, concatenate, hstack, reshape, take, transpose, vstack } from "../../lib/array";
import { InputTypeError, OptionError, ShapeError } from "../../lib/errors";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

const fx = loadFixture<{ broadcasting: Record<string, Encoded> }>("array_ops.json").broadcasting;
const vals = (a: NDArray) => Array.from(a.data);

describe("array/manipulation: shape changes and indexing", () => {
  const x234 = decode(fx.x234);

  it("reshape with one -1, as varargs or a list; shares memory", () => {
    const a = arange(6);
    assert.deepStrictEqual(a.reshape(2, 3).shape, [2, 3]);
    assert.deepStrictEqual(a.reshape([3, -1]).shape, [3, 2]);
    assert.deepStrictEqual(reshape(a, -1, 1).shape, [6, 1]);
    assert.deepStrictEqual(a.reshape(-1).shape, [6]);
    const r = a.reshape(2, 3);
    r.set(42, 0, 0);
    assert.strictEqual(a.get(0), 42);
  });

  it("reshape errors: size mismatch (ShapeError), two -1 or bad lengths (OptionError)", () => {
    const a = arange(6);
    assert.throws(() => a.reshape(4, 2), (e: unknown) => e instanceof ShapeError && e.message.includes("size 6") && e.message.includes("(4, 2)"));
    assert.throws(() => a.reshape(4, -1), ShapeError);
    assert.throws(() => a.reshape(-1, -1), OptionError);
    assert.throws(() => a.reshape(2.5, 2), OptionError);
    assert.throws(() => a.reshape(0, -1), ShapeError);
  });

  it("flatten copies, ravel shares", () => {
    const a = arange(4).reshape(2, 2);
    const f = a.flatten();
    const r = a.ravel();
    f.set(9, 0);
    assert.strictEqual(a.get(0, 0), 0);
    r.set(7, 0);
    assert.strictEqual(a.get(0, 0), 7);
    assert.deepStrictEqual(f.shape, [4]);
  });

  it("transpose: 2-D, T getter, n-D permutations vs NumPy", () => {
    const a = arange(6).reshape(2, 3);
    assert.deepStrictEqual(vals(a.T), [0, 3, 1, 4, 2, 5]);
    assert.deepStrictEqual(a.transpose().shape, [3, 2]);
    assertClose(transpose(x234, [2, 0, 1]), fx.transpose_201, 0, "201");
    assertClose(x234.transpose(2, 0, 1), fx.transpose_201, 0, "varargs");
    assertClose(x234.T, fx.transpose_T, 0, "T");
    assert.deepStrictEqual(vals(transpose(x234, [-3, -2, -1])), vals(x234));
    const big = arange(70 * 45).reshape(70, 45);
    const t = big.T;
    assert.strictEqual(t.get(44, 69), big.get(69, 44));
    assert.strictEqual(t.get(33, 40), big.get(40, 33));
    assert.throws(() => transpose(x234, [0, 1]), OptionError);
    assert.throws(() => transpose(x234, [0, 0, 1]), OptionError);
    assert.throws(() => transpose(x234, [0, 1, 3]), OptionError);
  });

  it("concatenate along any axis vs NumPy, with dtype promotion", () => {
    const part = take(x234, [0], 1);
    assertClose(concatenate([x234, part], 1), fx.concat_axis1, 0, "axis1");
    assertClose(concatenate([x234, take(x234, [0, 1], 2)], -1), fx.concat_axis2, 0, "axis2");
    const c = concatenate([arange(2), array([0.5])]);
    assert.strictEqual(c.dtype, "float64");
    assert.deepStrictEqual(vals(c), [0, 1, 0.5]);
    assert.strictEqual(concatenate([arange(2), arange(3)]).dtype, "int32");
  });

  it("concatenate errors name the mismatching shapes", () => {
    assert.throws(() => concatenate([np.zeros([2, 3]), np.zeros([2, 4])], 0), (e: unknown) =>
      e instanceof ShapeError && e.message.includes("(2, 4)") && e.message.includes("(2, 3)"));
    assert.throws(() => concatenate([np.zeros([2, 3]), np.zeros(3)]), ShapeError);
    assert.throws(() => concatenate([]), InputTypeError);
    assert.throws(() => concatenate([np.zeros(2)], 1), OptionError);
  });

  it("vstack and hstack", () => {
    const v = vstack([array([1, 2]), array([3, 4])]);
    assert.deepStrictEqual(v.shape, [2, 2]);
    assert.deepStrictEqual(vals(v), [1, 2, 3, 4]);
    assert.deepStrictEqual(vstack([array([[1, 2]]), array([3, 4])]).shape, [2, 2]);
    assert.deepStrictEqual(vals(hstack([array([1]), array([2, 3])])), [1, 2, 3]);
    const h = hstack([array([[1], [2]]), array([[3, 4], [5, 6]])]);
    assert.deepStrictEqual(h.shape, [2, 3]);
    assert.deepStrictEqual(vals(h), [1, 3, 4, 2, 5, 6]);
    assert.throws(() => vstack([array([1, 2]), array([1, 2, 3])]), ShapeError);
  });

  it("take along axes vs NumPy, negative indices, range errors", () => {
    assertClose(take(x234, [2, 0, -1], 1), fx.take_axis1, 0, "axis1");
    assertClose(x234.take(array([2, 0, -1], "int32"), 1), fx.take_axis1, 0, "method");
    const a = array([[1, 2], [3, 4]]);
    assert.deepStrictEqual(vals(take(a, [1, 1])), [3, 4, 3, 4]);
    assert.deepStrictEqual(take(a, array([[0, 1]], "int32")).shape, [1, 2, 2]);
    assert.throws(() => take(a, [2]), ShapeError);
    assert.throws(() => take(a, [0.5]), ShapeError);
    assert.throws(() => take(a, [0], 2), OptionError);
  });

  it("row, col, sliceRows, item", () => {
    const a = arange(12).reshape(4, 3);
    assert.deepStrictEqual(vals(a.row(1)), [3, 4, 5]);
    assert.deepStrictEqual(vals(a.row(-1)), [9, 10, 11]);
    assert.deepStrictEqual(vals(a.col(2)), [2, 5, 8, 11]);
    assert.deepStrictEqual(vals(a.col(-3)), [0, 3, 6, 9]);
    assert.deepStrictEqual(vals(a.sliceRows(1, 3)), [3, 4, 5, 6, 7, 8]);
    assert.deepStrictEqual(a.sliceRows(-1).shape, [1, 3]);
    assert.deepStrictEqual(a.sliceRows(3, 1).shape, [0, 3]);
    assert.deepStrictEqual(a.sliceRows(-100, 100).shape, [4, 3]);
    assert.strictEqual(a.item(5), 5);
    assert.strictEqual(a.item(-1), 11);
    assert.strictEqual(a.item(2, 1), 7);
    assert.strictEqual(array([3.5]).item(), 3.5);
    assert.throws(() => a.item(), ShapeError);
    assert.throws(() => a.item(12), ShapeError);
    assert.throws(() => a.row(4), ShapeError);
    assert.throws(() => a.col(3), ShapeError);
    assert.throws(() => arange(3).row(0), ShapeError);
    assert.throws(() => a.sliceRows(0.5), OptionError);
  });

  it("astype and copy", () => {
    const a = array([1.7, -1.7, 0]);
    const i = a.astype("int32");
    assert.strictEqual(i.dtype, "int32");
    assert.deepStrictEqual(vals(i), [1, -1, 0]);
    assert.deepStrictEqual(vals(a.astype("bool")), [1, 1, 0]);
    const c = a.copy();
    c.set(5, 0);
    assert.strictEqual(a.get(0), 1.7);
    assert.throws(() => a.astype("int64" as never), OptionError);
  });
});
