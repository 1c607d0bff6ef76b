/**
 * HistGradientBoostingClassifier / Regressor against scikit-learn 1.2 (fixtures from
 * test/fixtures/hgb_make_fixtures.py, run with OMP_NUM_THREADS=1): binning thresholds, predictions, early stopping,
 * NaN and categorical handling, and the guide's §3 cross-validated F1 on breast cancer.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as pl from "nodejs-polars";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadDiabetes, loadWine } from "../../lib/datasets";
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "../../lib/ensemble/hist_gradient_boosting";
import { findBinningThresholds } from "../../lib/ensemble/hist_gradient_boosting/binning";
import { f1Score } from "../../lib/metrics";
import { RandomState } from "../../lib/random";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ref = require(path.join(__dirname, "../../../test/fixtures/hgb_reference.json"));

const bc = loadBreastCancer();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function rowsOf(X: NDArray, idx: ArrayLike<number>): NDArray {
  const c = X.shape[1], out = new Float64Array(idx.length * c);
  for (let i = 0; i < idx.length; i++) out.set((X.data as Float64Array).subarray(idx[i] * c, idx[i] * c + c), i * c);
  return new NDArray(out, [idx.length, c]);
}

function take(y: NDArray, idx: ArrayLike<number>): NDArray {
  return new NDArray(Float64Array.from(idx, (i) => y.data[i]), [idx.length]);
}

describe("HistGradientBoosting: binning", () => {
  it("thresholds equal scikit-learn's on breast cancer (maxBins 255 and 16)", () => {
    for (const mb of [255, 16]) {
      const m = new HistGradientBoostingClassifier({ maxIter: 1, maxBins: mb }).fit(bc.data, bc.target);
      const expected: number[][] = ref[`bc_thresholds_${mb}`];
      expected.forEach((t, j) => assert.deepEqual(Array.from(m.binMapper_!.thresholds[j]), t, `maxBins ${mb}, feature ${j}`));
    }
  });

  it("uses midpoints of distinct values when few, ignores NaN and clips at 1e300", () => {
    assert.deepEqual(Array.from(findBinningThresholds([3, 1, NaN, 2, 2], 255)), [1.5, 2.5]);
    assert.deepEqual(Array.from(findBinningThresholds([1, 1, 1], 255)), []);
    assert.deepEqual(Array.from(findBinningThresholds([0, Infinity], 255)), [1e300]);
    assert.equal(findBinningThresholds(Float64Array.from({ length: 1000 }, (_, i) => i), 10).length, 9);
  });
});

describe("HistGradientBoostingClassifier vs scikit-learn", () => {
  it("guide §3: breast cancer, maxIter 200, maxDepth 6 → same trees, decision function equal to 1e-12", () => {
    const m = new HistGradientBoostingClassifier({ maxIter: 200, maxDepth: 6, learningRate: 0.1, randomState: 42 }).fit(bc.data, bc.target);
    assert.equal(m.nIter_, 200);
    assert.equal(m.doEarlyStopping_, false);
    assert.deepEqual(m.predictors_!.map((p) => p[0].isLeaf.reduce((a, b) => a + b, 0)), ref.bc_full.n_leaves);
    assert.ok(maxAbsDiff(m.decisionFunction(bc.data).data, ref.bc_full.decision) < 1e-12);
    assert.equal(m.baselinePrediction_![0], ref.bc_full.baseline[0]);
  });

  it("guide §3: 5-fold stratified F1 (no shuffle) is within 1 point of 0.9733 and fold by fold as scikit-learn", () => {
    const folds: number[][] = ref.bc_folds;
    const n = bc.target.shape[0];
    const f1s: number[] = [];
    for (const test of folds) {
      const inTest = new Set(test);
      const train = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest.has(i));
      const m = new HistGradientBoostingClassifier({ maxIter: 200, maxDepth: 6, learningRate: 0.1, randomState: 42 })
        .fit(rowsOf(bc.data, train), take(bc.target, train));
      f1s.push(f1Score(take(bc.target, test), m.predict(rowsOf(bc.data, test)) as NDArray) as number);
    }
    const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
    assert.ok(Math.abs(mean - 0.9733) <= 0.01, `mean F1 ${mean}`);
    assert.ok(maxAbsDiff(f1s, ref.bc_cv_f1) < 1e-12, `F1 per fold ${f1s} vs ${ref.bc_cv_f1}`);
  });

  it("multiclass (wine): one tree per class, probabilities equal to 1e-12", () => {
    const w = loadWine();
    const m = new HistGradientBoostingClassifier({ maxIter: 30, randomState: 0 }).fit(w.data, w.target);
    assert.equal(m.nTreesPerIteration_, 3);
    assert.equal(m.predictors_![0].length, 3);
    assert.ok(maxAbsDiff(m.baselinePrediction_!, ref.wine.baseline) < 1e-15);
    const p = m.predictProba(w.data);
    assert.deepEqual(p.shape, [178, 3]);
    assert.ok(maxAbsDiff(p.data, ref.wine.proba.flat()) < 1e-12);
  });

  it("early stopping 'auto' above 10 000 samples: same validation split, iterations and scores", () => {
    const rs = new RandomState(0);
    const n = 12000;
    const X = rs.randn(n, 5) as NDArray;
    const noise = rs.randn(n) as NDArray;
    const x = X.data as Float64Array;
    const y = Array.from({ length: n }, (_, i) =>
      (x[i * 5] + 0.5 * x[i * 5 + 1] ** 2 - x[i * 5 + 2] * x[i * 5 + 3] + 0.5 * noise.data[i] > 0.5 ? 1 : 0));
    const m = new HistGradientBoostingClassifier({ randomState: 3 }).fit(X, y);
    assert.equal(m.doEarlyStopping_, true);
    assert.equal(m.nIter_, ref.es_auto.n_iter);
    assert.ok(maxAbsDiff(m.trainScore_!.data, ref.es_auto.train) < 1e-9);
    assert.ok(maxAbsDiff(m.validationScore_!.data, ref.es_auto.val) < 1e-9);
    assert.ok(maxAbsDiff(m.decisionFunction(X.sliceRows(0, 50)).data, ref.es_auto.decision_head) < 1e-9);
  });

  it("early stopping with scoring 'accuracy' and validationFraction 0.2", () => {
    const m = new HistGradientBoostingClassifier({ earlyStopping: true, scoring: "accuracy", validationFraction: 0.2,
      nIterNoChange: 5, randomState: 7 }).fit(bc.data, bc.target);
    assert.equal(m.nIter_, ref.bc_es_accuracy.n_iter);
    assert.deepEqual(Array.from(m.trainScore_!.data), ref.bc_es_accuracy.train);
    assert.deepEqual(Array.from(m.validationScore_!.data), ref.bc_es_accuracy.val);
  });

  it("string labels: classes_ sorted, predict returns strings, stagedPredict ends at predict", () => {
    const labels = Array.from(bc.target.data, (v) => (v === 1 ? "benign" : "malignant"));
    const m = new HistGradientBoostingClassifier({ maxIter: 10 }).fit(bc.data, labels);
    assert.deepEqual(m.classes_, ["benign", "malignant"]);
    const p = m.predict(bc.data) as string[];
    let last: unknown;
    for (const s of m.stagedPredict(bc.data)) last = s;
    assert.deepEqual(last, p);
    assert.ok(m.score(bc.data, labels) > 0.95);
  });
});

describe("HistGradientBoostingClassifier: NaN and categorical features", () => {
  const d = ref.nan_cat;
  const cols = 7, n = d.y.length, nTrain = d.n_train;
  const X = new NDArray(Float64Array.from(d.X as (number | null)[], (v) => (v === null ? NaN : v)), [n, cols]);
  const y = new NDArray(Float64Array.from(d.y), [n]);
  const tr = Array.from({ length: nTrain }, (_, i) => i), te = Array.from({ length: n - nTrain }, (_, i) => nTrain + i);
  const Xtr = rowsOf(X, tr), Xte = rowsOf(X, te), ytr = take(y, tr), yte = take(y, te);

  it("trains and predicts with 20 % NaN and a categorical column, as scikit-learn, beating a mean-imputed forest", () => {
    const m = new HistGradientBoostingClassifier({ categoricalFeatures: [6], randomState: 0 }).fit(Xtr, ytr);
    assert.deepEqual(Array.from(m.isCategorical_!.data), [0, 0, 0, 0, 0, 0, 1]);
    (d.thresholds as number[][]).forEach((t, j) => assert.deepEqual(Array.from(m.binMapper_!.thresholds[j]), t));
    const dec = m.decisionFunction(Xte).data;
    assert.ok(maxAbsDiff(dec, d.hgb_decision) < 1e-9, `decision maxdiff ${maxAbsDiff(dec, d.hgb_decision)}`);
    const acc = m.score(Xte, yte);
    assert.equal(acc, d.hgb_accuracy);
    // the forest of lib/ensemble is written in parallel: compare with scikit-learn's forest on mean-imputed data
    assert.ok(acc >= d.rf_imputed_accuracy - 0.01, `HGB ${acc} vs forest ${d.rf_imputed_accuracy}`);
    assert.ok(m.predictors_!.some((t) => t[0].isCategorical.some((v) => v === 1)), "some split is categorical");
  });

  it("categorical features by boolean mask or by column name give the same model as by index", () => {
    const a = new HistGradientBoostingClassifier({ categoricalFeatures: [6], maxIter: 5 }).fit(Xtr, ytr);
    const b = new HistGradientBoostingClassifier({ categoricalFeatures: [false, false, false, false, false, false, true], maxIter: 5 }).fit(Xtr, ytr);
    assert.deepEqual(Array.from(a.decisionFunction(Xte).data), Array.from(b.decisionFunction(Xte).data));
    const frame = (x: NDArray) => {
      const c: Record<string, number[]> = {};
      for (let j = 0; j < cols; j++) c[`f${j}`] = Array.from({ length: x.shape[0] }, (_, i) => x.data[i * cols + j]);
      return pl.DataFrame(c);
    };
    const byName = new HistGradientBoostingClassifier({ categoricalFeatures: ["f6"], maxIter: 5 }).fit(frame(Xtr), ytr);
    assert.deepEqual(Array.from(byName.decisionFunction(frame(Xte)).data), Array.from(a.decisionFunction(Xte).data));
  });

  it("NaN and unknown categories at predict time follow the learned missing side", () => {
    const m = new HistGradientBoostingClassifier({ categoricalFeatures: [6], maxIter: 20, randomState: 0 }).fit(Xtr, ytr);
    const row = Array.from(Xte.data.slice(0, cols));
    const asNaN = m.decisionFunction([[...row.slice(0, 6), NaN]]).data[0];
    const unknown = m.decisionFunction([[...row.slice(0, 6), 200]]).data[0];
    const negative = m.decisionFunction([[...row.slice(0, 6), -3]]).data[0];
    assert.equal(unknown, asNaN);
    assert.equal(negative, asNaN);
    const allNaN = m.predictProba([new Array(cols).fill(NaN)]);
    assert.ok(Number.isFinite(allNaN.data[0]) && Math.abs(allNaN.data[0] + allNaN.data[1] - 1) < 1e-12);
  });

  it("a feature without NaN in training sends NaN to the child with more samples", () => {
    const rs = new RandomState(5);
    const Xc = rs.randn(400, 2) as NDArray;
    const yc = Array.from({ length: 400 }, (_, i) => (Xc.data[i * 2] > 0.8 ? 1 : 0));
    const m = new HistGradientBoostingClassifier({ maxIter: 1, maxDepth: 1 }).fit(Xc, yc);
    const t = m.predictors_![0][0];
    assert.equal(t.feature[0], 0);
    const leftBigger = t.count[t.left[0]] > t.count[t.right[0]];
    assert.equal(t.missingGoToLeft[0], leftBigger ? 1 : 0);
    const nanOut = m.decisionFunction([[NaN, 0]]).data[0];
    const bigChild = leftBigger ? t.left[0] : t.right[0];
    assert.equal(nanOut, m.baselinePrediction_![0] + t.value[bigChild]);
  });
});

describe("HistGradientBoostingRegressor vs scikit-learn (diabetes)", () => {
  const dia = loadDiabetes();
  const cases: [string, object][] = [
    ["diabetes_sq", { maxIter: 50 }],
    ["diabetes_abs", { loss: "absolute_error", maxIter: 20 }],
    ["diabetes_l2", { maxIter: 40, maxLeafNodes: 15, l2Regularization: 1.0, minSamplesLeaf: 10 }],
  ];
  for (const [key, opts] of cases) {
    it(`${key}: predictions equal to 1e-9 (relative)`, () => {
      const m = new HistGradientBoostingRegressor({ ...opts, randomState: 0 }).fit(dia.data, dia.target);
      const p = m.predict(dia.data).data;
      const r: number[] = ref[key];
      let mx = 0;
      r.forEach((v, i) => { mx = Math.max(mx, Math.abs(v - p[i]) / Math.max(1, Math.abs(v))); });
      assert.ok(mx < 1e-9, `max relative difference ${mx}`);
    });
  }

  it("stagedPredict yields one prediction per iteration, the last equal to predict", () => {
    const m = new HistGradientBoostingRegressor({ maxIter: 30 }).fit(dia.data, dia.target);
    const staged = [...m.stagedPredict(dia.data)];
    assert.equal(staged.length, 30);
    assert.deepEqual(Array.from(staged[29].data), Array.from(m.predict(dia.data).data));
    assert.ok(m.score(dia.data, dia.target) > 0.5);
  });
});
