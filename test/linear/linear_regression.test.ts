import * as assert from "assert";
import { NDArray, takeRows } from "../../lib/array/ndarray";
import { LinearRegression } from "../../lib/linear";
import { meanSquaredError, r2Score } from "../../lib/metrics";
import { InputTypeError, NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { displaySymbol } from "../../lib/display";
import { assertClose, flat, readFixture } from "./helpers";

// Guide data, split and reference numbers (extracted from /work/shared/reference by the fixture script).
const tut = readFixture("linear_tutorial_reference.json");
const fx = readFixture("linear_regression.json");

function rel(a: number, b: number): number { return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300); }

describe("LinearRegression: the guide's house-price section", () => {
  const data = tut, split = tut, ref = tut.key_numbers;
  const sizes = new NDArray(Float64Array.from(data.sizes as number[]), [200, 1]);
  const prices = new NDArray(Float64Array.from(data.prices as number[]), [200, 1]);
  const XTrain = takeRows(sizes, split.train), XTest = takeRows(sizes, split.test);
  const yTrain = takeRows(prices, split.train), yTest = takeRows(prices, split.test);
  const model = new LinearRegression().fit(XTrain, yTrain);
  const predictions = model.predict(XTest);
  const mse = meanSquaredError(yTest, predictions);
  const r2 = r2Score(yTest, predictions);

  it("rebuilds the data and split sizes", () => {
    assert.strictEqual(XTrain.shape[0], ref.n_train);
    assert.strictEqual(XTest.shape[0], ref.n_test);
  });
  it("has sklearn's shapes for a 2-D (column) y: coef_ [1, 1], intercept_ [1], predictions [40, 1]", () => {
    assert.deepStrictEqual(model.coef_!.shape, [1, 1]);
    assert.ok(model.intercept_ instanceof NDArray);
    assert.deepStrictEqual((model.intercept_ as NDArray).shape, [1]);
    assert.deepStrictEqual(predictions.shape, [40, 1]);
  });
  it("matches coef, intercept, mse and r2 to 1e-9 relative", () => {
    assert.ok(rel(model.coef_!.get(0, 0), ref.coef_price_per_sqft) < 1e-9, "coef");
    assert.ok(rel((model.intercept_ as NDArray).get(0), ref.intercept) < 1e-9, "intercept");
    assert.ok(rel(mse, ref.mse) < 1e-9, "mse");
    assert.ok(rel(r2, ref.r2) < 1e-9, "r2");
    assert.ok(rel(model.score(XTest, yTest), ref.r2) < 1e-9, "score");
  });
  it("prints the guide's strings", () => {
    const money = mse.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.strictEqual(`Mean Squared Error: ${money}`, "Mean Squared Error: 142,020,976.17");
    assert.strictEqual(`R-squared Score: ${r2.toFixed(4)}`, "R-squared Score: 0.9830");
    assert.strictEqual(`Price per sq ft: $${model.coef_!.get(0, 0).toFixed(2)}`, "Price per sq ft: $150.46");
  });
});

describe("LinearRegression: against scikit-learn fixtures", () => {
  const cases: [string, object, number][] = [
    ["basic", {}, 1e-10], ["no_intercept", { fitIntercept: false }, 1e-10], ["multi_output", {}, 1e-10],
    ["column_y", {}, 1e-10], ["duplicate_column", {}, 1e-9], ["collinear_column", {}, 1e-9], ["wide", {}, 1e-9],
  ];
  for (const [name, opts, tol] of cases) {
    it(`${name}: coef_, intercept_, rank_, singular_, predictions and score`, () => {
      const c = fx[name];
      const m = new LinearRegression(opts).fit(c.X, c.y);
      const coefShape = Array.isArray(c.coef[0]) ? [c.coef.length, c.coef[0].length] : [c.coef.length];
      assert.deepStrictEqual(m.coef_!.shape, coefShape);
      assertClose(m.coef_!.data, flat(c.coef), tol, "coef_");
      if (typeof c.intercept === "number") {
        assert.strictEqual(typeof m.intercept_, "number");
        assert.ok(Math.abs((m.intercept_ as number) - c.intercept) <= tol * Math.max(1, Math.abs(c.intercept)), "intercept_");
      } else {
        assertClose((m.intercept_ as NDArray).data, c.intercept, tol, "intercept_");
      }
      assert.strictEqual(m.rank_, c.rank);
      assertClose(m.singular_!.data.slice(0, c.rank), c.singular.slice(0, c.rank), 1e-12, "singular_");
      assertClose(m.predict(c.X).data, flat(c.predict), 1e-10, "predict");
      assert.ok(Math.abs(m.score(c.X, c.y) - c.score) < 1e-10, "score");
      assert.strictEqual(m.nFeaturesIn_, c.X[0].length);
    });
  }
  it("ill-conditioned (near-collinear) X: same predictions as sklearn", () => {
    const c = fx.ill_conditioned;
    const m = new LinearRegression().fit(c.X, c.y);
    assert.strictEqual(m.rank_, c.rank);
    assertClose(m.predict(c.X).data, c.predict, 1e-9, "predict");
    assertClose(m.coef_!.data, c.coef, 1e-5, "coef_");
  });
  it("sample weights", () => {
    const c = fx.weighted;
    const m = new LinearRegression().fit(c.X, c.y, c.w);
    assertClose(m.coef_!.data, c.coef, 1e-10, "coef_");
    assert.ok(Math.abs((m.intercept_ as number) - c.intercept) < 1e-9);
  });
  it("accepts NDArray X with int32 dtype and NDArray y", () => {
    const X = new NDArray(Int32Array.from([1, 2, 3, 4]), [4, 1]);
    const m = new LinearRegression().fit(X, new NDArray(Float64Array.from([3, 5, 7, 9])));
    assert.ok(Math.abs(m.coef_!.get(0) - 2) < 1e-12 && Math.abs((m.intercept_ as number) - 1) < 1e-12);
    assert.deepStrictEqual(m.predict([[10]]).shape, [1]);
  });
  it("a single sample with intercept gives zero coefficients and intercept = y", () => {
    const m = new LinearRegression().fit([[1, 2]], [5]);
    assert.deepStrictEqual(Array.from(m.coef_!.data), [0, 0]);
    assert.strictEqual(m.intercept_, 5);
    assert.strictEqual(m.rank_, 0);
  });
});

