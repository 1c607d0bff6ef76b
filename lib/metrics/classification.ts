/**
 * Classification scores with scikit-learn 1.2's semantics: accuracy, and precision / recall / F-beta with binary,
 * micro, macro, weighted or per-class (average null) results, posLabel, a labels subset, zeroDivision and sample
 * weights.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { InputTypeError, OptionError } from "../errors";
import { Label, LabelsLike, classIndex, classesOf, labelRepr, optionLabels, warnMetric } from "./labels";
import { checkChoice, checkTargets, sampleWeights } from "./targets";

/** How per-class scores are combined; null returns one score per class. */
export type Average = "binary" | "micro" | "macro" | "weighted" | null;
/** The value a score takes when its denominator is zero; "warn" means 0 with a warning. */
export type ZeroDivision = "warn" | 0 | 1;

/** Options of the precision / recall / F-score family. */
export interface PRFOptions {
  /** "binary" (default): the score of posLabel; "micro", "macro", "weighted"; null: one score per class. */
  average?: Average;
  /** The positive class for average "binary" (default 1). */
  posLabel?: Label;
  /** The classes to score and their order (default: all labels of yTrue ∪ yPred, sorted). */
  labels?: LabelsLike;
  /** Value of an undefined score (0/0): "warn" (0 and a warning, default), 0 or 1. */
  zeroDivision?: ZeroDivision;
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
}

/** Options of {@link precisionRecallFscoreSupport}. */
export interface PRFSOptions extends PRFOptions {
  /** Weight of recall against precision in the F-score (default 1). */
  beta?: number;
}

/** The result of {@link precisionRecallFscoreSupport}: numbers when averaged, per-class NDArrays otherwise. */
export interface PRFSupport<T extends number | NDArray = number | NDArray> {
  precision: T;
  recall: T;
  fscore: T;
  /** The number (or total weight) of true samples of each class; null when averaged. */
  support: NDArray | null;
}

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** true (default): the fraction of correct predictions; false: their number (or total weight). */
  normalize?: boolean;
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
}

/**
 * Accuracy: the fraction (or number) of correct predictions (sklearn's `accuracy_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - normalize, sampleWeight
 * @example
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]);                       // 0.5
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 */
export function accuracyScore(yTrue: LabelsLike, yPred: LabelsLike, options: AccuracyOptions = {}): number {
  const t = checkTargets(yTrue, yPred);
  const n = t.yt.length;
  const w = sampleWeights(options.sampleWeight, n);
  const a = t.yt.values, b = t.yp.values;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = a[i] === b[i] ? (w ? w[i] : 1) : 0;
  const total = pairwiseSum(score, 0, n);
  if (options.normalize === false) return total;
  const tw = w ? pairwiseSum(w, 0, n) : n;
  if (tw === 0) throw new OptionError("sampleWeight", "weights that do not sum to zero", 0);
  return total / tw;
}

/** Per-class sufficient statistics for the selected labels. */
interface Counts {
  tp: Float64Array; pred: Float64Array; true: Float64Array;
  /** Supports are floats: weighted, or (a NumPy dtype quirk sklearn shows) no sample at all is predicted right. */
  floatSupport: boolean;
}

/**
 * True positives, predicted and true totals (weighted) per selected label, and the selected labels, following
 * scikit-learn's checks for average / posLabel.
 */
function prfCounts(yTrue: LabelsLike, yPred: LabelsLike, average: Average, options: PRFOptions): Counts {
  const t = checkTargets(yTrue, yPred);
  const n = t.yt.length;
  const w = sampleWeights(options.sampleWeight, n);
  const present = t.present.values;
  let selected: Label[] | null = options.labels === undefined || options.labels === null ? null
    : optionLabels(options.labels, t.present.kind, "labels");
  if (average === "binary") {
    if (t.type !== "binary") {
      throw new OptionError("average", `another setting for a multiclass target: one of "micro", "macro", "weighted" ` +
        `or null (the target has ${present.length} classes but average is "binary")`, "binary");
    }
    const pos = options.posLabel ?? 1;
    if (typeof pos !== t.present.kind || !present.includes(pos)) {
      if (present.length >= 2 || typeof pos !== t.present.kind) {
        throw new OptionError("posLabel", `one of the labels [${present.map(labelRepr).join(", ")}]`, pos);
      }
    }
    selected = [pos];
  } else if (options.posLabel !== undefined && options.posLabel !== 1) {
    warnMetric(`Note that posLabel (set to ${labelRepr(options.posLabel)}) is ignored when average != "binary" ` +
      `(got ${JSON.stringify(average)}). You may use labels=[posLabel] to specify a single positive class.`, "UserWarning");
  }
  const sel = selected ?? present.slice();
  const all = classesOf([{ kind: t.present.kind, values: [...present, ...sel] as never, length: present.length + sel.length }],
    ["labels"]).values;
  const index = classIndex(all);
  const k = all.length;
  const tp = new Float64Array(k), pred = new Float64Array(k), tru = new Float64Array(k);
  const a = t.yt.values, b = t.yp.values;
  let anyRight = false;
  for (let i = 0; i < n; i++) {
    const ct = index.get(a[i] as Label)!, cp = index.get(b[i] as Label)!;
    const wi = w ? w[i] : 1;
    pred[cp] += wi;
    tru[ct] += wi;
    if (ct === cp) { tp[ct] += wi; anyRight = true; }
  }
  const m = sel.length;
  const out: Counts = { tp: new Float64Array(m), pred: new Float64Array(m), true: new Float64Array(m),
    floatSupport: w !== null || !anyRight };
  for (let j = 0; j < m; j++) {
    const c = index.get(sel[j])!;
    out.tp[j] = tp[c]; out.pred[j] = pred[c]; out.true[j] = tru[c];
  }
  return out;
}

