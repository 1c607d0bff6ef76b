import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { InputTypeError, OptionError, ShapeError } from "../../lib/errors";
import { LinearRegression } from "../../lib/linear/linear_regression";
import { loadBreastCancer, loadDiabetes } from "../../lib/datasets";
import { FitFailedError, SCORER_NAMES, crossValScore, crossValidate, getScorer } from "../../lib/selection";
import { CentroidClassifier, FlakyRegressor, PacedRegressor } from "./helpers/estimators";
import { F, close, kf, useTestEstimatorsInWorkers } from "./helpers/common";

const diabetes = loadDiabetes();
const Xd = diabetes.data as NDArray, yd = diabetes.target as NDArray;
const bc = loadBreastCancer();
const Xb = bc.data as NDArray, yb = bc.target as NDArray;

useTestEstimatorsInWorkers();

describe("crossValScore / crossValidate vs scikit-learn (LinearRegression on diabetes)", () => {
  const C = F.cv_diabetes;
  for (const scoring of [null, "r2", "neg_mean_squared_error", "neg_mean_absolute_error", "neg_root_mean_squared_error"]) {
    it(`KFold(5, shuffle, rs 0), scoring ${scoring}`, () => {
      const s = crossValScore(new LinearRegression(), Xd, yd, { cv: kf(), scoring });
      close(s.data, C[String(scoring === null ? "None" : scoring)], 1e-10, String(scoring));
    });
  }
  it("default cv = 5 unshuffled KFold for a regressor", () => {
    close(crossValScore(new LinearRegression(), Xd, yd).data, C.default_cv_r2, 1e-10, "cv 5");
  });
  it("crossValidate with returnTrainScore (fitIntercept false, neg MSE), times are non-negative seconds", () => {
    const r = crossValidate(new LinearRegression({ fitIntercept: false }), Xd, yd,
      { cv: kf(), scoring: "neg_mean_squared_error", returnTrainScore: true });
    close(r.testScore.data, C.cross_validate_noint_nmse.test, 1e-10, "test");
    close(r.trainScore!.data, C.cross_validate_noint_nmse.train, 1e-10, "train");
    assert.equal(r.fitTime.shape[0], 5);
    assert.equal(r.scoreTime.shape[0], 5);
    assert.ok(Array.from(r.fitTime.data).every((t) => Number.isFinite(t) && t >= 0));
    assert.ok(Array.from(r.scoreTime.data).every((t) => Number.isFinite(t) && t >= 0));
    assert.equal(r.estimator, undefined);
  });
  it("fitTime encloses each fold's fit and scoreTime its test scoring, in seconds (no speed is asserted)", () => {
    // Bounds by causality only: the estimator's own clock runs inside the timers crossValidate reads, which run
    // inside the test's clock around the (inline, sequential) call. The fit pauses longer than the prediction, so
    // swapped columns fail, and milliseconds for seconds break the outer bound; nothing here fails on a slow
    // machine, since a bound can only be missed by a timer that does not enclose the work.
    const t0 = performance.now();
    const r = crossValidate(new PacedRegressor({ fitMs: 40, predictMs: 10 }), Xd, yd,
      { cv: 3, scoring: "neg_mean_squared_error", returnTrainScore: true, returnEstimator: true });
    const outer = (performance.now() - t0) / 1000;
    const inner = [...r.fitTime.data, ...r.scoreTime.data].reduce((a, b) => a + b, 0);
    assert.ok(inner <= outer, `fit and score times add up to ${inner} s, more than the ${outer} s the whole call took`);
    r.estimator!.forEach((e, i) => {
      const est = e as PacedRegressor;
      assert.equal(est.predictSeconds_!.length, 2, "one prediction for the test score, one for the train score");
      const [testPredict] = est.predictSeconds_!;
      assert.ok(r.fitTime.data[i] >= est.fitSeconds_!, `fold ${i}: fitTime ${r.fitTime.data[i]} < the fit's own ${est.fitSeconds_}`);
      assert.ok(r.scoreTime.data[i] >= testPredict, `fold ${i}: scoreTime ${r.scoreTime.data[i]} < the prediction's own ${testPredict}`);
    });
  });
  it("returnEstimator gives fitted clones (inline and from workers), the input estimator stays unfitted", () => {
    const est = new LinearRegression();
    for (const nJobs of [1, 2]) {
      const r = crossValidate(est, Xd, yd, { cv: 3, returnEstimator: true, nJobs });
      assert.equal(r.estimator!.length, 3);
      for (const e of r.estimator!) {
        assert.ok(e instanceof LinearRegression && e !== est && e.isFitted());
        assert.equal((e as LinearRegression).coef_!.shape[0], 10);
      }
      // the returned model predicts like a fresh fit on the same fold
      const p = (r.estimator![0] as LinearRegression).predict(Xd);
      assert.ok(p instanceof NDArray && p.shape[0] === 442);
    }
    assert.equal(est.isFitted(), false);
  });
  it("nJobs -1 gives exactly the nJobs 1 results", () => {
    const a = crossValScore(new LinearRegression(), Xd, yd, { cv: kf(), scoring: "neg_mean_squared_error" });
    const b = crossValScore(new LinearRegression(), Xd, yd, { cv: kf(), scoring: "neg_mean_squared_error", nJobs: -1 });
    assert.deepEqual(Array.from(b.data), Array.from(a.data));
  });
  it("a callable scoring with nJobs -1 runs inline with the same numbers", () => {
    const own = (e: LinearRegression, X: unknown, y: unknown) => e.score(X as NDArray, y as NDArray) * 2;
    const s = crossValScore(new LinearRegression(), Xd, yd, { cv: kf(), scoring: own, nJobs: -1 });
    close(s.data, C.r2.map((v: number) => v * 2), 1e-10, "callable");
  });
});

