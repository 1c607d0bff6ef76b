/**
 * The confusion matrix (sklearn's `confusion_matrix`): counts (int32) or weighted / normalized values (float64).
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { OptionError, ShapeError } from "../errors";
import { Label, LabelsLike, classIndex, optionLabels } from "./labels";
import { checkChoice, checkTargets, sampleWeights } from "./targets";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** The classes indexing rows and columns, in this order (default: all labels of yTrue ∪ yPred, sorted). */
  labels?: LabelsLike;
  /** Weight of each sample (the result is then float64). */
  sampleWeight?: NDArray | ArrayLike<number>;
  /** Normalize over true labels (rows), predicted labels (columns) or all cells (default: raw counts). */
  normalize?: "true" | "pred" | "all" | null;
}

/**
 * Confusion matrix C: C[i, j] is the number of samples of true class i predicted as class j.
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - labels, sampleWeight, normalize
 * @returns an NDArray [classes, classes]: int32 counts, or float64 when weighted or normalized
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0],
 * //  [0, 0, 1],
 * //  [1, 0, 2]]
 */
export function confusionMatrix(yTrue: LabelsLike, yPred: LabelsLike, options: ConfusionMatrixOptions = {}): NDArray {
  const normalize = checkChoice("normalize", options.normalize ?? null, ["true", "pred", "all", null]);
  const t = checkTargets(yTrue, yPred);
  const n = t.yt.length;
  const w = sampleWeights(options.sampleWeight, n);
  let labels: Label[];
  if (options.labels === undefined || options.labels === null) labels = t.present.values.slice();
  else {
    labels = optionLabels(options.labels, t.present.kind, "labels");
    if (labels.length === 0) throw new ShapeError("labels", "at least one label", "an empty list");
    const inTrue = new Set<Label>(Array.from(t.yt.values as ArrayLike<Label>, (v) => (typeof v === "number" ? v + 0 : v)));
    if (!labels.some((l) => inTrue.has(l))) {
      throw new OptionError("labels", "at least one label that occurs in yTrue", `[${labels.join(", ")}]`);
    }
  }
  const k = labels.length;
  const index = classIndex(labels);
  const cm = new Float64Array(k * k);
  const a = t.yt.values, b = t.yp.values;
  for (let s = 0; s < n; s++) {
    const i = index.get(a[s] as Label), j = index.get(b[s] as Label);
    if (i === undefined || j === undefined) continue;
    cm[i * k + j] += w ? w[s] : 1;
  }
  if (normalize === null) return w ? new NDArray(cm, [k, k]) : new NDArray(Int32Array.from(cm), [k, k]);
  const out = new Float64Array(k * k);
  if (normalize === "true") {
    for (let i = 0; i < k; i++) {
      const s = pairwiseSum(cm, i * k, k);
      for (let j = 0; j < k; j++) out[i * k + j] = s === 0 ? 0 : cm[i * k + j] / s;
    }
  } else if (normalize === "pred") {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += cm[i * k + j];
      for (let i = 0; i < k; i++) out[i * k + j] = s === 0 ? 0 : cm[i * k + j] / s;
    }
  } else {
    const s = pairwiseSum(cm, 0, k * k);
    for (let i = 0; i < k * k; i++) out[i] = s === 0 ? 0 : cm[i] / s;
  }
  return new NDArray(out, [k, k]);
}
