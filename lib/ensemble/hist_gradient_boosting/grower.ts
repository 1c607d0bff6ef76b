/**
 * Leaf-wise (best-first) growth of one regression tree on gradients and hessians, as scikit-learn 1.2's
 * TreeGrower: the splittable leaf with the highest gain is split next (a heap ordered like Python's heapq, so
 * ties resolve identically), up to maxLeafNodes leaves, maxDepth and minSamplesLeaf; the smaller child's
 * histograms are built by a scan and the larger child's by subtraction from the parent.
 */
import { BinMapperState, setBit } from "./binning";
import { HistogramBuilder, Histograms, NodeStats } from "./histogram";
import { SplitInfo, SplitterContext } from "./splitting";
import { TreeArrays } from "./predictor";

/** Growth limits and regularization of one tree. */
export interface GrowerOptions {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  minHessianToSplit: number;
  shrinkage: number;
}

interface Node {
  depth: number;
  start: number;
  stop: number;
  sumG: number;
  sumH: number;
  value: number;
  split: SplitInfo | null;
  isLeaf: boolean;
  left: Node | null;
  right: Node | null;
  hist: Histograms | null;
}

/** A grown tree: its leaves (with their sample ranges in `partition`) and the flat predictor arrays. */
export interface GrownTree {
  tree: TreeArrays;
  /** Leaves' sample ranges in `partition` and their shrunk values (for leaf-value updates and raw predictions). */
  leaves: { start: number; stop: number; value: number; node: number }[];
  partition: Int32Array;
}

/** State shared by every tree of one fit: the binned data and reusable buffers. */
export class GrowerWorkspace {
  readonly partition: Int32Array;
  readonly buf: Int32Array;
  readonly ctx: SplitterContext;
  readonly hb: HistogramBuilder;

  /**
   * @param xb - training data binned, column-major
   * @param n - number of training samples
   * @param bins - the fitted binning
   * @param hasMissing - per feature, 1 when NaN occurs in the training data
   * @param threads - share large nodes with the histogram worker
   * @param opts - growth options
   * @param constantHessian - hessians are constant (counts stand in for hessian sums)
   */
  constructor(readonly xb: Uint8Array, readonly n: number, readonly bins: BinMapperState, hasMissing: Uint8Array, threads: boolean,
    readonly opts: GrowerOptions, readonly constantHessian: boolean) {
    const nFeatures = bins.thresholds.length;
    this.buf = new Int32Array(n);
    this.ctx = {
      nFeatures, nBins: bins.missingBin + 1, missingBin: bins.missingBin, nBinsNonMissing: bins.nBinsNonMissing, hasMissing,
      isCategorical: bins.isCategorical, l2: opts.l2Regularization, minHessianToSplit: opts.minHessianToSplit,
      minSamplesLeaf: opts.minSamplesLeaf, constantHessian,
    };
    // live histograms: one per splittable leaf waiting in the heap, plus the parent and two children being split
    const maxLive = opts.maxLeafNodes !== null ? opts.maxLeafNodes + 3 : 64;
    this.hb = new HistogramBuilder(xb, n, nFeatures, bins.missingBin + 1, constantHessian, maxLive, true, threads, this.ctx);
    this.partition = this.hb.partition;
  }

  /**
   * Per-sample gradient (and hessian) arrays in the histogram builder's memory, for a fit growing one tree per
   * iteration to compute its gradients into (they are then gathered per node in WebAssembly); null without it.
   */
  gradientBuffers(): { gradients: Float64Array; hessians: Float64Array | null } | null {
    return this.hb.gradientBuffers();
  }

  /** Release the histogram worker's hold on this fit's memory (the fit is over). */
  dispose(): void {
    this.hb.dispose();
  }

