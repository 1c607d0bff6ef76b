/**
 * Best split of a node from its histograms, with scikit-learn 1.2's rules: for a continuous feature a
 * left-to-right scan (NaN to the right) and, when the feature had NaN in training, a right-to-left scan (NaN to the
 * left); for a categorical feature, categories (NaN as one more) sorted by gradient/hessian ratio and scanned from
 * both ends up to the middle. Gain as XGBoost's equation 7 with l2 regularization; ties keep the first found.
 */
import type { Histograms } from "./histogram";

/** Minimum hessian support of a category to be considered (LightGBM's cat_smooth), as scikit-learn. */
const MIN_CAT_SUPPORT = 10;

/** The best split of one node. gain ≤ 0 means none. */
export interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  missingGoToLeft: boolean;
  sumGradientLeft: number;
  sumHessianLeft: number;
  sumGradientRight: number;
  sumHessianRight: number;
  nLeft: number;
  nRight: number;
  valueLeft: number;
  valueRight: number;
  isCategorical: boolean;
  /** Binned categories going left (8 × uint32), for categorical splits. */
  leftCatBitset: Uint32Array | null;
}

/** Settings shared by every split search of a tree. */
export interface SplitterContext {
  nFeatures: number;
  nBins: number;
  missingBin: number;
  nBinsNonMissing: Int32Array;
  hasMissing: Uint8Array;
  isCategorical: Uint8Array;
  l2: number;
  minHessianToSplit: number;
  minSamplesLeaf: number;
  constantHessian: boolean;
}

/** A leaf's value: −G / (H + λ), the Newton step (shrinkage applied later). */
export function nodeValue(sumGradient: number, sumHessian: number, l2: number): number {
  return -sumGradient / (sumHessian + l2 + 1e-15);
}

function splitGain(gl: number, hl: number, gr: number, hr: number, lossNode: number, l2: number): number {
  const vl = nodeValue(gl, hl, l2), vr = nodeValue(gr, hr, l2);
  let gain = lossNode;
  gain -= gl * vl;
  gain -= gr * vr;
  return gain;
}

/**
 * Find the best split of a node over all features.
 * @param ctx - the tree's split settings
 * @param hist - the node's histograms
 * @param n - samples at the node
 * @param sumG - gradient sum at the node
 * @param sumH - hessian sum at the node
 * @param value - the node's (unshrunk) value
 * @example
 * const s = findNodeSplit(ctx, hist, 100, -3.2, 24.9, 0.13); // s.gain > 0 → split on s.feature
 */
export function findNodeSplit(ctx: SplitterContext, hist: Histograms, n: number, sumG: number, sumH: number, value: number): SplitInfo {
  let best: SplitInfo | null = null;
  for (let f = 0; f < ctx.nFeatures; f++) {
    const s = findFeatureSplit(ctx, hist, f, n, sumG, sumH, value);
    if (best === null || s.gain > best.gain) best = s;
  }
  return best!;
}

/**
 * The best split of a node on one feature (gain −1 when there is none). The node's best split is the first
 * feature's with the highest gain: the reduction in feature order of these (see {@link findNodeSplit}).
 * @param ctx - the tree's split settings
 * @param hist - histograms holding feature f's at [4·f·nBins, 4·(f+1)·nBins)
 * @param f - the feature
 * @param n - samples at the node
 * @param sumG - gradient sum at the node
 * @param sumH - hessian sum at the node
 * @param value - the node's (unshrunk) value
 * @example
 * const s = findFeatureSplit(ctx, hist, 3, 100, -3.2, 24.9, 0.13); // s.gain, s.bin
 */
export function findFeatureSplit(ctx: SplitterContext, hist: Histograms, f: number, n: number, sumG: number, sumH: number,
  value: number): SplitInfo {
  const s: SplitInfo = {
    gain: -1, feature: f, bin: 0, missingGoToLeft: false, sumGradientLeft: 0, sumHessianLeft: 0, sumGradientRight: 0,
    sumHessianRight: 0, nLeft: 0, nRight: 0, valueLeft: 0, valueRight: 0, isCategorical: ctx.isCategorical[f] === 1,
    leftCatBitset: null,
  };
  if (s.isCategorical) {
    splitCategory(ctx, hist, f, n, sumG, sumH, value, s);
  } else {
    scanLeftToRight(ctx, hist, f, n, sumG, sumH, value, s);
    if (ctx.hasMissing[f]) scanRightToLeft(ctx, hist, f, n, sumG, sumH, value, s);
  }
  return s;
}

