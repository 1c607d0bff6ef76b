/**
 * Tree exporters: decision trees, random forests and histogram gradient boosting (categorical splits as chains of
 * BRANCH_EQ nodes) as one ai.onnx.ml
 * TreeEnsembleRegressor (opset 3) whose targets are the class probabilities or regression outputs. Thresholds and
 * leaf weights go in as double tensors (`*_as_tensor`) so splits compare exactly as typelearn's do; scikit-learn
 * style trees compare float32-rounded features (typelearn's Math.fround), reproduced by a float round trip. The
 * operator's output is float32, so these models match typelearn to float32 precision.
 */
import type { TreeArrays } from "../tree/tree_struct";
import type { TreeArrays as HistTree } from "../ensemble/hist_gradient_boosting/predictor";
import { NDArray } from "../array/ndarray";
import { Graph } from "./graph";
import { labelsFromScores } from "./linear_ops";
import { Outputs, Val } from "./types";

/** The flattened node and target lists of a TreeEnsemble operator. */
class Ensemble {
  treeIds: number[] = []; nodeIds: number[] = []; features: number[] = []; modes: string[] = []; values: number[] = [];
  trueIds: number[] = []; falseIds: number[] = []; missingTrue: number[] = [];
  tTree: number[] = []; tNode: number[] = []; tId: number[] = []; tWeight: number[] = [];

  node(tree: number, id: number, leaf: boolean, feature: number, threshold: number, left: number, right: number, nanLeft: boolean, mode = "BRANCH_LEQ"): void {
    this.treeIds.push(tree); this.nodeIds.push(id); this.features.push(leaf ? 0 : feature);
    this.modes.push(leaf ? "LEAF" : mode); this.values.push(leaf ? 0 : threshold);
    this.trueIds.push(leaf ? 0 : left); this.falseIds.push(leaf ? 0 : right); this.missingTrue.push(nanLeft ? 1 : 0);
  }

  target(tree: number, node: number, id: number, w: number): void {
    this.tTree.push(tree); this.tNode.push(node); this.tId.push(id); this.tWeight.push(w);
  }

  /** Add the operator reading double `x`; returns its float output [N, nTargets]. */
  emit(g: Graph, x: string, nTargets: number, base: ArrayLike<number> | null): string {
    const d = (data: number[] | ArrayLike<number>) => ({ t: { elem: "double" as const, dims: [data.length], data } });
    return g.op1("TreeEnsembleRegressor", [x], {
      n_targets: { i: nTargets }, aggregate_function: { s: "SUM" }, post_transform: { s: "NONE" },
      nodes_treeids: { ints: this.treeIds }, nodes_nodeids: { ints: this.nodeIds }, nodes_featureids: { ints: this.features },
      nodes_modes: { strings: this.modes }, nodes_values_as_tensor: d(this.values),
      nodes_truenodeids: { ints: this.trueIds }, nodes_falsenodeids: { ints: this.falseIds },
      nodes_missing_value_tracks_true: { ints: this.missingTrue },
      target_treeids: { ints: this.tTree }, target_nodeids: { ints: this.tNode }, target_ids: { ints: this.tId },
      target_weights_as_tensor: d(this.tWeight),
      ...(base ? { base_values_as_tensor: d(base) } : {}),
    }, "ai.onnx.ml");
  }
}

/** Add a scikit-learn style tree; leaf weights from `leafWeights(node, k)` for k < nTargets. */
function addTree(e: Ensemble, id: number, t: TreeArrays, nTargets: number, leafWeight: (node: number, k: number) => number): void {
  for (let i = 0; i < t.nodeCount; i++) {
    const leaf = t.childrenLeft[i] === -1;
    // typelearn's trees send NaN right (Math.fround(NaN) ≤ t is false)
    e.node(id, i, leaf, t.feature[i], t.threshold[i], t.childrenLeft[i], t.childrenRight[i], false);
    if (leaf) for (let k = 0; k < nTargets; k++) e.target(id, i, k, leafWeight(i, k));
  }
}

/** The input rounded to float32 and back: typelearn's trees compare Math.fround(x) with double thresholds. */
function froundInput(g: Graph, x: string): string {
  return g.op1("Cast", [g.op1("Cast", [x], { to: { i: 1 } })], { to: { i: 11 } });
}

function toDouble(g: Graph, v: string): string { return g.op1("Cast", [v], { to: { i: 11 } }); }

/** Classifier trees: each leaf's normalized class fractions, averaged over the trees. */
function exportTreeClassifiers(g: Graph, x: Val, trees: TreeArrays[], K: number, classes: NDArray | string[]): Outputs {
  const e = new Ensemble();
  trees.forEach((t, id) => addTree(e, id, t, K, (node, k) => {
    const o = node * t.valueStride;
    let s = 0;
    for (let c = 0; c < K; c++) s += t.value[o + c];
    return t.value[o + k] / (s === 0 ? 1 : s) / trees.length;
  }));
  const p = toDouble(g, e.emit(g, froundInput(g, x.name), K, null));
  return { probabilities: { name: p, elem: "double", dims: ["N", K] }, label: labelsFromScores(g, p, classes) };
}

/** Regressor trees: each leaf's mean targets, averaged over the trees. */
function exportTreeRegressors(g: Graph, x: Val, trees: TreeArrays[], nOut: number): Outputs {
  const e = new Ensemble();
  trees.forEach((t, id) => addTree(e, id, t, nOut, (node, k) => t.value[node * t.valueStride + k] / trees.length));
  return { variable: { name: toDouble(g, e.emit(g, froundInput(g, x.name), nOut, null)), elem: "double", dims: ["N", nOut] } };
}

