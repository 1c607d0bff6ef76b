/**
 * Learned-state checks of histogram gradient boosting, run when a model file is loaded (lib/base/state_checks):
 * nTreesPerIteration_ trees per iteration, nIter_ iterations, each tree's node arrays of one length with links
 * strictly forward and features inside the row, the bin mapper sized by nFeaturesIn_, and (classifiers) one tree
 * per iteration for two classes, one per class otherwise.
 */
import { NDArray } from "../../array/ndarray";
import {
  LearnedState, MAX_COUNT, agree, bad, classesField, describeState, features, finiteValues, intField, isFittedState,
  registerStateCheck, typedField,
} from "../../base/state_checks";

const NODE_FIELDS: [string, new (n: number) => ArrayBufferView][] = [
  ["feature", Int32Array], ["threshold", Float64Array], ["binThreshold", Uint8Array], ["missingGoToLeft", Uint8Array],
  ["isLeaf", Uint8Array], ["isCategorical", Uint8Array], ["bitsetIdx", Int32Array], ["left", Int32Array],
  ["right", Int32Array], ["value", Float64Array], ["count", Int32Array], ["gain", Float64Array], ["depth", Int32Array],
];

function checkPredictorTree(t: unknown, p: number, path: string): void {
  if (t === null || typeof t !== "object" || Array.isArray(t)) bad(path, `expected a tree's arrays, received ${describeState(t)}`);
  const o = t as LearnedState;
  const n = (o.feature as Int32Array | undefined)?.length ?? 0;
  if (!(o.feature instanceof Int32Array) || n < 1) bad(`${path}.feature`, "expected an Int32Array with at least one node");
  const a: Record<string, ArrayLike<number>> = Object.create(null);
  for (const [key, Ctor] of NODE_FIELDS) a[key] = typedField(o, key, path, Ctor as never, n) as unknown as ArrayLike<number>;
  finiteValues(a.value, `${path}.value`);
  const raw = typedField(o, "rawBitsets", path, Uint32Array, null);
  const binned = typedField(o, "binnedBitsets", path, Uint32Array, null);
  for (let i = 0; i < n; i++) {
    if (a.isLeaf[i]) continue;
    const l = a.left[i], r = a.right[i];
    if (!(l > i && l < n && r > i && r < n)) bad(`${path}.left`, `node ${i}: expected children in (${i}, ${n}), received ${l} and ${r}`);
    if (!(a.feature[i] >= 0 && a.feature[i] < p)) bad(`${path}.feature`, `node ${i}: expected a feature in [0, ${p}), received ${a.feature[i]}`);
    if (a.isCategorical[i] && !(a.bitsetIdx[i] >= 0 && a.bitsetIdx[i] * 8 + 8 <= Math.min(raw.length, binned.length))) {
      bad(`${path}.bitsetIdx`, `node ${i}: expected a bitset index within the bitsets, received ${a.bitsetIdx[i]}`);
    }
  }
}

/** The bin mapper: one threshold list, bin count and categorical flag per feature, 8 words of bitset each. */
function checkBinMapper(v: unknown, p: number, path: string): void {
  if (v === null || typeof v !== "object" || Array.isArray(v)) bad(path, `expected the bin mapper, received ${describeState(v)}`);
  const b = v as LearnedState;
  intField(b, "missingBin", path, 1, 255);
  const th = b.thresholds;
  if (!Array.isArray(th) || th.length !== p || !th.every((x) => x instanceof Float64Array)) {
    bad(`${path}.thresholds`, `expected ${p} Float64Arrays (one per feature), received ${describeState(th)}`);
  }
  typedField(b, "nBinsNonMissing", path, Int32Array, p);
  typedField(b, "isCategorical", path, Uint8Array, p);
  typedField(b, "knownCategoryBitsets", path, Uint32Array, p * 8);
}

/**
 * The fields every fitted HistGradientBoosting model has.
 * @param treesPerIteration - what nTreesPerIteration_ must be, given the estimator's task
 */
function checkBoosting(s: LearnedState, path: string, treesPerIteration: (s: LearnedState) => [number, string]): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  // the bin mapper ties nFeaturesIn_ to stored arrays before the trees are walked
  checkBinMapper(s.binMapper_, p, `${path}.binMapper_`);
  const K = intField(s, "nTreesPerIteration_", path, 1, MAX_COUNT);
  const [want, why] = treesPerIteration(s);
  agree(K, want, `${path}.nTreesPerIteration_`, why);
  const base = typedField(s, "baselinePrediction_", path, Float64Array, K);
  finiteValues(base, `${path}.baselinePrediction_`);
  const iters = s.predictors_;
  if (!Array.isArray(iters)) bad(`${path}.predictors_`, `expected an array of iterations, received ${describeState(iters)}`);
  agree(s.nIter_, iters.length, `${path}.nIter_`, "the number of predictors_");
  iters.forEach((trees, it) => {
    const where = `${path}.predictors_[${it}]`;
    if (!Array.isArray(trees) || trees.length !== K) bad(where, `expected ${K} trees (nTreesPerIteration_), received ${describeState(trees)}`);
    trees.forEach((t, k) => checkPredictorTree(t, p, `${where}[${k}]`));
  });
  const cat = s.isCategorical_;
  if (cat !== undefined && cat !== null && !(cat instanceof NDArray && cat.dtype === "bool" && cat.ndim === 1 && cat.shape[0] === p)) {
    bad(`${path}.isCategorical_`, `expected null or a bool NDArray of shape [${p}], received ${describeState(cat)}`);
  }
}

/** HistGradientBoostingClassifier: one tree per iteration for two classes, one per class for more. */
export function checkHgbClassifier(s: LearnedState, path: string): void {
  checkBoosting(s, path, () => {
    const nClasses = classesField(s, path, 2);
    return [nClasses === 2 ? 1 : nClasses, `the trees per iteration for ${nClasses} classes`];
  });
}

/** HistGradientBoostingRegressor: one tree per iteration. */
export function checkHgbRegressor(s: LearnedState, path: string): void {
  checkBoosting(s, path, () => [1, "1 (one tree per iteration)"]);
}

registerStateCheck("HistGradientBoostingClassifier", checkHgbClassifier);
registerStateCheck("HistGradientBoostingRegressor", checkHgbRegressor);
