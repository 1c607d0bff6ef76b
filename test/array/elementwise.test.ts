import * as assert from "assert";
import * as np from "../../lib/array";
import { NDArray, add, arange, array, broadcastShapes, divide, multiply, power, subtract, where } from "../../lib/array";
import { InputTypeError, ShapeError } from "../../lib/errors";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

const fx = loadFixture<{ broadcasting: Record<string, Encoded> }>("array_ops.json").broadcasting;
const vals = (a: NDArray) => Array.from(a.data);

describe("array/elementwise: broadcasting arithmetic and comparisons", () => {
  const x34 = decode(fx.x34), x14 = decode(fx.x14), x31 = decode(fx.x31), x4 = decode(fx.x4), x234 = decode(fx.x234);

  it("broadcasts like NumPy for (3,4)+(4,), (3,1)-(1,4), (2,3,4)*(3,1), (4,)/(2,3,4)", () => {
    assertClose(add(x34, x4), fx.x34_add_x4, 0, "add");
    assertClose(subtract(x31, x14), fx.x31_sub_x14, 0, "sub");
    assertClose(multiply(x234, x31), fx.x234_mul_x31, 0, "mul");
    assertClose(divide(x4, x234), fx.x4_div_x234, 0, "div");
    assertClose(power(x34, 2), fx.x34_pow_2, 1e-15, "pow");
    assertClose(x31.lt(x4), fx.x31_lt_x4, 0, "lt");
    assertClose(where(x34.gt(0), x34, x14), fx.where_x34, 0, "where");
  });

  it("broadcastShapes follows the right-aligned rule", () => {
    assert.deepStrictEqual(broadcastShapes("t", [3, 1], [4]), [3, 4]);
    assert.deepStrictEqual(broadcastShapes("t", [2, 1, 5], [3, 1], []), [2, 3, 5]);
    assert.deepStrictEqual(broadcastShapes("t", [0, 1], [1, 4]), [0, 4]);
  });

  it("incompatible shapes throw ShapeError naming both shapes", () => {
    assert.throws(() => add(np.zeros([3, 4]), np.zeros(3)), (e: unknown) =>
      e instanceof ShapeError && e.message.includes("(3, 4)") && e.message.includes("(3,)") && e.message.includes("add"));
    assert.throws(() => np.zeros([2, 3]).mul(np.zeros([3, 2])), ShapeError);
    assert.throws(() => where(np.zeros(2), np.zeros(3), 0), ShapeError);
  });

  it("same-shape and scalar fast paths on both sides", () => {
    const a = array([1, 2, 3]);
    assert.deepStrictEqual(vals(a.add(a)), [2, 4, 6]);
    assert.deepStrictEqual(vals(a.sub(1)), [0, 1, 2]);
    assert.deepStrictEqual(vals(subtract(10, a)), [9, 8, 7]);
    assert.deepStrictEqual(vals(divide(6, a)), [6, 3, 2]);
    assert.deepStrictEqual(vals(a.mul([2, 0, 1])), [2, 0, 3]);
    assert.deepStrictEqual(vals(a.pow(2)), [1, 4, 9]);
    assert.deepStrictEqual(vals(power(2, a)), [2, 4, 8]);
    assert.deepStrictEqual(add(np.zeros([1, 1]), 5).shape, [1, 1]);
    assert.deepStrictEqual(vals(np.zeros([2, 1]).add(array([[1, 2]]))), [1, 2, 1, 2]);
  });

  it("dtype rules: float wins, int32 stays int32 (wrapping), divide is float, comparisons bool", () => {
    const i = arange(4);
    assert.strictEqual(i.add(1).dtype, "int32");
    assert.strictEqual(i.add(1.5).dtype, "float64");
    assert.strictEqual(i.add(array([1, 2, 3, 4])).dtype, "float64");
    assert.strictEqual(i.mul(i).dtype, "int32");
    assert.strictEqual(i.div(2).dtype, "float64");
    assert.deepStrictEqual(vals(i.div(2)), [0, 0.5, 1, 1.5]);
    assert.strictEqual(i.eq(2).dtype, "bool");
    assert.deepStrictEqual(vals(i.eq(2)), [0, 0, 1, 0]);
    assert.strictEqual(array([true, false]).add(array([true, true])).dtype, "int32");
    assert.strictEqual(i.add(NaN).dtype, "float64");
    const big = array([2147483647], "int32");
    assert.strictEqual(big.add(1).data[0], -2147483648);
    assert.strictEqual(big.mul(big).data[0], 1); // exact wrap-around like NumPy's int32
    assert.strictEqual(power(array([3], "int32"), 21).data[0], 1870418611); // 3**21 mod 2**32, as NumPy
  });

  it("int32 power with a negative exponent is refused", () => {
    assert.throws(() => arange(3).pow(-1), InputTypeError);
    assert.deepStrictEqual(vals(arange(1, 3).astype("float64").pow(-1)), [1, 0.5]);
  });

  it("comparisons: eq ne lt le gt ge, NaN compares false (ne true)", () => {
    const a = array([1, 2, NaN]);
    assert.deepStrictEqual(vals(a.eq(2)), [0, 1, 0]);
    assert.deepStrictEqual(vals(a.ne(2)), [1, 0, 1]);
    assert.deepStrictEqual(vals(a.lt(2)), [1, 0, 0]);
    assert.deepStrictEqual(vals(a.le(2)), [1, 1, 0]);
    assert.deepStrictEqual(vals(a.gt(1)), [0, 1, 0]);
    assert.deepStrictEqual(vals(a.ge(1)), [1, 1, 0]);
    assert.deepStrictEqual(vals(np.equal(a, a)), [1, 1, 0]);
    assert.deepStrictEqual(vals(np.notEqual(1, a)), [0, 1, 1]);
    assert.deepStrictEqual(vals(np.less(a, 2)), [1, 0, 0]);
    assert.deepStrictEqual(vals(np.lessEqual(a, 2)), [1, 1, 0]);
    assert.deepStrictEqual(vals(np.greater(a, 1)), [0, 1, 0]);
    assert.deepStrictEqual(vals(np.greaterEqual(a, 2)), [0, 1, 0]);
  });

  it("unary functions: neg abs sqrt exp log isfinite isnan", () => {
    const a = array([-4, 0, 4]);
    assert.deepStrictEqual(vals(a.neg()), [4, -0, -4]);
    assert.deepStrictEqual(vals(np.abs(a)), [4, 0, 4]);
    assert.strictEqual(np.abs(arange(-2, 2)).dtype, "int32");
    const s = np.sqrt(a);
    assert.ok(Number.isNaN(s.data[0]));
    assert.deepStrictEqual(vals(s).slice(1), [0, 2]);
    assert.deepStrictEqual(vals(np.exp(array([0, 1]))), [1, Math.E]);
    assert.deepStrictEqual(vals(a.log()).slice(1), [-Infinity, Math.log(4)]);
    assert.strictEqual(np.sqrt(arange(4)).dtype, "float64");
    const b = array([1, NaN, Infinity, -Infinity]);
    assert.deepStrictEqual(vals(np.isfinite(b)), [1, 0, 0, 0]);
    assert.deepStrictEqual(vals(np.isnan(b)), [0, 1, 0, 0]);
    assert.strictEqual(np.negative(array([true])).dtype, "int32");
  });

  it("maximum / minimum propagate NaN", () => {
    assert.deepStrictEqual(vals(np.maximum(array([1, 5]), 3)), [3, 5]);
    assert.deepStrictEqual(vals(np.minimum(array([1, 5]), 3)), [1, 3]);
    assert.ok(Number.isNaN(np.maximum(array([NaN]), 1).data[0]));
  });

  it("where picks per element and promotes dtypes", () => {
    const w = where(array([true, false, true]), 1, 0);
    assert.strictEqual(w.dtype, "int32");
    assert.deepStrictEqual(vals(w), [1, 0, 1]);
    const f = where(array([[1], [0]]), array([1.5, 2.5]), -1);
    assert.deepStrictEqual(f.shape, [2, 2]);
    assert.deepStrictEqual(vals(f), [1.5, 2.5, -1, -1]);
  });

  it("allclose and arrayEqual", () => {
    assert.ok(np.allclose(array([1, 2]), array([1, 2 + 1e-9])));
    assert.ok(!np.allclose(array([1, 2]), array([1, 2.1])));
    assert.ok(np.allclose(array([[1, 1], [1, 1]]), 1));
    assert.ok(!np.allclose(array([NaN]), array([NaN])));
    assert.ok(np.allclose(array([NaN]), array([NaN]), 1e-5, 1e-8, true));
    assert.ok(np.allclose(array([Infinity]), array([Infinity])));
    assert.ok(!np.allclose(array([Infinity]), array([-Infinity])));
    assert.ok(np.allclose(array([1]), array([1.1]), 0.2));
    assert.throws(() => np.allclose(np.zeros(2), np.zeros(3)), ShapeError);
    assert.ok(np.arrayEqual(array([1, 2]), array([1, 2], "int32")));
    assert.ok(!np.arrayEqual(array([1, 2]), array([[1, 2]])));
    assert.ok(!np.arrayEqual(array([1, 2]), array([1, 3])));
    assert.ok(!np.arrayEqual(array([NaN]), array([NaN])));
    assert.ok(np.arrayEqual(array([NaN]), array([NaN]), true));
  });

  it("NaN and Infinity are allowed values", () => {
    const a = array([NaN, Infinity, -Infinity]);
    assert.ok(Number.isNaN(a.add(1).data[0]));
    assert.strictEqual(a.mul(2).data[1], Infinity);
  });
});
