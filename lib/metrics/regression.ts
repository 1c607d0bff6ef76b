/**
 * Regression metrics with scikit-learn's semantics: mean squared error, mean absolute error and R², with sample
 * weights and multi-output averaging ("uniform_average", "raw_values", "variance_weighted" or custom weights).
 */
import type { TargetLike } from "../base/validation";
import { NDArray } from "../array/ndarray";
import { OptionError, ShapeError } from "../errors";
import { checkConsistentLength, toTarget, toVector, Target } from "../base/validation";

export type { TargetLike };

/** How per-output scores are combined. */
export type Multioutput = "uniform_average" | "raw_values" | "variance_weighted" | ArrayLike<number> | NDArray;

/** Options shared by the regression metrics. */
export interface RegressionMetricOptions {
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
  /** Combination of per-output values (default "uniform_average"). */
  multioutput?: Multioutput;
}

/** Options of {@link meanSquaredError}. */
export interface MSEOptions extends RegressionMetricOptions {
  /** false returns the root mean squared error (default true). */
  squared?: boolean;
}

/** Options of {@link r2Score}. */
export interface R2Options extends RegressionMetricOptions {
  /** Replace the non-finite scores of a constant y_true by 1.0 (perfect) / 0.0 (imperfect). Default true. */
  forceFinite?: boolean;
}

interface Prepared {
  yt: Target;
  yp: Target;
  w: Float64Array | null;
  weights: Float64Array | null;
  mode: "uniform_average" | "raw_values" | "variance_weighted" | "custom";
}

function prepare(yTrue: unknown, yPred: unknown, opts: RegressionMetricOptions): Prepared {
  const yt = toTarget(yTrue, "yTrue");
  const yp = toTarget(yPred, "yPred");
  checkConsistentLength(["yTrue", yt.rows], ["yPred", yp.rows]);
  if (yt.cols !== yp.cols) {
    throw new ShapeError("yPred outputs", `${yt.cols} output(s) like yTrue`, `${yp.cols}`);
  }
  let w: Float64Array | null = null;
  if (opts.sampleWeight !== undefined && opts.sampleWeight !== null) {
    w = toVector(opts.sampleWeight, "sampleWeight");
    checkConsistentLength(["yTrue", yt.rows], ["sampleWeight", w.length]);
  }
  const mo = opts.multioutput ?? "uniform_average";
  let weights: Float64Array | null = null;
  let mode: Prepared["mode"];
  if (typeof mo === "string") {
    if (mo !== "uniform_average" && mo !== "raw_values" && mo !== "variance_weighted") {
      throw new OptionError("multioutput", `"raw_values", "uniform_average", "variance_weighted" or an array of weights`, mo);
    }
    mode = mo;
  } else {
    weights = toVector(mo, "multioutput");
    if (yt.cols === 1) throw new OptionError("multioutput", "a string: custom weights are useful only with several outputs", mo);
    if (weights.length !== yt.cols) throw new ShapeError("multioutput weights", `${yt.cols} (one per output)`, `${weights.length}`);
    mode = "custom";
  }
  return { yt, yp, w, weights, mode };
}

/** Weighted column means of f(yTrue − yPred) over samples. */
function averageErrors(p: Prepared, f: (d: number) => number): Float64Array {
  const { yt, yp, w } = p;
  const c = yt.cols, out = new Float64Array(c);
  let tw = 0;
  for (let i = 0; i < yt.rows; i++) {
    const wi = w ? w[i] : 1;
    tw += wi;
    for (let j = 0; j < c; j++) out[j] += wi * f(yt.data[i * c + j] - yp.data[i * c + j]);
  }
  if (yt.rows === 0) throw new ShapeError("yTrue", "at least 1 sample", "0 samples");
  if (tw === 0) throw new OptionError("sampleWeight", "weights that do not sum to zero", tw);
  for (let j = 0; j < c; j++) out[j] /= tw;
  return out;
}

function combine(p: Prepared, values: Float64Array, name: string): number | NDArray {
  switch (p.mode) {
    case "raw_values": return new NDArray(values, [values.length]);
    case "uniform_average": return weightedAverage(values, null);
    case "custom": return weightedAverage(values, p.weights);
    default: throw new OptionError("multioutput", `"raw_values", "uniform_average" or weights for ${name}`, p.mode);
  }
}

