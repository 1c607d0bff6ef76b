/**
 * What `load(path)` returns when the caller does not say which model the file holds: the estimator itself, typed
 * with every role's prediction methods. A method the stored model does not have throws a typed
 * {@link UnsupportedMethodError} naming the model and the method (not JavaScript's "is not a function").
 */
import type { NDArray } from "../array/ndarray";
import { TypelearnError } from "../errors";
import type { LabelsLike } from "../metrics/labels";
import { BaseEstimator } from "./estimator";
import type { EstimatorType } from "./roles";
import type { MatrixLike, TargetLike, VectorLike } from "./validation";

/** A model read from a file without a type argument: any role's methods type-check, and are checked at run time. */
export interface LoadedModel extends BaseEstimator {
  readonly _estimatorType: EstimatorType | undefined;
  /** Predicted labels (classifiers) or targets (regressors). */
  predict(X: MatrixLike): NDArray | string[];
  /** Class probabilities (classifiers). */
  predictProba(X: MatrixLike): NDArray;
  /** Logarithms of the class probabilities (classifiers). */
  predictLogProba(X: MatrixLike): NDArray;
  /** Decision scores (classifiers that have them). */
  decisionFunction(X: MatrixLike): NDArray;
  /** The learned transformation (transformers, pipelines ending in one). */
  transform(X: MatrixLike): NDArray;
  /** The model's own score: accuracy for classifiers, R² for regressors. */
  score(X: MatrixLike, y: LabelsLike | TargetLike, sampleWeight?: VectorLike): number;
}

/** A method was called on a model that does not have it (e.g. transform on a loaded classifier). */
export class UnsupportedMethodError extends TypelearnError {
  /**
   * @param estimator - the model's class name
   * @param method - the method called
   */
  constructor(readonly estimator: string, readonly method: string) {
    super(`${estimator} has no ${method}(): the loaded model is a ${estimator}, which does not provide ${method}`);
  }
}

/** The methods {@link LoadedModel} promises. */
const ROLE_METHODS = new Set<PropertyKey>(["predict", "predictProba", "predictLogProba", "decisionFunction", "transform", "score"]);

/**
 * The estimator as a {@link LoadedModel}: the same object seen through a view whose missing role methods throw
 * UnsupportedMethodError; every other read (fields, getters, `instanceof`, dump) goes to the estimator itself.
 * @param est - a loaded estimator
 * @example
 * const model = asLoadedModel(fromSpec(spec));
 * model.transform(X); // UnsupportedMethodError when the model has no transform
 */
export function asLoadedModel(est: BaseEstimator): LoadedModel {
  if (!(est instanceof BaseEstimator)) throw new TypeError("asLoadedModel: expected an estimator");
  const name = est.constructor.name;
  return new Proxy(est, {
    get(target, prop) {
      // getters run against the estimator itself, so state kept by identity (its declared defaults) is found
      const v: unknown = Reflect.get(target, prop, target);
      if (v === undefined && ROLE_METHODS.has(prop)) {
        return () => { throw new UnsupportedMethodError(name, String(prop)); };
      }
      return v;
    },
  }) as LoadedModel;
}
