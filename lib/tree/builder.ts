/**
 * Growing a tree, as scikit-learn's DepthFirstTreeBuilder (a stack: node ids in pre-order, left first) and
 * BestFirstTreeBuilder (maxLeafNodes: a max-heap of candidate nodes by impurity improvement, with the tie order of
 * libstdc++'s push_heap / pop_heap, which scikit-learn 1.2 uses).
 */
import { BestSplitter } from "./splitter";
import { TreeArrays, TreeBuilderArrays } from "./tree_struct";

/** The stopping rules, resolved to numbers. */
export interface BuildParams {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightLeaf: number;
  minImpurityDecrease: number;
  /** −1: depth-first; otherwise best-first with this many leaves at most. */
  maxLeafNodes: number;
}

/** double epsilon: impurities at or below it count as pure. */
const EPSILON = 2.220446049250313e-16;

/** The arrays of the last tree grown in this thread, reused by the next one (finish() copies the result out). */
let spare: TreeBuilderArrays | null = null;

/**
 * Node arrays for a new tree with room for `cap` nodes — at most 2·nSamples − 1 nodes can exist, so the bound
 * never needs growing when cap is clipped to it.
 */
function builderArrays(splitter: BestSplitter, nClasses: Int32Array, stride: number, cap: number): TreeBuilderArrays {
  cap = Math.max(3, Math.min(cap, 2 * splitter.nSamples - 1));
  if (spare !== null && spare.valueStride === stride && spare.capacity >= cap) {
    return spare.reset(splitter.nFeatures, nClasses);
  }
  spare = new TreeBuilderArrays(splitter.nFeatures, nClasses, stride, cap);
  return spare;
}

/**
 * Grow a tree depth-first.
 * @param splitter - the splitter (holds X, y and the criterion)
 * @param nClasses - classes per output (1s for regression)
 * @param p - stopping rules
 * @returns the fitted arrays
 */
export function buildDepthFirst(splitter: BestSplitter, nClasses: Int32Array, p: BuildParams): TreeArrays {
  const stride = nClasses.length * Math.max(...nClasses);
  const cap = p.maxDepth <= 10 ? 2 ** (p.maxDepth + 1) - 1 : 2047;
  const tree = builderArrays(splitter, nClasses, stride, cap);
  const crit = splitter.criterion;
  // stack of records: start, end, depth, parent, isLeft, nConstant (ints) and impurity
  let ints = new Int32Array(6 * 64);
  let imps = new Float64Array(64);
  let top = 0;
  const push = (start: number, end: number, depth: number, parent: number, isLeft: number, imp: number, nc: number) => {
    if (top * 6 >= ints.length) {
      const ni = new Int32Array(ints.length * 2); ni.set(ints); ints = ni;
      const nf = new Float64Array(imps.length * 2); nf.set(imps); imps = nf;
    }
    const o = top * 6;
    ints[o] = start; ints[o + 1] = end; ints[o + 2] = depth; ints[o + 3] = parent; ints[o + 4] = isLeft; ints[o + 5] = nc;
    imps[top] = imp;
    top++;
  };
  push(0, splitter.nSamples, 0, -1, 0, Infinity, 0);
  let first = true, maxDepthSeen = -1;
  const split = splitter.split;
  while (top > 0) {
    top--;
    const o = top * 6;
    const start = ints[o], end = ints[o + 1], depth = ints[o + 2], parent = ints[o + 3], isLeft = ints[o + 4] === 1;
    let nConstant = ints[o + 5];
    let impurity = imps[top];
    const nNode = end - start;
    const wNode = splitter.nodeReset(start, end);
    let isLeaf = depth >= p.maxDepth || nNode < p.minSamplesSplit || nNode < 2 * p.minSamplesLeaf ||
      wNode < 2 * p.minWeightLeaf;
    if (first) {
      impurity = crit.nodeImpurity();
      first = false;
    }
    isLeaf = isLeaf || impurity <= EPSILON;
    if (!isLeaf) {
      nConstant = splitter.nodeSplit(impurity, nConstant);
      isLeaf = split.pos >= end || split.improvement + EPSILON < p.minImpurityDecrease;
    }
    const id = tree.addNode(parent, isLeft, isLeaf, split.feature, split.threshold, impurity, nNode, wNode);
    crit.nodeValue(tree.value, id * stride);
    if (!isLeaf) {
      push(split.pos, end, depth + 1, id, 0, split.impurityRight, nConstant);
      push(start, split.pos, depth + 1, id, 1, split.impurityLeft, nConstant);
    }
    if (depth > maxDepthSeen) maxDepthSeen = depth;
  }
  return tree.finish(maxDepthSeen);
}

