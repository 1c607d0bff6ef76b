/**
 * Class weights turned into per-sample weights, as scikit-learn's compute_sample_weight: "balanced" gives class c
 * the weight n / (nClasses · count_c); a map gives its value (classes it omits get 1). With `indices` (a bootstrap
 * draw, for "balanced_subsample") the counts are those of the draw and classes absent from it get weight 0.
 */
import { classWeightsFromMap } from "../linear/logistic_fit";
import type { Label } from "../metrics/labels";

/** A class-weight option: none, "balanced", or weights by label (a Map or a plain object keyed by label text). */
export type TreeClassWeight = null | "balanced" | Map<Label, number> | Record<string, number>;

/**
 * Per-sample weights for the class codes y (0 … nClasses − 1).
 * @param cw - "balanced" or a map (not null)
 * @param y - class codes
 * @param classes - the labels behind the codes (to read a map)
 * @param indices - a bootstrap draw: count classes over y[indices] ("balanced" only)
 * @example
 * sampleWeightsForClasses("balanced", Int32Array.of(0, 0, 1), [0, 1]); // [0.75, 0.75, 1.5]
 */
export function sampleWeightsForClasses(cw: Exclude<TreeClassWeight, null>, y: Int32Array, classes: readonly Label[],
  indices?: Int32Array): Float64Array {
  const K = classes.length;
  let perClass: Float64Array;
  if (cw === "balanced") {
    const counts = new Float64Array(K);
    let n: number;
    if (indices) {
      for (let t = 0; t < indices.length; t++) counts[y[indices[t]]]++;
      n = indices.length;
    } else {
      for (let i = 0; i < y.length; i++) counts[y[i]]++;
      n = y.length;
    }
    let present = 0;
    for (let c = 0; c < K; c++) if (counts[c] > 0) present++;
    perClass = new Float64Array(K);
    for (let c = 0; c < K; c++) perClass[c] = counts[c] > 0 ? n / (present * counts[c]) : 0;
  } else {
    perClass = classWeightsFromMap(cw, classes);
  }
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = perClass[y[i]];
  return out;
}
