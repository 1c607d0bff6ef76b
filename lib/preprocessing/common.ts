/**
 * Helpers shared by the preprocessing transformers: output feature names, scikit-learn's zero-scale rule and
 * the feature-count check for inputs that are not routed through BaseEstimator.validateX.
 */
import { BaseEstimator } from "../base/estimator";
import { toMatrix, Matrix } from "../base/validation";
import { InputTypeError, ShapeError } from "../errors";

/** Machine epsilon of float64 (np.finfo(np.float64).eps). */
export const EPS = 2.220446049250313e-16;

/**
 * The input feature names used to name outputs, as scikit-learn's `_check_feature_names_in`: the given
 * `inputFeatures` (checked against what fit saw), else the frame column names seen in fit, else x0, x1, ….
 * @param est - a fitted estimator
 * @param inputFeatures - optional names, one per input feature
 * @example
 * inputFeatureNames(new StandardScaler().fit([[1, 2]]));  // ["x0", "x1"]
 */
export function inputFeatureNames(est: BaseEstimator, inputFeatures?: readonly string[]): string[] {
  const n = est.nFeaturesIn_;
  const seen = est.featureNamesIn_;
  if (inputFeatures !== undefined && inputFeatures !== null) {
    if (!Array.isArray(inputFeatures) || inputFeatures.some((s) => typeof s !== "string")) {
      throw new InputTypeError("inputFeatures", "an array of strings", inputFeatures);
    }
    if (seen && (seen.length !== inputFeatures.length || seen.some((s, i) => s !== inputFeatures[i]))) {
      throw new ShapeError("inputFeatures", `the feature names seen in fit [${seen.join(", ")}]`, `[${inputFeatures.join(", ")}]`);
    }
    if (n !== undefined && inputFeatures.length !== n) {
      throw new ShapeError("inputFeatures", `${n} names (the number of features seen in fit)`, `${inputFeatures.length} names`);
    }
    return [...inputFeatures];
  }
  if (seen) return [...seen];
  return Array.from({ length: n ?? 0 }, (_, i) => `x${i}`);
}

/**
 * Check the width of an input given to an inverse transform (scikit-learn checks no feature names there).
 * @param X - the transformed data
 * @param cols - the expected number of columns
 * @param who - the estimator's name
 * @param finite - reject NaN / ±Infinity
 */
export function inverseInput(X: unknown, cols: number, who: string, finite = true): Matrix {
  const m = toMatrix(X, "X", { finite });
  if (m.cols !== cols) {
    const err = new ShapeError("X", `${cols} features, as ${who} outputs`, `${m.cols} features`);
    err.message = `X has ${m.cols} features, but ${who}.inverseTransform is expecting ${cols} features as input`;
    throw err;
  }
  return m;
}
