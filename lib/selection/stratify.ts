/**
 * Class bookkeeping for stratified splitters, as scikit-learn does it: label encoding in np.unique order,
 * per-class sample lists, and `_approximate_mode` (how many samples of each class to draw, ties broken with the
 * RandomState). Reused by StratifiedShuffleSplit-style splits and StratifiedKFold.
 */
import { InputTypeError, NonFiniteError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { RandomState } from "../random/random_state";
import { NumericTypedArray, isNumericTypedArray } from "./indexing";

/** Class labels: numbers, strings or booleans (one kind per array), an NDArray or a typed array. */
export type Labels = readonly (number | string | boolean)[] | NDArray | NumericTypedArray;

/** Labels encoded as np.unique(y, return_inverse=True) plus np.bincount of the codes. */
export interface EncodedLabels {
  /** Distinct labels in ascending order (numbers numerically, strings by code unit, false before true). */
  classes: (number | string | boolean)[];
  /** Code of each sample: its class's position in `classes`. */
  codes: Int32Array;
  /** Number of samples of each class. */
  counts: Int32Array;
}

/**
 * Encode labels like np.unique(y, return_inverse=True).
 * @param y - 1-D labels
 * @param what - argument name for errors
 * @example
 * encodeLabels(["b", "a", "b"]).codes; // Int32Array [1, 0, 1]
 */
export function encodeLabels(y: Labels, what = "y"): EncodedLabels {
  let values: ArrayLike<number | string | boolean>;
  if (y instanceof NDArray) {
    if (y.ndim !== 1) throw new ShapeError(what, "a 1-D array of labels", `shape [${y.shape.join(", ")}]`);
    values = y.data;
  } else if (isNumericTypedArray(y) || Array.isArray(y)) {
    values = y as ArrayLike<number | string | boolean>;
  } else {
    throw new InputTypeError(what, "an array of labels", y);
  }
  const n = values.length;
  let kind: string | null = null;
  const seen = new Map<number | string | boolean, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const k = typeof v;
    if (k !== "number" && k !== "string" && k !== "boolean") {
      throw new InputTypeError(`${what}[${i}]`, "a number, string or boolean label", v);
    }
    if (kind === null) kind = k;
    else if (k !== kind) throw new InputTypeError(`${what}[${i}]`, `a ${kind} label like the others`, v);
    if (k === "number" && Number.isNaN(v)) throw new NonFiniteError(what, i, v as number);
    if (!seen.has(v)) seen.set(v, 0);
  }
  const classes = Array.from(seen.keys());
  classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pos = new Map<number | string | boolean, number>();
  classes.forEach((c, i) => pos.set(c, i));
  const codes = new Int32Array(n);
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < n; i++) {
    const c = pos.get(values[i]) as number;
    codes[i] = c;
    counts[c]++;
  }
  return { classes, codes, counts };
}

/**
 * Sample indices of each class in ascending order (np.split of a stable argsort of the codes).
 * @param codes - class code of each sample
 * @param counts - samples per class
 * @example
 * classMembers(Int32Array.of(1, 0, 1), Int32Array.of(1, 2)); // [[1], [0, 2]]
 */
export function classMembers(codes: Int32Array, counts: Int32Array): Int32Array[] {
  const members = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(counts.length);
  for (let i = 0; i < codes.length; i++) members[codes[i]][fill[codes[i]]++] = i;
  return members;
}

/**
 * scikit-learn's `_approximate_mode`: how many of `nDraws` samples to take from each class so the counts follow
 * the class proportions; floors first, then hands out the remainder by descending fractional part, breaking ties
 * with `rng.choice(tied, k, replace=false)` (which draws a full permutation of the tied classes).
 * @param classCounts - population of each class
 * @param nDraws - total number of samples to allocate
 * @param rng - the RandomState used for tie-breaking
 * @example
 * approximateMode(Int32Array.of(4, 2), 3, new RandomState(0)); // Int32Array [2, 1]
 */
export function approximateMode(classCounts: ArrayLike<number>, nDraws: number, rng: RandomState): Int32Array {
  const k = classCounts.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += classCounts[i];
  const continuous = new Float64Array(k);
  const floored = new Int32Array(k);
  let flooredSum = 0;
  for (let i = 0; i < k; i++) {
    continuous[i] = (classCounts[i] / total) * nDraws;
    floored[i] = Math.floor(continuous[i]);
    flooredSum += floored[i];
  }
  let needToAdd = nDraws - flooredSum;
  if (needToAdd <= 0) return floored;
  const remainder = new Float64Array(k);
  for (let i = 0; i < k; i++) remainder[i] = continuous[i] - floored[i];
  const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
  for (const value of values) {
    const tied: number[] = [];
    for (let i = 0; i < k; i++) if (remainder[i] === value) tied.push(i);
    const addNow = Math.min(tied.length, needToAdd);
    const pick = rng.choice(tied.length, addNow, false);
    for (let j = 0; j < addNow; j++) floored[tied[pick.data[j]]] += 1;
    needToAdd -= addNow;
    if (needToAdd === 0) break;
  }
  return floored;
}
