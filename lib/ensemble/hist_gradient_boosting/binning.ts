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
 * (−0 before +0): an LSD radix sort on the IEEE-754 bits for large arrays, about four times as fast as the built-in
 * sort. Three 11-bit passes order the high words (sign, exponent, 20 mantissa bits); equal high words, rare in
 * continuous data, are then ordered by their low words by insertion, and a long run of them (data differing only
 * beyond 20 mantissa bits) sends the whole array through three more passes on the low words instead. The sorted
 * array is the same whichever way: values with equal bits are interchangeable.
 * @param a - values without NaN
 * @returns `a`, sorted
 * @example
 * sortFloat64(Float64Array.of(2, -1, 0.5)); // Float64Array [-1, 0.5, 2]
 */
export function sortFloat64(a: Float64Array): Float64Array {
  const n = a.length;
  if (n < 4096 || (a.byteOffset & 7) !== 0) return a.sort();
  // keys: the values' bits mapped order-preservingly to unsigned (flip all bits of negatives, set the sign bit of
  // positives), in place; little-endian: low word at 2i, high word at 2i + 1. A pass moves whole 8-byte keys (one
  // write stream per bucket) and reads its digit from the key's own words.
  const u = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  const cnt = new Int32Array(6 * RADIX);
  for (let i = 0; i < n; i++) {
    const h = u[2 * i + 1];
    if (h & 0x80000000) { u[2 * i + 1] = ~h; u[2 * i] = ~u[2 * i]; } else u[2 * i + 1] = h | 0x80000000;
    const k = u[2 * i + 1];
    cnt[3 * RADIX + (k & 2047)]++; cnt[4 * RADIX + ((k >>> 11) & 2047)]++; cnt[5 * RADIX + (k >>> 22)]++;
  }
  const tmp = new Float64Array(n);
  let keys = radixPasses(a, tmp, cnt, 3, n);
  if (!lowWordsInOrder(new Uint32Array(keys.buffer, keys.byteOffset, 2 * n), n)) {
    // a long run of equal high words: order by the low words first, then (stably) by the high words again
    const w = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
    cnt.fill(0);
    for (let i = 0; i < n; i++) {
      const l = w[2 * i], h = w[2 * i + 1];
      cnt[l & 2047]++; cnt[RADIX + ((l >>> 11) & 2047)]++; cnt[2 * RADIX + (l >>> 22)]++;
      cnt[3 * RADIX + (h & 2047)]++; cnt[4 * RADIX + ((h >>> 11) & 2047)]++; cnt[5 * RADIX + (h >>> 22)]++;
    }
    keys = radixPasses(keys, keys === a ? tmp : a, cnt, 0, n);
  }
  if (keys !== a) u.set(new Uint32Array(keys.buffer, keys.byteOffset, 2 * n));
  for (let i = 0; i < n; i++) {
    const h = u[2 * i + 1];
    if (h & 0x80000000) u[2 * i + 1] = h & 0x7fffffff; else { u[2 * i + 1] = ~h; u[2 * i] = ~u[2 * i]; }
  }
  return a;
}

/** Buckets per radix digit (11 bits). */
const RADIX = 2048;
/** Longest run of equal high words ordered by insertion (beyond: three more radix passes). */
const MAX_RUN = 48;

/**
 * LSD passes over digits first…5 (0–2: the low word's, 3–5: the high word's) with their counts in cnt, moving the
 * 8-byte keys between `src` and `other` as two adjacent 32-bit words (a key may be a NaN pattern, which a float
 * copy need not keep); stable.
 * @returns the array holding the sorted keys (src or other)
 */
function radixPasses(src: Float64Array, other: Float64Array, cnt: Int32Array, first: number, n: number): Float64Array {
  let from = src, to = other;
  for (let d = first; d < 6; d++) {
    const o = d * RADIX;
    let sum = 0, constant = false;
    for (let b = 0; b < RADIX; b++) {
      const c = cnt[o + b];
      if (c === n) { constant = true; break; } // every key has this digit: the pass would not move anything
      cnt[o + b] = sum;
      sum += c;
    }
    if (constant) continue;
    const w = new Uint32Array(from.buffer, from.byteOffset, 2 * n), t32 = new Uint32Array(to.buffer, to.byteOffset, 2 * n);
    const sh = (d % 3) * 11, word = d < 3 ? 0 : 1;
    for (let i = 0; i < n; i++) {
      const p = 2 * cnt[o + ((w[2 * i + word] >>> sh) & 2047)]++;
      t32[p] = w[2 * i];
      t32[p + 1] = w[2 * i + 1];
    }
    const t = from; from = to; to = t;
  }
  return from;
}

/**
 * Keys (word pairs, low word first) sorted by their high words: order each run of equal high words by the low
 * words (insertion; equal keys stay put; within a run only low words move, so pairs stay together). False when some
 * run longer than MAX_RUN is not already in order (the keys are then still the same pairs, partly reordered).
 */
function lowWordsInOrder(w: Uint32Array, n: number): boolean {
  for (let s = 0; s < n;) {
    const h = w[2 * s + 1];
    let e = s + 1;
    while (e < n && w[2 * e + 1] === h) e++;
    if (e - s > 1) {
      let sorted = true;
      for (let i = s + 1; i < e && sorted; i++) if (w[2 * i] < w[2 * i - 2]) sorted = false;
      if (!sorted) {
        if (e - s > MAX_RUN) return false;
        for (let i = s + 1; i < e; i++) {
          const v = w[2 * i];
          let j = i - 1;
          while (j >= s && w[2 * j] > v) { w[2 * j + 2] = w[2 * j]; j--; }
          w[2 * j + 2] = v;
        }
      }
    }
    s = e;
  }
  return true;
}

/** Set bit `v` (0 ≤ v < 256) of the 8-word bitset at `offset`. */
export function setBit(bits: Uint32Array, offset: number, v: number): void {
  bits[offset + (v >>> 5)] |= (1 << (v & 31)) >>> 0;
}

/** Whether bit `v` (0 ≤ v < 256) of the 8-word bitset at `offset` is set. */
export function hasBit(bits: Uint32Array, offset: number, v: number): boolean {
  return ((bits[offset + (v >>> 5)] >>> (v & 31)) & 1) === 1;
}
