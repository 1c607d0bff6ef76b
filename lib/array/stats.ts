/**
 * Statistics a NumPy user reaches for in a first notebook: percentile / quantile (NumPy's default "linear"
 * method), cov / corrcoef, cumsum and histogram — each computed as NumPy 1.24 computes it, so printed numbers agree.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { ArrayInput, asArray, linspace } from "./creation";
import { NDArray, allocData } from "./ndarray";
import { Axis, pairwiseSum } from "./reduce";
import { normalizeAxis, splitAt } from "./util";

/** Quantile levels: one number, or a list / array of them. */
export type QuantileLevels = number | readonly number[] | NDArray;

/**
 * NumPy's `_lerp`: `a + (b − a)·t`, computed from the upper end when t ≥ 0.5 so that t = 1 gives b exactly.
 * @example lerp(1, 3, 0.5); // 2
 */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The linear-method quantile of `sorted` (ascending, NaN last) at level q in [0, 1]. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (Number.isNaN(sorted[n - 1])) return NaN;
  const v = (n - 1) * q;
  if (v >= n - 1) return sorted[n - 1];
  if (v < 0) return sorted[0];
  const lo = Math.floor(v);
  return lerp(sorted[lo], sorted[lo + 1], v - lo);
}

function levels(q: QuantileLevels, scale: number, what: string): { values: number[]; shape: number[] } {
  const arr = typeof q === "number" ? null : q instanceof NDArray ? q : asArray(Array.from(q));
  const raw = arr ? Array.from(arr.data) : [q as number];
  const values = raw.map((v) => v / scale);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= 0 && values[i] <= 1)) {
      throw new OptionError(`${what} q`, scale === 100 ? "values in [0, 100]" : "values in [0, 1]", raw[i]);
    }
  }
  return { values, shape: arr ? [...arr.shape] : [] };
}

function quantiles(what: string, x: ArrayInput, q: QuantileLevels, scale: number, axis: Axis): number | NDArray {
  const a = asArray(x);
  const { values, shape: qShape } = levels(q, scale, what);
  const sortedLane = (get: (i: number) => number, n: number) => {
    const lane = new Float64Array(n);
    for (let i = 0; i < n; i++) lane[i] = get(i);
    return lane.sort(); // Float64Array sort is numeric with NaN last, as NumPy's partition
  };
  if (axis === undefined || axis === null) {
    const sorted = sortedLane((i) => a.data[i], a.size);
    const out = Float64Array.from(values, (v) => quantileSorted(sorted, v));
    return qShape.length === 0 && typeof q === "number" ? out[0] : new NDArray(out, qShape);
  }
  const ax = normalizeAxis(axis, a.ndim);
  const [outer, n, inner] = splitAt(a.shape, ax);
  const rest = a.shape.filter((_, k) => k !== ax);
  const lanes = outer * inner;
  const out = new Float64Array(values.length * lanes);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      const sorted = sortedLane((i) => a.data[base + i * inner], n);
      for (let k = 0; k < values.length; k++) out[k * lanes + o * inner + j] = quantileSorted(sorted, values[k]);
    }
  }
  return new NDArray(out, [...qShape, ...rest]);
}

/**
 * The q-th percentile(s) with NumPy's default linear interpolation; NaN where a lane holds NaN.
 * @param a - data
 * @param q - percentile(s) in [0, 100]
 * @param axis - reduce along this axis (default: all elements)
 * @returns a number for one q over all elements; otherwise an array whose leading axes are q's
 * @example np.percentile([1, 2, 3, 4], 25); // 1.75
 */
export function percentile(a: ArrayInput, q: number, axis?: null): number;
export function percentile(a: ArrayInput, q: QuantileLevels, axis?: Axis): NDArray;
export function percentile(a: ArrayInput, q: QuantileLevels, axis?: Axis): number | NDArray {
  return quantiles("percentile", a, q, 100, axis);
}

/**
 * The q-th quantile(s) with NumPy's default linear interpolation; NaN where a lane holds NaN.
 * @param a - data
 * @param q - quantile level(s) in [0, 1]
 * @param axis - reduce along this axis (default: all elements)
 * @example np.quantile(X, [0.25, 0.5, 0.75], 0); // quartiles of each column, shape [3, nFeatures]
 */
export function quantile(a: ArrayInput, q: number, axis?: null): number;
export function quantile(a: ArrayInput, q: QuantileLevels, axis?: Axis): NDArray;
export function quantile(a: ArrayInput, q: QuantileLevels, axis?: Axis): number | NDArray {
  return quantiles("quantile", a, q, 1, axis);
}

