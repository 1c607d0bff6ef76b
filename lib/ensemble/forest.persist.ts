/**
 * Learned-state checks of the random forests, run when a model file is loaded (lib/base/state_checks): at least
 * one tree, every tree of the forest's own tree class (each already checked on its own, lib/tree/tree.persist),
 * and the forest's counts — nFeaturesIn_, nOutputs_, nClasses_, classes_ — equal to every tree's.
 */
import { BaseEstimator } from "../base/estimator";
import {
  LearnedState, MAX_COUNT, agree, bad, classesField, describeState, features, isFittedState, ndField, ownState,
  registerStateCheck,
} from "../base/state_checks";

/** The trees of a fitted forest, each checked against the forest's counts. @returns nFeaturesIn_ and the trees' states */
function checkTrees(s: LearnedState, path: string, treeClass: string): { p: number; trees: LearnedState[] } | undefined {
  if (!isFittedState(s)) return undefined;
  const p = features(s, path);
  ndField(s, "featureImportances_", path, { shape: [p], optional: true });
  const list = s.estimators_;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_COUNT) {
    bad(`${path}.estimators_`, `expected an array of at least one ${treeClass}, received ${describeState(list)}`);
  }
  const trees = list.map((t, i) => {
    if (!(t instanceof BaseEstimator) || t.constructor.name !== treeClass) {
      bad(`${path}.estimators_[${i}]`, `expected a ${treeClass}, received ${describeState(t)}`);
    }
    const ts = ownState(t);
    if (ts.tree_ === undefined) bad(`${path}.estimators_[${i}].tree_`, "expected a fitted tree");
    agree(ts.nFeaturesIn_, p, `${path}.estimators_[${i}].nFeaturesIn_`, "the forest's nFeaturesIn_");
    if (s.nOutputs_ !== undefined) agree(ts.nOutputs_, s.nOutputs_, `${path}.estimators_[${i}].nOutputs_`, "the forest's nOutputs_");
    return ts;
  });
  return { p, trees };
}

function sameLabels(a: unknown, b: unknown): boolean {
  const la = Array.from((a as { data?: ArrayLike<unknown> }).data ?? (a as unknown[]));
  const lb = Array.from((b as { data?: ArrayLike<unknown> }).data ?? (b as unknown[]));
  return la.length === lb.length && la.every((x, i) => x === lb[i]);
}

/** RandomForestClassifier: one class count for the forest and every tree. */
export function checkForestClassifier(s: LearnedState, path: string): void {
  const f = checkTrees(s, path, "DecisionTreeClassifier");
  if (!f) return;
  agree(s.nOutputs_, 1, `${path}.nOutputs_`, "1 (a single-output classifier)");
  const K = classesField(s, path, 1);
  agree(s.nClasses_, K, `${path}.nClasses_`, "the number of classes_");
  f.trees.forEach((t, i) => {
    agree(t.nClasses_, K, `${path}.estimators_[${i}].nClasses_`, "the forest's nClasses_");
    if (!sameLabels(t.classes_, s.classes_)) bad(`${path}.estimators_[${i}].classes_`, "expected the forest's classes_");
  });
  ndField(s, "oobDecisionFunction_", path, { shape: [null, K], optional: true, finite: false });
}

/** RandomForestRegressor: nOutputs_ values per tree node, like every tree's. */
export function checkForestRegressor(s: LearnedState, path: string): void {
  const f = checkTrees(s, path, "DecisionTreeRegressor");
  if (!f || f.trees.length === 0) return;
  agree(s.nOutputs_, f.trees[0].nOutputs_, `${path}.nOutputs_`, "the trees' nOutputs_");
  if (s.y1d_ !== undefined && typeof s.y1d_ !== "boolean") bad(`${path}.y1d_`, `expected a boolean, received ${describeState(s.y1d_)}`);
  if (s.y1d_ === true && s.nOutputs_ !== 1) bad(`${path}.y1d_`, `expected false with ${String(s.nOutputs_)} outputs`);
  const k = s.nOutputs_ as number;
  if (s.oobPrediction_ !== undefined) ndField(s, "oobPrediction_", path, { shape: s.y1d_ ? [null] : [null, k], finite: false });
}

registerStateCheck("RandomForestClassifier", checkForestClassifier);
registerStateCheck("RandomForestRegressor", checkForestRegressor);
