import { strict as assert } from "assert";
import * as pl from "nodejs-polars";
import { frameToMatrix, isDanfoDataFrame, isPolarsDataFrame, seriesValues } from "../../lib/frame/adapters";
import { toMatrix, toTarget, toVector } from "../../lib/base/validation";
import { InputTypeError, NonFiniteError } from "../../lib/errors";
import { LinearRegression } from "../../lib/linear";
import { DecisionTreeClassifier } from "../../lib/tree";
import { GridSearchCV, crossValScore } from "../../lib/selection";

// danfojs-node loads tfjs; require it lazily so the rest of the suite does not pay for it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const dfd = () => require("danfojs-node") as { DataFrame: new (d: unknown) => { columns: string[] }; Series: new (d: unknown) => { shape: number[] } };

describe("frame adapters (nodejs-polars, danfojs)", function () {
  this.timeout(30000);
  const cols = { a: [1, 2, 3], b: [4.5, 5.5, 6.5] };

  it("a polars DataFrame becomes a row-major matrix with its column names", () => {
    const df = pl.DataFrame(cols);
    assert.ok(isPolarsDataFrame(df));
    const m = frameToMatrix(df)!;
    assert.deepEqual(m.columns, ["a", "b"]);
    assert.deepEqual(Array.from(m.data), [1, 4.5, 2, 5.5, 3, 6.5]);
    assert.deepEqual([m.rows, m.cols], [3, 2]);
  });

  it("a danfojs DataFrame gives the same matrix and names", () => {
    const df = new (dfd().DataFrame)(cols);
    assert.ok(isDanfoDataFrame(df));
    const m = toMatrix(df);
    assert.deepEqual(m.columns, ["a", "b"]);
    assert.deepEqual(Array.from(m.data), [1, 4.5, 2, 5.5, 3, 6.5]);
  });

  it("Series become 1-D targets (polars and danfo)", () => {
    assert.deepEqual(Array.from(toTarget(pl.Series("y", [1, 0, 1])).data), [1, 0, 1]);
    assert.deepEqual(Array.from(toVector(new (dfd().Series)([2, 3, 4]))), [2, 3, 4]);
    assert.deepEqual(seriesValues(pl.Series("s", ["x", "y"])), ["x", "y"]);
    assert.equal(seriesValues([1, 2]), null);
  });

  it("string columns are rejected naming the column; nulls become NaN and are caught as non-finite", () => {
    assert.throws(() => toMatrix(pl.DataFrame({ a: [1, 2], s: ["u", "v"] })), (e: Error) =>
      e instanceof InputTypeError && /column "s"/.test(e.message) && /OneHotEncoder/.test(e.message));
    assert.throws(() => toMatrix(pl.DataFrame({ a: [1, null, 3] })), NonFiniteError);
    assert.ok(Number.isNaN(toMatrix(pl.DataFrame({ a: [1, null, 3] }), "X", { finite: false }).data[1]));
  });

  it("an estimator fitted on a danfo frame gives what it gives on number[][] and records the names", () => {
    const X = [[1, 4.5], [2, 5.5], [3, 6.5], [4, 8]];
    const y = [1, 2, 3, 4.2];
    const a = new LinearRegression().fit(X, y).predict(X);
    const est = new LinearRegression().fit(new (dfd().DataFrame)({ a: X.map((r) => r[0]), b: X.map((r) => r[1]) }), new (dfd().Series)(y));
    assert.deepEqual(est.featureNamesIn_, ["a", "b"]);
    const b = est.predict(X);
    assert.deepEqual(Array.from(b.data), Array.from(a.data));
  });

  it("crossValScore and GridSearchCV take a polars Series as y (the loaders' asFrame target), as its values", () => {
    const X = pl.DataFrame({ a: [0, 1, 2, 3, 10, 11, 12, 13, 0.5, 12.5], b: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0] });
    const labels = [0, 0, 0, 0, 1, 1, 1, 1, 0, 1];
    const expected = Array.from(crossValScore(new DecisionTreeClassifier({ randomState: 0 }), X, labels, { cv: 2 }).data);
    const got = Array.from(crossValScore(new DecisionTreeClassifier({ randomState: 0 }), X, pl.Series("y", labels), { cv: 2 }).data);
    assert.deepEqual(got, expected);
    const words = labels.map((v) => (v ? "big" : "small"));
    const grid = new GridSearchCV(new DecisionTreeClassifier({ randomState: 0 }), { maxDepth: [1, 2] }, { cv: 2 }).fit(X, pl.Series("y", words));
    assert.deepEqual(grid.classes_, ["big", "small"]);
    assert.deepEqual(grid.predict(X), words);
  });
});
