import { strict as assert } from "assert";
import { ShapeError } from "../../lib/errors";
import { NDArray } from "../../lib/array/ndarray";
import { trainTestSplit, trainTestSplitIndices } from "../../lib/selection";
import { loadDanfo, loadPolars } from "../../lib/frame/lazy";
import { isDanfoDataFrame, isDanfoSeries, isPolarsDataFrame, isPolarsSeries } from "../../lib/frame/adapters";

// Frames are split by the same indices as arrays (test/selection/split.test.ts checks those against scikit-learn),
// so each case here compares a frame's split with the split of the same values as plain arrays.
describe("selection/trainTestSplit on polars and danfo frames", function () {
  this.timeout(60000);
  const n = 40;
  const a = Array.from({ length: n }, (_, i) => i * 1.5);
  const b = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "x" : "y"));
  const label = Array.from({ length: n }, (_, i) => (i * 7) % 3);

  it("a polars DataFrame and Series give polars frames and series with the array split's rows, names and dtypes", () => {
    const pl = loadPolars();
    const df = pl.DataFrame({ a, b, k: pl.Series("k", label, pl.Int32) });
    const y = pl.Series("target", label, pl.Int32);
    const [XTrain, XTest, yTrain, yTest] = trainTestSplit(df, y, { testSize: 0.25, randomState: 42 });
    const [aTrain, aTest, bTrain, bTest, lTrain, lTest] = trainTestSplit(a, b, label, { testSize: 0.25, randomState: 42 });
    assert.ok(isPolarsDataFrame(XTrain) && isPolarsDataFrame(XTest) && isPolarsSeries(yTrain));
    assert.deepEqual(XTrain.columns, ["a", "b", "k"]);
    assert.deepEqual(XTrain.dtypes.map(String), df.dtypes.map(String));
    assert.deepEqual(XTrain.getColumn("a").toArray(), aTrain);
    assert.deepEqual(XTest.getColumn("b").toArray(), bTest);
    assert.deepEqual(XTrain.getColumn("b").toArray(), bTrain);
    assert.deepEqual(XTest.getColumn("a").toArray(), aTest);
    assert.equal(yTrain.name, "target");
    assert.equal(String(yTrain.dtype), String(y.dtype));
    assert.deepEqual(Array.from(yTrain.toArray()), lTrain);
    assert.deepEqual(Array.from(yTest.toArray()), lTest);
  });

  it("stratify takes a polars Series: the same split as stratifying by its values", () => {
    const pl = loadPolars();
    const y = pl.Series("target", label);
    const [, fTest] = trainTestSplit(pl.DataFrame({ a }), { testSize: 0.3, randomState: 7, stratify: y });
    const idx = trainTestSplitIndices(n, { testSize: 0.3, randomState: 7, stratify: label });
    assert.deepEqual(fTest.getColumn("a").toArray(), Array.from(idx.test, (i) => a[i]));
  });

  it("a danfo DataFrame and Series keep their index labels, like pandas rows", () => {
    const dfd = loadDanfo();
    const df = new dfd.DataFrame({ a, b });
    const s = new dfd.Series(label);
    const [XTrain, XTest, yTrain, yTest] = trainTestSplit(df, s, { testSize: 10, randomState: 3 });
    const idx = trainTestSplitIndices(n, { testSize: 10, randomState: 3 });
    // (danfo's iloc answers with its base classes, which `instanceof dfd.DataFrame` does not see; that is danfo's own)
    assert.ok(isDanfoDataFrame(XTrain) && isDanfoDataFrame(XTest) && isDanfoSeries(yTrain) && isDanfoSeries(yTest));
    assert.deepEqual(XTrain.index, Array.from(idx.train));
    assert.deepEqual(XTest.index, Array.from(idx.test));
    assert.deepEqual(XTest.column("a").values, Array.from(idx.test, (i) => a[i]));
    assert.deepEqual(yTrain.values, Array.from(idx.train, (i) => label[i]));
    assert.deepEqual(yTest.index, Array.from(idx.test));
  });

  it("a frame and an NDArray split together; a length mismatch names both lengths", () => {
    const pl = loadPolars();
    const X = pl.DataFrame({ a });
    const y = new NDArray(Float64Array.from(label), [n]);
    const [XTrain, , yTrain] = trainTestSplit(X, y, { randomState: 0 });
    assert.deepEqual(XTrain.getColumn("a").toArray().map((v: number) => label[v / 1.5]), Array.from(yTrain.data));
    assert.throws(() => trainTestSplit(X, pl.Series("y", label.slice(1))), (e: unknown) => e instanceof ShapeError && /\[40, 39\]/.test(e.message));
  });
});
