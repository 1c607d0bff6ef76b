/**
 * A fitted tree as flat typed arrays (nodes in depth-first order, root at 0), as scikit-learn's TreePredictor
 * node records: plain data that predicts in a tight loop and serializes as is.
 */
import { hasBit } from "./binning";

/** One tree: node i's fields at index i; categorical splits' bitsets at bitsetIdx[i]·8. */
export interface TreeArrays {
  /** Split feature (−1 for leaves). */
  feature: Int32Array;
  /** Raw threshold: x ≤ threshold goes left (+Infinity for a split that sends only NaN right). */
  threshold: Float64Array;
  /** Binned threshold: bin ≤ binThreshold goes left. */
  binThreshold: Uint8Array;
  /** 1 when NaN (and unknown categories) go to the left child. */
  missingGoToLeft: Uint8Array;
  isLeaf: Uint8Array;
  isCategorical: Uint8Array;
  /** Index of the node's bitsets (categorical splits), else 0. */
  bitsetIdx: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (learning rate applied); the unshrunk Newton step at inner nodes. */
  value: Float64Array;
  /** Training samples that reached the node. */
  count: Int32Array;
  /** Gain of the node's split (−1 where none was searched). */
  gain: Float64Array;
  depth: Int32Array;
  /** Binned categories going left, 8 × uint32 per categorical split. */
  binnedBitsets: Uint32Array;
  /** Raw category values going left, 8 × uint32 per categorical split. */
  rawBitsets: Uint32Array;
}

/**
 * Add one tree's output to out[outOffset + i·outStride] for every row of row-major raw data.
 * @param t - the tree
 * @param data - rows × cols, row-major
 * @param rows - number of samples
 * @param cols - number of features
 * @param knownCats - known-category bitsets, 8 words per feature
 * @param out - accumulator
 * @param outOffset - offset of the first sample's slot
 * @param outStride - distance between samples' slots
 * @example
 * addTreeRaw(tree, x.data, x.rows, x.cols, known, raw, 0, 1);
 */
export function addTreeRaw(t: TreeArrays, data: Float64Array, rows: number, cols: number, knownCats: Uint32Array,
  out: Float64Array, outOffset: number, outStride: number): void {
  const { feature, threshold, missingGoToLeft, isLeaf, isCategorical, bitsetIdx, left, right, value, rawBitsets } = t;
  for (let i = 0; i < rows; i++) {
    const ro = i * cols;
    let node = 0;
    while (!isLeaf[node]) {
      const f = feature[node];
      const v = data[ro + f];
      if (v !== v) {
        node = missingGoToLeft[node] ? left[node] : right[node];
      } else if (isCategorical[node]) {
        // sklearn 1.2 requires integer categories in [0, maxBins); anything else is an unknown category
        if (!(v >= 0 && v < 256 && Number.isInteger(v))) node = missingGoToLeft[node] ? left[node] : right[node];
        else if (hasBit(rawBitsets, bitsetIdx[node] * 8, v)) node = left[node];
        else if (hasBit(knownCats, f * 8, v)) node = right[node];
        else node = missingGoToLeft[node] ? left[node] : right[node];
      } else {
        node = v <= threshold[node] ? left[node] : right[node];
      }
    }
    out[outOffset + i * outStride] += value[node];
  }
}

/** Rows walked through every tree before the next rows: their features and the trees stay in cache. */
const ROW_BLOCK = 128;

/**
 * Add every tree's output to raw predictions, class-major (out[k·rows + i] += tree [it][k]'s value for row i),
 * for rows [rowStart, rowStop): equal bit for bit to calling {@link addTreeRaw} tree after tree (each slot still
 * receives the trees in iteration order), but blocks of rows go through all trees at once, so a row's features
 * are read from memory once instead of once per tree.
 * @param trees - trees[iteration][k]
 * @param data - rows × cols, row-major
 * @param rows - number of samples (the class stride of `out`)
 * @param cols - number of features
 * @param knownCats - known-category bitsets, 8 words per feature
 * @param out - accumulator, K·rows
 * @param rowStart - first row
 * @param rowStop - end row (exclusive)
 * @example
 * addForestRaw(model.predictors_, x.data, x.rows, x.cols, known, raw, 0, x.rows);
 */
export function addForestRaw(trees: TreeArrays[][], data: Float64Array, rows: number, cols: number, knownCats: Uint32Array,
  out: Float64Array, rowStart: number, rowStop: number): void {
  for (let lo = rowStart; lo < rowStop; lo += ROW_BLOCK) {
    const hi = Math.min(rowStop, lo + ROW_BLOCK);
    for (const perClass of trees) {
      for (let k = 0; k < perClass.length; k++) {
        addTreeRaw(perClass[k], data.subarray(lo * cols, hi * cols), hi - lo, cols, knownCats, out, k * rows + lo, 1);
      }
    }
  }
}

/**
 * Add one tree's output for binned, column-major data (used in fit for validation data).
 * @param t - the tree
 * @param xb - binned data, column-major
 * @param rows - number of samples
 * @param missingBin - the NaN bin
 * @param out - accumulator
 * @param outOffset - offset of the first sample's slot
 * @example
 * addTreeBinned(tree, xbVal, nVal, 255, rawVal, 0);
 */
export function addTreeBinned(t: TreeArrays, xb: Uint8Array, rows: number, missingBin: number, out: Float64Array,
  outOffset: number): void {
  const { feature, binThreshold, missingGoToLeft, isLeaf, isCategorical, bitsetIdx, left, right, value, binnedBitsets } = t;
  for (let i = 0; i < rows; i++) {
    let node = 0;
    while (!isLeaf[node]) {
      const b = xb[feature[node] * rows + i];
      if (b === missingBin) node = missingGoToLeft[node] ? left[node] : right[node];
      else if (isCategorical[node]) node = hasBit(binnedBitsets, bitsetIdx[node] * 8, b) ? left[node] : right[node];
      else node = b <= binThreshold[node] ? left[node] : right[node];
    }
    out[outOffset + i] += value[node];
  }
}

/** Number of leaves of a tree. */
export function nLeaves(t: TreeArrays): number {
  let k = 0;
  for (let i = 0; i < t.isLeaf.length; i++) k += t.isLeaf[i];
  return k;
}

/** Depth of the deepest leaf of a tree. */
export function maxDepth(t: TreeArrays): number {
  let d = 0;
  for (let i = 0; i < t.depth.length; i++) if (t.isLeaf[i] && t.depth[i] > d) d = t.depth[i];
  return d;
}
