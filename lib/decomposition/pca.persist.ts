/**
 * Learned-state checks of PCA, run when a model file is loaded (lib/base/state_checks): nComponents_ rows of
 * nFeaturesIn_ in components_, one variance, ratio and singular value per component, a mean per feature, all
 * finite, and positive variances when whitening divides by them.
 */
import {
  LearnedState, bad, describeState, features, intField, isFittedState, ndField, registerStateCheck,
} from "../base/state_checks";

function checkPCA(s: LearnedState, path: string, est: object): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  if (s.components_ === undefined) return;
  const k = intField(s, "nComponents_", path, 1, p);
  ndField(s, "components_", path, { shape: [k, p] });
  ndField(s, "mean_", path, { shape: [p] });
  const ev = ndField(s, "explainedVariance_", path, { shape: [k] });
  ndField(s, "explainedVarianceRatio_", path, { shape: [k] });
  ndField(s, "singularValues_", path, { shape: [k] });
  if ((est as { whiten?: unknown }).whiten === true) {
    for (let i = 0; i < k; i++) if (!(ev.data[i] > 0)) bad(`${path}.explainedVariance_`, `expected positive variances (whiten divides by them), received ${ev.data[i]}`);
  }
  if (s.noiseVariance_ !== undefined && !(typeof s.noiseVariance_ === "number" && Number.isFinite(s.noiseVariance_))) {
    bad(`${path}.noiseVariance_`, `expected a finite number, received ${describeState(s.noiseVariance_)}`);
  }
  intField(s, "nSamples_", path, 0, Number.MAX_SAFE_INTEGER, false);
}

registerStateCheck("PCA", checkPCA);
