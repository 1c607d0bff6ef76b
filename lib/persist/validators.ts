/**
 * Checks of learned state that a predict loop trusts without looking: a tree whose child link points back up
 * would loop forever, a split feature past the row would read another row. Generic checks apply to every
 * estimator; class checks are registered by class name (a new estimator that keeps plain data needs none, but can
 * add one with registerStateValidator).
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { PersistError } from "./errors";

/** A check of one loaded estimator's learned fields; throws PersistError. */
export type StateValidator = (est: Record<string, unknown>, path: string) => void;

const validators = new Map<string, StateValidator>();

/**
 * Register a state check for a class, run by load after the class's learned fields are set.
 * @param className - the registered estimator class name
 * @param check - throws a PersistError (kind "state") when the state is inconsistent
 * @example
 * registerStateValidator("MyModel", (est, path) => { if (!(est.w_ instanceof NDArray)) throw new PersistError("state", path, "…"); });
 */
export function registerStateValidator(className: string, check: StateValidator): void {
  validators.set(className, check);
}

function bad(path: string, detail: string): never {
  throw new PersistError("state", path, detail);
}

function isInt(v: unknown, lo: number, hi: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}

function typed<T extends ArrayBufferView>(o: Record<string, unknown>, key: string, Ctor: new (...a: never[]) => T,
  length: number, path: string): T {
  const v = o[key];
  if (!(v instanceof Ctor) || (v as unknown as { length: number }).length !== length) {
    bad(`${path}.${key}`, `expected a ${Ctor.name} of length ${length}, received ${v instanceof Object ? `a ${v.constructor.name}` : String(v)}` +
      `${ArrayBuffer.isView(v) ? ` of length ${(v as unknown as { length: number }).length}` : ""}`);
  }
  return v as T;
}

/** Run the generic checks and the class's own, if any. */
export function validateState(est: BaseEstimator, path: string): void {
  // own fields only: reading a fitted attribute the file did not set would run its NotFittedError getter
  const s: Record<string, unknown> = Object.fromEntries(Object.entries(est));
  const n = s.nFeaturesIn_;
  if (n !== undefined && !isInt(n, 0, 2 ** 31 - 1)) bad(`${path}.nFeaturesIn_`, `expected a non-negative integer, received ${String(n)}`);
  const names = s.featureNamesIn_;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names) || !names.every((x) => typeof x === "string") || (n !== undefined && names.length !== n)) {
      bad(`${path}.featureNamesIn_`, `expected ${String(n)} strings`);
    }
  }
  validators.get(est.constructor.name)?.(s, path);
}

/** A decision tree's flat arrays: links point strictly forward (so every walk ends at a leaf), features in range. */
function checkTreeArrays(t: unknown, nFeatures: unknown, path: string): void {
  if (t === undefined) return;
  if (t === null || typeof t !== "object") bad(path, "expected the tree's arrays");
  const o = t as Record<string, unknown>;
  const nodes = o.nodeCount;
  if (!isInt(nodes, 1, 2 ** 31 - 1)) bad(`${path}.nodeCount`, `expected a positive integer, received ${String(nodes)}`);
  if (!isInt(o.nFeatures, 1, 2 ** 31 - 1) || (nFeatures !== undefined && o.nFeatures !== nFeatures)) {
    bad(`${path}.nFeatures`, `expected ${String(nFeatures)} (nFeaturesIn_), received ${String(o.nFeatures)}`);
  }
  if (!isInt(o.nOutputs, 1, 2 ** 20)) bad(`${path}.nOutputs`, `expected a positive integer, received ${String(o.nOutputs)}`);
  const nClasses = typed(o, "nClasses", Int32Array, o.nOutputs as number, path);
  let maxClasses = 0;
  for (const c of nClasses) {
    if (c < 1) bad(`${path}.nClasses`, `expected positive class counts, received ${c}`);
    maxClasses = Math.max(maxClasses, c);
  }
  if (o.valueStride !== (o.nOutputs as number) * maxClasses) {
    bad(`${path}.valueStride`, `expected nOutputs × max(nClasses) = ${(o.nOutputs as number) * maxClasses}, received ${String(o.valueStride)}`);
  }
  if (!isInt(o.maxDepth, 0, nodes)) bad(`${path}.maxDepth`, `expected an integer in [0, ${nodes}], received ${String(o.maxDepth)}`);
  const left = typed(o, "childrenLeft", Int32Array, nodes, path);
  const right = typed(o, "childrenRight", Int32Array, nodes, path);
  const feature = typed(o, "feature", Int32Array, nodes, path);
  typed(o, "threshold", Float64Array, nodes, path);
  typed(o, "impurity", Float64Array, nodes, path);
  typed(o, "nNodeSamples", Int32Array, nodes, path);
  typed(o, "weightedNNodeSamples", Float64Array, nodes, path);
  typed(o, "value", Float64Array, nodes * (o.valueStride as number), path);
  const p = o.nFeatures as number;
  for (let i = 0; i < nodes; i++) {
    const l = left[i], r = right[i];
    if (l === -1 && r === -1) continue;
    if (!(l > i && l < nodes && r > i && r < nodes)) {
      bad(`${path}.childrenLeft`, `node ${i}: expected both children in (${i}, ${nodes}) or both -1, received ${l} and ${r}`);
    }
    if (!(feature[i] >= 0 && feature[i] < p)) bad(`${path}.feature`, `node ${i}: expected a feature in [0, ${p}), received ${feature[i]}`);
  }
}

