/**
 * Raw predictions on the fitting thread and the histogram worker, over chunks of rows (scikit-learn predicts over
 * rows on all cores): the rows and the raw scores are copied into shared memory, the trees are posted to the
 * worker, and both threads claim chunks of rows and walk them through every tree (predictor.ts's addForestRaw).
 * Each row's scores are summed by one thread in tree order, so they equal the one-thread scores bit for bit.
 */
import { addForestRaw, TreeArrays } from "./predictor";
import { scanPool, sharePredict } from "./scan_pool";

/** Rows per claimed chunk (a multiple of addForestRaw's block). */
export const PREDICT_CHUNK = 2048;
/** Fewer rows than this are predicted on one thread (the copies and hand-off would not pay). */
const THREADED_MIN_ROWS = 8 * PREDICT_CHUNK;

/** A prediction task: every array over shared memory except the trees and bitsets (posted as copies). */
export interface PredictTask {
  trees: TreeArrays[][];
  data: Float64Array;
  rows: number;
  cols: number;
  known: Uint32Array;
  /** Class-major raw scores, K·rows, holding the baseline when the task starts. */
  out: Float64Array;
}

/**
 * Rows [c·PREDICT_CHUNK, …) of task `t` through every tree.
 * @param t - the task
 * @param c - the chunk
 */
export function predictChunk(t: PredictTask, c: number): void {
  const lo = c * PREDICT_CHUNK;
  addForestRaw(t.trees, t.data, t.rows, t.cols, t.known, t.out, lo, Math.min(t.rows, lo + PREDICT_CHUNK));
}

/**
 * Add every tree's output to `raw` (class-major, baseline filled), on two threads for many rows when `threads`.
 * @param trees - trees[iteration][k]
 * @param data - rows × cols, row-major
 * @param rows - number of samples
 * @param cols - number of features
 * @param known - known-category bitsets
 * @param raw - raw scores to add to
 * @param threads - whether the worker may take chunks
 * @example
 * predictForest(model.predictors_, x, rows, cols, known, raw, histogramThreadsNow());
 */
export function predictForest(trees: TreeArrays[][], data: Float64Array, rows: number, cols: number, known: Uint32Array,
  raw: Float64Array, threads: boolean): void {
  const p = threads && rows >= THREADED_MIN_ROWS && trees.length > 0 ? scanPool() : null;
  if (!p) {
    addForestRaw(trees, data, rows, cols, known, raw, 0, rows);
    return;
  }
  const shared = (a: Float64Array): Float64Array => {
    const s = new Float64Array(new SharedArrayBuffer(8 * a.length));
    s.set(a);
    return s;
  };
  const t: PredictTask = { trees, data: shared(data.subarray(0, rows * cols)), rows, cols, known, out: shared(raw) };
  const nChunks = Math.ceil(rows / PREDICT_CHUNK);
  if (!sharePredict(p, t, nChunks, (c) => predictChunk(t, c))) {
    // the worker failed: start again from the baseline, on this thread
    t.out.set(raw);
    addForestRaw(trees, t.data, rows, cols, known, t.out, 0, rows);
  }
  raw.set(t.out);
}
