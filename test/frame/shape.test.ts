import { strict as assert } from "assert";
import * as pl from "nodejs-polars";
import { shapeOf } from "../../lib/frame/shape";
import { InputTypeError } from "../../lib/errors";
import { NDArray } from "../../lib/array";
import { loadBreastCancer } from "../../lib/datasets";
import * as lib from "../../lib";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const dfd = () => require("danfojs-node") as { DataFrame: new (d: unknown) => unknown; Series: new (d: unknown) => unknown };

describe("shapeOf: [rows, cols] for frames, series, arrays", function () {
  this.timeout(30000);

  it("a polars DataFrame is [height, width] where df.shape is an object", () => {
    const { frame } = loadBreastCancer({ asFrame: true });
    assert.deepEqual(frame.shape, { height: 569, width: 31 });
    assert.deepEqual(shapeOf(frame), [569, 31]);
    assert.deepEqual(shapeOf(pl.DataFrame({ a: [1, 2, 3] })), [3, 1]);
    assert.deepEqual(shapeOf(pl.DataFrame({})), [0, 0]);
    assert.deepEqual(shapeOf(pl.Series("x", [1, 2, 3, 4])), [4]);
  });

  it("agrees with NDArray and danfojs shapes, and returns a copy", () => {
    const x = new NDArray(new Float64Array(6), [2, 3]);
    const s = shapeOf(x);
    assert.deepEqual(s, [2, 3]);
    s[0] = 99;
    assert.deepEqual(x.shape, [2, 3]);
    assert.deepEqual(shapeOf(new (dfd().DataFrame)({ a: [1, 2], b: [3, 4] })), [2, 2]);
    assert.deepEqual(shapeOf(new (dfd().Series)([1, 2, 3])), [3]);
  });

  it("plain arrays: [n] and rectangular [n, m]; ragged and shapeless values are typed errors", () => {
    assert.deepEqual(shapeOf([1, 2, 3]), [3]);
    assert.deepEqual(shapeOf([]), [0]);
    assert.deepEqual(shapeOf([[1, 2], [3, 4], [5, 6]]), [3, 2]);
    assert.deepEqual(shapeOf(new Float32Array(5)), [5]);
    assert.throws(() => shapeOf([[1, 2], [3]]), (e: unknown) => e instanceof InputTypeError && /row 1: expected length 2/.test(e.message));
    assert.throws(() => shapeOf([1, [2]]), InputTypeError);
    assert.throws(() => shapeOf(42), (e: unknown) => e instanceof InputTypeError && /DataFrame, Series, NDArray, tensor or array.*42/.test(e.message));
    assert.throws(() => shapeOf({ a: 1 }), InputTypeError);
  });

  it("is part of the library's public API", () => {
    assert.equal(lib.shapeOf, shapeOf);
  });
});