/** Doubles per split record (see {@link writeSplit}). */
export const SPLIT_RECORD = 24;

/**
 * Store a split as SPLIT_RECORD doubles at out[o…] (every field exactly: counts and bitset words are integers
 * below 2^53), so that a split found by another thread is read back as the same SplitInfo.
 * @param s - the split
 * @param out - record storage
 * @param o - offset of the record
 * @example
 * writeSplit(findFeatureSplit(ctx, hist, f, n, g, h, v), records, f * SPLIT_RECORD);
 */
export function writeSplit(s: SplitInfo, out: Float64Array, o: number): void {
  out[o] = s.gain; out[o + 1] = s.feature; out[o + 2] = s.bin; out[o + 3] = s.missingGoToLeft ? 1 : 0;
  out[o + 4] = s.sumGradientLeft; out[o + 5] = s.sumHessianLeft; out[o + 6] = s.sumGradientRight;
  out[o + 7] = s.sumHessianRight; out[o + 8] = s.nLeft; out[o + 9] = s.nRight; out[o + 10] = s.valueLeft;
  out[o + 11] = s.valueRight; out[o + 12] = s.isCategorical ? 1 : 0; out[o + 13] = s.leftCatBitset ? 1 : 0;
  if (s.leftCatBitset) for (let k = 0; k < 8; k++) out[o + 14 + k] = s.leftCatBitset[k];
}

/**
 * The SplitInfo stored by {@link writeSplit}.
 * @param r - record storage
 * @param o - offset of the record
 * @example
 * const s = readSplit(records, f * SPLIT_RECORD);
 */
export function readSplit(r: Float64Array, o: number): SplitInfo {
  let bits: Uint32Array | null = null;
  if (r[o + 13] === 1) { bits = new Uint32Array(8); for (let k = 0; k < 8; k++) bits[k] = r[o + 14 + k]; }
  return {
    gain: r[o], feature: r[o + 1], bin: r[o + 2], missingGoToLeft: r[o + 3] === 1, sumGradientLeft: r[o + 4],
    sumHessianLeft: r[o + 5], sumGradientRight: r[o + 6], sumHessianRight: r[o + 7], nLeft: r[o + 8], nRight: r[o + 9],
    valueLeft: r[o + 10], valueRight: r[o + 11], isCategorical: r[o + 12] === 1, leftCatBitset: bits,
  };
}

/**
 * The node's best split from per-feature records: the first feature with the highest gain, as {@link findNodeSplit}.
 * @param r - records of features 0…nFeatures−1 at base + f·SPLIT_RECORD
 * @param base - offset of feature 0's record
 * @param nFeatures - number of features
 * @example
 * const best = reduceSplits(records, 0, ctx.nFeatures);
 */
export function reduceSplits(r: Float64Array, base: number, nFeatures: number): SplitInfo {
  let bestF = 0;
  for (let f = 1; f < nFeatures; f++) if (r[base + f * SPLIT_RECORD] > r[base + bestF * SPLIT_RECORD]) bestF = f;
  return readSplit(r, base + bestF * SPLIT_RECORD);
}

function finish(ctx: SplitterContext, s: SplitInfo, gain: number, bin: number, gl: number, hl: number, nl: number,
  n: number, sumG: number, sumH: number): void {
  s.gain = gain;
  s.bin = bin;
  s.sumGradientLeft = gl;
  s.sumGradientRight = sumG - gl;
  s.sumHessianLeft = hl;
  s.sumHessianRight = sumH - hl;
  s.nLeft = nl;
  s.nRight = n - nl;
  s.valueLeft = nodeValue(s.sumGradientLeft, s.sumHessianLeft, ctx.l2);
  s.valueRight = nodeValue(s.sumGradientRight, s.sumHessianRight, ctx.l2);
}