function warnPrf(average: Average, modifier: string, start: string, size: number): void {
  const where = size === 1 ? "due to" : "in labels with";
  warnMetric(`${start} ill-defined and being set to 0.0 ${where} no ${modifier} samples. ` +
    "Use `zeroDivision` parameter to control this behavior.");
}

/** num / den elementwise; 0/0 → the zeroDivision value, with a warning for "warn". */
function prfDivide(num: Float64Array, den: Float64Array, metric: string, modifier: string, average: Average,
  warnFor: readonly string[], zeroDivision: ZeroDivision): Float64Array {
  const out = new Float64Array(num.length);
  let any = false;
  for (let i = 0; i < num.length; i++) {
    if (den[i] === 0) { any = true; out[i] = zeroDivision === 1 ? 1 : 0; } else out[i] = num[i] / den[i];
  }
  if (!any || zeroDivision !== "warn" || !warnFor.includes(metric)) return out;
  const start = warnFor.includes("f-score") ? `${metric[0].toUpperCase()}${metric.slice(1)} and F-score are`
    : `${metric[0].toUpperCase()}${metric.slice(1)} is`;
  warnPrf(average, modifier, start, out.length);
  return out;
}

function mean(x: Float64Array): number { return pairwiseSum(x, 0, x.length) / x.length; }

function weightedMean(x: Float64Array, w: Float64Array): number {
  const p = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) p[i] = x[i] * w[i];
  return pairwiseSum(p, 0, p.length) / pairwiseSum(w, 0, w.length);
}

function prfs(yTrue: LabelsLike, yPred: LabelsLike, options: PRFSOptions, warnFor: readonly string[]): PRFSupport {
  const average = checkChoice<Average>("average", options.average === undefined ? "binary" : options.average,
    ["binary", "micro", "macro", "weighted", null]);
  const zd = checkChoice<ZeroDivision>("zeroDivision", options.zeroDivision ?? "warn", ["warn", 0, 1]);
  const beta = options.beta ?? 1;
  if (typeof beta !== "number" || !(beta >= 0)) throw new OptionError("beta", "a number >= 0", beta);
  const c = prfCounts(yTrue, yPred, average, options);
  let { tp, pred, true: tru } = c;
  const support = c.floatSupport ? new NDArray(tru.slice()) : new NDArray(Int32Array.from(tru));
  if (average === "micro") {
    tp = Float64Array.of(pairwiseSum(tp, 0, tp.length));
    pred = Float64Array.of(pairwiseSum(pred, 0, pred.length));
    tru = Float64Array.of(pairwiseSum(tru, 0, tru.length));
  }
  const precision = prfDivide(tp, pred, "precision", "predicted", average, warnFor, zd);
  const recall = prfDivide(tp, tru, "recall", "true", average, warnFor, zd);
  if (zd === "warn" && warnFor.length === 1 && warnFor[0] === "f-score") {
    for (let i = 0; i < tru.length; i++) {
      if (tru[i] === 0 && pred[i] === 0) { warnPrf(average, "true nor predicted", "F-score is", tru.length); break; }
    }
  }
  const b2 = beta * beta;
  let fscore: Float64Array;
  if (beta === Infinity) fscore = recall;
  else {
    fscore = new Float64Array(precision.length);
    for (let i = 0; i < fscore.length; i++) {
      let den = b2 * precision[i] + recall[i];
      if (den === 0) den = 1;
      fscore[i] = (1 + b2) * precision[i] * recall[i] / den;
    }
  }
  if (average === null) {
    return { precision: new NDArray(precision), recall: new NDArray(recall), fscore: new NDArray(fscore), support };
  }
  if (average === "weighted") {
    const wsum = pairwiseSum(tru, 0, tru.length);
    if (wsum === 0) {
      const z = zd === 1 ? 1 : 0;
      const predTotal = pairwiseSum(pred, 0, pred.length);
      return predTotal === 0 ? { precision: z, recall: z, fscore: z, support: null }
        : { precision: 0, recall: z, fscore: 0, support: null };
    }
    return { precision: weightedMean(precision, tru), recall: weightedMean(recall, tru), fscore: weightedMean(fscore, tru), support: null };
  }
  return { precision: mean(precision), recall: mean(recall), fscore: mean(fscore), support: null };
}

