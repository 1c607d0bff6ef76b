/**
 * Feature binning for histogram gradient boosting, as scikit-learn 1.2's _BinMapper: each continuous feature is
 * cut into at most maxBins quantile bins (midpoints of the distinct values when there are few), each categorical
 * feature gets one bin per known category, and NaN always lands in the last bin (index maxBins).
 */
import { RandomState } from "../../random/random_state";

/** Values above this are clipped in thresholds: +inf thresholds only arise from "split on NaN". */
export const ALMOST_INF = 1e300;
/** Rows drawn (without replacement) to compute the quantiles, as scikit-learn. */
export const BINNING_SUBSAMPLE = 200000;

/** A fitted binning: what is needed to bin new data and to turn bin splits into raw thresholds. */
export interface BinMapperState {
  /** Index of the NaN bin (= maxBins), the same for every feature. */
  missingBin: number;
  /**
   * Per feature: continuous → increasing upper bounds of the bins (x goes to bin i iff t[i-1] < x ≤ t[i]);
   * categorical → the sorted raw category values (bin i is category t[i]).
   */
  thresholds: Float64Array[];
  /** Per feature, the number of bins used by non-missing values. */
  nBinsNonMissing: Int32Array;
  /** Per feature, 1 when categorical. */
  isCategorical: Uint8Array;
  /** 8 × uint32 bitset per feature of the raw categories seen in fit (zero for continuous features). */
  knownCategoryBitsets: Uint32Array;
}

/**
 * Bin thresholds of one feature, as scikit-learn's `_find_binning_thresholds`: NaN ignored; with at most maxBins
 * distinct values, the midpoints between consecutive distinct values; otherwise NumPy's "midpoint" percentiles at
 * linspace(0, 100, maxBins + 1)[1:-1]; clipped at 1e300.
 * @param values - the feature's values (any order, NaN allowed)
 * @param maxBins - bins for non-missing values
 * @returns increasing thresholds, at most maxBins − 1 of them
 * @example
 * findBinningThresholds(Float64Array.of(1, 2, 2, 3, NaN), 255); // Float64Array [1.5, 2.5]
 */
export function findBinningThresholds(values: ArrayLike<number>, maxBins: number): Float64Array {
  let n = 0;
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v === v) sorted[n++] = v; }
  const col = sortFloat64(sorted.subarray(0, n));
  let nDistinct = 0;
  const distinct = new Float64Array(n);
  for (let i = 0; i < n; i++) if (i === 0 || col[i] !== col[i - 1]) distinct[nDistinct++] = col[i];
  let out: Float64Array;
  if (nDistinct <= maxBins) {
    out = new Float64Array(Math.max(0, nDistinct - 1));
    for (let i = 0; i + 1 < nDistinct; i++) out[i] = (distinct[i] + distinct[i + 1]) * 0.5;
  } else {
    out = new Float64Array(maxBins - 1);
    const step = 100 / maxBins;
    for (let k = 1; k < maxBins; k++) {
      // numpy: linspace gives k*step, percentile divides by 100, "midpoint" averages floor and ceil indices
      const q = (k * step) / 100;
      const t = (n - 1) * q;
      const lo = Math.floor(t), hi = Math.ceil(t);
      const a = col[lo];
      if (lo === hi) { out[k - 1] = a; continue; }
      const b = col[Math.min(hi, n - 1)];
      out[k - 1] = b - (b - a) * 0.5; // numpy's lerp at gamma = 0.5
    }
  }
  for (let i = 0; i < out.length; i++) if (out[i] > ALMOST_INF) out[i] = ALMOST_INF;
  return out;
}

/**
 * Fit the binning on row-major data.
 * @param data - rows × cols, row-major
 * @param rows - number of samples
 * @param cols - number of features
 * @param maxBins - bins for non-missing values (the NaN bin is extra)
 * @param isCategorical - per feature, 1 when categorical
 * @param knownCategories - per feature, sorted categories (categorical features) or null
 * @param seed - the seed scikit-learn draws in fit; used only when rows > 200 000 to subsample
 * @example
 * const st = fitBinMapper(data, rows, cols, 255, new Uint8Array(cols), Array(cols).fill(null), 0);
 */