/** DecisionTreeClassifier. */
export function exportDecisionTreeClassifier(g: Graph, x: Val, est: { tree_: TreeArrays; nClasses_: number; classes_: NDArray | string[] }): Outputs {
  return exportTreeClassifiers(g, x, [est.tree_], est.nClasses_, est.classes_);
}

/** DecisionTreeRegressor. */
export function exportDecisionTreeRegressor(g: Graph, x: Val, est: { tree_: TreeArrays }): Outputs {
  return exportTreeRegressors(g, x, [est.tree_], est.tree_.nOutputs);
}

/** RandomForestClassifier. */
export function exportForestClassifier(g: Graph, x: Val, est: { estimators_: { tree_: TreeArrays }[]; nClasses_: number; classes_: NDArray | string[] }): Outputs {
  return exportTreeClassifiers(g, x, est.estimators_.map((t) => t.tree_), est.nClasses_, est.classes_);
}

/** RandomForestRegressor. */
export function exportForestRegressor(g: Graph, x: Val, est: { estimators_: { tree_: TreeArrays }[] }): Outputs {
  return exportTreeRegressors(g, x, est.estimators_.map((t) => t.tree_), est.estimators_[0].tree_.nOutputs);
}

interface Hgb {
  predictors_: HistTree[][];
  baselinePrediction_: Float64Array;
  nTreesPerIteration_: number;
  binMapper_: { knownCategoryBitsets: Uint32Array };
  constructor: { name: string };
}

/** The categories 0…255 whose bit is set in the 8-word bitset at `offset`. */
function bitsetMembers(bits: Uint32Array, offset: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < 256; v++) if ((bits[offset + (v >>> 5)] >>> (v & 31)) & 1) out.push(v);
  return out;
}

/**
 * A categorical split as a chain of BRANCH_EQ nodes, the first taking the split's node id: each category going
 * left jumps left; then, when NaN and unknown categories go left, each known category going right jumps right;
 * whatever is left over (NaN, unknown or non-integer values — NaN equals nothing) takes the missing-value side.
 * Returns the next free node id.
 */
function categoricalChain(e: Ensemble, tree: number, node: number, nextId: number, t: HistTree, known: Uint32Array): number {
  const f = t.feature[node], left = t.left[node], right = t.right[node], nanLeft = t.missingGoToLeft[node] === 1;
  const goLeft = bitsetMembers(t.rawBitsets, t.bitsetIdx[node] * 8);
  const leftSet = new Set(goLeft);
  const goRight = nanLeft ? bitsetMembers(known, f * 8).filter((c) => !leftSet.has(c)) : [];
  const tests: [number, number][] = [...goLeft.map((c): [number, number] => [c, left]), ...goRight.map((c): [number, number] => [c, right])];
  const fallback = nanLeft ? left : right;
  if (tests.length === 0) {
    // x < −∞ is never true (and NaN fails it too): everything takes the fallback side
    e.node(tree, node, false, f, -Infinity, fallback, fallback, false, "BRANCH_LT");
    return nextId;
  }
  let id = node;
  tests.forEach(([c, target], j) => {
    const last = j === tests.length - 1;
    const next = last ? fallback : nextId++;
    e.node(tree, id, false, f, c, target, next, false, "BRANCH_EQ");
    id = next;
  });
  return nextId;
}

/** The raw scores of a histogram gradient boosting model: baseline + Σ trees, [N, nTreesPerIteration] as double. */
function hgbRaw(g: Graph, x: Val, est: Hgb): string {
  const e = new Ensemble();
  let id = 0;
  for (const iteration of est.predictors_) {
    iteration.forEach((t, k) => {
      let nextId = t.feature.length;
      for (let i = 0; i < t.feature.length; i++) {
        const leaf = t.isLeaf[i] === 1;
        if (!leaf && t.isCategorical[i]) {
          nextId = categoricalChain(e, id, i, nextId, t, est.binMapper_.knownCategoryBitsets);
          continue;
        }
        e.node(id, i, leaf, t.feature[i], t.threshold[i], t.left[i], t.right[i], t.missingGoToLeft[i] === 1);
        if (leaf) e.target(id, i, k, t.value[i]);
      }
      id++;
    });
  }
  return toDouble(g, e.emit(g, x.name, est.nTreesPerIteration_, est.baselinePrediction_));
}

/** HistGradientBoostingRegressor: the raw score (identity link for squared and absolute error). */
export function exportHgbRegressor(g: Graph, x: Val, est: Hgb): Outputs {
  return { variable: { name: hgbRaw(g, x, est), elem: "double", dims: ["N", 1] } };
}

/** HistGradientBoostingClassifier: σ of the raw score for two classes, softmax for more. */
export function exportHgbClassifier(g: Graph, x: Val, est: Hgb & { classes_: NDArray | string[] }): Outputs {
  const raw = hgbRaw(g, x, est);
  let p: string;
  if (est.nTreesPerIteration_ === 1) {
    const p1 = g.op1("Sigmoid", [raw]);
    p = g.op1("Concat", [g.op1("Sub", [g.doubles("one", [1], []), p1]), p1], { axis: { i: 1 } });
  } else {
    p = g.op1("Softmax", [raw], { axis: { i: 1 } });
  }
  const K = Math.max(2, est.nTreesPerIteration_);
  return { probabilities: { name: p, elem: "double", dims: ["N", K] }, label: labelsFromScores(g, p, est.classes_) };
}
