/**
 * What the per-feature scalers (StandardScaler, MinMaxScaler) share: fit as a fresh partialFit, fitTransform,
 * the inverse transform's input handling, and output feature names equal to the input names.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, fittedAttributes, clearFitted } from "../base/estimator";
import type { MatrixLike } from "../base/validation";
import { inputFeatureNames, inverseInput } from "./common";
import { Transformer } from "../base/roles";

/**
 * Base of scalers that learn per-feature statistics batch by batch (partialFit) and map each feature on its own,
 * so the output has the input's features and names.
 *
 * @example
 * class MyScaler extends FeatureScaler { … partialFit, transform, inverseRows … }
 */
export abstract class FeatureScaler extends Transformer(BaseEstimator) {
  /** Number of samples processed (summed over partialFit calls). Each subclass defines the field itself, so it keeps
   * its place after the subclass's other fitted attributes (the order fitted state is serialized in). */
  declare nSamplesSeen_: number;
  static { fittedAttributes(this, ["nSamplesSeen_"]); }

  /**
   * Update the statistics with one more batch of samples (the first call behaves like fit).
   * @param X - a batch [nSamples, nFeatures]
   * @param _y - ignored
   * @returns this
   */
  abstract partialFit(X: MatrixLike, _y?: unknown): this;

  /**
   * Scale X with the fitted statistics.
   * @param X - samples [nSamples, nFeatures]
   * @returns a new float64 NDArray [nSamples, nFeatures]
   */
  abstract transform(X: MatrixLike): NDArray;

  /**
   * Compute each feature's statistics from X (forgetting any earlier fit).
   * @param X - training data [nSamples, nFeatures]: NDArray, number[][] or a DataFrame
   * @param _y - ignored
   * @returns this
   * @example
   * new StandardScaler().fit(XTrain);
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.forgetFit();
    return this.partialFit(X);
  }

  /**
   * Undo the scaling.
   * @param X - scaled data [nSamples, nFeatures]
   * @returns a new float64 NDArray
   * @example
   * scaler.inverseTransform(scaler.transform(X)); // ≈ X
   */
  inverseTransform(X: MatrixLike): NDArray {
    this.checkIsFitted("inverseTransform");
    const p = this.nFeaturesIn_;
    const { data, rows: n } = inverseInput(X, p, this.constructor.name);
    const out = new Float64Array(n * p);
    this.inverseRows(data, n, p, out);
    return new NDArray(out, [n, p]);
  }

  /**
   * Output feature names: the input names, unchanged.
   * @param inputFeatures - optional input names (default: the frame columns seen in fit, else x0, x1, …)
   * @example
   * scaler.getFeatureNamesOut(); // ["x0", "x1"]
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.checkIsFitted("getFeatureNamesOut");
    return inputFeatureNames(this, inputFeatures);
  }

  /** Clear what fit must not build on (at least nSamplesSeen_, which makes the next partialFit the first). */
  protected forgetFit(): void {
    clearFitted(this, "nSamplesSeen_");
  }

  /** Write the inverse of the scaling of the row-major n×p `data` into `out`. */
  protected abstract inverseRows(data: Float64Array, n: number, p: number, out: Float64Array): void;
}
