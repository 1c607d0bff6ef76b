/**
 * Reductions over the whole array (→ number) or along one axis (→ NDArray): sum, mean, var, std, min, max,
 * argmin, argmax. Contiguous float sums use pairwise summation in NumPy's blocking, so results match NumPy's
 * to the bit for contiguous data; sums across an outer axis accumulate row by row, also as NumPy does.
 */
import { ShapeError } from "../errors";
import { ArrayInput, asArray } from "./creation";
import { DType, NDArray, TypedData, allocData } from "./ndarray";
import { normalizeAxis, shapeText, splitAt } from "./util";

/** Axis argument of reductions: undefined/null for the whole array. */
export type Axis = number | null | undefined;

/**
 * Pairwise sum of data[off], data[off+1], … (n elements), blocked in 8 accumulators up to 128 elements.
 * @example pairwiseSum(new Float64Array([1, 2, 3]), 0, 3); // 6
 */
export function pairwiseSum(d: ArrayLike<number>, off: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[off + i];
    return s;
  }
  if (n <= 128) {
    let r0 = d[off], r1 = d[off + 1], r2 = d[off + 2], r3 = d[off + 3];
    let r4 = d[off + 4], r5 = d[off + 5], r6 = d[off + 6], r7 = d[off + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      r0 += d[off + i]; r1 += d[off + i + 1]; r2 += d[off + i + 2]; r3 += d[off + i + 3];
      r4 += d[off + i + 4]; r5 += d[off + i + 5]; r6 += d[off + i + 6]; r7 += d[off + i + 7];
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += d[off + i];
    return s;
  }
  let h = n >> 1;
  h -= h % 8;
  return pairwiseSum(d, off, h) + pairwiseSum(d, off + h, n - h);
}

/** Output shape of reducing `shape` along `axis`. */
function reducedShape(shape: readonly number[], axis: number): number[] {
  return shape.filter((_, k) => k !== axis);
}

/** Sum along an axis into float64 (exact for int data up to 2^53). */
function sumAxisData(d: TypedData, shape: readonly number[], axis: number): Float64Array {
  const [outer, n, inner] = splitAt(shape, axis);
  const out = new Float64Array(outer * inner);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out[o] = pairwiseSum(d, o * n, n);
    return out;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let i = 0; i < n; i++) {
      const base = (o * n + i) * inner;
      for (let j = 0; j < inner; j++) out[ob + j] += d[base + j];
    }
  }
  return out;
}

function intOut(values: Float64Array, dtype: DType): TypedData {
  return dtype === "float64" ? values : Int32Array.from(values, (v) => v | 0);
}

/**
 * Sum of all elements (→ number) or along `axis` (→ NDArray; int32 and bool sums along an axis are int32).
 * @param a - input array
 * @param axis - axis to reduce, negative counts from the end; omit for the whole array
 * @example
 * sum(array([[1, 2], [3, 4]]));     // 10
 * sum(array([[1, 2], [3, 4]]), 0);  // [4., 6.]
 */
export function sum(a: ArrayInput, axis?: null): number;
export function sum(a: ArrayInput, axis: number): NDArray;
export function sum(a: ArrayInput, axis?: Axis): number | NDArray;
export function sum(x: ArrayInput, axis?: Axis): number | NDArray {
  const a = asArray(x);
  if (axis == null) return pairwiseSum(a.data, 0, a.size);
  const ax = normalizeAxis(axis, a.ndim);
  const s = sumAxisData(a.data, a.shape, ax);
  const dt = a.dtype === "float64" ? "float64" : "int32";
  return new NDArray(intOut(s, dt), reducedShape(a.shape, ax), dt);
}

/**
 * Arithmetic mean of all elements or along `axis` (float64). An empty reduction gives NaN, as in NumPy.
 * @example mean(array([[1, 2], [3, 4]]), 1); // [1.5, 3.5]
 */
export function mean(a: ArrayInput, axis?: null): number;
export function mean(a: ArrayInput, axis: number): NDArray;
export function mean(a: ArrayInput, axis?: Axis): number | NDArray;
export function mean(x: ArrayInput, axis?: Axis): number | NDArray {
  const a = asArray(x);
  if (axis == null) return pairwiseSum(a.data, 0, a.size) / a.size;
  const ax = normalizeAxis(axis, a.ndim);
  const s = sumAxisData(a.data, a.shape, ax);
  const n = a.shape[ax];
  for (let i = 0; i < s.length; i++) s[i] /= n;
  return new NDArray(s, reducedShape(a.shape, ax));
}

/**
 * Variance (mean squared deviation divided by n − ddof) of all elements or along `axis`, computed in two passes
 * like NumPy.
 * @param ddof - delta degrees of freedom (1 for the sample variance)
 * @example variance(array([1, 2, 3, 4])); // 1.25
 */
