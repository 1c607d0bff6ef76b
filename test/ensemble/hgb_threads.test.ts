/**
 * The histogram worker (issue 17): with two cores, each large node's features are split between the fitting thread
 * and a worker over one shared memory — histograms, the sibling's subtraction and each feature's best split. Each
 * feature is still done by one thread with the same code, and the splits are reduced in feature order, so the
 * histograms equal a naive sum bit for bit and a fit grows exactly the trees of a one-thread fit.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "../../lib/ensemble/hist_gradient_boosting";
import { HistogramBuilder } from "../../lib/ensemble/hist_gradient_boosting/histogram";
import { findNodeSplit, readSplit, SplitterContext, SPLIT_RECORD, writeSplit } from "../../lib/ensemble/hist_gradient_boosting/splitting";
import type { TreeArrays } from "../../lib/ensemble/hist_gradient_boosting/predictor";
import { binData, fitBinMapper } from "../../lib/ensemble/hist_gradient_boosting/binning";
import { fitAndBin } from "../../lib/ensemble/hist_gradient_boosting/bin_threads";
import { setHistogramThreads, sharedScans } from "../../lib/ensemble/hist_gradient_boosting/scan_pool";
import { cpuCount } from "../../lib/parallel/jobs";
import { RandomState } from "../../lib/random";
import { NBINS, naiveHist, sameBits, skewedBins } from "./hgb_reference";

describe("HistGradientBoosting: histograms on two threads", function () {
  this.timeout(120000);
  const twoCores = cpuCount() >= 2 && process.env.TYPELEARN_HGB_THREADS !== "1";
  after(() => setHistogramThreads(true));

  for (const constantHessian of [false, true]) {
    it(`split scans equal a naive sum bit for bit (${constantHessian ? "constant" : "per-sample"} hessians)`, () => {
      const rs = new RandomState(1);
      const n = 40011, F = 7;
      const { xb, g, h, perm } = skewedBins(rs, n, F);
      const before = sharedScans();
      // maxLive 1: the second live histogram is scanned into scratch and copied out (both paths split)
      const hb = new HistogramBuilder(xb, n, F, NBINS, constantHessian, 1, true, true);
      hb.setGradients(g, h);
      hb.partition.set(perm);
      // which thread scans which feature depends on scheduling: repeat, every outcome must be the naive sum
      for (let rep = 0; rep < 8; rep++) {
        for (const [a, b] of [[0, n], [5, 9000], [100, 30101], [7, 7], [39000, 40011]]) {
          const first = hb.brute(a, b);
          sameBits(first, naiveHist(xb, n, F, perm, a, b, g, h, constantHessian), `brute [${a}, ${b})`);
          const second = hb.brute(a, b);
          sameBits(second, first, `second brute [${a}, ${b})`);
          hb.release(first);
          hb.release(second);
        }
      }
      hb.dispose();
      if (twoCores) assert.ok(sharedScans() > before, "the worker should have taken part in some scans");
    });
  }

  it("a fit grows the same trees and predictions with and without the worker", () => {
    const rs = new RandomState(0);
    const n = 12000, p = 20;
    const X = rs.randn(n, p) as NDArray;
    const x = X.data as Float64Array;
    for (let i = 0; i < n * p; i += 97) x[i] = NaN;
    const yc = new Int32Array(n), yr = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      yr[i] = (x[o + 1] || 0) - 2 * (x[o + 2] || 0) * (x[o + 3] || 0);
      yc[i] = (yr[i] > 0.3 ? 1 : 0) + (x[o + 4] > 1 ? 1 : 0);
    }
    const fits = (threads: boolean) => {
      setHistogramThreads(threads);
      const before = sharedScans();
      const clf = new HistGradientBoostingClassifier({ maxIter: 15, earlyStopping: false, randomState: 0 }).fit(X, yc);
      const reg = new HistGradientBoostingRegressor({ maxIter: 15, earlyStopping: false, randomState: 0 }).fit(X, yr);
      return { clf, reg, shared: sharedScans() - before };
    };
    const one = fits(false), two = fits(true);
    assert.equal(one.shared, 0);
    if (twoCores) assert.ok(two.shared > 0, "the threaded fit should use the worker");
    sameBits((one.clf.decisionFunction(X) as NDArray).data, (two.clf.decisionFunction(X) as NDArray).data, "classifier decision values");
    sameBits((one.reg.predict(X) as NDArray).data, (two.reg.predict(X) as NDArray).data, "regressor predictions");
    const a = one.clf.predictors_, b = two.clf.predictors_;
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) {
      for (let k = 0; k < a[i].length; k++) {
        sameBits(a[i][k].threshold, b[i][k].threshold, `tree ${i}/${k} thresholds`);
        sameBits(a[i][k].feature, b[i][k].feature, `tree ${i}/${k} features`);
        sameBits(a[i][k].value, b[i][k].value, `tree ${i}/${k} values`);
      }
    }
  });

  it("a node task's histograms and splits equal a naive sum and one-thread split search, whoever did which feature", () => {
    const rs = new RandomState(2);
    const n = 30011, F = 9;
    const { xb, g, h, perm } = skewedBins(rs, n, F);
    const nBinsNonMissing = Int32Array.from({ length: F }, (_, f) => 200 + f);
    const ctx: SplitterContext = { nFeatures: F, nBins: NBINS, missingBin: NBINS - 1, nBinsNonMissing,
      hasMissing: Uint8Array.from({ length: F }, (_, f) => f % 2), isCategorical: new Uint8Array(F), l2: 0.1,
      minHessianToSplit: 1e-3, minSamplesLeaf: 20, constantHessian: false };
    const sums = (a: number, b: number) => {
      let sg = 0, sh = 0;
      for (let i = a; i < b; i++) { sg += g[perm[i]]; sh += h[perm[i]]; }
      return { n: b - a, sumG: sg, sumH: sh, value: -sg / (sh + 0.1) };
    };
    const ref = (hist: Float64Array, st: ReturnType<typeof sums>) => findNodeSplit(ctx, hist, st.n, st.sumG, st.sumH, st.value);
    const before = sharedScans();
    const hb = new HistogramBuilder(xb, n, F, NBINS, false, 4, true, true, ctx);
    hb.setGradients(g, h);
    hb.partition.set(perm);
    for (let rep = 0; rep < 6; rep++) {
      const root = hb.node(0, n, null, sums(0, n), null);
      const rootNaive = naiveHist(xb, n, F, perm, 0, n, g, h, false);
      sameBits(root.hist, rootNaive, "root histograms");
      assert.deepEqual(root.split, ref(rootNaive, sums(0, n)), "root split");
      // "children" [0, 12000) scanned and [12000, n) by subtraction from the root
      const child = hb.node(0, 12000, root.hist, sums(0, 12000), sums(12000, n));
      sameBits(child.hist, naiveHist(xb, n, F, perm, 0, 12000, g, h, false), "scanned child");
      const sib = child.sibling!;
      const sibRef = Float64Array.from(rootNaive);
      const small = naiveHist(xb, n, F, perm, 0, 12000, g, h, false);
      for (let i = 0; i < sibRef.length; i += 4) { sibRef[i] -= small[i]; sibRef[i + 1] -= small[i + 1]; sibRef[i + 2] -= small[i + 2]; }
      sameBits(sib, sibRef, "sibling by subtraction");
      assert.deepEqual(child.split, ref(small, sums(0, 12000)), "scanned child's split");
      assert.deepEqual(child.siblingSplit, ref(sibRef, sums(12000, n)), "sibling's split");
      hb.release(child.hist);
      hb.release(sib);
    }
    hb.dispose();
    if (twoCores) assert.ok(sharedScans() > before, "the worker should have taken part in some node tasks");
  });

  it("split records read back as the same SplitInfo (categorical bitsets included)", () => {
    const rec = new Float64Array(2 * SPLIT_RECORD);
    const s = { gain: 3.25, feature: 7, bin: 0, missingGoToLeft: true, sumGradientLeft: -1.5, sumHessianLeft: 2.75,
      sumGradientRight: 0.125, sumHessianRight: 9.5, nLeft: 40, nRight: 60, valueLeft: 0.5, valueRight: -0.0125,
      isCategorical: true, leftCatBitset: Uint32Array.of(0xffffffff, 0, 5, 0x80000000, 0, 0, 0, 1) };
    writeSplit(s, rec, SPLIT_RECORD);
    assert.deepEqual(readSplit(rec, SPLIT_RECORD), s);
    const t = { ...s, isCategorical: false, leftCatBitset: null, missingGoToLeft: false, gain: -1 };
    writeSplit(t, rec, 0);
    assert.deepEqual(readSplit(rec, 0), t);
  });

  it("binning on two threads equals fitBinMapper + binData (NaN, few distinct values, categorical, row subsample)", () => {
    const rs = new RandomState(9);
    for (const [rows, cols] of [[30000, 8], [200003, 3]]) {
      const x = rs.randn(rows * cols).data as Float64Array;
      for (let i = 0; i < rows; i++) {
        x[i * cols] = Math.floor(x[i * cols] * 3); // few distinct values: midpoints
        if (i % 13 === 0) x[i * cols + 1] = NaN;
        x[i * cols + 2] = Math.abs(Math.floor(x[i * cols + 2] * 4)) % 7; // categories 0…6
      }
      const isCat = new Uint8Array(cols);
      isCat[2] = 1;
      const known: (Float64Array | null)[] = Array.from({ length: cols }, (_, j) => (j === 2 ? Float64Array.of(0, 1, 2, 3, 4, 5, 6) : null));
      const ref = fitBinMapper(x, rows, cols, 255, isCat, known, 12345);
      const refXb = binData(ref, x, rows, cols);
      // who bins which feature depends on scheduling: repeat (the small case) until the worker took part
      const before = sharedScans();
      let got = fitAndBin(x, rows, cols, 255, isCat, known, 12345, true);
      for (let rep = 0; rows < 100000 && rep < 6 && sharedScans() === before; rep++) got = fitAndBin(x, rows, cols, 255, isCat, known, 12345, true);
      if (twoCores && rows < 100000) assert.ok(sharedScans() > before, "the worker should have binned some features");
      assert.equal(got.bins.thresholds.length, cols);
      for (let j = 0; j < cols; j++) sameBits(got.bins.thresholds[j], ref.thresholds[j], `${rows} rows: thresholds of feature ${j}`);
      sameBits(got.bins.nBinsNonMissing, ref.nBinsNonMissing, "bins per feature");
      sameBits(got.bins.knownCategoryBitsets, ref.knownCategoryBitsets, "category bitsets");
      sameBits(got.xb, refXb, `${rows} rows: binned data`);
    }
  });

  it("predictions over row chunks on two threads equal one-thread predictions (multiclass, NaN, unknown categories)", () => {
    const rs = new RandomState(11);
    const n = 6000, rows = 50001, p = 6;
    const make = (m: number) => {
      const X = rs.randn(m, p) as NDArray, x = X.data as Float64Array;
      for (let i = 0; i < m; i++) {
        x[i * p + 3] = Math.abs(Math.floor(x[i * p + 3] * 3)) % 9; // categories; 7 and 8 are rare or unseen in fit
        if (i % 17 === 0) x[i * p + 1] = NaN;
      }
      return X;
    };
    const X = make(n), x = X.data as Float64Array, y = new Int32Array(n);
    for (let i = 0; i < n; i++) y[i] = (x[i * p] > 0 ? 1 : 0) + (x[i * p + 3] % 2) + ((x[i * p + 1] || 0) > 1 ? 1 : 0);
    const model = new HistGradientBoostingClassifier({ maxIter: 20, earlyStopping: false, categoricalFeatures: [3], randomState: 0 }).fit(X, y);
    const Xp = make(rows);
    setHistogramThreads(false);
    const one = model.decisionFunction(Xp) as NDArray, oneP = model.predictProba(Xp) as NDArray;
    setHistogramThreads(true);
    const before = sharedScans();
    let two = model.decisionFunction(Xp) as NDArray;
    for (let rep = 0; rep < 4 && sharedScans() === before; rep++) two = model.decisionFunction(Xp) as NDArray;
    if (twoCores) assert.ok(sharedScans() > before, "the worker should have predicted some rows");
    assert.deepEqual(two.shape, one.shape);
    sameBits(two.data, one.data, "decision values");
    sameBits((model.predictProba(Xp) as NDArray).data, oneP.data, "probabilities");
  });

  describe("fits on two threads grow the one-thread trees exactly", () => {
    const rs = new RandomState(5);
    const n = 14000, p = 18;
    const X = rs.randn(n, p) as NDArray;
    const x = X.data as Float64Array;
    const u = rs.rand(n * p).data as Float64Array;
    for (let i = 0; i < n * p; i++) if (u[i] < 0.04) x[i] = NaN;
    // column 5: a categorical feature with 12 categories (and its NaN)
    for (let i = 0; i < n; i++) if (x[i * p + 5] === x[i * p + 5]) x[i * p + 5] = Math.floor(u[i] * 12);
    const yr = new Float64Array(n), y2 = new Int32Array(n), y4 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * p, c = x[o + 5] === x[o + 5] ? x[o + 5] : 3;
      yr[i] = (x[o] || 0) + (c % 3) - (x[o + 2] || 0) * (x[o + 3] || 0) + 0.3 * (x[o + 7] || 0);
      y2[i] = yr[i] > 0.5 ? 1 : 0;
      y4[i] = (yr[i] > 0 ? 1 : 0) + (yr[i] > 1 ? 1 : 0) + ((x[o + 9] || 0) > 0.8 ? 1 : 0);
    }
    const cases: [string, () => { decide: (m: any) => ArrayLike<number>; fit: () => any }][] = [
      ["binary, NaN, categorical column", () => ({ fit: () => new HistGradientBoostingClassifier({ maxIter: 12, earlyStopping: false, categoricalFeatures: [5], randomState: 0 }).fit(X, y2), decide: (m) => m.decisionFunction(X).data })],
      ["multiclass (4 classes), early stopping on the loss", () => ({ fit: () => new HistGradientBoostingClassifier({ maxIter: 30, earlyStopping: true, scoring: "loss", nIterNoChange: 2, tol: 1e-3, learningRate: 1, validationFraction: 0.15, categoricalFeatures: [5], randomState: 1 }).fit(X, y4), decide: (m) => m.decisionFunction(X).data })],
      ["binary, early stopping 'auto' with the accuracy scorer, maxDepth and l2", () => ({ fit: () => new HistGradientBoostingClassifier({ maxIter: 25, scoring: "accuracy", nIterNoChange: 2, maxDepth: 5, l2Regularization: 0.5, minSamplesLeaf: 50, randomState: 3 }).fit(X, y2), decide: (m) => m.decisionFunction(X).data })],
      ["regressor, squared error (constant hessians), 63 leaves", () => ({ fit: () => new HistGradientBoostingRegressor({ maxIter: 10, earlyStopping: false, maxLeafNodes: 63, randomState: 0 }).fit(X, yr), decide: (m) => m.predict(X).data })],
      ["regressor, absolute error (leaves refitted), categorical", () => ({ fit: () => new HistGradientBoostingRegressor({ loss: "absolute_error", maxIter: 10, earlyStopping: false, categoricalFeatures: [5], randomState: 0 }).fit(X, yr), decide: (m) => m.predict(X).data })],
    ];
    for (const [name, make] of cases) {
      it(name, () => {
        const { fit, decide } = make();
        setHistogramThreads(false);
        const before1 = sharedScans();
        const one = fit();
        assert.equal(sharedScans(), before1, "the one-thread fit must not use the worker");
        setHistogramThreads(true);
        const before2 = sharedScans();
        const two = fit();
        if (twoCores) assert.ok(sharedScans() > before2, "the two-thread fit should use the worker");
        assert.equal(two.nIter_, one.nIter_, "iterations");
        sameBits(two.trainScore_.data, one.trainScore_.data, "train scores");
        sameBits(two.validationScore_.data, one.validationScore_.data, "validation scores");
        const a: TreeArrays[][] = one.predictors_, b: TreeArrays[][] = two.predictors_;
        assert.equal(b.length, a.length);
        for (let i = 0; i < a.length; i++) {
          for (let k = 0; k < a[i].length; k++) {
            for (const key of Object.keys(a[i][k]) as (keyof TreeArrays)[]) sameBits(b[i][k][key], a[i][k][key], `tree ${i}/${k} ${key}`);
          }
        }
        sameBits(decide(two), decide(one), "predictions");
        // the case exercises what its name says
        if (name.includes("categorical")) assert.ok(a.some((it) => it.some((t) => t.isCategorical.some((c) => c === 1))), "some categorical split");
        if (name.includes("early stopping")) assert.ok(one.nIter_ < one.maxIter, `early stopping should stop before maxIter (ran ${one.nIter_})`);
      });
    }
  });
});

