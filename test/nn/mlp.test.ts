import { strict as assert } from "assert";
import { MLPClassifier, MLPRegressor } from "../../lib/nn";
import { NDArray } from "../../lib/array/ndarray";
import { toSpec, fromSpec } from "../../lib/base/spec";
import { NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { Pipeline } from "../../lib/pipeline";
import { StandardScaler } from "../../lib/preprocessing";
import { crossValScore, GridSearchCV } from "../../lib/selection";
import { loadBreastCancer } from "../../lib/datasets";
import { assertClose, ref } from "./helpers";

describe("MLPClassifier / MLPRegressor against scikit-learn", function () {
  this.timeout(120000);
  const M = ref.mlp;
  const cases: Array<[string, () => MLPClassifier | MLPRegressor]> = [
    ["binary", () => new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 30, randomState: 0, batchSize: 50 })],
    ["iris_tanh", () => new MLPClassifier({ hiddenLayerSizes: [6, 5], activation: "tanh", maxIter: 25, randomState: 3, batchSize: 32 })],
    ["iris_sgd_logistic", () => new MLPClassifier({ hiddenLayerSizes: [5], solver: "sgd", learningRateInit: 0.05, maxIter: 15,
      randomState: 1, activation: "logistic" })],
    ["regressor", () => new MLPRegressor({ hiddenLayerSizes: [10], maxIter: 40, randomState: 2, learningRateInit: 0.01 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: same initial weights, loss curve, predictions and probabilities as scikit-learn 1.2`, () => {
      const r = M[name];
      const m = make().fit(r.X, r.y);
      assert.equal(m.nIter_, r.n_iter);
      assertClose(m.lossCurve_!, r.loss_curve, 1e-12, 1e-9, "loss curve");
      assert.equal(m.coefs_![0].data[0].toFixed(12), r.coefs_first[0][0].toFixed(12));
      const pred = m.predict(r.X.slice(0, 10)) as NDArray;
      if (m instanceof MLPClassifier) {
        assert.deepEqual(Array.from(pred.data), r.pred);
        assertClose(m.predictProba(r.X.slice(0, 5)).data, r.proba, 1e-10, 1e-8, "proba");
      } else {
        assertClose(pred.data, r.pred, 1e-10, 1e-8, "pred");
      }
    });
  }

  it("stops after nIterNoChange epochs without tol improvement", () => {
    const r = M.binary;
    const m = new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 500, tol: 0.5, nIterNoChange: 3, randomState: 0 }).fit(r.X, r.y);
    assert.equal(m.nIter_, ref.composition.tol_stop_n_iter);
  });

  it("in a Pipeline, crossValScore (nJobs 1 and 2) and GridSearchCV give scikit-learn's scores", () => {
    const d = loadBreastCancer();
    const pipe = new Pipeline([["scale", new StandardScaler()], ["mlp", new MLPClassifier({ hiddenLayerSizes: [16], maxIter: 60, randomState: 0 })]]);
    const s1 = crossValScore(pipe, d.data, d.target, { cv: 3 }) as NDArray;
    const s2 = crossValScore(pipe, d.data, d.target, { cv: 3, nJobs: 2 }) as NDArray;
    assert.deepEqual(Array.from(s1.data), Array.from(s2.data));
    assertClose(s1.data, ref.composition.cv_scores, 1e-12, 0, "cv scores");
    const grid = new GridSearchCV(pipe, { mlp__alpha: [1e-4, 1], mlp__hiddenLayerSizes: [[4], [16]] }, { cv: 3 }).fit(d.data, d.target);
    assertClose((grid.cvResults_ as unknown as { meanTestScore: NDArray }).meanTestScore.data,
      ref.composition.grid_mean_test_score, 1e-12, 0, "grid mean test scores");
    assertClose(grid.bestScore_!, ref.composition.grid_best_score, 1e-12, 0, "best score");
  });

  it("the fitted state is plain data: toSpec → fromSpec predicts identically", () => {
    const r = M.iris_tanh;
    const m = new MLPClassifier({ hiddenLayerSizes: [6, 5], activation: "tanh", maxIter: 25, randomState: 3 }).fit(r.X, r.y);
    const spec = toSpec(m, { fitted: true });
    const back = fromSpec<MLPClassifier>(structuredClone(spec));
    assert.deepEqual(Array.from(back.predictProba(r.X).data), Array.from(m.predictProba(r.X).data));
    const reg = new MLPRegressor({ maxIter: 20, randomState: 0 }).fit(M.regressor.X, M.regressor.y);
    const reg2 = fromSpec<MLPRegressor>(structuredClone(toSpec(reg, { fitted: true })));
    assert.deepEqual(reg2.predict(M.regressor.X).shape, [150]);
    assert.deepEqual(Array.from(reg2.predict(M.regressor.X).data), Array.from(reg.predict(M.regressor.X).data));
  });

  it("string labels, and typed errors for unfitted use, wrong feature counts and bad options", () => {
    const X = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3]];
    const clf = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 300, learningRateInit: 0.05, randomState: 0 })
      .fit(X, ["a", "a", "a", "b", "b", "b"]);
    assert.deepEqual(clf.classes_, ["a", "b"]);
    assert.deepEqual(clf.predict([[0, 0], [2, 3]]), ["a", "b"]);
    assert.throws(() => new MLPClassifier().predict(X), NotFittedError);
    assert.throws(() => clf.predict([[1, 2, 3]]), ShapeError);
    assert.throws(() => new MLPClassifier({ hiddenLayerSizes: [0] }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new MLPClassifier({ solver: "lbfgs" as "adam" }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new MLPClassifier().fit(X, [0, 0, 0, 0, 0, 0]), ShapeError);
    assert.throws(() => new MLPRegressor().fit(X, [1, 2]), ShapeError);
  });
});
