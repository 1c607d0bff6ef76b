import * as assert from "assert";
import { NDArray, array, arange, eye, formatRepr, formatStr } from "../../lib/array";
import { Encoded, decode, loadFixture } from "./fixtures";

interface FormatCase extends Encoded { name: string; dtype: "float64" | "int32" | "bool"; str: string; repr: string }
const fx = loadFixture<{ numpy: string; cases: FormatCase[] }>("array_format.json");

describe("array/format: str() and repr() match NumPy 1.24", () => {
  it("has a meaningful fixture", () => {
    assert.ok(fx.cases.length >= 60);
  });
  for (const c of fx.cases) {
    it(`${c.name} ${JSON.stringify(c.shape)} ${c.dtype}`, () => {
      const a = decode(c, c.dtype);
      assert.strictEqual(a.dtype, c.dtype);
      assert.strictEqual(String(a), c.str);
      assert.strictEqual(formatStr(a), c.str);
      assert.strictEqual(a.repr(), c.repr);
      assert.strictEqual(formatRepr(a), c.repr);
    });
  }

  it("toString is used by template strings and String()", () => {
    const a = array([1, 2.5]);
    assert.strictEqual(`${a}`, "[1.  2.5]");
  });

  it("formats views (reshape / sliceRows) like their contents", () => {
    const a = arange(12).reshape(3, 4).sliceRows(1, 3);
    assert.strictEqual(a.repr(), "array([[ 4,  5,  6,  7],\n       [ 8,  9, 10, 11]], dtype=int32)");
  });

  it("node's inspect shows the repr", () => {
    const util = require("util") as typeof import("util");
    assert.strictEqual(util.inspect(eye(2)), "array([[1., 0.],\n       [0., 1.]])");
  });

  it("reflects mutation through set()", () => {
    const a = new NDArray(new Float64Array(3));
    a.set(1.5, 1);
    assert.strictEqual(String(a), "[0.  1.5 0. ]");
  });
});