  /**
   * Grow one tree.
   * @param gradients - per-sample gradients
   * @param hessians - per-sample hessians (hessians[0] used when constant)
   */
  grow(gradients: Float64Array, hessians: Float64Array): GrownTree {
    const { n, opts, ctx, hb, partition } = this;
    hb.setGradients(gradients, hessians);
    for (let i = 0; i < n; i++) partition[i] = i;
    let sumG = 0;
    for (let i = 0; i < n; i++) sumG += gradients[i];
    let sumH: number;
    if (this.constantHessian) sumH = hessians[0] * n;
    else { sumH = 0; for (let i = 0; i < n; i++) sumH += hessians[i]; }
    const root: Node = { depth: 0, start: 0, stop: n, sumG, sumH, value: 0, split: null, isLeaf: false, left: null, right: null, hist: null };
    const heap: Node[] = [];
    const leaves: Node[] = [];
    let nNodes = 1, nCatSplits = 0;
    const finalize = (node: Node): void => { node.isLeaf = true; leaves.push(node); hb.release(node.hist); node.hist = null; };
    const pushOrFinalize = (node: Node): void => {
      if (node.split!.gain <= 0) finalize(node); else heapPush(heap, node);
    };
    if (n < 2 * opts.minSamplesLeaf || sumH < opts.minHessianToSplit) {
      finalize(root);
    } else {
      const r = hb.node(0, n, null, stats(root), null);
      root.hist = r.hist;
      root.split = r.split;
      pushOrFinalize(root);
    }
    while (heap.length > 0) {
      const node = heapPop(heap);
      const s = node.split!;
      const nl = hb.split(s, ctx.missingBin, node.start, node.stop, this.buf);
      const depth = node.depth + 1;
      const nLeafNodes = leaves.length + heap.length + 2;
      const left: Node = { depth, start: node.start, stop: node.start + nl, sumG: s.sumGradientLeft, sumH: s.sumHessianLeft,
        value: s.valueLeft, split: null, isLeaf: false, left: null, right: null, hist: null };
      const right: Node = { depth, start: node.start + nl, stop: node.stop, sumG: s.sumGradientRight, sumH: s.sumHessianRight,
        value: s.valueRight, split: null, isLeaf: false, left: null, right: null, hist: null };
      node.left = left;
      node.right = right;
      const nL = left.stop - left.start, nR = right.stop - right.start;
      // a feature without NaN in training sends NaN at predict time to the child with more samples
      if (!ctx.hasMissing[s.feature]) s.missingGoToLeft = nL > nR;
      nNodes += 2;
      if (s.isCategorical) nCatSplits++;
      const parentHist = node.hist!;
      node.hist = null;
      if (opts.maxLeafNodes !== null && nLeafNodes === opts.maxLeafNodes) {
        hb.release(parentHist);
        finalize(left);
        finalize(right);
        while (heap.length > 0) finalize(heap.pop()!);
        break;
      }
      if (opts.maxDepth !== null && depth === opts.maxDepth) {
        hb.release(parentHist);
        finalize(left);
        finalize(right);
        continue;
      }
      if (nL < opts.minSamplesLeaf * 2) finalize(left);
      if (nR < opts.minSamplesLeaf * 2) finalize(right);
      if (!left.isLeaf || !right.isLeaf) {
        const [small, large] = nL < nR ? [left, right] : [right, left];
        // one task: the smaller child's histograms by a scan, the larger's by subtraction, and both children's splits
        const r = hb.node(small.start, small.stop, parentHist, small.isLeaf ? null : stats(small), large.isLeaf ? null : stats(large));
        small.hist = r.hist;
        large.hist = r.sibling;
        small.split = r.split;
        large.split = r.siblingSplit;
        if (!left.isLeaf) pushOrFinalize(left);
        if (!right.isLeaf) pushOrFinalize(right);
        for (const child of [left, right]) if (child.isLeaf && child.hist) { hb.release(child.hist); child.hist = null; }
      } else {
        hb.release(parentHist);
      }
    }
    return this.toArrays(root, nNodes, nCatSplits, leaves);
  }

