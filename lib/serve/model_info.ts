/**
 * What the server knows about the model it serves, computed once at start: the number and names of its features,
 * its classes, whether it gives probabilities, a summary of its options, and the SHA-256 of its model file (the
 * file served, or the file dump would write for a model served from memory), so a client can tell which model
 * answered.
 */
import { createHash } from "crypto";
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { OptionError } from "../errors";
import { dumpBytes } from "../persist";

/** The model's description served at GET /metadata. */
export interface ModelInfo {
  className: string;
  /** The model as scikit-learn prints it, e.g. "Pipeline(steps=[…])". */
  repr: string;
  /** Options (nested estimators as their class name and options). */
  params: Record<string, unknown>;
  /** Pipeline steps as [name, class name]; absent for a single estimator. */
  steps?: [string, string][];
  nFeatures: number;
  featureNames: string[] | null;
  /** Class labels of a classifier; null for a regressor. */
  classes: (number | string)[] | null;
  /** true when POST /predict also returns probabilities. */
  probabilities: boolean;
  typelearnVersion: string;
  /** Hex SHA-256 of the model file. */
  modelSha256: string | null;
}

/** Values as JSON: NDArrays as lists, estimators as { className, params }, non-finite numbers as strings. */
export function plainParams(v: unknown): unknown {
  if (v instanceof BaseEstimator) return { className: v.constructor.name, params: plainParams(v.getParams(false)) };
  if (v instanceof NDArray) return Array.from(v.data);
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(plainParams);
  if (v && typeof v === "object") {
    if (v.constructor !== Object) return `${v.constructor.name}`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainParams(x)]));
  }
  return v === undefined ? null : v;
}

/** A list of labels from classes_ (NDArray or array). */
export function labelList(v: unknown): (number | string)[] | null {
  if (v instanceof NDArray) return Array.from(v.data as ArrayLike<number>);
  if (Array.isArray(v)) return v as (number | string)[];
  return null;
}

/**
 * Describe a fitted model for serving.
 * @param model - a fitted estimator with predict
 * @param version - typelearn's version
 * @param fileBytes - the model file when serving from a file (hashed), else the model is dumped to hash it
 * @example
 * modelInfo(pipe, "0.1.0").nFeatures; // 30
 */
export function modelInfo(model: BaseEstimator, version: string, fileBytes?: Uint8Array): ModelInfo {
  const m = model as unknown as Record<string, unknown>;
  if (!(model instanceof BaseEstimator) || typeof m.predict !== "function") {
    throw new OptionError("serve model", "a fitted estimator with predict (e.g. a Pipeline)", model);
  }
  if (!model.isFitted() || typeof model.nFeaturesIn_ !== "number") {
    throw new OptionError("serve model", "a fitted estimator (call fit first)", `an unfitted ${model.constructor.name}`);
  }
  let sha: string | null = null;
  try {
    sha = createHash("sha256").update(fileBytes ?? dumpBytes(model)).digest("hex");
  } catch {
    sha = null; // an estimator the file format cannot hold can still be served
  }
  let classes: (number | string)[] | null = null;
  try {
    classes = labelList(m.classes_);
  } catch {
    classes = null; // a regressor may explain that it has no classes_ by throwing
  }
  const steps = Array.isArray(m.steps)
    ? (m.steps as [string, unknown][]).map(([n, e]): [string, string] => [n, e instanceof BaseEstimator ? e.constructor.name : String(e)])
    : undefined;
  return {
    className: model.constructor.name,
    repr: model.toString(),
    params: plainParams(model.getParams(false)) as Record<string, unknown>,
    ...(steps ? { steps } : {}),
    nFeatures: model.nFeaturesIn_,
    featureNames: Array.isArray(model.featureNamesIn_) ? [...model.featureNamesIn_] : null,
    classes,
    probabilities: typeof m.predictProba === "function" && classes !== null,
    typelearnVersion: version,
    modelSha256: sha,
  };
}
