/**
 * Sorting and counting: argsort (stable merge sort, NaN last like NumPy), sort, unique, bincount.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { ArrayInput, asArray } from "./creation";
import { NDArray, allocData } from "./ndarray";
import { normalizeAxis, shapeText, splitAt } from "./util";

/** key order with NaN after every number. */
function before(x: number, y: number): boolean {
  return x < y || (y !== y && x === x);
}

/**
 * Stable merge sort of `idx` (positions 0..n-1) by `keys[idx[i]]`, using `tmp` as scratch.
 */
function mergeSortIdx(keys: Float64Array, idx: Int32Array, tmp: Int32Array, n: number): void {
  // insertion sort short runs, then merge bottom-up
  const RUN = 16;
  for (let s = 0; s < n; s += RUN) {
    const e = Math.min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const v = idx[i];
      const kv = keys[v];
      let j = i - 1;
      while (j >= s && before(kv, keys[idx[j]])) { idx[j + 1] = idx[j]; j--; }
      idx[j + 1] = v;
    }
  }
  let src = idx, dst = tmp;
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n), hi = Math.min(lo + 2 * w, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = before(keys[src[j]], keys[src[i]]) ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t = src; src = dst; dst = t;
  }
  if (src !== idx) idx.set(src.subarray(0, n));
}

/**
 * Indices that sort `a` along `axis` (default the last), stable, as an int32 array; NaN sorts last.
 * @example argsort(array([3, 1, 2])); // int32 [1, 2, 0]
 */
export function argsort(x: ArrayInput, axis = -1): NDArray {
  const a = asArray(x);
  if (a.ndim === 0) return new NDArray(new Int32Array(1), [], "int32");
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  const out = new Int32Array(a.size);
  const keys = new Float64Array(n);
  const idx = new Int32Array(n);
  const tmp = new Int32Array(n);
  const d = a.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let i = 0; i < n; i++) { keys[i] = d[base + i * inner]; idx[i] = i; }
      mergeSortIdx(keys, idx, tmp, n);
      for (let i = 0; i < n; i++) out[base + i * inner] = idx[i];
    }
  }
  return new NDArray(out, a.shape, "int32");
}

/**
 * A sorted copy of `a` along `axis` (default the last); NaN sorts last.
 * @example sort(array([3, 1, 2])); // [1., 2., 3.]
 */
export function sort(x: ArrayInput, axis = -1): NDArray {
  const a = asArray(x);
  if (a.ndim === 0) return new NDArray(a.data.slice(), [], a.dtype);
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  const order = argsort(a, ax).data;
  const out = allocData(a.dtype, a.size);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let i = 0; i < n; i++) out[base + i * inner] = a.data[base + order[base + i * inner] * inner];
    }
  }
  return new NDArray(out, a.shape, a.dtype);
}

/** Result of `unique(a, { returnCounts: true })`. */
export interface UniqueCounts {
  /** Sorted distinct values. */
  values: NDArray;
  /** How many times each value occurs (int32). */
  counts: NDArray;
}

/**
 * Sorted distinct values of the flattened array (NaNs collapse into one trailing NaN, as in NumPy ≥ 1.21).
 * @param options.returnCounts - also return the count of each value
 * @example
 * unique(array([3, 1, 3]));                          // [1., 3.]
 * unique(array([3, 1, 3]), { returnCounts: true });  // { values: [1., 3.], counts: [1, 2] }
 */
export function unique(a: ArrayInput, options: { returnCounts: true }): UniqueCounts;
export function unique(a: ArrayInput, options?: { returnCounts?: false }): NDArray;
export function unique(x: ArrayInput, options: { returnCounts?: boolean } = {}): NDArray | UniqueCounts {
  const a = asArray(x);
  const keys = Float64Array.from(a.data);
  const n = keys.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  mergeSortIdx(keys, idx, new Int32Array(n), n);
  const vals: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = keys[idx[i]];
    const last = vals.length - 1;
    if (last >= 0 && (vals[last] === v || (v !== v && vals[last] !== vals[last]))) counts[last]++;
    else { vals.push(v); counts.push(1); }
  }
  const values = new NDArray(allocData(a.dtype, vals.length), [vals.length], a.dtype);
  values.data.set(vals);
  if (!options.returnCounts) return values;
  return { values, counts: new NDArray(Int32Array.from(counts), [counts.length], "int32") };
}

/**
 * Count occurrences of each non-negative integer in a 1-D array: result[k] = number of elements equal to k
 * (or the sum of their `weights`). Length is max(x)+1, at least `minlength`.
 * @param x - 1-D array of non-negative integers (any dtype holding integral values)
 * @param minlength - minimum length of the result
 * @param weights - optional weights, same length as x (result becomes float64)
 * @example bincount(array([0, 1, 1, 3], "int32")); // int32 [1, 2, 0, 1]
 */
export function bincount(x: ArrayInput, minlength = 0, weights?: ArrayInput): NDArray {
  const a = asArray(x);
  if (a.ndim !== 1) throw new ShapeError("bincount input", "a 1-D array", `an array of shape ${shapeText(a.shape)}`);
  if (!Number.isInteger(minlength) || minlength < 0) throw new OptionError("bincount minlength", "a non-negative integer", minlength);
  const d = a.data;
  let mx = -1;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isInteger(v) || v < 0) {
      throw new InputTypeError(`bincount input element ${i}`, "a non-negative integer", v);
    }
    if (v > mx) mx = v;
  }
  const len = Math.max(mx + 1, minlength);
  if (weights === undefined) {
    const out = new Int32Array(len);
    for (let i = 0; i < d.length; i++) out[d[i]]++;
    return new NDArray(out, [len], "int32");
  }
  const w = asArray(weights);
  if (w.ndim !== 1 || w.size !== a.size) {
    throw new ShapeError("bincount weights", `shape (${a.size},) like the input`, shapeText(w.shape));
  }
  const out = new Float64Array(len);
  for (let i = 0; i < d.length; i++) out[d[i]] += w.data[i];
  return new NDArray(out, [len]);
}
