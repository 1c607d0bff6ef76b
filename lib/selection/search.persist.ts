/**
 * Learned-state checks of GridSearchCV and RandomizedSearchCV, run when a model file is loaded
 * (lib/base/state_checks): bestIndex_ names one of the evaluated candidates, and the search's nFeaturesIn_ and
 * classes_ are its refitted best estimator's (itself already checked on its own).
 */
import { BaseEstimator } from "../base/estimator";
import {
  LearnedState, MAX_COUNT, agree, bad, describeState, intField, isFittedState, ownState, registerStateCheck,
} from "../base/state_checks";
import { CVResults } from "./cv_results";

function checkSearch(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const results = s.cvResults_;
  if (results !== undefined) {
    if (!(results instanceof CVResults)) bad(`${path}.cvResults_`, `expected a CVResults, received ${describeState(results)}`);
    intField(s, "bestIndex_", path, 0, results.params.length - 1, false);
  }
  intField(s, "nSplits_", path, 1, MAX_COUNT, false);
  if (s.bestScore_ !== undefined && typeof s.bestScore_ !== "number") bad(`${path}.bestScore_`, `expected a number, received ${describeState(s.bestScore_)}`);
  const best = s.bestEstimator_;
  if (best === undefined) return;
  if (!(best instanceof BaseEstimator)) bad(`${path}.bestEstimator_`, `expected an estimator, received ${describeState(best)}`);
  const bs = ownState(best);
  if (!isFittedState(bs)) bad(`${path}.bestEstimator_`, "expected the refitted (fitted) best estimator");
  agree(s.nFeaturesIn_, bs.nFeaturesIn_, `${path}.nFeaturesIn_`, "bestEstimator_'s nFeaturesIn_");
  if (s.classes_ !== undefined && s.classes_ !== bs.classes_) {
    const a = Array.from((s.classes_ as { data?: ArrayLike<unknown> }).data ?? (s.classes_ as unknown[]) ?? []);
    const b = Array.from((bs.classes_ as { data?: ArrayLike<unknown> })?.data ?? (bs.classes_ as unknown[]) ?? []);
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) bad(`${path}.classes_`, "expected bestEstimator_'s classes_");
  }
}

registerStateCheck("GridSearchCV", checkSearch);
registerStateCheck("RandomizedSearchCV", checkSearch);
