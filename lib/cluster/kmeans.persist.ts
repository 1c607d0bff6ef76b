/**
 * Learned-state checks of KMeans, run when a model file is loaded (lib/base/state_checks): nClusters centers of
 * nFeaturesIn_ finite coordinates (a transposed matrix is caught by its shape), labels inside [0, nClusters).
 */
import {
  LearnedState, bad, describeState, features, intField, isFittedState, ndField, registerStateCheck,
} from "../base/state_checks";

function checkKMeans(s: LearnedState, path: string, est: object): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  const k = (est as { nClusters?: unknown }).nClusters;
  if (s.clusterCenters_ === undefined) return;
  const centers = ndField(s, "clusterCenters_", path, { shape: [typeof k === "number" ? k : null, p] });
  const K = centers.shape[0];
  if (K < 1) bad(`${path}.clusterCenters_`, "expected at least one center");
  const labels = ndField(s, "labels_", path, { shape: [null], dtype: ["int32"], optional: true });
  if (labels) {
    for (let i = 0; i < labels.data.length; i++) {
      const l = labels.data[i];
      if (!(l >= 0 && l < K)) bad(`${path}.labels_`, `expected cluster indices in [0, ${K}), received ${l} at index ${i}`);
    }
  }
  if (s.inertia_ !== undefined && !(typeof s.inertia_ === "number" && s.inertia_ >= 0 && Number.isFinite(s.inertia_))) {
    bad(`${path}.inertia_`, `expected a finite non-negative number, received ${describeState(s.inertia_)}`);
  }
  intField(s, "nIter_", path, 0, Number.MAX_SAFE_INTEGER, false);
}

registerStateCheck("KMeans", checkKMeans);