/** A node waiting in the best-first frontier. */
interface Frontier {
  nodeId: number; start: number; end: number; pos: number; depth: number; isLeaf: boolean;
  impurity: number; impurityLeft: number; impurityRight: number; improvement: number;
}

/**
 * Grow a tree best-first: always expand the frontier node whose split improves impurity most, up to maxLeafNodes
 * leaves.
 * @param splitter - the splitter
 * @param nClasses - classes per output
 * @param p - stopping rules (maxLeafNodes ≥ 2)
 */
export function buildBestFirst(splitter: BestSplitter, nClasses: Int32Array, p: BuildParams): TreeArrays {
  const stride = nClasses.length * Math.max(...nClasses);
  const tree = builderArrays(splitter, nClasses, stride, p.maxLeafNodes * 2 - 1);
  const crit = splitter.criterion;
  const split = splitter.split;
  const heap: Frontier[] = [];
  let maxSplitNodes = p.maxLeafNodes - 1;
  let maxDepthSeen = -1;

  const addSplitNode = (start: number, end: number, impurity: number, isFirst: boolean, isLeft: boolean,
    parent: number, depth: number): Frontier => {
    const wNode = splitter.nodeReset(start, end);
    if (isFirst) impurity = crit.nodeImpurity();
    const nNode = end - start;
    let isLeaf = depth >= p.maxDepth || nNode < p.minSamplesSplit || nNode < 2 * p.minSamplesLeaf ||
      wNode < 2 * p.minWeightLeaf || impurity <= EPSILON;
    if (!isLeaf) {
      splitter.nodeSplit(impurity, 0);
      isLeaf = split.pos >= end || split.improvement + EPSILON < p.minImpurityDecrease;
    }
    const id = tree.addNode(parent, isLeft, isLeaf, split.feature, split.threshold, impurity, nNode, wNode);
    crit.nodeValue(tree.value, id * stride);
    if (depth > maxDepthSeen) maxDepthSeen = depth;
    return isLeaf
      ? { nodeId: id, start, end, pos: end, depth, isLeaf, impurity, impurityLeft: impurity, impurityRight: impurity, improvement: 0 }
      : { nodeId: id, start, end, pos: split.pos, depth, isLeaf, impurity, impurityLeft: split.impurityLeft,
        impurityRight: split.impurityRight, improvement: split.improvement };
  };

  heapPush(heap, addSplitNode(0, splitter.nSamples, Infinity, true, true, -1, 0));
  while (heap.length > 0) {
    const rec = heapPop(heap);
    if (rec.isLeaf || maxSplitNodes <= 0) {
      tree.makeLeaf(rec.nodeId);
      continue;
    }
    maxSplitNodes--;
    const left = addSplitNode(rec.start, rec.pos, rec.impurityLeft, false, true, rec.nodeId, rec.depth + 1);
    const right = addSplitNode(rec.pos, rec.end, rec.impurityRight, false, false, rec.nodeId, rec.depth + 1);
    heapPush(heap, left);
    heapPush(heap, right);
  }
  return tree.finish(maxDepthSeen);
}

// libstdc++'s std::push_heap / std::pop_heap with comp(a, b) = a.improvement < b.improvement (a max-heap); equal
// improvements come out in the order these exact sift rules give, as in scikit-learn.
function heapPush(h: Frontier[], rec: Frontier): void {
  h.push(rec);
  let hole = h.length - 1;
  let parent = (hole - 1) >> 1;
  while (hole > 0 && h[parent].improvement < rec.improvement) {
    h[hole] = h[parent];
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  h[hole] = rec;
}

function heapPop(h: Frontier[]): Frontier {
  const top = h[0];
  const last = h.pop()!;
  const len = h.length;
  if (len === 0) return top;
  // __adjust_heap: move the hole from the root down to a leaf, always toward the larger child (the right one
  // unless the right is smaller than the left), then push `last` up from there.
  let hole = 0;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (h[child].improvement < h[child - 1].improvement) child--;
    h[hole] = h[child];
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
    child = 2 * (child + 1);
    h[hole] = h[child - 1];
    hole = child - 1;
  }
  let parent = (hole - 1) >> 1;
  while (hole > 0 && h[parent].improvement < last.improvement) {
    h[hole] = h[parent];
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  h[hole] = last;
  return top;
}
