/**
 * Losses of histogram gradient boosting (scikit-learn 1.2's _loss module): the baseline (intercept-only) raw
 * prediction, per-sample gradients and hessians, the mean loss (for early stopping) and the inverse link.
 *
 * Gradients and hessians are held in Float64Array but rounded to float32 (Math.fround), because scikit-learn
 * stores them as float32: with the same rounding, histogram sums, gains and therefore trees agree with
 * scikit-learn's split for split, instead of drifting in the last bits and occasionally picking another split.
 *
 * Raw predictions are laid out class-major: raw[k·n + i] for tree k of sample i.
 */
import { npSum } from "../../cluster/numpy_sum";

/** A boosting loss. */
export interface HGBLoss {
  readonly name: string;
  /** Trees per iteration (classes for multiclass, else 1). */
  readonly nTrees: number;
  /** Hessians are constant (1): histograms skip them. */
  readonly constantHessian: boolean;
  /** Leaves are re-fitted on the residuals after growth (absolute error). */
  readonly updateLeaves: boolean;
  /** Raw prediction of an intercept-only model, one per tree. */
  baseline(y: Float64Array): Float64Array;
  /** Fill gradients/hessians (class-major like raw) at the current raw predictions. */
  gradHess(y: Float64Array, raw: Float64Array, g: Float64Array, h: Float64Array): void;
  /** Mean loss. */
  loss(y: Float64Array, raw: Float64Array): number;
}

const fround = Math.fround;

/** Half squared error ½(y − f)², identity link; baseline the mean. */
export const squaredError = (): HGBLoss => ({
  name: "squared_error", nTrees: 1, constantHessian: true, updateLeaves: false,
  baseline: (y) => Float64Array.of(npSum(y) / y.length),
  gradHess(y, raw, g, h) {
    const n = y.length;
    for (let i = 0; i < n; i++) g[i] = fround(raw[i] - y[i]);
    h[0] = 1;
  },
  loss(y, raw) {
    const n = y.length, l = new Float64Array(n);
    for (let i = 0; i < n; i++) { const d = y[i] - raw[i]; l[i] = 0.5 * d * d; }
    return npSum(l) / n;
  },
});

/** Absolute error |y − f|; baseline the median; leaves re-fitted to the median residual. */
export const absoluteError = (): HGBLoss => ({
  name: "absolute_error", nTrees: 1, constantHessian: true, updateLeaves: true,
  baseline: (y) => Float64Array.of(median(Float64Array.from(y))),
  gradHess(y, raw, g, h) {
    const n = y.length;
    for (let i = 0; i < n; i++) g[i] = raw[i] > y[i] ? 1 : -1;
    h[0] = 1;
  },
  loss(y, raw) {
    const n = y.length, l = new Float64Array(n);
    for (let i = 0; i < n; i++) l[i] = Math.abs(y[i] - raw[i]);
    return npSum(l) / n;
  },
});

/** Binary log loss with the logit link; baseline the log-odds of the positive class's prior. */
export const binomial = (): HGBLoss => ({
  name: "log_loss", nTrees: 1, constantHessian: false, updateLeaves: false,
  baseline(y) {
    const eps = 10 * 2.220446049250313e-16;
    let p = npSum(y) / y.length;
    p = Math.min(Math.max(p, eps), 1 - eps);
    return Float64Array.of(Math.log(p) - Math.log1p(-p)); // scipy's logit
  },
  gradHess(y, raw, g, h) {
    const n = y.length;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-raw[i]), yi = y[i];
      g[i] = fround(((1 - yi) - yi * e) / (1 + e));
      h[i] = fround(e / ((1 + e) * (1 + e)));
    }
  },
  loss(y, raw) {
    const n = y.length, l = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = raw[i], yi = y[i];
      if (r <= 0) {
        const e = Math.exp(r);
        l[i] = (r <= -37 ? e : Math.log1p(e)) - yi * r;
      } else {
        const e = Math.exp(-r);
        l[i] = (r <= 18 ? Math.log1p(e) : e) + (1 - yi) * r;
      }
    }
    return npSum(l) / n;
  },
});

/** Multiclass log loss with softmax (symmetric multinomial logit); one tree per class per iteration. */
export const multinomial = (nClasses: number): HGBLoss => ({
  name: "log_loss", nTrees: nClasses, constantHessian: false, updateLeaves: false,
  baseline(y) {
    const eps = 2.220446049250313e-16, n = y.length;
    const p = new Float64Array(nClasses), ind = new Float64Array(n);
    for (let k = 0; k < nClasses; k++) {
      for (let i = 0; i < n; i++) ind[i] = y[i] === k ? 1 : 0;
      p[k] = Math.min(Math.max(npSum(ind) / n, eps), 1 - eps);
    }
    let meanLog = 0;
    for (let k = 0; k < nClasses; k++) meanLog += Math.log(p[k]);
    const gm = Math.exp(meanLog / nClasses);
    return p.map((pk) => Math.log(pk / gm));
  },
  gradHess(y, raw, g, h) {
    const n = y.length, K = nClasses, p = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      let mx = raw[i];
      for (let k = 1; k < K; k++) if (mx < raw[k * n + i]) mx = raw[k * n + i];
      let s = 0;
      for (let k = 0; k < K; k++) { p[k] = Math.exp(raw[k * n + i] - mx); s += p[k]; }
      for (let k = 0; k < K; k++) {
        const pk = p[k] / s;
        g[k * n + i] = fround(pk - (y[i] === k ? 1 : 0));
        h[k * n + i] = fround(pk * (1 - pk));
      }
    }
  },
  loss(y, raw) {
    const n = y.length, K = nClasses, l = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let mx = raw[i];
      for (let k = 1; k < K; k++) if (mx < raw[k * n + i]) mx = raw[k * n + i];
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(raw[k * n + i] - mx);
      l[i] = Math.log(s) + mx - raw[y[i] * n + i];
    }
    return npSum(l) / n;
  },
});

/** Median as numpy (mean of the two middle values for an even count). Sorts `a` in place. */
export function median(a: Float64Array): number {
  a.sort();
  const n = a.length, m = n >> 1;
  return n % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** Softmax of raw predictions (class-major raw → row-major probabilities). */
export function softmaxRows(raw: Float64Array, n: number, K: number): Float64Array {
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let mx = raw[i];
    for (let k = 1; k < K; k++) if (raw[k * n + i] > mx) mx = raw[k * n + i];
    let s = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(raw[k * n + i] - mx); out[i * K + k] = e; s += e; }
    for (let k = 0; k < K; k++) out[i * K + k] /= s;
  }
  return out;
}

/** The logistic function 1 / (1 + e^−x), stable at both ends. */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