describe("classification scorers vs scikit-learn (test-only centroid classifier, breast cancer, cv 5 → stratified)", () => {
  const C = F.cv_breast_cancer_centroid;
  for (const scoring of Object.keys(C)) {
    it(scoring, () => {
      for (const nJobs of [1, 2]) {
        const s = crossValScore(new CentroidClassifier({ temperature: 1e6 }), Xb, yb, { cv: 5, scoring, nJobs });
        close(s.data, C[scoring], scoring === "neg_log_loss" || scoring === "roc_auc" ? 1e-9 : 1e-12, `${scoring} nJobs ${nJobs}`);
      }
    });
  }
});

describe("crossValidate: errors and failed fits", () => {
  it("unknown scoring names list the valid ones", () => {
    assert.throws(() => crossValScore(new LinearRegression(), Xd, yd, { scoring: "r3" }),
      (e: Error) => e instanceof OptionError && e.message.includes("neg_mean_squared_error") && e.message.includes('"r3"'));
    assert.ok(SCORER_NAMES.includes("f1_weighted"));
    assert.throws(() => getScorer(42 as never), OptionError);
  });
  it("bad estimator, y of the wrong length, bad errorScore", () => {
    assert.throws(() => crossValScore({} as never, Xd, yd), InputTypeError);
    assert.throws(() => crossValScore(new LinearRegression(), Xd, [1, 2, 3]), ShapeError);
    assert.throws(() => crossValidate(new LinearRegression(), Xd, yd, { errorScore: "ignore" as never }), OptionError);
  });
  it("a scorer needing predictProba on a regressor is a typed error", () => {
    assert.throws(() => crossValScore(new LinearRegression(), Xd, yd, { scoring: "neg_log_loss" }), /predictProba/);
  });
  it("every fit failing → FitFailedError; errorScore 'raise' re-throws the estimator's own error (also from workers)", () => {
    assert.throws(() => crossValScore(new FlakyRegressor({ fail: true }), Xd, yd, { cv: 3 }), FitFailedError);
    for (const nJobs of [1, 2]) {
      assert.throws(() => crossValScore(new FlakyRegressor({ fail: true }), Xd, yd, { cv: 3, errorScore: "raise", nJobs }),
        (e: Error) => e instanceof RangeError || (e.name === "RangeError" && /told to fail/.test(e.message)));
    }
  });
});
