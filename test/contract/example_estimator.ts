/**
 * The worked example of docs/adding-an-estimator.md: a complete estimator in one file — role, options typed once,
 * a constraints table, fit / predict, and one registration line carrying its contract example. Nothing else in the
 * code base knows about it, yet the whole contract suite runs over it (contract.test.ts only loads this file, as
 * the library's index loads the library's estimators).
 */
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator, fittedAttributes, registerEstimator } from "../../lib/base/estimator";
import { Regressor } from "../../lib/base/roles";
import { ParameterConstraints, interval } from "../../lib/base/constraints";
import { toVector } from "../../lib/base/validation";
import type { MatrixLike, TargetLike } from "../../lib/base/validation";

/** Options of {@link ShrunkMeanRegressor}. */
export interface ShrunkMeanRegressorOptions {
  /** How far the prediction moves from 0 towards the training mean, in [0, 1]. Default 1. */
  shrinkage?: number;
}

/** The options, typed once from the options interface. */
export interface ShrunkMeanRegressor extends Required<ShrunkMeanRegressorOptions> {}

/**
 * Predicts shrinkage × (the mean training target) for every sample.
 * @example
 * new ShrunkMeanRegressor({ shrinkage: 0.5 }).fit([[1], [2]], [2, 4]).predict([[9]]); // NDArray [1.5]
 */
export class ShrunkMeanRegressor extends Regressor(BaseEstimator) {
  static readonly parameterConstraints: ParameterConstraints<ShrunkMeanRegressorOptions> = {
    shrinkage: [interval("real", 0, 1, "both")],
  };
  /** The shrunk mean every prediction returns. */
  declare value_: number;
  static { fittedAttributes(this, ["value_"]); }

  /** @param options - { shrinkage = 1 } */
  constructor(options: ShrunkMeanRegressorOptions = {}) { super({ shrinkage: 1 }, options); }

  /**
   * Learn the mean target.
   * @param X - samples
   * @param y - targets
   * @example
   * new ShrunkMeanRegressor().fit(X, y);
   */
  fit(X: MatrixLike, y: TargetLike): this {
    this.validateParams();
    this.validateX(X, { reset: true });
    const v = toVector(y, "y");
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    this.value_ = this.shrinkage * (s / v.length);
    return this;
  }

  /**
   * The shrunk mean for every sample.
   * @param X - samples
   * @example
   * model.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    this.checkIsFitted("predict");
    const m = this.validateX(X, { reset: false });
    return new NDArray(new Float64Array(m.rows).fill(this.value_), [m.rows]);
  }
}
registerEstimator(ShrunkMeanRegressor, { examples: [{ options: { shrinkage: 0.5 } }] });
