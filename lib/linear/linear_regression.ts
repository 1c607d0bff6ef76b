/**
 * Ordinary least squares linear regression, scikit-learn's `LinearRegression`.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import type { MatrixLike, TargetLike, VectorLike } from "../base/validation";
import { Regressor } from "../base/roles";
import { BOOLEAN, ParameterConstraints } from "../base/constraints";
import { solveOLS } from "./ols";
import { centerWeighted, checkLinearTargets, linearAttributes } from "./preprocess";

/** Options of {@link LinearRegression}. */
export interface LinearRegressionOptions {
  /** Fit an intercept (center X and y first). Default true. */
  fitIntercept?: boolean;
}

const DEFAULTS: Required<LinearRegressionOptions> = { fitIntercept: true };

/** The options, typed once from {@link LinearRegressionOptions}. */
export interface LinearRegression extends Required<LinearRegressionOptions> {}

/**
 * Ordinary least squares: minimizes ‖y − X·w − b‖². Centers X and y (when fitting an intercept), then solves by
 * equilibrated normal equations with refinement, or by pivoted QR + SVD (the minimum-norm solution) when X is
 * rank-deficient or ill-conditioned.
 *
 * @example
 * const model = new LinearRegression().fit([[1], [2], [3]], [2, 4, 6]);
 * model.coef_;              // NDArray [2]
 * model.intercept_;         // ≈ 0
 * model.predict([[4]]);     // NDArray [8]
 */
export class LinearRegression extends Regressor(BaseEstimator) {
  /** What each option accepts, checked before fit. */
  static readonly parameterConstraints: ParameterConstraints<LinearRegressionOptions> = { fitIntercept: [BOOLEAN] };
  /** Coefficients: shape [nFeatures] for 1-D y, [nTargets, nFeatures] for 2-D y. */
  declare coef_: NDArray;
  /** Intercept: a number for 1-D y (or without intercept), an NDArray [nTargets] for 2-D y. */
  declare intercept_: number | NDArray;
  /** Rank of the (centered) X. */
  declare rank_: number;
  /** Singular values of the (centered) X, descending. */
  declare singular_: NDArray;
  static { fittedAttributes(this, ["coef_", "intercept_", "rank_", "singular_"]); }

  /**
   * @param options - { fitIntercept = true }
   */
  constructor(options: LinearRegressionOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the model.
   * @param X - training data, [nSamples, nFeatures] (NDArray or number[][])
   * @param y - targets, [nSamples] or [nSamples, nTargets]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * new LinearRegression().fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this {
    this.validateParams();
    const xm = this.validateX(X, { reset: true });
    const tg = checkLinearTargets(xm.rows, xm.cols, y);
    const c = centerWeighted(xm.data, tg.y, tg, sampleWeight, this.fitIntercept);
    const sol = solveOLS(c.xc, tg.m, tg.n, c.yc, tg.t);
    const { coef, intercept } = linearAttributes(sol.coef, c, tg, this.fitIntercept);
    this.coef_ = coef;
    this.intercept_ = intercept;
    this.rank_ = sol.rank;
    this.singular_ = new NDArray(sol.singular, [sol.singular.length]);
    return this;
  }

  /**
   * Predict with the fitted linear model.
   * @param X - samples, [nSamples, nFeatures]
   * @returns [nSamples] for a model fitted on 1-D y, else [nSamples, nTargets]
   * @example
   * model.predict([[1500], [2000]]);
   */
  predict(X: MatrixLike): NDArray {
    this.checkIsFitted("predict");
    const xm = this.validateX(X, { reset: false });
    const n = this.nFeaturesIn_;
    const coefArr = this.coef_;
    const is1d = coefArr.ndim === 1;
    const t = is1d ? 1 : coefArr.shape[0];
    const coef = coefArr.data as Float64Array;
    const icpt = this.intercept_;
    const m = xm.rows, x = xm.data;
    const out = new Float64Array(m * t);
    for (let q = 0; q < t; q++) {
      const b = typeof icpt === "number" ? icpt : icpt!.data[q];
      const co = q * n;
      for (let i = 0; i < m; i++) {
        let s = 0;
        const xo = i * n;
        for (let j = 0; j < n; j++) s += x[xo + j] * coef[co + j];
        out[i * t + q] = s + b;
      }
    }
    return is1d ? new NDArray(out, [m]) : new NDArray(out, [m, t]);
  }
}

registerEstimator(LinearRegression, { examples: [{}, { options: { fitIntercept: false } }] });
