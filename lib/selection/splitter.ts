/**
 * What every cross-validation splitter offers (scikit-learn's BaseCrossValidator API) and the shared checks.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { RandomState } from "../random/random_state";
import { isNumericTypedArray } from "./indexing";

/** One train/test split: [train indices, test indices]. */
export type TrainTest = [Int32Array, Int32Array];

/** A cross-validation splitter. */
export interface CrossValidator {
  /**
   * Train/test indices of every split.
   * @param X - the samples (only their count matters to most splitters)
   * @param y - targets (stratified splitters need them)
   */
  split(X: unknown, y?: unknown): TrainTest[];
  /** The number of splits split() yields. */
  getNSplits(X?: unknown, y?: unknown): number;
}

/** True when `cv` looks like a splitter (has split and getNSplits). */
export function isCrossValidator(cv: unknown): cv is CrossValidator {
  return typeof cv === "object" && cv !== null && typeof (cv as CrossValidator).split === "function" &&
    typeof (cv as CrossValidator).getNSplits === "function";
}

/**
 * Number of samples of X for a splitter: NDArray rows, array length, typed-array length, or a data frame's height.
 * @param X - samples
 * @example
 * sampleCount([[1], [2]]); // 2
 */
export function sampleCount(X: unknown): number {
  if (X instanceof NDArray) {
    if (X.ndim === 0) throw new ShapeError("X", "an array with at least one axis", "a 0-d NDArray");
    return X.shape[0];
  }
  if (Array.isArray(X) || isNumericTypedArray(X)) return X.length;
  const shape = (X as { shape?: unknown })?.shape;
  if (Array.isArray(shape) && typeof shape[0] === "number") return shape[0];
  if (shape && typeof shape === "object" && typeof (shape as { height?: unknown }).height === "number") {
    return (shape as { height: number }).height;
  }
  const h = (X as { height?: unknown })?.height;
  if (typeof h === "number") return h;
  throw new InputTypeError("X", "an NDArray, an array or a DataFrame", X);
}

/** Check nSplits (an integer ≥ 2) and shuffle/randomState as scikit-learn's _BaseKFold does. */
export function checkKFoldOptions(name: string, nSplits: unknown, shuffle: unknown, randomState: unknown): void {
  if (typeof nSplits !== "number" || !Number.isInteger(nSplits) || nSplits < 2) {
    throw new OptionError(`${name} nSplits`, "an integer ≥ 2", nSplits);
  }
  if (typeof shuffle !== "boolean") throw new OptionError(`${name} shuffle`, "true or false", shuffle);
  checkSeed(`${name} randomState`, randomState);
  if (!shuffle && randomState !== undefined && randomState !== null) {
    throw new OptionError(`${name} randomState`,
      "no randomState when shuffle is false (it would have no effect; pass shuffle: true)", randomState);
  }
}

/** A randomState option: undefined/null, an integer seed in [0, 2³²), or a RandomState. */
export function checkSeed(what: string, v: unknown): void {
  if (v === undefined || v === null || v instanceof RandomState) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new OptionError(what, "an integer seed in [0, 2^32 - 1], a RandomState or null", v);
  }
}

/** Train = every index not in the test mask, both ascending (scikit-learn builds them from boolean masks). */
export function masksToIndices(testMask: Uint8Array): TrainTest {
  let nTest = 0;
  for (let i = 0; i < testMask.length; i++) nTest += testMask[i];
  const train = new Int32Array(testMask.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0, b = 0;
  for (let i = 0; i < testMask.length; i++) {
    if (testMask[i]) test[b++] = i;
    else train[a++] = i;
  }
  return [train, test];
}

/** repr of an option value in a splitter's toString. */
export function reprOption(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (v instanceof RandomState) return "RandomState";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}
