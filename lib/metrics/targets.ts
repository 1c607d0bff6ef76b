/**
 * Shared checks of classification targets (scikit-learn's `_check_targets`): both label arrays converted, of equal
 * length, non-empty, of one kind, and typed "binary" (at most two distinct labels) or "multiclass".
 */
import { NDArray } from "../array/ndarray";
import { OptionError, ShapeError } from "../errors";
import { checkConsistentLength, toVector } from "../base/validation";
import { Classes, LabelVector, LabelsLike, classesOf, toLabelVector } from "./labels";

/** Checked classification targets. */
export interface Targets {
  readonly yt: LabelVector;
  readonly yp: LabelVector;
  /** Sorted distinct labels of yTrue ∪ yPred. */
  readonly present: Classes;
  /** "binary" when yTrue ∪ yPred has at most two distinct labels. */
  readonly type: "binary" | "multiclass";
}

/**
 * Convert and check a pair of label arrays.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @example
 * checkTargets([0, 1, 2], [0, 2, 2]).type; // "multiclass"
 */
export function checkTargets(yTrue: LabelsLike, yPred: LabelsLike): Targets {
  const yt = toLabelVector(yTrue, "yTrue");
  const yp = toLabelVector(yPred, "yPred");
  checkConsistentLength(["yTrue", yt.length], ["yPred", yp.length]);
  if (yt.length === 0) throw new ShapeError("yTrue", "at least 1 sample", "0 samples");
  const present = classesOf([yt, yp], ["yTrue", "yPred"]);
  return { yt, yp, present, type: present.values.length <= 2 ? "binary" : "multiclass" };
}

/**
 * Convert optional sample weights, checking their length and finiteness.
 * @param w - the weights, or undefined / null
 * @param n - the number of samples
 * @example
 * sampleWeights([1, 2], 2); // Float64Array [1, 2]
 */
export function sampleWeights(w: NDArray | ArrayLike<number> | null | undefined, n: number): Float64Array | null {
  if (w === undefined || w === null) return null;
  const v = toVector(w, "sampleWeight");
  checkConsistentLength(["yTrue", n], ["sampleWeight", v.length]);
  return v;
}

/**
 * Throw OptionError unless `value` is one of `allowed`.
 * @param option - the option's name
 * @param value - its value
 * @param allowed - the allowed values
 * @example
 * checkChoice("average", "macro", ["micro", "macro"]);
 */
export function checkChoice<T>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new OptionError(option, `one of ${allowed.map((a) => (a === null ? "null" : JSON.stringify(a))).join(", ")}`, value);
  }
  return value as T;
}
