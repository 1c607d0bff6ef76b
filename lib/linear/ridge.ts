/**
 * Linear least squares with an L2 penalty, scikit-learn's `Ridge`.
 */
import { NDArray } from "../array/ndarray";
import { choleskyRaw, choleskySolveRaw, gemm64, gram, svdRaw } from "../array/linalg";
import { OptionError, ShapeError } from "../errors";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import { toVector } from "../base/validation";
import type { MatrixLike, TargetLike, VectorLike } from "../base/validation";
import { Regressor } from "../base/roles";
import { ARRAY, BOOLEAN, ParameterConstraints, interval, oneOf } from "../base/constraints";
import { centerWeighted, checkLinearTargets, linearAttributes } from "./preprocess";

/** Solvers of {@link Ridge}. "auto" is "cholesky" (falling back to "svd" when the system is singular). */
export type RidgeSolver = "auto" | "cholesky" | "svd";

/** Options of {@link Ridge}. */
export interface RidgeOptions {
  /** Penalty strength (≥ 0): one number, or one per target column. Default 1. */
  alpha?: number | number[] | NDArray;
  /** Fit an intercept (center X and y first; the intercept is not penalized). Default true. */
  fitIntercept?: boolean;
  /** "auto" (default), "cholesky" or "svd". */
  solver?: RidgeSolver;
}

const DEFAULTS: Required<RidgeOptions> = { alpha: 1.0, fitIntercept: true, solver: "auto" };

/** The options, typed once from {@link RidgeOptions}. */
export interface Ridge extends Required<RidgeOptions> {}

/**
 * Ridge regression: minimizes ‖y − X·w − b‖² + α‖w‖² for each target. Solved in closed form by a Cholesky
 * factorization of XᵀX + αI (or of XXᵀ + αI, the dual, when there are more features than samples), on centered
 * data when fitting an intercept; by the SVD when asked or when the system is singular (α = 0, collinear X).
 *
 * @example
 * const model = new Ridge({ alpha: 0.5 }).fit([[0, 0], [0, 0], [1, 1]], [0, 0.1, 1]);
 * model.coef_;               // NDArray [0.4…, 0.4…]
 * model.predict([[2, 2]]);   // NDArray [1.7…]
 */
export class Ridge extends Regressor(BaseEstimator) {
  /** What each option accepts, checked before fit (an array alpha's values are checked against the targets). */
  static readonly parameterConstraints: ParameterConstraints<RidgeOptions> = {
    alpha: [interval("real", 0, null, "left"), ARRAY],
    fitIntercept: [BOOLEAN],
    solver: [oneOf("auto", "cholesky", "svd")],
  };
  /** Coefficients: [nFeatures] for 1-D y, [nTargets, nFeatures] for 2-D y. */
  declare coef_: NDArray;
  /** Intercept: a number for 1-D y (or without intercept), an NDArray [nTargets] for 2-D y. */
  declare intercept_: number | NDArray;
  /** The solver that produced the solution ("cholesky" or "svd"). */
  declare solver_: "cholesky" | "svd";
  static { fittedAttributes(this, ["coef_", "intercept_", "solver_"]); }

