/**
 * The fit preamble and epilogue shared by the closed-form linear regressors (LinearRegression, Ridge): target and
 * sample-weight validation, weighted centring, and the intercept from the offsets.
 */
import { NDArray } from "../array/ndarray";
import { OptionError, ShapeError } from "../errors";
import { checkConsistentLength, toTarget, toVector } from "../base/validation";
import type { TargetLike, VectorLike } from "../base/validation";

/** X (already validated) and y as row-major matrices, with their sizes. */
export interface LinearTargets {
  /** y row-major, [m, t]. */
  y: Float64Array;
  /** Whether y was 1-D. */
  is1d: boolean;
  /** Samples. */
  m: number;
  /** Features. */
  n: number;
  /** Targets. */
  t: number;
}

/**
 * Validate y against an already validated X: same sample count, at least one target column.
 * @param xRows - samples in X
 * @param xCols - features in X
 * @param y - targets, [nSamples] or [nSamples, nTargets]
 * @returns y row-major with the sizes m, n, t
 * @example
 * const { y: yd, m, n, t, is1d } = checkLinearTargets(xm.rows, xm.cols, y);
 */
export function checkLinearTargets(xRows: number, xCols: number, y: TargetLike): LinearTargets {
  const ym = toTarget(y, "y");
  checkConsistentLength(["X", xRows], ["y", ym.rows]);
  if (ym.cols === 0) throw new ShapeError("y", "at least 1 target column", "0 columns");
  return { y: ym.data, is1d: ym.is1d, m: xRows, n: xCols, t: ym.cols };
}

/** Centred, √weight-scaled data and the offsets that were subtracted. */
export interface CenteredData {
  /** (X − xOffset)·√w, row-major [m, n]. */
  xc: Float64Array;
  /** (y − yOffset)·√w, row-major [m, t]. */
  yc: Float64Array;
  /** Weighted column means of X (zeros without an intercept). */
  xOffset: Float64Array;
  /** Weighted column means of y (zeros without an intercept). */
  yOffset: Float64Array;
}

/**
 * Check the optional sample weights (one per sample, non-negative), then centre X and y on their weighted means
 * (when fitting an intercept) and scale each row by √w, so that ordinary least squares on the result is weighted
 * least squares on the input.
 * @param x - X row-major [m, n]
 * @param y - y row-major [m, t]
 * @param dims - the sizes m, n, t
 * @param sampleWeight - optional non-negative weight per sample
 * @param fitIntercept - centre first
 * @returns the centred, scaled copies and the offsets
 * @example
 * const { xc, yc, xOffset, yOffset } = centerWeighted(xm.data, yd, { m, n, t }, sampleWeight, true);
 */
export function centerWeighted(x: Float64Array, y: Float64Array, dims: { m: number; n: number; t: number },
  sampleWeight: VectorLike | undefined | null, fitIntercept: boolean): CenteredData {
  const { m, n, t } = dims;
  let w: Float64Array | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    w = toVector(sampleWeight, "sampleWeight");
    checkConsistentLength(["X", m], ["sampleWeight", w.length]);
    for (let i = 0; i < m; i++) if (w[i] < 0) throw new OptionError("sampleWeight", "non-negative weights", w[i]);
  }
  const xOffset = new Float64Array(n), yOffset = new Float64Array(t);
  if (fitIntercept) {
    weightedMean(x, m, n, w, xOffset);
    weightedMean(y, m, t, w, yOffset);
  }
  const xc = new Float64Array(m * n), yc = new Float64Array(m * t);
  for (let i = 0; i < m; i++) {
    const s = w ? Math.sqrt(w[i]) : 1;
    for (let j = 0; j < n; j++) xc[i * n + j] = (x[i * n + j] - xOffset[j]) * s;
    for (let q = 0; q < t; q++) yc[i * t + q] = (y[i * t + q] - yOffset[q]) * s;
  }
  return { xc, yc, xOffset, yOffset };
}

/**
 * Turn a solver's n×t solution on centred data into fitted attributes: coef_ [n] or [t, n] (targets × features)
 * and intercept_ = yOffset − xOffset·coef (a number for 1-D y or without an intercept, else an NDArray [t]).
 * @param sol - the solution, row-major [n, t]
 * @param data - the offsets from {@link centerWeighted}
 * @param dims - the sizes n, t and whether y was 1-D
 * @param fitIntercept - whether an intercept is fitted (else intercept_ is 0)
 * @returns coef_ and intercept_
 * @example
 * const { coef, intercept } = linearAttributes(sol, centered, { n, t, is1d }, true);
 */
export function linearAttributes(sol: Float64Array, data: { xOffset: Float64Array; yOffset: Float64Array },
  dims: { n: number; t: number; is1d: boolean }, fitIntercept: boolean): { coef: NDArray; intercept: number | NDArray } {
  const { n, t, is1d } = dims;
  const { xOffset, yOffset } = data;
  const coef = new Float64Array(t * n);
  for (let j = 0; j < n; j++) for (let q = 0; q < t; q++) coef[q * n + j] = sol[j * t + q];
  const intercept = new Float64Array(t);
  for (let q = 0; q < t; q++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += xOffset[j] * coef[q * n + j];
    intercept[q] = fitIntercept ? yOffset[q] - s : 0;
  }
  return {
    coef: is1d ? new NDArray(coef, [n]) : new NDArray(coef, [t, n]),
    intercept: !fitIntercept ? 0 : is1d ? intercept[0] : new NDArray(intercept, [t]),
  };
}

/** Column means of a row-major m×c matrix, weighted by w when given, into out. */
function weightedMean(a: Float64Array, m: number, c: number, w: Float64Array | null, out: Float64Array): void {
  out.fill(0);
  let tw = 0;
  for (let i = 0; i < m; i++) {
    const wi = w ? w[i] : 1;
    tw += wi;
    for (let j = 0; j < c; j++) out[j] += wi * a[i * c + j];
  }
  if (!(tw > 0)) throw new OptionError("sampleWeight", "weights with a positive sum", tw);
  for (let j = 0; j < c; j++) out[j] /= tw;
}
