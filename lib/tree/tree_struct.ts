/**
 * A fitted tree as flat typed arrays (scikit-learn's `Tree`, fields in camelCase): node i has children
 * childrenLeft[i] / childrenRight[i] (−1 for a leaf), feature[i] and threshold[i] (−2 for a leaf; go left when
 * x[feature] ≤ threshold), impurity, sample counts, and value[i·nOutputs·maxNClasses …] — weighted class counts
 * for a classifier, mean targets for a regressor. Plain data: it crosses to worker threads and dumps as is.
 */

import { npSum } from "../cluster/numpy_sum";

/** Marks "no child" in childrenLeft / childrenRight. */
export const TREE_LEAF = -1;
/** feature / threshold of a leaf. */
export const TREE_UNDEFINED = -2;

/** The arrays of a fitted tree. */
export interface TreeArrays {
  nodeCount: number;
  nFeatures: number;
  nOutputs: number;
  /** Classes per output (all 1 for a regressor). */
  nClasses: Int32Array;
  /** Entries of value per node: nOutputs × max(nClasses). */
  valueStride: number;
  /** Depth of the deepest leaf (the root alone has depth 0). */
  maxDepth: number;
  childrenLeft: Int32Array;
  childrenRight: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  value: Float64Array;
}

/** A tree being grown: arrays with spare capacity, trimmed by finish(); reusable for the next tree via reset(). */
export class TreeBuilderArrays {
  nodeCount = 0;
  capacity: number;
  childrenLeft: Int32Array;
  childrenRight: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  value: Float64Array;

  constructor(public nFeatures: number, public nClasses: Int32Array, readonly valueStride: number, capacity: number) {
    this.capacity = Math.max(capacity, 3);
    this.childrenLeft = new Int32Array(this.capacity);
    this.childrenRight = new Int32Array(this.capacity);
    this.feature = new Int32Array(this.capacity);
    this.threshold = new Float64Array(this.capacity);
    this.impurity = new Float64Array(this.capacity);
    this.nNodeSamples = new Int32Array(this.capacity);
    this.weightedNNodeSamples = new Float64Array(this.capacity);
    this.value = new Float64Array(this.capacity * valueStride);
  }

  /** Start a new tree in these arrays (every entry is written before it is read, so nothing is cleared). */
  reset(nFeatures: number, nClasses: Int32Array): this {
    this.nodeCount = 0;
    this.nFeatures = nFeatures;
    this.nClasses = nClasses;
    return this;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.childrenLeft = g(this.childrenLeft, cap);
    this.childrenRight = g(this.childrenRight, cap);
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.impurity = g(this.impurity, cap);
    this.nNodeSamples = g(this.nNodeSamples, cap);
    this.weightedNNodeSamples = g(this.weightedNNodeSamples, cap);
    this.value = g(this.value, cap * this.valueStride);
    this.capacity = cap;
  }

  /** Append a node, link it to its parent (parent < 0 for the root) and return its id. */
  addNode(parent: number, isLeft: boolean, isLeaf: boolean, feature: number, threshold: number, impurity: number,
    nNodeSamples: number, weightedNNodeSamples: number): number {
    if (this.nodeCount >= this.capacity) this.grow();
    const id = this.nodeCount++;
    this.impurity[id] = impurity;
    this.nNodeSamples[id] = nNodeSamples;
    this.weightedNNodeSamples[id] = weightedNNodeSamples;
    if (parent >= 0) {
      if (isLeft) this.childrenLeft[parent] = id;
      else this.childrenRight[parent] = id;
    }
    this.childrenLeft[id] = TREE_LEAF;
    this.childrenRight[id] = TREE_LEAF;
    if (isLeaf) {
      this.feature[id] = TREE_UNDEFINED;
      this.threshold[id] = TREE_UNDEFINED;
    } else {
      this.feature[id] = feature;
      this.threshold[id] = threshold;
    }
    return id;
  }

  /** Turn a node into a leaf (best-first growth out of budget). */
  makeLeaf(id: number): void {
    this.childrenLeft[id] = TREE_LEAF;
    this.childrenRight[id] = TREE_LEAF;
    this.feature[id] = TREE_UNDEFINED;
    this.threshold[id] = TREE_UNDEFINED;
  }

  /** The trimmed arrays. */
  finish(maxDepth: number): TreeArrays {
    const n = this.nodeCount;
    return {
      nodeCount: n, nFeatures: this.nFeatures, nOutputs: this.nClasses.length, nClasses: this.nClasses.slice(),
      valueStride: this.valueStride, maxDepth,
      childrenLeft: this.childrenLeft.slice(0, n), childrenRight: this.childrenRight.slice(0, n),
      feature: this.feature.slice(0, n), threshold: this.threshold.slice(0, n), impurity: this.impurity.slice(0, n),
      nNodeSamples: this.nNodeSamples.slice(0, n), weightedNNodeSamples: this.weightedNNodeSamples.slice(0, n),
      value: this.value.slice(0, n * this.valueStride),
    };
  }
}

/**
 * Index of the leaf each row of a row-major matrix falls in. Features are compared as float32, as scikit-learn
 * casts X to float32 before predicting.
 * @param t - the tree
 * @param x - rows × nFeatures, row-major
 * @param rows - number of rows
 * @param out - leaf ids (length ≥ rows)
 * @example
 * applyTree(tree, X.data, X.rows, new Int32Array(X.rows));
 */
export function applyTree(t: TreeArrays, x: Float64Array, rows: number, out: Int32Array): Int32Array {
  const left = t.childrenLeft, right = t.childrenRight, feat = t.feature, thr = t.threshold;
  const p = t.nFeatures;
  for (let i = 0; i < rows; i++) {
    const o = i * p;
    let node = 0;
    while (left[node] !== TREE_LEAF) {
      node = Math.fround(x[o + feat[node]]) <= thr[node] ? left[node] : right[node];
    }
    out[i] = node;
  }
  return out;
}

/**
 * Leaf of one row (x[offset …]): no allocation.
 * @example
 * leafOf(tree, X.data, 0);
 */
export function leafOf(t: TreeArrays, x: Float64Array, offset: number): number {
  const left = t.childrenLeft, right = t.childrenRight, feat = t.feature, thr = t.threshold;
  let node = 0;
  while (left[node] !== TREE_LEAF) {
    node = Math.fround(x[offset + feat[node]]) <= thr[node] ? left[node] : right[node];
  }
  return node;
}

/**
 * Impurity-based feature importances (mean decrease in impurity), normalized to sum 1 (all zeros for a single
 * leaf), as scikit-learn's compute_feature_importances.
 * @param t - the tree
 * @example
 * treeFeatureImportances(tree); // Float64Array of length nFeatures
 */
export function treeFeatureImportances(t: TreeArrays): Float64Array {
  const imp = new Float64Array(t.nFeatures);
  const { childrenLeft: L, childrenRight: R, weightedNNodeSamples: W, impurity: I } = t;
  for (let i = 0; i < t.nodeCount; i++) {
    const l = L[i];
    if (l === TREE_LEAF) continue;
    const r = R[i];
    imp[t.feature[i]] += W[i] * I[i] - W[l] * I[l] - W[r] * I[r];
  }
  if (t.nodeCount === 0) return imp;
  const w0 = W[0];
  let s = 0;
  for (let f = 0; f < imp.length; f++) { imp[f] /= w0; }
  s = npSum(imp);
  if (s > 0.0) for (let f = 0; f < imp.length; f++) imp[f] /= s;
  return imp;
}