export function fitBinMapper(data: Float64Array, rows: number, cols: number, maxBins: number, isCategorical: Uint8Array,
  knownCategories: (Float64Array | null)[], seed: number): BinMapperState {
  const sample = binningSample(rows, seed);
  const m = sample ? sample.length : rows;
  const col = new Float64Array(m);
  return assembleBinMapper(cols, maxBins, isCategorical, knownCategories, (j) => {
    for (let i = 0; i < m; i++) col[i] = data[(sample ? sample[i] : i) * cols + j];
    return findBinningThresholds(col, maxBins);
  });
}

/**
 * A BinMapperState from each feature's bin edges: a categorical feature's known categories (one bin each, and
 * their bitset), a numeric feature's thresholds from `numeric(j)` (asked in feature order, one more bin than
 * thresholds). Shared by the one-thread fit (fitBinMapper) and the two-thread one (bin_threads.ts).
 * @param cols - number of features
 * @param maxBins - bins of non-missing values; the missing-value bin is this index
 * @param isCategorical - 1 for a categorical feature
 * @param knownCategories - each categorical feature's categories (null for numeric ones)
 * @param numeric - feature j's thresholds
 * @example
 * assembleBinMapper(2, 255, new Uint8Array(2), [null, null], (j) => thresholds[j]);
 */
export function assembleBinMapper(cols: number, maxBins: number, isCategorical: Uint8Array, knownCategories: (Float64Array | null)[],
  numeric: (j: number) => Float64Array): BinMapperState {
  const thresholds: Float64Array[] = [];
  const nBinsNonMissing = new Int32Array(cols);
  const knownCategoryBitsets = new Uint32Array(cols * 8);
  for (let j = 0; j < cols; j++) {
    if (isCategorical[j]) {
      const cats = knownCategories[j]!;
      thresholds.push(cats);
      nBinsNonMissing[j] = cats.length;
      for (let c = 0; c < cats.length; c++) setBit(knownCategoryBitsets, j * 8, cats[c]);
      continue;
    }
    const t = numeric(j);
    thresholds.push(t);
    nBinsNonMissing[j] = t.length + 1;
  }
  return { missingBin: maxBins, thresholds, nBinsNonMissing, isCategorical: isCategorical.slice(), knownCategoryBitsets };
}

/**
 * The rows the quantiles are computed from: null (all rows) up to 200 000 rows, else scikit-learn's subsample.
 * @param rows - number of samples
 * @param seed - the fit's seed
 * @example
 * binningSample(1000, 0); // null
 */
export function binningSample(rows: number, seed: number): Int32Array | null {
  if (rows <= BINNING_SUBSAMPLE) return null;
  // numpy's choice(rows, size, replace=False) is permutation(rows)[:size]
  const perm = new RandomState(seed).permutation(rows).data;
  const sample = new Int32Array(BINNING_SUBSAMPLE);
  for (let i = 0; i < BINNING_SUBSAMPLE; i++) sample[i] = perm[i];
  return sample;
}

/**
 * Bin m values src[srcAt + i·srcStride] into out[outAt + i] with thresholds `t` (see {@link binData}).
 * @param t - the feature's thresholds (or sorted categories)
 * @param missing - the NaN bin
 * @param tp - scratch of 256 doubles
 * @param src - the values
 * @param srcAt - first value's index
 * @param srcStride - distance between values
 * @param rowIndex - optional rows to take (value i is row rowIndex[i])
 * @param out - the binned column
 * @param outAt - first bin's index
 * @param m - number of values
 * @example
 * binColumn(st.thresholds[j], st.missingBin, new Float64Array(256), col, 0, 1, null, out, 0, col.length);
 */
export function binColumn(t: Float64Array, missing: number, tp: Float64Array, src: Float64Array, srcAt: number,
  srcStride: number, rowIndex: Int32Array | null, out: Uint8Array, outAt: number, m: number): void {
  // thresholds padded with +Infinity to 256 entries: a branch-free 8-step search counts the thresholds < v, which
  // is the bin (x goes to bin i iff t[i−1] < x ≤ t[i]); NaN goes to the missing bin
  tp.fill(Infinity);
  tp.set(t);
  for (let i = 0; i < m; i++) {
    const v = src[srcAt + (rowIndex ? rowIndex[i] : i) * srcStride];
    if (v !== v) { out[outAt + i] = missing; continue; }
    let lo = +(tp[127] < v) << 7;
    lo += +(tp[lo + 63] < v) << 6;
    lo += +(tp[lo + 31] < v) << 5;
    lo += +(tp[lo + 15] < v) << 4;
    lo += +(tp[lo + 7] < v) << 3;
    lo += +(tp[lo + 3] < v) << 2;
    lo += +(tp[lo + 1] < v) << 1;
    lo += +(tp[lo] < v);
    out[outAt + i] = lo;
  }
}

