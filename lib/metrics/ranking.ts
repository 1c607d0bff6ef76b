/**
 * Threshold curves of a binary classifier's scores, with scikit-learn 1.2's semantics: the ROC curve (its first
 * threshold is max(score) + 1), the precision-recall curve, average precision, and the trapezoidal area `auc`.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { checkConsistentLength, toVector } from "../base/validation";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { Label, LabelsLike, classesOf, labelRepr, toLabelVector, warnMetric } from "./labels";

/** Options of the binary curves. */
export interface CurveOptions {
  /** The positive class (default: 1 when yTrue's labels are {0, 1} or {-1, 1}; required otherwise). */
  posLabel?: Label;
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions extends CurveOptions {
  /** Drop thresholds that lie on straight segments of the curve (default true). */
  dropIntermediate?: boolean;
}

/** The ROC curve. */
export interface RocCurve { fpr: NDArray; tpr: NDArray; thresholds: NDArray }
/** The precision-recall curve. */
export interface PrecisionRecallCurve { precision: NDArray; recall: NDArray; thresholds: NDArray }

/** Cumulative false / true positives at each distinct threshold, scores decreasing. */
export interface ClfCurve { fps: Float64Array; tps: Float64Array; thresholds: Float64Array }

/**
 * Counts behind the binary curves (sklearn's `_binary_clf_curve`) from 0/1 truths.
 * @param pos - 1 for positive samples, 0 otherwise
 * @param score - the scores
 * @param w - sample weights, or null
 * @example
 * binaryCurveCounts(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.7), null).tps; // [1, 1]
 */
export function binaryCurveCounts(pos: Uint8Array, score: Float64Array, w: Float64Array | null): ClfCurve {
  let n = pos.length;
  if (w) {
    // zero-weight samples must not create thresholds
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (w[i] !== 0) keep.push(i);
    if (keep.length !== n) {
      pos = Uint8Array.from(keep, (i) => pos[i]);
      score = Float64Array.from(keep, (i) => score[i]);
      w = Float64Array.from(keep, (i) => w![i]);
      n = keep.length;
    }
  }
  const asc = new Uint32Array(n);
  for (let i = 0; i < n; i++) asc[i] = i;
  asc.sort((a, b) => score[a] - score[b] || a - b);
  const order = asc.reverse(); // NumPy: stable ascending argsort, reversed
  const cumT = new Float64Array(n), cumF = w ? new Float64Array(n) : null;
  let st = 0, sf = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r], wi = w ? w[i] : 1;
    st += pos[i] * wi;
    cumT[r] = st;
    if (cumF) { sf += (1 - pos[i]) * wi; cumF[r] = sf; }
  }
  const idx: number[] = [];
  for (let r = 0; r < n - 1; r++) if (score[order[r + 1]] - score[order[r]] !== 0) idx.push(r);
  if (n > 0) idx.push(n - 1);
  const m = idx.length;
  const fps = new Float64Array(m), tps = new Float64Array(m), thresholds = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const r = idx[j];
    tps[j] = cumT[r];
    fps[j] = cumF ? cumF[r] : 1 + r - cumT[r];
    thresholds[j] = score[order[r]];
  }
  return { fps, tps, thresholds };
}

/**
 * Check yTrue / yScore / weights of a binary curve and mark the positive samples.
 * @param yTrue - true labels
 * @param yScore - scores of the positive class
 * @param options - posLabel, sampleWeight
 * @param posDefault - the positive label when none is given and the labels are not {0, 1} / {-1, 1}: undefined
 *   raises (roc / pr curves), a value is used as is (average precision uses 1)
 * @example
 * binaryTargets([0, 1], [0.3, 0.6], {}).pos; // Uint8Array [0, 1]
 */
export function binaryTargets(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number>, options: CurveOptions,
  posDefault?: Label): { pos: Uint8Array; score: Float64Array; w: Float64Array | null } {
  const yt = toLabelVector(yTrue, "yTrue");
  const score = toVector(yScore, "yScore");
  checkConsistentLength(["yTrue", yt.length], ["yScore", score.length]);
  if (yt.length === 0) throw new ShapeError("yTrue", "at least 1 sample", "0 samples");
  let w: Float64Array | null = null;
  if (options.sampleWeight !== undefined && options.sampleWeight !== null) {
    w = toVector(options.sampleWeight, "sampleWeight");
    checkConsistentLength(["yTrue", yt.length], ["sampleWeight", w.length]);
  }
  const classes = classesOf([yt], ["yTrue"]).values;
  let posLabel = options.posLabel ?? posDefault;
  if (classes.length > 2 && posLabel === undefined) {
    throw new InputTypeError("yTrue", "binary labels (or pass posLabel to score one class against the rest)",
      `${classes.length} classes`);
  }
  if (posLabel === undefined) {
    const ok = yt.kind === "number" && [[0, 1], [-1, 1], [0], [-1], [1]].some((s) =>
      s.length === classes.length && s.every((v, i) => v === classes[i]));
    if (!ok) {
      throw new OptionError("posLabel", `the positive class: yTrue takes values in {${classes.map(labelRepr).join(", ")}}, ` +
        "so posLabel must be given (it defaults to 1 only for labels {0, 1} or {-1, 1})", undefined);
    }
    posLabel = 1;
  }
  const pos = new Uint8Array(yt.length);
  for (let i = 0; i < yt.length; i++) pos[i] = yt.values[i] === posLabel ? 1 : 0;
  return { pos, score, w };
}

