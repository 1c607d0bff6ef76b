/**
 * Learned-state check of Pipeline, run when a model file is loaded (lib/base/state_checks): a fitted pipeline's
 * steps (each already checked on its own) are fitted, and its nFeaturesIn_ is its first step's.
 */
import { BaseEstimator } from "../base/estimator";
import { LearnedState, agree, bad, isFittedState, ownState, registerStateCheck } from "../base/state_checks";

function checkPipeline(s: LearnedState, path: string, est: object): void {
  if (!isFittedState(s) || s.nFeaturesIn_ === undefined) return;
  const steps = (est as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return;
  let first = true;
  steps.forEach((step, i) => {
    const e = Array.isArray(step) ? step[1] : undefined;
    if (!(e instanceof BaseEstimator)) return;
    const es = ownState(e);
    if (!isFittedState(es)) bad(`${path}.steps[${i}]`, "expected a fitted step in a fitted pipeline");
    if (first && es.nFeaturesIn_ !== undefined) agree(s.nFeaturesIn_, es.nFeaturesIn_, `${path}.nFeaturesIn_`, `step ${i}'s nFeaturesIn_`);
    first = false;
  });
}

registerStateCheck("Pipeline", checkPipeline);