  /**
   * @param options - { alpha = 1, fitIntercept = true, solver = "auto" }
   */
  constructor(options: RidgeOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the model.
   * @param X - training data, [nSamples, nFeatures]
   * @param y - targets, [nSamples] or [nSamples, nTargets]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * new Ridge({ alpha: 10 }).fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this {
    this.validateParams();
    const xm = this.validateX(X, { reset: true });
    const tg = checkLinearTargets(xm.rows, xm.cols, y);
    const m = tg.m, n = tg.n, t = tg.t;
    const alphas = this.checkedAlphas(t);
    const c = centerWeighted(xm.data, tg.y, tg, sampleWeight, this.fitIntercept);
    const xc = c.xc, yc = c.yc;
    let sol: Float64Array | null = null; // n×t
    this.solver_ = "cholesky";
    if (this.solver !== "svd") sol = n > m ? solveDual(xc, m, n, yc, t, alphas) : solvePrimal(xc, m, n, yc, t, alphas);
    if (!sol) {
      sol = solveSVD(xc, m, n, yc, t, alphas);
      this.solver_ = "svd";
    }
    const { coef, intercept } = linearAttributes(sol, c, tg, this.fitIntercept);
    this.coef_ = coef;
    this.intercept_ = intercept;
    return this;
  }

  /**
   * Predict with the fitted model.
   * @param X - samples, [nSamples, nFeatures]
   * @returns [nSamples] for a model fitted on 1-D y, else [nSamples, nTargets]
   * @example
   * model.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    this.checkIsFitted("predict");
    const xm = this.validateX(X, { reset: false });
    const coef = this.coef_;
    const is1d = coef.ndim === 1;
    const n = this.nFeaturesIn_, t = is1d ? 1 : coef.shape[0], m = xm.rows;
    const out = new Float64Array(m * t);
    // out (m×t) = X (m×n) · coefᵀ (coef stored t×n).
    gemm64(xm.data, coef.data as Float64Array, out, m, n, t, { transB: true });
    const icpt = this.intercept_;
    for (let q = 0; q < t; q++) {
      const b = typeof icpt === "number" ? icpt : icpt.data[q];
      if (b !== 0) for (let i = 0; i < m; i++) out[i * t + q] += b;
    }
    return is1d ? new NDArray(out, [m]) : new NDArray(out, [m, t]);
  }

  /** alpha as t values, each finite and ≥ 0. */
  private checkedAlphas(t: number): Float64Array {
    const a = this.alpha;
    let v: Float64Array;
    if (typeof a === "number") v = new Float64Array(t).fill(a);
    else if (a instanceof NDArray || Array.isArray(a)) {
      v = toVector(a, "alpha", false);
      if (v.length !== t) {
        throw new ShapeError("alpha", `one penalty per target (${t})`, `${v.length} penalties`);
      }
    } else throw new OptionError("alpha", "a non-negative number or an array of them", a);
    for (let q = 0; q < v.length; q++) {
      if (!(v[q] >= 0) || !Number.isFinite(v[q])) throw new OptionError("alpha", "finite values ≥ 0", v[q]);
    }
    return v;
  }
}

registerEstimator(Ridge, { examples: [{ options: { alpha: 0.5 } }] });

/** True when every entry of `a` equals the first. */
function allEqual(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
  return true;
}

/** Solve (XᵀX + αI)·W = XᵀY (n×t) by Cholesky; null when a system is not positive definite. */
function solvePrimal(x: Float64Array, m: number, n: number, y: Float64Array, t: number,
  alphas: Float64Array): Float64Array | null {
  const g = gram(x, m, n);
  const rhs = new Float64Array(n * t);
  gemm64(x, y, rhs, n, m, t, { transA: true });
  return solveShifted(g, n, rhs, t, alphas);
}

/**
 * The dual, for n > m: W = Xᵀ·(XXᵀ + αI)⁻¹·Y, the same solution at m×m cost.
 */
function solveDual(x: Float64Array, m: number, n: number, y: Float64Array, t: number,
  alphas: Float64Array): Float64Array | null {
  const k = new Float64Array(m * m);
  gemm64(x, x, k, m, n, m, { transB: true });
  const dual = solveShifted(k, m, Float64Array.from(y), t, alphas);
  if (!dual) return null;
  const out = new Float64Array(n * t);
  gemm64(x, dual, out, n, m, t, { transA: true });
  return out;
}

/** Solve (A + α_q I)·x_q = b_q for each column q of b (k×t), in place in b; null on a failed factorization. */
function solveShifted(a: Float64Array, k: number, b: Float64Array, t: number, alphas: Float64Array): Float64Array | null {
  if (allEqual(alphas)) {
    const s = Float64Array.from(a);
    for (let j = 0; j < k; j++) s[j * k + j] += alphas[0];
    const L = choleskyRaw(s, k);
    if (!L) return null;
    choleskySolveRaw(L, k, b, t);
    return b;
  }
  const col = new Float64Array(k);
  for (let q = 0; q < t; q++) {
    const s = Float64Array.from(a);
    for (let j = 0; j < k; j++) s[j * k + j] += alphas[q];
    const L = choleskyRaw(s, k);
    if (!L) return null;
    for (let j = 0; j < k; j++) col[j] = b[j * t + q];
    choleskySolveRaw(L, k, col, 1);
    for (let j = 0; j < k; j++) b[j * t + q] = col[j];
  }
  return b;
}

/** W = V·diag(s/(s² + α))·Uᵀ·Y, ignoring singular values ≤ 1e-15 as scikit-learn does. */
function solveSVD(x: Float64Array, m: number, n: number, y: Float64Array, t: number, alphas: Float64Array): Float64Array {
  const { u, s, vt, k } = svdRaw(x, m, n);
  const uty = new Float64Array(k * t);
  gemm64(u, y, uty, k, m, t, { transA: true });
  for (let r = 0; r < k; r++) {
    for (let q = 0; q < t; q++) {
      uty[r * t + q] *= s[r] > 1e-15 ? s[r] / (s[r] * s[r] + alphas[q]) : 0;
    }
  }
  const out = new Float64Array(n * t);
  gemm64(vt, uty, out, n, k, t, { transA: true });
  return out;
}