function scanLeftToRight(ctx: SplitterContext, hist: Histograms, f: number, n: number, sumG: number, sumH: number,
  value: number, s: SplitInfo): void {
  const o = f * ctx.nBins;
  // the last non-missing bin may go left only when NaN (going right) keeps the right child non-empty
  const end = ctx.nBinsNonMissing[f] - 1 + ctx.hasMissing[f];
  const lossNode = sumG * value;
  const { minSamplesLeaf, minHessianToSplit, l2, constantHessian } = ctx;
  let gl = 0, hl = 0, nl = 0;
  let bestGain = -1, bestBin = -1, bestG = 0, bestH = 0, bestN = 0;
  for (let b = 0; b < end; b++) {
    const p = (o + b) << 2, cnt = hist[p + 2];
    nl += cnt;
    const nr = n - nl;
    hl += constantHessian ? cnt : hist[p + 1];
    const hr = sumH - hl;
    gl += hist[p];
    const gr = sumG - gl;
    if (nl < minSamplesLeaf) continue;
    if (nr < minSamplesLeaf) break;
    if (hl < minHessianToSplit) continue;
    if (hr < minHessianToSplit) break;
    const gain = splitGain(gl, hl, gr, hr, lossNode, l2);
    if (gain > bestGain && gain > 0) { bestGain = gain; bestBin = b; bestG = gl; bestH = hl; bestN = nl; }
  }
  if (bestBin >= 0) {
    finish(ctx, s, bestGain, bestBin, bestG, bestH, bestN, n, sumG, sumH);
    s.missingGoToLeft = false;
  }
}

function scanRightToLeft(ctx: SplitterContext, hist: Histograms, f: number, n: number, sumG: number, sumH: number,
  value: number, s: SplitInfo): void {
  const o = f * ctx.nBins;
  const start = ctx.nBinsNonMissing[f] - 2;
  const lossNode = sumG * value;
  const { minSamplesLeaf, minHessianToSplit, l2, constantHessian } = ctx;
  let gr = 0, hr = 0, nr = 0;
  let bestGain = s.gain, bestBin = -1, bestG = 0, bestH = 0, bestN = 0;
  for (let b = start; b >= 0; b--) {
    const p = (o + b + 1) << 2, cnt = hist[p + 2];
    nr += cnt;
    const nl = n - nr;
    hr += constantHessian ? cnt : hist[p + 1];
    const hl = sumH - hr;
    gr += hist[p];
    const gl = sumG - gr;
    if (nr < minSamplesLeaf) continue;
    if (nl < minSamplesLeaf) break;
    if (hr < minHessianToSplit) continue;
    if (hl < minHessianToSplit) break;
    const gain = splitGain(gl, hl, gr, hr, lossNode, l2);
    if (gain > bestGain && gain > 0) { bestGain = gain; bestBin = b; bestG = gl; bestH = hl; bestN = nl; }
  }
  if (bestBin >= 0) {
    finish(ctx, s, bestGain, bestBin, bestG, bestH, bestN, n, sumG, sumH);
    s.missingGoToLeft = true;
  }
}

function splitCategory(ctx: SplitterContext, hist: Histograms, f: number, n: number, sumG: number, sumH: number,
  value: number, s: SplitInfo): void {
  const o = f * ctx.nBins;
  const { minSamplesLeaf, minHessianToSplit, l2, constantHessian, missingBin } = ctx;
  const nbnm = ctx.nBinsNonMissing[f];
  const hasMissing = ctx.hasMissing[f] === 1;
  const support = n / sumH;
  const bins: number[] = [], vals: number[] = [];
  const consider = (b: number): void => {
    const p = (o + b) << 2, hb = constantHessian ? hist[p + 2] : hist[p + 1];
    if (hb * support >= MIN_CAT_SUPPORT) { bins.push(b); vals.push(hist[p] / (hb + MIN_CAT_SUPPORT)); }
  };
  for (let b = 0; b < nbnm; b++) consider(b);
  if (hasMissing) consider(missingBin);
  const used = bins.length;
  if (used <= 1) return;
  const order = glibcMergeSortOrder(vals);
  const lossNode = sumG * value;
  let bestGain = -1, bestThresh = -1, bestDir = 0, bestG = 0, bestH = 0, bestN = 0;
  for (const dir of [1, -1]) {
    const middle = dir === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
    let gl = 0, hl = 0, nl = 0;
    for (let i = 0; i < middle; i++) {
      const sorted = dir === 1 ? i : used - 1 - i;
      const b = bins[order[sorted]];
      const p = (o + b) << 2, cnt = hist[p + 2];
      nl += cnt;
      const nr = n - nl;
      hl += constantHessian ? cnt : hist[p + 1];
      const hr = sumH - hl;
      gl += hist[p];
      const gr = sumG - gl;
      if (nl < minSamplesLeaf || hl < minHessianToSplit) continue;
      if (nr < minSamplesLeaf || hr < minHessianToSplit) break;
      const gain = splitGain(gl, hl, gr, hr, lossNode, l2);
      if (gain > bestGain && gain > 0) { bestGain = gain; bestThresh = sorted; bestG = gl; bestH = hl; bestN = nl; bestDir = dir; }
    }
  }
  if (bestThresh < 0) return;
  finish(ctx, s, bestGain, 0, bestG, bestH, bestN, n, sumG, sumH);
  const bits = new Uint32Array(8);
  if (bestDir === 1) {
    for (let k = 0; k <= bestThresh; k++) { const b = bins[order[k]]; bits[b >>> 5] |= (1 << (b & 31)) >>> 0; }
  } else {
    for (let k = used - 1; k >= bestThresh; k--) { const b = bins[order[k]]; bits[b >>> 5] |= (1 << (b & 31)) >>> 0; }
  }
  s.leftCatBitset = bits;
  if (hasMissing) s.missingGoToLeft = ((bits[missingBin >>> 5] >>> (missingBin & 31)) & 1) === 1;
}