export function variance(a: ArrayInput, axis?: null, ddof?: number): number;
export function variance(a: ArrayInput, axis: number, ddof?: number): NDArray;
export function variance(a: ArrayInput, axis?: Axis, ddof?: number): number | NDArray;
export function variance(x: ArrayInput, axis?: Axis, ddof = 0): number | NDArray {
  const a = asArray(x);
  const d = a.data;
  if (axis == null) {
    const m = pairwiseSum(d, 0, a.size) / a.size;
    const sq = new Float64Array(a.size);
    for (let i = 0; i < sq.length; i++) { const t = d[i] - m; sq[i] = t * t; }
    return pairwiseSum(sq, 0, sq.length) / Math.max(a.size - ddof, 0);
  }
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  const means = sumAxisData(d, a.shape, ax);
  for (let i = 0; i < means.length; i++) means[i] /= n;
  const sq = new Float64Array(a.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const base = (o * n + i) * inner;
      for (let j = 0; j < inner; j++) { const t = d[base + j] - means[o * inner + j]; sq[base + j] = t * t; }
    }
  }
  const out = sumAxisData(sq, a.shape, ax);
  const denom = Math.max(n - ddof, 0);
  for (let i = 0; i < out.length; i++) out[i] /= denom;
  return new NDArray(out, reducedShape(a.shape, ax));
}

/**
 * Standard deviation: the square root of {@link variance}.
 * @example std(array([1, 2, 3, 4]), null, 1); // 1.2909944487358056
 */
export function std(a: ArrayInput, axis?: null, ddof?: number): number;
export function std(a: ArrayInput, axis: number, ddof?: number): NDArray;
export function std(a: ArrayInput, axis?: Axis, ddof?: number): number | NDArray;
export function std(x: ArrayInput, axis?: Axis, ddof = 0): number | NDArray {
  const v = variance(x, axis, ddof);
  if (typeof v === "number") return Math.sqrt(v);
  const d = v.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  return v;
}

function checkNonEmpty(what: string, a: NDArray, n: number): void {
  if (n === 0 || a.size === 0) throw new ShapeError(what, "a non-empty array (the reduction has no identity)", `an empty array of shape ${shapeText(a.shape)}`);
}

/** Shared body of min/max: `better(x, y)` says x replaces y; NaN always wins, as in NumPy. */
function extreme(what: string, x: ArrayInput, axis: Axis, isMax: boolean): number | NDArray {
  const a = asArray(x);
  const d = a.data;
  if (axis == null) {
    checkNonEmpty(what, a, a.size);
    let best = d[0];
    for (let i = 1; i < d.length; i++) {
      const v = d[i];
      if (v !== v) return NaN;
      if (isMax ? v > best : v < best) best = v;
    }
    return best;
  }
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  checkNonEmpty(what, a, n);
  const out = allocData(a.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const b0 = o * n * inner;
    for (let j = 0; j < inner; j++) out[ob + j] = d[b0 + j];
    for (let i = 1; i < n; i++) {
      const base = (o * n + i) * inner;
      for (let j = 0; j < inner; j++) {
        const v = d[base + j];
        const cur = out[ob + j];
        if (v !== v || (isMax ? v > cur : v < cur)) out[ob + j] = v;
      }
    }
  }
  return new NDArray(out, reducedShape(a.shape, ax), a.dtype);
}

/** Minimum of all elements or along `axis` (NaN propagates; empty input throws). @example min(array([3, 1, 2])); // 1 */
export function min(a: ArrayInput, axis?: null): number;
export function min(a: ArrayInput, axis: number): NDArray;
export function min(a: ArrayInput, axis?: Axis): number | NDArray;
export function min(a: ArrayInput, axis?: Axis): number | NDArray { return extreme("min", a, axis, false); }

/** Maximum of all elements or along `axis` (NaN propagates; empty input throws). @example max(array([3, 1, 2])); // 3 */
export function max(a: ArrayInput, axis?: null): number;
export function max(a: ArrayInput, axis: number): NDArray;
export function max(a: ArrayInput, axis?: Axis): number | NDArray;
export function max(a: ArrayInput, axis?: Axis): number | NDArray { return extreme("max", a, axis, true); }

/** Shared body of argmin/argmax: first extreme wins; the first NaN wins over everything. */
function argExtreme(what: string, x: ArrayInput, axis: Axis, isMax: boolean): number | NDArray {
  const a = asArray(x);
  const d = a.data;
  const scan = (off: number, n: number, stride: number): number => {
    let best = d[off];
    let bi = 0;
    if (best !== best) return 0;
    for (let i = 1; i < n; i++) {
      const v = d[off + i * stride];
      if (v !== v) return i;
      if (isMax ? v > best : v < best) { best = v; bi = i; }
    }
    return bi;
  };
  if (axis == null) {
    checkNonEmpty(what, a, a.size);
    return scan(0, a.size, 1);
  }
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  checkNonEmpty(what, a, n);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) out[o * inner + j] = scan(o * n * inner + j, n, inner);
  }
  return new NDArray(out, reducedShape(a.shape, ax), "int32");
}

/** Flat index of the minimum (→ number) or indices along `axis` (→ int32 NDArray). @example argmin(array([3, 1, 2])); // 1 */
export function argmin(a: ArrayInput, axis?: null): number;
export function argmin(a: ArrayInput, axis: number): NDArray;
export function argmin(a: ArrayInput, axis?: Axis): number | NDArray;
export function argmin(a: ArrayInput, axis?: Axis): number | NDArray { return argExtreme("argmin", a, axis, false); }

/** Flat index of the maximum (→ number) or indices along `axis` (→ int32 NDArray). @example argmax(array([3, 1, 2])); // 0 */
export function argmax(a: ArrayInput, axis?: null): number;
export function argmax(a: ArrayInput, axis: number): NDArray;
export function argmax(a: ArrayInput, axis?: Axis): number | NDArray;
export function argmax(a: ArrayInput, axis?: Axis): number | NDArray { return argExtreme("argmax", a, axis, true); }
