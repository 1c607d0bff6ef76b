/**
 * X's columns as ranks (dense ranks of the float32 values, packed with the row into an int32 key), built once per
 * dataset and shared by every tree. Two uses:
 * - every split search sorts keys instead of (value, sample) pairs, with the very same introsort comparing ranks
 *   (sort.ts introsortKeys), so samples end in scikit-learn's order while each swap moves one int32;
 * - single-output classification with integer weights (splitter_ranked.ts) may order tied samples any way at all.
 *   With integer sample weights (none, bootstrap counts, integer user weights) every class count and weight sum a
 *   criterion forms is an integer below 2⁵³, exact in any summation order; candidate thresholds, the samples on
 *   each side of a split and each side's class counts depend only on the sorted *values*. So any sort by value
 *   gives scikit-learn's tree: that search sorts distinct keys (ties by row), or for large nodes filters the
 *   column's presorted keys by node membership, with no sort at all.
 */

/** A column-wise rank table of X, built once per dataset and shared by every tree fitted on it. */
export interface RankedX {
  /** keys[f·nRows + i] = (rank of X[i, f] among the column's distinct float32 values) << shift | i. */
  keys: Int32Array;
  /** vals[f·nRows + r]: the column's r-th smallest distinct float32 value (−0 read as +0). */
  vals: Float32Array;
  /** sorted[f·nRows + t]: the column's keys in ascending order (rows by value, ties by row). */
  sorted: Int32Array;
  /** Bits of the row index in a key. */
  shift: number;
}

/** The bits needed for a row index below nRows (at least 1). */
function rowBits(nRows: number): number {
  let b = 1;
  while (2 ** b < nRows) b++;
  return b;
}

/**
 * Whether keys (rank << shift | row) of nRows rows fit in a non-negative int32.
 * @param nRows - rows of X
 * @example
 * rankableRows(455); // true
 */
export function rankableRows(nRows: number): boolean {
  return nRows >= 1 && nRows * 2 ** rowBits(nRows) <= 2 ** 31;
}

/**
 * Whether the fast path's exactness argument holds for these weights: null, or non-negative integers summing below
 * 2⁵³.
 * @param sw - sample weights or null
 * @example
 * integralWeights(Float64Array.of(1, 0, 2)); // true
 */
export function integralWeights(sw: Float64Array | null): boolean {
  if (sw === null) return true;
  let s = 0;
  for (let i = 0; i < sw.length; i++) {
    const w = sw[i];
    if (!(w >= 0 && Math.floor(w) === w)) return false;
    s += w;
  }
  return s < 2 ** 53;
}

/**
 * Rank every column of a column-major float32 X (values compared as float32; −0 and +0 tie).
 * @param xt - X column-major: xt[f·nRows + i]
 * @param nRows - rows (rankableRows(nRows) must hold)
 * @param nFeatures - columns
 * @param shared - allocate the tables in SharedArrayBuffers (for worker threads)
 * @example
 * const r = rankColumns(Float32Array.of(3, 1, 3), 3, 1); // keys [1<<2|0, 0<<2|1, 1<<2|2], vals [1, 3, …]
 */
export function rankColumns(xt: Float32Array, nRows: number, nFeatures: number, shared = false): RankedX {
  const shift = rowBits(nRows);
  const len = nRows * nFeatures;
  const keys = shared ? new Int32Array(new SharedArrayBuffer(len * 4)) : new Int32Array(len);
  const vals = shared ? new Float32Array(new SharedArrayBuffer(len * 4)) : new Float32Array(len);
  const sorted = shared ? new Int32Array(new SharedArrayBuffer(len * 4)) : new Int32Array(len);
  const one = new Float32Array(1), bits = new Uint32Array(one.buffer);
  // (order-preserving uint32 of the float32 value) · 2¹⁶ + row: exact in float64 (< 2⁴⁸), sorted natively.
  const tmp = new Float64Array(nRows);
  for (let f = 0; f < nFeatures; f++) {
    const col = f * nRows;
    for (let i = 0; i < nRows; i++) {
      one[0] = xt[col + i] + 0; // −0 → +0
      const b = bits[0];
      const u = b & 0x80000000 ? (~b) >>> 0 : (b | 0x80000000) >>> 0;
      tmp[i] = u * 65536 + i;
    }
    tmp.sort();
    let rank = -1, prev = -1;
    for (let t = 0; t < nRows; t++) {
      const u = Math.floor(tmp[t] / 65536), i = tmp[t] - u * 65536;
      if (u !== prev) {
        rank++;
        prev = u;
        vals[col + rank] = xt[col + i] + 0;
      }
      keys[col + i] = (rank << shift) | i;
      sorted[col + t] = (rank << shift) | i;
    }
  }
  return { keys, vals, sorted, shift };
}