/**
 * The permutation that sorts `vals` the way glibc's qsort (a top-down merge sort) does with scikit-learn's
 * comparator, which never answers "equal" (a < b → a first, else b first): ties come out in glibc's order.
 */
export function glibcMergeSortOrder(vals: readonly number[]): Int32Array {
  const n = vals.length;
  const a = Int32Array.from({ length: n }, (_, i) => i);
  const tmp = new Int32Array(n);
  const sort = (lo: number, len: number): void => {
    if (len <= 1) return;
    const n1 = len >> 1, n2 = len - n1;
    sort(lo, n1);
    sort(lo + n1, n2);
    let i = lo, j = lo + n1, k = 0;
    const iEnd = lo + n1, jEnd = lo + len;
    while (i < iEnd && j < jEnd) {
      // cmp(a, b) = a < b ? -1 : 1; glibc takes the left element when cmp ≤ 0
      if (vals[a[i]] < vals[a[j]]) tmp[k++] = a[i++]; else tmp[k++] = a[j++];
    }
    while (i < iEnd) tmp[k++] = a[i++];
    while (j < jEnd) tmp[k++] = a[j++];
    for (let t = 0; t < len; t++) a[lo + t] = tmp[t];
  };
  sort(0, n);
  return a;
}

/**
 * Stable partition of idx[start, stop) by the split: left samples first (returns the count going left).
 * @param xb - binned data, column-major
 * @param n - number of samples (column length)
 * @param s - the split
 * @param missingBin - the NaN bin
 * @param idx - the partition array
 * @param start - node start
 * @param stop - node stop
 * @param buf - scratch of at least stop − start entries
 */
export function splitIndices(xb: Uint8Array, n: number, s: SplitInfo, missingBin: number, idx: Int32Array,
  start: number, stop: number, buf: Int32Array): number {
  const co = s.feature * n;
  // branch-free: each sample is written to both sides and only the side it belongs to advances
  let nl = start, nr = 0;
  if (s.isCategorical) {
    const bits = s.leftCatBitset!;
    for (let i = start; i < stop; i++) {
      const id = idx[i], b = xb[co + id];
      const c = (bits[b >>> 5] >>> (b & 31)) & 1;
      idx[nl] = id;
      buf[nr] = id;
      nl += c;
      nr += 1 - c;
    }
  } else {
    const thr = s.bin, mgl = s.missingGoToLeft ? 1 : 0;
    for (let i = start; i < stop; i++) {
      const id = idx[i], b = xb[co + id];
      const c = +(b <= thr) | (+(b === missingBin) & mgl);
      idx[nl] = id;
      buf[nr] = id;
      nl += c;
      nr += 1 - c;
    }
  }
  // a loop, not idx.set: on a shared memory (the histogram worker's) set copies with relaxed atomic stores
  for (let t = 0; t < nr; t++) idx[nl + t] = buf[t];
  return nl - start;
}
