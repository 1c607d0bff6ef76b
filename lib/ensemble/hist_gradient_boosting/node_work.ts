/**
 * One feature's share of a node task, run by whichever thread claimed the feature (the fit or the histogram worker,
 * scan_pool.ts): zero and scan the feature's histogram of the node's samples, subtract it from the parent's (the
 * sibling's histogram, in place), and write the feature's best split of the node and of the sibling as records.
 * Both threads run this same code over the one shared memory, so every feature's histograms and splits are the same
 * whoever did it, and the node's split — the reduction of the records in feature order — is the one-thread split.
 */
import { findFeatureSplit, SPLIT_RECORD, SplitterContext, writeSplit } from "./splitting";

/** One feature's histograms: zero, scan, subtract from the parent (−1: none); see wasm_kernels.ts's nodeScan. */
type NodeScan = (out: number, col: number, idx: number, m: number, gh: number, parent: number, k: number) => void;

/** The kernels and views of one fit's memory, on one thread. */
export interface NodeKernels {
  nodeScan: NodeScan;
  nodeScanConst: NodeScan;
  bytes: Uint8Array;
  f64: Float64Array;
  /** Samples (a binned column's length). */
  n: number;
  /** Bins per feature, NaN bin included. */
  nBins: number;
  ctx: SplitterContext | null;
  /** Float64Array views of histograms by byte offset (split finding indexes a node's histograms from 0). */
  views: Map<number, Float64Array>;
}

/** A node task's arguments (byte offsets into the memory unless said otherwise), in the protocol's word order. */
export interface NodeArgs {
  nFeatures: number;
  /** The scanned node's histograms. */
  target: number;
  /** The node's sample indices (int32). */
  idxAt: number;
  /** The node's sample count. */
  m: number;
  /** Gathered gradients (and hessians). */
  ordered: number;
  /** 1: constant hessians. */
  cst: number;
  /** The parent's histograms, turned into the sibling's; −1: none (the root). */
  parent: number;
  /** Split records: the node's at rec + f·SPLIT_RECORD·8, the sibling's nFeatures records further. */
  rec: number;
  /** Bit 1: find the node's splits; bit 2: the sibling's. */
  want: number;
  /** Eight doubles: the node's sample count, gradient sum, hessian sum, value; then the sibling's. */
  fargs: number;
  /** One byte per feature, zeroed before the task: 1 once its histograms are done, 2 once its splits are too. */
  flags: number;
}

/** Read a task's arguments from control words (protocol order). */
export function readNodeArgs(w: Int32Array, at: number): NodeArgs {
  return { nFeatures: w[at], target: w[at + 1], idxAt: w[at + 2], m: w[at + 3], ordered: w[at + 4], cst: w[at + 5],
    parent: w[at + 6], rec: w[at + 7], want: w[at + 8], fargs: w[at + 9], flags: w[at + 10] };
}

/** Write a task's arguments to control words (protocol order). */
export function writeNodeArgs(w: Int32Array, at: number, a: NodeArgs): void {
  w[at] = a.nFeatures; w[at + 1] = a.target; w[at + 2] = a.idxAt; w[at + 3] = a.m; w[at + 4] = a.ordered;
  w[at + 5] = a.cst; w[at + 6] = a.parent; w[at + 7] = a.rec; w[at + 8] = a.want; w[at + 9] = a.fargs;
  w[at + 10] = a.flags;
}

function view(k: NodeKernels, at: number, nFeatures: number): Float64Array {
  let v = k.views.get(at);
  if (!v) {
    v = new Float64Array(k.f64.buffer, at, nFeatures * k.nBins * 4);
    k.views.set(at, v);
  }
  return v;
}

/**
 * Feature f's share of node task `a` (see the module comment). Its progress byte lets a task the worker failed in
 * be finished without subtracting twice.
 * @param k - this thread's kernels over the fit's memory
 * @param a - the task
 * @param f - the feature
 * @example
 * for (let f = 0; f < a.nFeatures; f++) nodeFeature(k, a, f); // one thread
 */
export function nodeFeature(k: NodeKernels, a: NodeArgs, f: number): void {
  const stride = k.nBins * 32, out = a.target + f * stride;
  if (k.bytes[a.flags + f] === 0) {
    const parent = a.parent >= 0 ? a.parent + f * stride : -1;
    if (a.cst) k.nodeScanConst(out, f * k.n, a.idxAt, a.m, a.ordered, parent, k.nBins);
    else k.nodeScan(out, f * k.n, a.idxAt, a.m, a.ordered, parent, k.nBins);
    k.bytes[a.flags + f] = 1;
  }
  const fa = a.fargs >> 3, rec = a.rec >> 3, x = k.f64, F = a.nFeatures;
  if (a.want & 1) {
    const s = findFeatureSplit(k.ctx!, view(k, a.target, F), f, x[fa], x[fa + 1], x[fa + 2], x[fa + 3]);
    writeSplit(s, x, rec + f * SPLIT_RECORD);
  }
  if (a.want & 2) {
    const s = findFeatureSplit(k.ctx!, view(k, a.parent, F), f, x[fa + 4], x[fa + 5], x[fa + 6], x[fa + 7]);
    writeSplit(s, x, rec + (F + f) * SPLIT_RECORD);
  }
  k.bytes[a.flags + f] = 2;
}

/**
 * After a failed worker: finish every feature of task `a` not marked done (a feature whose histograms are done only
 * gets its splits).
 * @param k - this thread's kernels
 * @param a - the task
 */
export function finishNode(k: NodeKernels, a: NodeArgs): void {
  for (let f = 0; f < a.nFeatures; f++) if (k.bytes[a.flags + f] !== 2) nodeFeature(k, a, f);
}