describe("LinearRegression: errors", () => {
  it("rejects 1-D X with a reshape hint", () => {
    assert.throws(() => new LinearRegression().fit([1, 2, 3] as never, [1, 2, 3]), (e: Error) =>
      e instanceof ShapeError && /reshape\(-1, 1\)/.test(e.message));
    assert.throws(() => new LinearRegression().fit(new NDArray(Float64Array.from([1, 2])), [1, 2]), ShapeError);
  });
  it("rejects ragged rows and non-numbers with InputTypeError", () => {
    assert.throws(() => new LinearRegression().fit([[1, 2], [3]], [1, 2]), InputTypeError);
    assert.throws(() => new LinearRegression().fit([[1, "a"], [3, 4]] as never, [1, 2]), InputTypeError);
    assert.throws(() => new LinearRegression().fit([[1], [2]], [1, "x"] as never), InputTypeError);
    assert.throws(() => new LinearRegression().fit("abc" as never, [1]), InputTypeError);
  });
  it("rejects NaN / Infinity naming the position", () => {
    assert.throws(() => new LinearRegression().fit([[1, 2], [3, NaN]], [1, 2]), (e: Error) =>
      e instanceof NonFiniteError && /row 1, column 1/.test(e.message));
    assert.throws(() => new LinearRegression().fit([[1], [2]], [1, Infinity]), NonFiniteError);
    const m = new LinearRegression().fit([[1], [2]], [1, 2]);
    assert.throws(() => m.predict([[NaN]]), NonFiniteError);
  });
  it("rejects y whose length differs from X's rows", () => {
    assert.throws(() => new LinearRegression().fit([[1], [2], [3]], [1, 2]), ShapeError);
  });
  it("rejects empty X", () => {
    assert.throws(() => new LinearRegression().fit([], []), ShapeError);
    assert.throws(() => new LinearRegression().fit([[], []], [1, 2]), ShapeError);
  });
  it("predict with the wrong feature count gives sklearn's message", () => {
    const m = new LinearRegression().fit([[1], [2], [3]], [1, 2, 3]);
    assert.throws(() => m.predict([[1, 2, 3]]), (e: Error) => e instanceof ShapeError &&
      e.message === "X has 3 features, but LinearRegression is expecting 1 features as input");
  });
  it("predict and score before fit throw NotFittedError", () => {
    assert.throws(() => new LinearRegression().predict([[1]]), NotFittedError);
    assert.throws(() => new LinearRegression().score([[1]], [1]), NotFittedError);
  });
  it("rejects unknown options and negative sample weights", () => {
    assert.throws(() => new LinearRegression({ fitintercept: false } as never), OptionError);
    assert.throws(() => new LinearRegression().fit([[1], [2]], [1, 2], [1, -1]), OptionError);
    assert.throws(() => new LinearRegression().fit([[1], [2]], [1, 2], [1]), ShapeError);
  });
});

describe("LinearRegression: display", () => {
  it("shows sklearn's repr with only non-default options", () => {
    assert.strictEqual(String(new LinearRegression()), "LinearRegression()");
    assert.strictEqual(new LinearRegression({ fitIntercept: false }).toString(), "LinearRegression(fitIntercept=false)");
    const b = new LinearRegression({ fitIntercept: false })[displaySymbol]();
    assert.strictEqual(b["text/plain"], "LinearRegression(fitIntercept=false)");
    assert.match(b["text/html"] as string, /LinearRegression\(fitIntercept=false\)[\s\S]*not fitted/);
    const fitted = new LinearRegression().fit([[1], [2]], [1, 2])[displaySymbol]();
    assert.match(fitted["text/html"] as string, /\(fitted\)/);
  });
  it("returns this from fit and supports getParams / setParams", () => {
    const m = new LinearRegression();
    assert.strictEqual(m.fit([[1], [2]], [1, 2]), m);
    assert.deepStrictEqual(m.setParams({ fitIntercept: false }).getParams(), { fitIntercept: false });
  });
});
