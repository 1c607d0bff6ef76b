/**
 * The histogram worker (issue 17): with two cores, large nodes' histograms are split by feature between the
 * fitting thread and a worker over one shared memory. Each feature is still summed by one thread in sample order,
 * so the histograms equal a naive sum bit for bit and a fit grows exactly the trees of a one-thread fit.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "../../lib/ensemble/hist_gradient_boosting";
import { HistogramBuilder } from "../../lib/ensemble/hist_gradient_boosting/histogram";
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
    const fits = (threads: boolean | "always") => {
      setHistogramThreads(threads);
      const before = sharedScans();
      const clf = new HistGradientBoostingClassifier({ maxIter: 15, earlyStopping: false, randomState: 0 }).fit(X, yc);
      const reg = new HistGradientBoostingRegressor({ maxIter: 15, earlyStopping: false, randomState: 0 }).fit(X, yr);
      return { clf, reg, shared: sharedScans() - before };
    };
    const one = fits(false), two = fits("always");
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
});