/**
 * Bin row-major data into a column-major Uint8Array (column j at [j·rows, (j+1)·rows)), NaN to the missing bin.
 * @param st - the fitted binning
 * @param data - rows × cols, row-major
 * @param rows - number of samples
 * @param cols - number of features
 * @param rowIndex - optional subset of rows (in this order)
 * @example
 * const xb = binData(st, data, rows, cols);
 */
export function binData(st: BinMapperState, data: Float64Array, rows: number, cols: number, rowIndex?: Int32Array): Uint8Array {
  const m = rowIndex ? rowIndex.length : rows;
  const out = new Uint8Array(m * cols);
  const tp = new Float64Array(256);
  for (let j = 0; j < cols; j++) binColumn(st.thresholds[j], st.missingBin, tp, data, j, cols, rowIndex ?? null, out, j * m, m);
  return out;
}

/**
 * Sort finite/infinite (no NaN) float64 values ascending in place, in the same order as Float64Array.prototype.sort
 * (−0 before +0): an LSD radix sort on the IEEE-754 bits (six 11-bit digits) for large arrays, which is about
 * twice as fast as the built-in sort.
 * @param a - values without NaN
 * @returns `a`, sorted
 * @example
 * sortFloat64(Float64Array.of(2, -1, 0.5)); // Float64Array [-1, 0.5, 2]
 */
export function sortFloat64(a: Float64Array): Float64Array {
  const n = a.length;
  if (n < 4096 || (a.byteOffset & 7) !== 0) return a.sort();
  const u = new Uint32Array(a.buffer, a.byteOffset, 2 * n); // little-endian: low word at 2i, high word at 2i + 1
  let hi = new Uint32Array(n), lo = new Uint32Array(n), hi2 = new Uint32Array(n), lo2 = new Uint32Array(n);
  const B = 2048, cnt = new Int32Array(6 * B);
  for (let i = 0; i < n; i++) {
    // order-preserving map to unsigned: flip all bits of negatives, set the sign bit of positives
    let h = u[2 * i + 1], l = u[2 * i];
    if (h & 0x80000000) { h = ~h >>> 0; l = ~l >>> 0; } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
    cnt[l & 2047]++; cnt[B + ((l >>> 11) & 2047)]++; cnt[2 * B + (l >>> 22)]++;
    cnt[3 * B + (h & 2047)]++; cnt[4 * B + ((h >>> 11) & 2047)]++; cnt[5 * B + (h >>> 22)]++;
  }
  for (let d = 0; d < 6; d++) {
    const o = d * B;
    let sum = 0, constant = false;
    for (let b = 0; b < B; b++) {
      const c = cnt[o + b];
      if (c === n) { constant = true; break; } // every key has this digit: the pass would not move anything
      cnt[o + b] = sum;
      sum += c;
    }
    if (constant) continue;
    const sh = (d % 3) * 11, key = d < 3 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const p = cnt[o + ((key[i] >>> sh) & 2047)]++;
      hi2[p] = hi[i];
      lo2[p] = lo[i];
    }
    let t = hi; hi = hi2; hi2 = t;
    t = lo; lo = lo2; lo2 = t;
  }
  for (let i = 0; i < n; i++) {
    let h = hi[i], l = lo[i];
    if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0; else { h = ~h >>> 0; l = ~l >>> 0; }
    u[2 * i + 1] = h;
    u[2 * i] = l;
  }
  return a;
}

/** Set bit `v` (0 ≤ v < 256) of the 8-word bitset at `offset`. */
export function setBit(bits: Uint32Array, offset: number, v: number): void {
  bits[offset + (v >>> 5)] |= (1 << (v & 31)) >>> 0;
}

/** Whether bit `v` (0 ≤ v < 256) of the 8-word bitset at `offset` is set. */
export function hasBit(bits: Uint32Array, offset: number, v: number): boolean {
  return ((bits[offset + (v >>> 5)] >>> (v & 31)) & 1) === 1;
}