/** Options of {@link cov}. */
export interface CovOptions {
  /** Each row is a variable, observations in columns (NumPy's default true); false: variables are columns. */
  rowvar?: boolean;
  /** Delta degrees of freedom (default 1, the unbiased estimate; `bias: true` means 0). */
  ddof?: number;
  /** Normalise by N instead of N − 1 (ignored when ddof is given). */
  bias?: boolean;
}

/** Variables as rows of a 2-D float64 array, as NumPy's cov stacks `m` and `y`. */
function variables(m: ArrayInput, y: ArrayInput | undefined, rowvar: boolean): NDArray {
  const prep = (x: ArrayInput, what: string) => {
    const a = asArray(x);
    if (a.ndim > 2) throw new ShapeError(`cov ${what}`, "a 1-D or 2-D array", `${a.ndim}-D`);
    const two = a.ndim === 2 ? a : a.reshape(1, a.size);
    return !rowvar && two.shape[0] !== 1 ? two.T : two;
  };
  const X = prep(m, "m");
  if (y === undefined) return X.astype("float64");
  const Y = prep(y, "y");
  if (Y.shape[1] !== X.shape[1]) throw new ShapeError("cov y", `${X.shape[1]} observations like m`, `${Y.shape[1]}`);
  const out = new Float64Array(X.size + Y.size);
  out.set(X.data, 0);
  out.set(Y.data, X.size);
  return new NDArray(out, [X.shape[0] + Y.shape[0], X.shape[1]]);
}

function covMatrix(X: NDArray, ddof: number): NDArray {
  const [p, n] = X.shape;
  const centred = new Float64Array(X.size);
  for (let i = 0; i < p; i++) {
    const mu = pairwiseSum(X.data, i * n, n) / n;
    for (let k = 0; k < n; k++) centred[i * n + k] = X.data[i * n + k] - mu;
  }
  const fact = n - ddof;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += centred[i * n + k] * centred[j * n + k];
      out[i * p + j] = out[j * p + i] = s / fact;
    }
  }
  return new NDArray(out, [p, p]);
}

/**
 * Covariance matrix, as NumPy's `np.cov`: rows are variables unless `rowvar: false`; a second array adds variables.
 * @param m - observations (1-D: one variable)
 * @param y - more variables (optional)
 * @param options - rowvar, ddof, bias
 * @returns a p×p array (0-d for one variable, as NumPy returns a scalar array)
 * @example np.cov(X, { rowvar: false }); // nFeatures × nFeatures
 */
export function cov(m: ArrayInput, y?: ArrayInput | CovOptions, options: CovOptions = {}): NDArray {
  if (y !== undefined && !(y instanceof NDArray) && !Array.isArray(y) && typeof y === "object") { options = y as CovOptions; y = undefined; }
  const X = variables(m, y as ArrayInput | undefined, options.rowvar ?? true);
  const ddof = options.ddof ?? (options.bias ? 0 : 1);
  const c = covMatrix(X, ddof);
  return c.size === 1 ? c.reshape([]) : c;
}

/**
 * Pearson correlation coefficients, as NumPy's `np.corrcoef` (clipped to [−1, 1]).
 * @param x - observations (rows are variables unless `rowvar: false`)
 * @param y - more variables (optional): `np.corrcoef(a, b).get(0, 1)` is the correlation of a and b
 * @example np.corrcoef(x, y).get(0, 1);
 */
export function corrcoef(x: ArrayInput, y?: ArrayInput | { rowvar?: boolean }, options: { rowvar?: boolean } = {}): NDArray {
  if (y !== undefined && !(y instanceof NDArray) && !Array.isArray(y) && typeof y === "object") { options = y as CovOptions; y = undefined; }
  const c = covMatrix(variables(x, y as ArrayInput | undefined, options.rowvar ?? true), 1);
  const p = c.shape[0];
  const d = c.data as Float64Array;
  const sd = Float64Array.from({ length: p }, (_, i) => Math.sqrt(d[i * p + i]));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const v = d[i * p + j] / sd[i] / sd[j];
      d[i * p + j] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
  }
  return p === 1 ? c.reshape([]) : c;
}

/**
 * Cumulative sum over all elements (flattened) or along `axis`; integer and bool data sum as int32.
 * @example np.cumsum([1, 2, 3]); // [1, 3, 6]
 */