function weightedAverage(v: Float64Array, w: Float64Array | null): number {
  let s = 0, tw = 0;
  for (let j = 0; j < v.length; j++) { const wj = w ? w[j] : 1; s += wj * v[j]; tw += wj; }
  if (tw === 0) throw new OptionError("multioutput", "weights that do not sum to zero", tw);
  return s / tw;
}

/**
 * Mean squared error regression loss (sklearn's `mean_squared_error`).
 * @param yTrue - true targets, [n] or [n, outputs]
 * @param yPred - predictions, same shape
 * @param options - sampleWeight, multioutput ("uniform_average" default or "raw_values" or weights), squared
 * @returns a number, or an NDArray per output for multioutput "raw_values"
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 */
export function meanSquaredError(yTrue: TargetLike, yPred: TargetLike, options?: MSEOptions & { multioutput?: Exclude<Multioutput, "raw_values"> }): number;
export function meanSquaredError(yTrue: TargetLike, yPred: TargetLike, options: MSEOptions & { multioutput: "raw_values" }): NDArray;
export function meanSquaredError(yTrue: TargetLike, yPred: TargetLike, options: MSEOptions = {}): number | NDArray {
  const p = prepare(yTrue, yPred, options);
  const errs = averageErrors(p, (d) => d * d);
  if (options.squared === false) for (let j = 0; j < errs.length; j++) errs[j] = Math.sqrt(errs[j]);
  return combine(p, errs, "meanSquaredError");
}

/**
 * Mean absolute error regression loss (sklearn's `mean_absolute_error`).
 * @param yTrue - true targets, [n] or [n, outputs]
 * @param yPred - predictions, same shape
 * @param options - sampleWeight, multioutput ("uniform_average" default or "raw_values" or weights)
 * @example
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(yTrue: TargetLike, yPred: TargetLike, options?: RegressionMetricOptions & { multioutput?: Exclude<Multioutput, "raw_values"> }): number;
export function meanAbsoluteError(yTrue: TargetLike, yPred: TargetLike, options: RegressionMetricOptions & { multioutput: "raw_values" }): NDArray;
export function meanAbsoluteError(yTrue: TargetLike, yPred: TargetLike, options: RegressionMetricOptions = {}): number | NDArray {
  const p = prepare(yTrue, yPred, options);
  return combine(p, averageErrors(p, Math.abs), "meanAbsoluteError");
}

/**
 * Coefficient of determination R² (sklearn's `r2_score`). With a constant yTrue the score is 1.0 for perfect
 * predictions and 0.0 otherwise (forceFinite, the default); fewer than two samples give NaN, as in sklearn.
 * @param yTrue - true targets, [n] or [n, outputs]
 * @param yPred - predictions, same shape
 * @param options - sampleWeight, multioutput ("uniform_average" default, "raw_values", "variance_weighted" or
 *   weights), forceFinite
 * @example
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486…
 */
export function r2Score(yTrue: TargetLike, yPred: TargetLike, options?: R2Options & { multioutput?: Exclude<Multioutput, "raw_values"> }): number;
export function r2Score(yTrue: TargetLike, yPred: TargetLike, options: R2Options & { multioutput: "raw_values" }): NDArray;
export function r2Score(yTrue: TargetLike, yPred: TargetLike, options: R2Options = {}): number | NDArray {
  const p = prepare(yTrue, yPred, options);
  const { yt, yp, w } = p;
  const n = yt.rows, c = yt.cols;
  if (n < 2) return NaN;
  const mean = new Float64Array(c);
  let tw = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    tw += wi;
    for (let j = 0; j < c; j++) mean[j] += wi * yt.data[i * c + j];
  }
  if (tw === 0) throw new OptionError("sampleWeight", "weights that do not sum to zero", tw);
  for (let j = 0; j < c; j++) mean[j] /= tw;
  const num = new Float64Array(c), den = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    for (let j = 0; j < c; j++) {
      const t = yt.data[i * c + j];
      const d = t - yp.data[i * c + j], e = t - mean[j];
      num[j] += wi * d * d;
      den[j] += wi * e * e;
    }
  }
  const forceFinite = options.forceFinite ?? true;
  const scores = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    if (!forceFinite) scores[j] = 1 - num[j] / den[j];
    else if (den[j] !== 0 && num[j] !== 0) scores[j] = 1 - num[j] / den[j];
    else scores[j] = num[j] !== 0 ? 0 : 1;
  }
  if (p.mode === "variance_weighted") {
    const anyNonzero = den.some((d) => d !== 0);
    return weightedAverage(scores, anyNonzero ? den : null);
  }
  return combine(p, scores, "r2Score");
}
