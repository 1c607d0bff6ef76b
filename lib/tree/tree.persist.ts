/**
 * Learned-state checks of the decision trees, run when a model file is loaded (lib/base/state_checks): the flat
 * tree arrays a predict loop walks without looking (links strictly forward, so every walk ends at a leaf; split
 * features inside the row; every array as long as nodeCount says), and every declared count — nFeaturesIn_,
 * nOutputs_, nClasses_ — equal to what the stored arrays hold, before anything is allocated from it.
 */
import {
  LearnedState, MAX_COUNT, agree, bad, classesField, describeState, features, finiteValues, intField, isFittedState,
  ndField, registerStateCheck, typedField,
} from "../base/state_checks";

/**
 * Check a tree_ value (TreeArrays) against the estimator's feature count.
 * @param t - the stored tree_
 * @param p - nFeaturesIn_ of the estimator
 * @param path - where tree_ sits
 * @returns the tree's node count and its class count per output
 */
export function checkTreeArrays(t: unknown, p: number, path: string): { nodes: number; nClasses: Int32Array } {
  if (t === null || typeof t !== "object" || Array.isArray(t)) bad(path, `expected the tree's arrays, received ${describeState(t)}`);
  const o = t as LearnedState;
  const nodes = intField(o, "nodeCount", path, 1, MAX_COUNT);
  agree(o.nFeatures, p, `${path}.nFeatures`, "nFeaturesIn_");
  const nOutputs = intField(o, "nOutputs", path, 1, MAX_COUNT);
  const nClasses = typedField(o, "nClasses", path, Int32Array, nOutputs);
  let maxClasses = 0;
  for (const c of nClasses) {
    if (c < 1) bad(`${path}.nClasses`, `expected positive class counts, received ${c}`);
    maxClasses = Math.max(maxClasses, c);
  }
  agree(o.valueStride, nOutputs * maxClasses, `${path}.valueStride`, "nOutputs × max(nClasses)");
  intField(o, "maxDepth", path, 0, nodes);
  const left = typedField(o, "childrenLeft", path, Int32Array, nodes);
  const right = typedField(o, "childrenRight", path, Int32Array, nodes);
  const feature = typedField(o, "feature", path, Int32Array, nodes);
  const threshold = typedField(o, "threshold", path, Float64Array, nodes);
  typedField(o, "impurity", path, Float64Array, nodes);
  typedField(o, "nNodeSamples", path, Int32Array, nodes);
  typedField(o, "weightedNNodeSamples", path, Float64Array, nodes);
  // a node's value block is valueStride wide: the typed length check is exact, so nodes × stride cannot overflow it
  const value = typedField(o, "value", path, Float64Array, nodes * nOutputs * maxClasses);
  finiteValues(value, `${path}.value`);
  // a first load runs this over every node of every tree in code not yet optimized: one pass of branch-free tests
  // and a native scan for NaN, then, only if something is off, the pass that names the first bad node
  let off = 0;
  for (let i = 0; i < nodes; i++) {
    const l = left[i];
    if (l === -1) {
      off |= right[i] + 1;
      continue;
    }
    const r = right[i], f = feature[i];
    off |= (l <= i ? 1 : 0) | (l >= nodes ? 1 : 0) | (r <= i ? 1 : 0) | (r >= nodes ? 1 : 0) | (f < 0 ? 1 : 0) | (f >= p ? 1 : 0);
  }
  if (off !== 0 || threshold.includes(NaN)) firstBadNode(left, right, feature, threshold, nodes, p, path);
  return { nodes, nClasses };
}

/** Throw for the first node whose links, feature or threshold are wrong (nothing if none is: a NaN leaf threshold). */
function firstBadNode(left: Int32Array, right: Int32Array, feature: Int32Array, threshold: Float64Array, nodes: number, p: number,
  path: string): void {
  for (let i = 0; i < nodes; i++) {
    const l = left[i], r = right[i];
    if (l === -1 && r === -1) continue;
    if (!(l > i && l < nodes && r > i && r < nodes)) {
      bad(`${path}.childrenLeft`, `node ${i}: expected both children in (${i}, ${nodes}) or both -1, received ${l} and ${r}`);
    }
    if (!(feature[i] >= 0 && feature[i] < p)) bad(`${path}.feature`, `node ${i}: expected a feature in [0, ${p}), received ${feature[i]}`);
    if (Number.isNaN(threshold[i])) bad(`${path}.threshold`, `node ${i}: expected a split threshold, received NaN`);
  }
}

/** The fields every fitted decision tree has. @returns nFeaturesIn_ and the tree's class counts */
function checkTreeBase(s: LearnedState, path: string): { p: number; nClasses: Int32Array } | undefined {
  if (!isFittedState(s)) return undefined;
  const p = features(s, path);
  // the per-feature importances tie nFeaturesIn_ to a stored array (a forged count allocates nothing)
  ndField(s, "featureImportances_", path, { shape: [p], optional: true });
  if (s.tree_ === undefined) return undefined;
  const { nClasses } = checkTreeArrays(s.tree_, p, `${path}.tree_`);
  agree(s.nOutputs_, nClasses.length, `${path}.nOutputs_`, "tree_.nOutputs");
  intField(s, "maxFeatures_", path, 1, p, false);
  return { p, nClasses };
}

/** DecisionTreeClassifier: one output whose class count is classes_, nClasses_ and the tree's. */
export function checkTreeClassifier(s: LearnedState, path: string): void {
  const t = checkTreeBase(s, path);
  if (!t) return;
  if (t.nClasses.length !== 1) bad(`${path}.tree_.nOutputs`, `expected 1 (a single-output classifier), received ${t.nClasses.length}`);
  const K = classesField(s, path, 1);
  agree(s.nClasses_, K, `${path}.nClasses_`, "the number of classes_");
  agree(t.nClasses[0], K, `${path}.tree_.nClasses`, "the number of classes_");
}

/** DecisionTreeRegressor: one value per node and output. */
export function checkTreeRegressor(s: LearnedState, path: string): void {
  const t = checkTreeBase(s, path);
  if (!t) return;
  if (t.nClasses.some((c) => c !== 1)) bad(`${path}.tree_.nClasses`, "expected 1 per output (a regression tree)");
  if (s.y1d_ !== undefined && typeof s.y1d_ !== "boolean") bad(`${path}.y1d_`, `expected a boolean, received ${describeState(s.y1d_)}`);
  if (s.y1d_ === true && t.nClasses.length !== 1) bad(`${path}.y1d_`, `expected false with ${t.nClasses.length} outputs`);
}

registerStateCheck("DecisionTreeClassifier", checkTreeClassifier);
registerStateCheck("DecisionTreeRegressor", checkTreeRegressor);
