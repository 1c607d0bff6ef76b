/**
 * HistGradientBoostingRegressor: scikit-learn 1.2's histogram-based gradient boosting for regression
 * (squared error, or absolute error with leaves re-fitted to the median residual).
 */
import { NDArray } from "../../array/ndarray";
import { registerEstimator } from "../../base/estimator";
import type { MatrixLike, VectorLike } from "../../base/validation";
import { checkConsistentLength, toVector } from "../../base/validation";
import { ParameterConstraints, oneOf } from "../../base/constraints";
import { r2Score } from "../../metrics/regression";
import { Regressor } from "../../base/roles";
import type { Scorer } from "../../selection/scoring";
import { BaseHistGradientBoosting, BinnedX, COMMON_DEFAULTS, EncodedTarget } from "./gradient_boosting";
import { COMMON_CONSTRAINTS } from "./options";
import { absoluteError, squaredError } from "./losses";
import type { HGBCommonOptions } from "./options";

/** Options of {@link HistGradientBoostingRegressor}. */
export interface HistGradientBoostingRegressorOptions extends HGBCommonOptions {
  /** "squared_error" or "absolute_error". Default "squared_error". */
  loss?: "squared_error" | "absolute_error";
}

const DEFAULTS = { loss: "squared_error", ...COMMON_DEFAULTS };

/**
 * Histogram-based gradient boosting regressor: binned features (NaN in its own bin, its side learned per split),
 * leaf-wise trees on the loss's gradients, native categorical splits, early stopping above 10 000 samples by
 * default.
 *
 * @example
 * const { data, target } = loadDiabetes();
 * const reg = new HistGradientBoostingRegressor({ maxIter: 50, randomState: 0 }).fit(data, target);
 * reg.predict(data.sliceRows(0, 3)); // NDArray [≈ 190, ≈ 80, ≈ 170]
 */
export class HistGradientBoostingRegressor extends Regressor(BaseHistGradientBoosting) {
  /** What each option accepts, checked before fit. */
  static readonly parameterConstraints: ParameterConstraints<HistGradientBoostingRegressorOptions> = {
    ...COMMON_CONSTRAINTS, loss: [oneOf("squared_error", "absolute_error")],
  };

  /**
   * @param options - learningRate, maxIter, maxLeafNodes, maxDepth, minSamplesLeaf, l2Regularization, maxBins,
   *   categoricalFeatures, earlyStopping, scoring, validationFraction, nIterNoChange, tol, randomState, loss
   */
  constructor(options: HistGradientBoostingRegressorOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the boosted trees.
   * @param X - samples × features (NaN allowed)
   * @param y - finite targets
   * @returns this
   * @example
   * reg.fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: VectorLike): this {
    return this.fitBoosting(X, y);
  }

  protected encodeTarget(y: unknown, rows: number): EncodedTarget {
    const v = Float64Array.from(toVector(y, "y", true));
    checkConsistentLength(["X", rows], ["y", v.length]);
    return { y: v, loss: this.loss === "absolute_error" ? absoluteError() : squaredError(), stratify: null };
  }

  protected defaultScorer(): Scorer {
    return (est, X, y) => r2Score(y as Float64Array, est.predict(X)) as number;
  }

  protected scorerView(raw: (xb: BinnedX) => Float64Array): object {
    return { predict: (xb: BinnedX) => new NDArray(raw(xb), [xb.rows]) };
  }

  /**
   * Predicted targets.
   * @param X - samples (NaN allowed)
   * @returns [nSamples]
   * @example
   * reg.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    const { raw, rows } = this.rawPredict(X, "predict");
    return new NDArray(raw, [rows]);
  }

  /**
   * Predictions after each boosting iteration.
   * @param X - samples (NaN allowed)
   * @example
   * for (const p of reg.stagedPredict(XTest)) console.log(meanSquaredError(yTest, p));
   */
  *stagedPredict(X: MatrixLike): Generator<NDArray> {
    for (const { raw, rows } of this.stagedRaw(X)) yield new NDArray(raw, [rows]);
  }

}

registerEstimator(HistGradientBoostingRegressor, { examples: [
  { allowsNaN: true, options: { maxIter: 10, minSamplesLeaf: 5, randomState: 0 } },
  { label: "absolute_error", allowsNaN: true, options: { loss: "absolute_error", maxIter: 10, minSamplesLeaf: 5, randomState: 0 } },
] });
