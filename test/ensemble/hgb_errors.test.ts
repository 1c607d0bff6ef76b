/**
 * HistGradientBoosting: typed errors for bad options and bad input, each naming what was expected and received.
 */
import { strict as assert } from "assert";
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "../../lib/ensemble/hist_gradient_boosting";
import { InputTypeError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";

const X = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 11, i % 2]);
const y = X.map((r) => (r[0] + r[2] > 3 ? 1 : 0));

describe("HistGradientBoosting errors", () => {
  it("bad options are rejected at fit with OptionError naming the option", () => {
    const bad: [string, unknown][] = [
      ["learningRate", 0], ["maxIter", 0], ["maxIter", 2.5], ["maxLeafNodes", 1], ["maxDepth", 0], ["minSamplesLeaf", 0],
      ["l2Regularization", -1], ["maxBins", 256], ["maxBins", 1], ["earlyStopping", "yes"], ["scoring", "no_such_metric"],
      ["validationFraction", 1.5], ["nIterNoChange", 0], ["tol", -1], ["loss", "hinge"], ["randomState", -1],
    ];
    for (const [k, v] of bad) {
      assert.throws(() => new HistGradientBoostingClassifier({ [k]: v }).fit(X, y),
        (e: Error) => e instanceof OptionError && e.message.includes(k), `${k}=${String(v)}`);
    }
    assert.throws(() => new HistGradientBoostingRegressor({ loss: "log_loss" as never }).fit(X, y), OptionError);
  });

  it("unknown categorical feature index or name", () => {
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [3] }).fit(X, y),
      (e: Error) => e instanceof OptionError && /\[0, 2\]/.test(e.message));
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: ["color"] }).fit(X, y),
      (e: Error) => e instanceof OptionError && /no column names/.test(e.message));
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [true, false] }).fit(X, y), ShapeError);
  });

  it("categories out of range, negative or non-integer", () => {
    const big = X.map((r, i) => [r[0], r[1], i === 5 ? 300 : r[2]]);
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [2] }).fit(big, y),
      (e: Error) => e instanceof InputTypeError && e.message.includes("300") && e.message.includes("[0, 254]"));
    const neg = X.map((r, i) => [r[0], r[1], i === 5 ? -1 : r[2]]);
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [2] }).fit(neg, y), InputTypeError);
    const frac = X.map((r, i) => [r[0], r[1], i === 5 ? 0.5 : r[2]]);
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [2] }).fit(frac, y), InputTypeError);
    assert.throws(() => new HistGradientBoostingClassifier({ categoricalFeatures: [1], maxBins: 10 }).fit(X, y),
      (e: Error) => e instanceof InputTypeError && e.message.includes("[0, 9]"));
  });

  it("wrong feature count, length mismatch, single-class y, continuous labels, predict before fit", () => {
    const m = new HistGradientBoostingClassifier({ maxIter: 3 }).fit(X, y);
    assert.throws(() => m.predict([[1, 2]]), (e: Error) => e instanceof ShapeError && /3/.test(e.message) && /2/.test(e.message));
    assert.throws(() => new HistGradientBoostingClassifier().fit(X, y.slice(1)), ShapeError);
    assert.throws(() => new HistGradientBoostingClassifier().fit(X, y.map(() => 1)),
      (e: Error) => e instanceof ShapeError && /at least 2 classes/.test(e.message));
    assert.throws(() => new HistGradientBoostingClassifier().fit(X, y.map((v) => v + 0.5)), InputTypeError);
    assert.throws(() => new HistGradientBoostingClassifier().predict(X), NotFittedError);
    assert.throws(() => new HistGradientBoostingRegressor().fit(X, y.map(() => NaN)));
  });
});