/**
 * Receiver operating characteristic curve (sklearn 1.2's `roc_curve`).
 * @param yTrue - true binary labels (numbers or strings)
 * @param yScore - scores of the positive class (probabilities or decision values), 1-D
 * @param options - posLabel, sampleWeight, dropIntermediate (default true)
 * @returns fpr, tpr and decreasing thresholds (the first is max(yScore) + 1, as in sklearn 1.2)
 * @example
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  const { pos, score, w } = binaryTargets(yTrue, yScore, options);
  let { fps, tps, thresholds } = binaryCurveCounts(pos, score, w);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
      const d2t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]);
    tps = Float64Array.from(keep, (i) => tps[i]);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m), tpr = new Float64Array(m), thr = new Float64Array(m);
  thr[0] = thresholds[0] + 1;
  thr.set(thresholds, 1);
  const fTot = fps[fps.length - 1], tTot = tps[tps.length - 1];
  if (!(fTot > 0)) warnMetric("No negative samples in yTrue, false positive value should be meaningless");
  if (!(tTot > 0)) warnMetric("No positive samples in yTrue, true positive value should be meaningless");
  for (let i = 0; i < m; i++) {
    fpr[i] = fTot > 0 ? (i === 0 ? 0 : fps[i - 1]) / fTot : NaN;
    tpr[i] = tTot > 0 ? (i === 0 ? 0 : tps[i - 1]) / tTot : NaN;
  }
  return { fpr: new NDArray(fpr), tpr: new NDArray(tpr), thresholds: new NDArray(thr) };
}

/**
 * Precision-recall pairs for each threshold (sklearn 1.2's `precision_recall_curve`).
 * @param yTrue - true binary labels (numbers or strings)
 * @param probasPred - scores of the positive class, 1-D
 * @param options - posLabel, sampleWeight
 * @returns precision and recall (one more value than thresholds: the final point (recall 0, precision 1)) and
 *   increasing thresholds
 * @example
 * const { precision, recall, thresholds } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.666…, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(yTrue: LabelsLike, probasPred: NDArray | ArrayLike<number>,
  options: CurveOptions = {}): PrecisionRecallCurve {
  const { pos, score, w } = binaryTargets(yTrue, probasPred, options);
  return prCurve(binaryCurveCounts(pos, score, w));
}

function prCurve({ fps, tps, thresholds }: ClfCurve): PrecisionRecallCurve {
  const m = tps.length;
  const precision = new Float64Array(m + 1), recall = new Float64Array(m + 1), thr = new Float64Array(m);
  const tTot = tps[m - 1];
  if (tTot === 0) warnMetric("No positive class found in yTrue, recall is set to one for all thresholds", "UserWarning");
  for (let j = 0; j < m; j++) {
    const r = m - 1 - j;
    const ps = tps[r] + fps[r];
    precision[j] = ps !== 0 ? tps[r] / ps : 0;
    recall[j] = tTot === 0 ? 1 : tps[r] / tTot;
    thr[j] = thresholds[r];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision: new NDArray(precision), recall: new NDArray(recall), thresholds: new NDArray(thr) };
}

/**
 * Area under a curve by the trapezoidal rule (sklearn's `auc`); x must be monotonic (increasing or decreasing).
 * @param x - x coordinates, at least 2
 * @param y - y coordinates, same length
 * @example
 * auc([0, 0.5, 1], [0, 0.8, 1]); // 0.65
 */
export function auc(x: NDArray | ArrayLike<number>, y: NDArray | ArrayLike<number>): number {
  const xs = toVector(x, "x"), ys = toVector(y, "y");
  checkConsistentLength(["x", xs.length], ["y", ys.length]);
  if (xs.length < 2) throw new ShapeError("x", "at least 2 points to compute an area under the curve", `${xs.length}`);
  let direction = 1, anyNeg = false, allNonPos = true;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i] - xs[i - 1];
    if (d < 0) anyNeg = true;
    if (d > 0) allNonPos = false;
  }
  if (anyNeg) {
    if (!allNonPos) throw new InputTypeError("x", "monotonic values (increasing or decreasing)", "values that go both ways");
    direction = -1;
  }
  return direction * trapz(ys, xs);
}

/** NumPy's trapz: Σ dx · (y[i+1] + y[i]) / 2, pairwise-summed. */
export function trapz(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = y.length - 1;
  const t = new Float64Array(Math.max(n, 0));
  for (let i = 0; i < n; i++) t[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
  return pairwiseSum(t, 0, n);
}

/**
 * Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over thresholds (sklearn's `average_precision_score`, binary targets).
 * @param yTrue - true binary labels
 * @param yScore - scores of the positive class, 1-D
 * @param options - posLabel (default 1), sampleWeight
 * @example
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 */
export function averagePrecisionScore(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number>, options: CurveOptions = {}): number {
  const yt = toLabelVector(yTrue, "yTrue");
  const classes = classesOf([yt], ["yTrue"]).values;
  if (classes.length > 2) {
    throw new InputTypeError("yTrue", "binary labels (average precision of a multiclass target is not supported)", `${classes.length} classes`);
  }
  const posLabel = options.posLabel ?? 1;
  if (classes.length === 2 && !classes.includes(posLabel)) {
    throw new OptionError("posLabel", `one of the labels [${classes.map(labelRepr).join(", ")}]`, posLabel);
  }
  const { pos, score, w } = binaryTargets(yTrue, yScore, { ...options, posLabel });
  const { precision, recall } = prCurve(binaryCurveCounts(pos, score, w));
  const p = precision.data, r = recall.data, m = r.length - 1;
  const t = new Float64Array(m);
  for (let i = 0; i < m; i++) t[i] = (r[i + 1] - r[i]) * p[i];
  return -pairwiseSum(t, 0, m);
}
