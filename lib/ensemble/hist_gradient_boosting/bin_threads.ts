/**
 * A fit's binning on the fitting thread and the histogram worker (scikit-learn bins features in parallel too): the
 * data is copied once, column-major, into shared memory, then both threads claim features one at a time and write
 * each feature's thresholds and binned column (bin_work.ts). The result equals fitBinMapper + binData bit for bit.
 */
import { assembleBinMapper, BinMapperState, binData, binningSample, fitBinMapper } from "./binning";
import { binFeature, BinScratch, BinTask, MAX_THRESHOLDS } from "./bin_work";
import { scanPool, shareBins } from "./scan_pool";

/** Data with fewer cells than this is binned on one thread (the copy and hand-off would not pay). */
const THREADED_MIN_CELLS = 200_000;
/** Rows transposed per block (a block's rows stay in cache while every column is written). */
const BLOCK = 64;

/**
 * Fit the binning and bin the training data, on two threads when `threads` and the data is large.
 * @param data - rows × cols, row-major
 * @param rows - number of samples
 * @param cols - number of features
 * @param maxBins - bins for non-missing values
 * @param isCategorical - per feature, 1 when categorical
 * @param known - per feature, sorted categories (categorical features) or null
 * @param seed - the fit's seed (row subsample above 200 000 rows)
 * @param threads - whether the histogram worker may take features
 * @returns the binning and the binned data, column-major
 * @example
 * const { bins, xb } = fitAndBin(x, rows, cols, 255, mask, known, seed, histogramThreadsNow());
 */
export function fitAndBin(data: Float64Array, rows: number, cols: number, maxBins: number, isCategorical: Uint8Array,
  known: (Float64Array | null)[], seed: number, threads: boolean): { bins: BinMapperState; xb: Uint8Array } {
  const p = threads && cols >= 2 && rows * cols >= THREADED_MIN_CELLS ? scanPool() : null;
  if (!p) {
    const bins = fitBinMapper(data, rows, cols, maxBins, isCategorical, known, seed);
    return { bins, xb: binData(bins, data, rows, cols) };
  }
  const columns = new Float64Array(new SharedArrayBuffer(8 * rows * cols));
  for (let lo = 0; lo < rows; lo += BLOCK) {
    const hi = Math.min(rows, lo + BLOCK);
    for (let j = 0; j < cols; j++) {
      const o = j * rows;
      for (let i = lo; i < hi; i++) columns[o + i] = data[i * cols + j];
    }
  }
  const sample = binningSample(rows, seed);
  const task: BinTask = {
    columns, rows, nFeatures: cols, maxBins, isCategorical, known, sample,
    thresholds: new Float64Array(new SharedArrayBuffer(8 * MAX_THRESHOLDS * cols)),
    counts: new Int32Array(new SharedArrayBuffer(4 * cols)),
    binned: new Uint8Array(new SharedArrayBuffer(rows * cols)),
  };
  const scratch: BinScratch = { col: new Float64Array(sample ? sample.length : 0), tp: new Float64Array(256) };
  const here = (j: number): void => binFeature(task, j, scratch);
  // the worker failed: bin every feature here (binning a feature twice writes the same bytes)
  if (!shareBins(p, task, here)) for (let j = 0; j < cols; j++) here(j);
  const bins = assembleBinMapper(cols, maxBins, isCategorical, known,
    (j) => task.thresholds.slice(j * MAX_THRESHOLDS, j * MAX_THRESHOLDS + task.counts[j]));
  return { bins, xb: task.binned };
}