function checkTreeEstimator(est: Record<string, unknown>, path: string): void {
  checkTreeArrays(est.tree_, est.nFeaturesIn_, `${path}.tree_`);
  if (est.tree_ !== undefined && est.nFeaturesIn_ === undefined) bad(`${path}.nFeaturesIn_`, "expected it with tree_");
  if (est.classes_ !== undefined && !(est.classes_ instanceof NDArray)) bad(`${path}.classes_`, "expected an NDArray");
}

function checkForest(est: Record<string, unknown>, path: string, treeClass: string): void {
  const trees = est.estimators_;
  if (trees === undefined) return;
  if (!Array.isArray(trees)) bad(`${path}.estimators_`, "expected an array of trees");
  trees.forEach((t, i) => {
    if (!(t instanceof BaseEstimator) || t.constructor.name !== treeClass) bad(`${path}.estimators_[${i}]`, `expected a ${treeClass}`);
    if (Object.getOwnPropertyDescriptor(t, "nFeaturesIn_")?.value !== est.nFeaturesIn_) {
      bad(`${path}.estimators_[${i}].nFeaturesIn_`, `expected ${String(est.nFeaturesIn_)} like the forest`);
    }
  });
  if (est.classes_ !== undefined && !(est.classes_ instanceof NDArray)) bad(`${path}.classes_`, "expected an NDArray");
}

const HGB_FIELDS: [string, new (n: number) => ArrayBufferView][] = [
  ["feature", Int32Array], ["threshold", Float64Array], ["binThreshold", Uint8Array], ["missingGoToLeft", Uint8Array],
  ["isLeaf", Uint8Array], ["isCategorical", Uint8Array], ["bitsetIdx", Int32Array], ["left", Int32Array],
  ["right", Int32Array], ["value", Float64Array], ["count", Int32Array], ["gain", Float64Array], ["depth", Int32Array],
];

function checkHgb(est: Record<string, unknown>, path: string): void {
  const iters = est.predictors_;
  if (iters === undefined) return;
  const p = est.nFeaturesIn_ as number;
  const K = est.nTreesPerIteration_;
  if (!isInt(p, 1, 2 ** 31 - 1)) bad(`${path}.nFeaturesIn_`, "expected a positive integer with predictors_");
  if (!isInt(K, 1, 2 ** 20)) bad(`${path}.nTreesPerIteration_`, `expected a positive integer, received ${String(K)}`);
  if (!(est.baselinePrediction_ instanceof Float64Array) || est.baselinePrediction_.length !== K) {
    bad(`${path}.baselinePrediction_`, `expected a Float64Array of length ${K}`);
  }
  const bins = est.binMapper_ as Record<string, unknown> | undefined;
  if (!bins || typeof bins !== "object") bad(`${path}.binMapper_`, "expected the bin mapper with predictors_");
  typed(bins, "knownCategoryBitsets", Uint32Array, p * 8, `${path}.binMapper_`);
  if (!Array.isArray(iters)) bad(`${path}.predictors_`, "expected an array of iterations");
  iters.forEach((trees, it) => {
    const where = `${path}.predictors_[${it}]`;
    if (!Array.isArray(trees) || trees.length !== K) bad(where, `expected ${K} trees`);
    trees.forEach((t, k) => {
      const tp = `${where}[${k}]`;
      if (t === null || typeof t !== "object") bad(tp, "expected a tree's arrays");
      const o = t as Record<string, unknown>;
      const n = (o.feature as Int32Array | undefined)?.length ?? 0;
      if (n < 1) bad(`${tp}.feature`, "expected an Int32Array with at least one node");
      const a: Record<string, ArrayLike<number>> = {};
      for (const [key, Ctor] of HGB_FIELDS) a[key] = typed(o, key, Ctor as never, n, tp) as unknown as ArrayLike<number>;
      const raw = o.rawBitsets, binned = o.binnedBitsets;
      if (!(raw instanceof Uint32Array) || !(binned instanceof Uint32Array)) bad(tp, "expected rawBitsets and binnedBitsets as Uint32Array");
      for (let i = 0; i < n; i++) {
        if (a.isLeaf[i]) continue;
        const l = a.left[i], r = a.right[i];
        if (!(l > i && l < n && r > i && r < n)) bad(`${tp}.left`, `node ${i}: expected children in (${i}, ${n}), received ${l} and ${r}`);
        if (!(a.feature[i] >= 0 && a.feature[i] < p)) bad(`${tp}.feature`, `node ${i}: expected a feature in [0, ${p}), received ${a.feature[i]}`);
        if (a.isCategorical[i] && !(a.bitsetIdx[i] >= 0 && a.bitsetIdx[i] * 8 + 8 <= Math.min(raw.length, binned.length))) {
          bad(`${tp}.bitsetIdx`, `node ${i}: expected a bitset index within the bitsets, received ${a.bitsetIdx[i]}`);
        }
      }
    });
  });
}

registerStateValidator("DecisionTreeClassifier", checkTreeEstimator);
registerStateValidator("DecisionTreeRegressor", checkTreeEstimator);
registerStateValidator("RandomForestClassifier", (e, p) => checkForest(e, p, "DecisionTreeClassifier"));
registerStateValidator("RandomForestRegressor", (e, p) => checkForest(e, p, "DecisionTreeRegressor"));
registerStateValidator("HistGradientBoostingClassifier", checkHgb);
registerStateValidator("HistGradientBoostingRegressor", checkHgb);