/**
 * Precision, recall, F-beta score and support (sklearn's `precision_recall_fscore_support`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - beta (default 1), average (default "binary"), posLabel, labels, zeroDivision, sampleWeight
 * @returns numbers when averaged (support null); NDArrays per class for average null
 * @example
 * const r = precisionRecallFscoreSupport(["cat", "dog", "pig"], ["cat", "pig", "pig"], { average: null });
 * r.precision; // [1, 0, 0.5]; r.support: [1, 1, 1]
 */
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PRFSOptions & { average: null }): PRFSupport<NDArray>;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options?: PRFSOptions): PRFSupport<number>;
export function precisionRecallFscoreSupport(yTrue: LabelsLike, yPred: LabelsLike, options: PRFSOptions = {}): PRFSupport {
  return prfs(yTrue, yPred, options, ["precision", "recall", "f-score"]);
}

/**
 * Precision tp / (tp + fp) (sklearn's `precision_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - average (default "binary"), posLabel (default 1), labels, zeroDivision, sampleWeight
 * @returns a number, or an NDArray per class for average null
 * @example
 * precisionScore([0, 1, 1, 0], [1, 1, 0, 0]);                    // 0.5
 * precisionScore([0, 1, 2, 0], [0, 2, 1, 0], { average: "macro" }); // 0.333…
 */
export function precisionScore(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions & { average: null }): NDArray;
export function precisionScore(yTrue: LabelsLike, yPred: LabelsLike, options?: PRFOptions): number;
export function precisionScore(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions = {}): number | NDArray {
  return prfs(yTrue, yPred, { ...options, beta: 1 }, ["precision"]).precision;
}

/**
 * Recall tp / (tp + fn) (sklearn's `recall_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - average (default "binary"), posLabel (default 1), labels, zeroDivision, sampleWeight
 * @returns a number, or an NDArray per class for average null
 * @example
 * recallScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function recallScore(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions & { average: null }): NDArray;
export function recallScore(yTrue: LabelsLike, yPred: LabelsLike, options?: PRFOptions): number;
export function recallScore(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions = {}): number | NDArray {
  return prfs(yTrue, yPred, { ...options, beta: 1 }, ["recall"]).recall;
}

/**
 * F-beta score: the weighted harmonic mean of precision and recall (sklearn's `fbeta_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param beta - weight of recall (beta > 1 favours recall; Infinity gives recall)
 * @param options - average (default "binary"), posLabel (default 1), labels, zeroDivision, sampleWeight
 * @returns a number, or an NDArray per class for average null
 * @example
 * fbetaScore([0, 1, 1, 0], [1, 1, 1, 0], 2); // 0.9090…
 */
export function fbetaScore(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options: PRFOptions & { average: null }): NDArray;
export function fbetaScore(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options?: PRFOptions): number;
export function fbetaScore(yTrue: LabelsLike, yPred: LabelsLike, beta: number, options: PRFOptions = {}): number | NDArray {
  if (typeof beta !== "number") throw new InputTypeError("beta", "a number >= 0", beta);
  return prfs(yTrue, yPred, { ...options, beta }, ["f-score"]).fscore;
}

/**
 * F1 score: the harmonic mean of precision and recall (sklearn's `f1_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - predicted labels
 * @param options - average (default "binary"), posLabel (default 1), labels, zeroDivision, sampleWeight
 * @returns a number, or an NDArray per class for average null
 * @example
 * f1Score([0, 1, 1, 0], [1, 1, 0, 0]);                        // 0.5
 * f1Score(["a", "b", "c"], ["a", "b", "b"], { average: "weighted" }); // 0.555…
 */
export function f1Score(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions & { average: null }): NDArray;
export function f1Score(yTrue: LabelsLike, yPred: LabelsLike, options?: PRFOptions): number;
export function f1Score(yTrue: LabelsLike, yPred: LabelsLike, options: PRFOptions = {}): number | NDArray {
  return prfs(yTrue, yPred, { ...options, beta: 1 }, ["f-score"]).fscore;
}