export function cumsum(x: ArrayInput, axis?: Axis): NDArray {
  const a0 = asArray(x);
  const a = axis === undefined || axis === null ? a0.reshape(a0.size) : a0;
  const ax = axis === undefined || axis === null ? 0 : normalizeAxis(axis, a.ndim);
  const dtype = a.dtype === "float64" ? "float64" : "int32";
  const out = allocData(dtype, a.size);
  if (a.ndim === 0) { out[0] = a.data[0]; return new NDArray(out, [], dtype); }
  const [outer, n, inner] = splitAt(a.shape, ax);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let s = 0;
      for (let i = 0; i < n; i++) { s += a.data[base + i * inner]; out[base + i * inner] = s; }
    }
  }
  return new NDArray(out, a.shape, dtype);
}

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins (default 10), or the bin edges (increasing). */
  bins?: number | readonly number[] | NDArray;
  /** Lower and upper edge (default: the data's min and max); values outside are left out. */
  range?: readonly [number, number];
  /** Return a probability density (integral 1) instead of counts. */
  density?: boolean;
}

/**
 * Counts of values in bins, as NumPy's `np.histogram`: every bin is half-open [a, b) except the last, [a, b].
 * @param a - data (flattened)
 * @param options - bins (count or edges), range, density
 * @returns `[hist, binEdges]` (hist int32 counts, or float64 with density)
 * @example const [counts, edges] = np.histogram(x, { bins: 5 });
 */
export function histogram(a: ArrayInput, options: HistogramOptions | number = {}): [NDArray, NDArray] {
  const opts = typeof options === "number" ? { bins: options } : options;
  const x = asArray(a);
  const data = x.data;
  const bins = opts.bins ?? 10;
  let edges: NDArray;
  const counts = (nb: number) => new Int32Array(nb);
  let hist: Int32Array;
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) throw new OptionError("histogram bins", "a positive integer or increasing edges", bins);
    let first: number, last: number;
    if (opts.range) {
      [first, last] = opts.range;
      if (first > last) throw new OptionError("histogram range", "[min, max] with min ≤ max", `[${first}, ${last}]`);
      if (!Number.isFinite(first) || !Number.isFinite(last)) throw new OptionError("histogram range", "finite bounds", `[${first}, ${last}]`);
    } else if (x.size === 0) {
      [first, last] = [0, 1];
    } else {
      first = Infinity; last = -Infinity;
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v !== v) { first = last = NaN; break; }
        if (v < first) first = v;
        if (v > last) last = v;
      }
      if (!Number.isFinite(first) || !Number.isFinite(last)) {
        throw new InputTypeError("histogram data", `a finite range (drop NaN first, or pass range); autodetected [${first}, ${last}]`, x);
      }
    }
    if (first === last) { first -= 0.5; last += 0.5; }
    edges = linspace(first, last, bins + 1);
    const e = edges.data;
    hist = counts(bins);
    const norm = bins / (last - first);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!(v >= first && v <= last)) continue;
      let k = Math.trunc((v - first) * norm);
      if (k === bins) k--;
      // The scaled index can be off by one within an ulp of an edge; NumPy corrects it against the edges.
      if (v < e[k]) k--;
      if (k !== bins - 1 && v >= e[k + 1]) k++;
      hist[k]++;
    }
  } else {
    edges = (bins instanceof NDArray ? bins : asArray(Array.from(bins))).astype("float64");
    const e = edges.data;
    const nb = e.length - 1;
    if (edges.ndim !== 1 || nb < 1) throw new OptionError("histogram bins", "at least two edges", Array.from(e));
    for (let i = 0; i < nb; i++) if (!(e[i + 1] >= e[i])) throw new OptionError("histogram bins", "monotonically increasing edges", Array.from(e));
    hist = counts(nb);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!(v >= e[0] && v <= e[nb])) continue;
      if (v === e[nb]) { hist[nb - 1]++; continue; }
      // the last edge i with e[i] <= v
      let lo = 0, hi = nb;
      while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (e[mid] <= v) lo = mid; else hi = mid; }
      hist[lo]++;
    }
  }
  if (opts.density) {
    const e = edges.data;
    let total = 0;
    for (let i = 0; i < hist.length; i++) total += hist[i];
    const dens = Float64Array.from(hist, (c, i) => c / (e[i + 1] - e[i]) / total);
    return [new NDArray(dens, [hist.length]), edges];
  }
  return [new NDArray(hist, [hist.length]), edges];
}
