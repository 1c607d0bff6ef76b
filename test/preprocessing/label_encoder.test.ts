import * as assert from "assert";
import * as pl from "nodejs-polars";
import { NDArray } from "../../lib/array/ndarray";
import { estimatorClass } from "../../lib/base/registry";
import { LabelEncoder, UnknownCategoryError } from "../../lib/preprocessing";
import { InputTypeError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { fx } from "./helpers";

const le = fx.label_encoder;

describe("LabelEncoder vs scikit-learn", () => {
  it("string labels: classes_ sorted by code point, transform, inverseTransform", () => {
    const e = new LabelEncoder().fit(le.strings.y);
    assert.deepStrictEqual(e.classes_, le.strings.classes);
    const t = e.transform(le.strings.y);
    assert.strictEqual(t.dtype, "int32");
    assert.deepStrictEqual(Array.from(t.data), le.strings.transform);
    assert.deepStrictEqual(e.inverseTransform([0, 3, 1]), le.strings.inverse);
    assert.deepStrictEqual(Array.from(new LabelEncoder().fitTransform(le.strings.y).data), le.strings.transform);
  });

  it("numeric labels: classes_ is a float64 NDArray; inverse gives an NDArray", () => {
    const e = new LabelEncoder().fit(new NDArray(Float64Array.from(le.numbers.y)));
    assert.ok(e.classes_ instanceof NDArray);
    assert.deepStrictEqual(Array.from((e.classes_ as NDArray).data), le.numbers.classes);
    assert.deepStrictEqual(Array.from(e.transform(le.numbers.y).data), le.numbers.transform);
    const inv = e.inverseTransform(new NDArray(Int32Array.from([4, 0, 2])));
    assert.ok(inv instanceof NDArray);
    assert.deepStrictEqual(Array.from((inv as NDArray).data), le.numbers.inverse);
  });

  it("accepts a polars Series and an [n, 1] NDArray", () => {
    const e = new LabelEncoder().fit(pl.Series("y", ["b", "a", "b"]));
    assert.deepStrictEqual(e.classes_, ["a", "b"]);
    const n = new LabelEncoder().fit(new NDArray(Float64Array.from([3, 1, 3]), [3, 1]));
    assert.deepStrictEqual(Array.from((n.classes_ as NDArray).data), [1, 3]);
  });

  it("is a registered BaseEstimator with no options", () => {
    assert.strictEqual(estimatorClass("LabelEncoder"), LabelEncoder);
    assert.deepStrictEqual(new LabelEncoder().getParams(), {});
    assert.throws(() => new LabelEncoder({ x: 1 } as never), OptionError);
    assert.strictEqual(new LabelEncoder().fit([1]).clone().isFitted(), false);
  });

  it("errors: unseen label named, bad codes, mixed kinds, 2-D input, not fitted", () => {
    const e = new LabelEncoder().fit(["a", "b"]);
    assert.throws(() => e.transform(["a", "zebra"]), (err: Error) => err instanceof UnknownCategoryError && /"zebra"/.test(err.message));
    assert.throws(() => e.inverseTransform([2]), (err: Error) => err instanceof OptionError && /\[0, 1\]/.test(err.message));
    assert.throws(() => e.inverseTransform([0.5]), OptionError);
    assert.throws(() => e.inverseTransform(["a"] as unknown as number[]), InputTypeError);
    assert.throws(() => new LabelEncoder().fit(["a", 1] as string[]), InputTypeError);
    assert.throws(() => new LabelEncoder().fit([[1, 2]] as unknown as number[]), ShapeError);
    assert.throws(() => new LabelEncoder().fit(new NDArray(new Float64Array(4), [2, 2])), ShapeError);
    assert.throws(() => new LabelEncoder().fit({} as never), InputTypeError);
    assert.throws(() => new LabelEncoder().transform([1]), NotFittedError);
  });
});
