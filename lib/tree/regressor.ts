/**
 * scikit-learn's DecisionTreeRegressor (1.2): CART with the squared error (or Friedman's improvement).
 */
import { NDArray } from "../array/ndarray";
import { registerEstimator, fittedAttributes } from "../base/estimator";
import { checkConsistentLength, toTarget } from "../base/validation";
import type { MatrixLike, TargetLike, VectorLike } from "../base/validation";
import { Regressor } from "../base/roles";
import { ParameterConstraints, oneOf } from "../base/constraints";
import { BASE_TREE_CONSTRAINTS, BASE_TREE_DEFAULTS, BaseDecisionTree, BaseTreeOptions } from "./base";

/** Options of {@link DecisionTreeRegressor}. */
export interface DecisionTreeRegressorOptions extends BaseTreeOptions {
  /** "squared_error" (default) or "friedman_mse". */
  criterion?: "squared_error" | "friedman_mse";
}

const DEFAULTS = { criterion: "squared_error", ...BASE_TREE_DEFAULTS };

/**
 * A decision tree regressor: splits chosen to most reduce the squared error; leaves predict the (weighted) mean
 * target of their training samples. y may have several columns (one tree predicts them all).
 *
 * @example
 * const { data, target } = loadDiabetes();
 * const tree = new DecisionTreeRegressor({ maxDepth: 3 }).fit(data, target);
 * tree.predict(data.sliceRows(0, 2)); // NDArray [2]
 */
/** The options as fields, typed once from the options interface (criterion narrows the base's string). */
export interface DecisionTreeRegressor extends Omit<Required<DecisionTreeRegressorOptions>, "criterion"> {}

export class DecisionTreeRegressor extends Regressor(BaseDecisionTree) {
  static readonly parameterConstraints: ParameterConstraints<DecisionTreeRegressorOptions> = {
    ...BASE_TREE_CONSTRAINTS, criterion: [oneOf("squared_error", "friedman_mse")],
  };
  declare criterion: "squared_error" | "friedman_mse";
  /** True when y was 1-D (predict then returns 1-D). */
  declare y1d_: boolean;
  static { fittedAttributes(this, ["y1d_"]); }

  /**
   * @param options - { criterion = "squared_error", splitter = "best", maxDepth = null, minSamplesSplit = 2,
   *   minSamplesLeaf = 1, minWeightFractionLeaf = 0, maxFeatures = null, randomState = null, maxLeafNodes = null,
   *   minImpurityDecrease = 0 }
   */
  constructor(options: DecisionTreeRegressorOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Grow the tree.
   * @param X - training data, [nSamples, nFeatures]; no NaN
   * @param y - targets, [nSamples] or [nSamples, nOutputs]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * new DecisionTreeRegressor({ minSamplesLeaf: 5 }).fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this {
    let is1d = true;
    this.fitData(X, (m) => {
      const t = toTarget(y, "y");
      checkConsistentLength(["X", m.rows], ["y", t.rows]);
      is1d = t.is1d;
      return { yValues: t.data, nOutputs: t.cols, nClasses: new Int32Array(t.cols).fill(1) };
    }, sampleWeight);
    this.y1d_ = is1d;
    return this;
  }

  /**
   * Predicted targets: the mean target of each sample's leaf.
   * @param X - samples
   * @returns [nSamples] (1-D y) or [nSamples, nOutputs]
   * @example
   * tree.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    const { m, leaves } = this.leaves(X, "predict");
    const t = this.tree_, k = t.nOutputs, value = t.value;
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) for (let q = 0; q < k; q++) out[i * k + q] = value[leaves[i] * k + q];
    return this.y1d_ !== false ? new NDArray(out, [m.rows]) : new NDArray(out, [m.rows, k]);
  }

}

registerEstimator(DecisionTreeRegressor, { examples: [
  { options: { randomState: 0 } },
  { label: "maxLeafNodes", options: { maxLeafNodes: 5, criterion: "friedman_mse", randomState: 0 } },
] });