  private toArrays(root: Node, nNodes: number, nCatSplits: number, leafNodes: Node[]): GrownTree {
    const shrink = this.opts.shrinkage;
    const t: TreeArrays = {
      feature: new Int32Array(nNodes).fill(-1), threshold: new Float64Array(nNodes), binThreshold: new Uint8Array(nNodes),
      missingGoToLeft: new Uint8Array(nNodes), isLeaf: new Uint8Array(nNodes), isCategorical: new Uint8Array(nNodes),
      bitsetIdx: new Int32Array(nNodes), left: new Int32Array(nNodes), right: new Int32Array(nNodes),
      value: new Float64Array(nNodes), count: new Int32Array(nNodes), gain: new Float64Array(nNodes),
      depth: new Int32Array(nNodes), binnedBitsets: new Uint32Array(nCatSplits * 8), rawBitsets: new Uint32Array(nCatSplits * 8),
    };
    const bins = this.bins;
    const index = new Map<Node, number>();
    let next = 0, nextBitset = 0;
    // depth-first, left subtree before right, as scikit-learn's _fill_predictor_arrays
    const stack: Node[] = [root];
    const parentSlot: { parent: number; side: 0 | 1 }[] = [{ parent: -1, side: 0 }];
    while (stack.length) {
      const node = stack.pop()!;
      const slot = parentSlot.pop()!;
      const i = next++;
      index.set(node, i);
      if (slot.parent >= 0) (slot.side === 0 ? t.left : t.right)[slot.parent] = i;
      t.count[i] = node.stop - node.start;
      t.depth[i] = node.depth;
      t.gain[i] = node.split ? node.split.gain : -1;
      t.value[i] = node.isLeaf ? node.value * shrink : node.value;
      if (node.isLeaf) { t.isLeaf[i] = 1; continue; }
      const s = node.split!;
      t.feature[i] = s.feature;
      t.binThreshold[i] = s.bin;
      t.missingGoToLeft[i] = s.missingGoToLeft ? 1 : 0;
      t.isCategorical[i] = s.isCategorical ? 1 : 0;
      if (s.isCategorical) {
        const k = nextBitset++;
        t.bitsetIdx[i] = k;
        t.binnedBitsets.set(s.leftCatBitset!, k * 8);
        const cats = bins.thresholds[s.feature];
        for (let b = 0; b < cats.length; b++) {
          if ((s.leftCatBitset![b >>> 5] >>> (b & 31)) & 1) setBit(t.rawBitsets, k * 8, cats[b]);
        }
        t.threshold[i] = NaN;
      } else if (s.bin === bins.nBinsNonMissing[s.feature] - 1) {
        t.threshold[i] = Infinity;
      } else {
        t.threshold[i] = bins.thresholds[s.feature][s.bin];
      }
      stack.push(node.right!, node.left!);
      parentSlot.push({ parent: i, side: 1 }, { parent: i, side: 0 });
    }
    const leaves = leafNodes.map((l) => ({ start: l.start, stop: l.stop, value: l.value * shrink, node: index.get(l)! }));
    return { tree: t, leaves, partition: this.partition };
  }
}

function stats(node: Node): NodeStats {
  return { n: node.stop - node.start, sumG: node.sumG, sumH: node.sumH, value: node.value };
}

// Python heapq with "a < b" ⇔ a.gain > b.gain, so that equal gains pop in the same order as scikit-learn.
function less(a: Node, b: Node): boolean { return a.split!.gain > b.split!.gain; }

function siftDown(heap: Node[], start: number, pos: number): void {
  const item = heap[pos];
  while (pos > start) {
    const pp = (pos - 1) >> 1;
    const parent = heap[pp];
    if (less(item, parent)) { heap[pos] = parent; pos = pp; continue; }
    break;
  }
  heap[pos] = item;
}

function heapPush(heap: Node[], node: Node): void {
  heap.push(node);
  siftDown(heap, 0, heap.length - 1);
}

function heapPop(heap: Node[]): Node {
  const last = heap.pop()!;
  if (heap.length === 0) return last;
  const top = heap[0];
  heap[0] = last;
  const end = heap.length;
  let pos = 0;
  const item = heap[0];
  let child = 1;
  while (child < end) {
    const r = child + 1;
    if (r < end && !less(heap[child], heap[r])) child = r;
    heap[pos] = heap[child];
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, 0, pos);
  return top;
}
