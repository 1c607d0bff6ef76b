/**
 * One feature's share of binning, run by whichever thread claimed the feature (the fit or the histogram worker,
 * scan_pool.ts): its thresholds from its column (or scikit-learn's row subsample of it) and its binned column.
 * Both threads run this code on the same shared column-major copy of the data, so the thresholds and bins are those
 * of fitBinMapper / binData whoever did which feature.
 */
import { binColumn, findBinningThresholds } from "./binning";

/** Most thresholds a feature can have (maxBins ≤ 255, NaN bin apart). */
export const MAX_THRESHOLDS = 256;

/** A binning task: shared inputs and outputs (feature j's parts at j·rows, j·MAX_THRESHOLDS, j). */
export interface BinTask {
  /** The data column-major: feature j's values at [j·rows, (j+1)·rows). */
  columns: Float64Array;
  rows: number;
  nFeatures: number;
  maxBins: number;
  isCategorical: Uint8Array;
  /** Per feature, its sorted categories (categorical features) or null. */
  known: (Float64Array | null)[];
  /** Rows to compute the quantiles from (null: all). */
  sample: Int32Array | null;
  /** Out: thresholds, MAX_THRESHOLDS per feature, and their counts. */
  thresholds: Float64Array;
  counts: Int32Array;
  /** Out: the binned data, column-major. */
  binned: Uint8Array;
}

/** One thread's scratch for {@link binFeature}. */
export interface BinScratch { col: Float64Array; tp: Float64Array }

/**
 * Feature j's thresholds and binned column.
 * @param t - the task
 * @param j - the feature
 * @param s - this thread's scratch (col: at least sample length)
 * @example
 * for (let j = 0; j < t.nFeatures; j++) binFeature(t, j, { col: new Float64Array(t.sample?.length ?? 0), tp: new Float64Array(256) });
 */
export function binFeature(t: BinTask, j: number, s: BinScratch): void {
  const { rows, columns } = t, at = j * rows;
  let thr: Float64Array;
  if (t.isCategorical[j]) thr = t.known[j]!;
  else if (t.sample) {
    const sm = t.sample, col = s.col;
    for (let i = 0; i < sm.length; i++) col[i] = columns[at + sm[i]];
    thr = findBinningThresholds(col.subarray(0, sm.length), t.maxBins);
  } else {
    thr = findBinningThresholds(columns.subarray(at, at + rows), t.maxBins);
  }
  t.thresholds.set(thr, j * MAX_THRESHOLDS);
  t.counts[j] = thr.length;
  binColumn(thr, t.maxBins, s.tp, columns, at, 1, null, t.binned, at, rows);
}
