/**
 * Area under the ROC curve (sklearn 1.2's `roc_auc_score`): binary scores (optionally partial AUC up to maxFpr,
 * McClish-standardized) and multiclass probabilities, one-vs-rest (micro, macro, weighted, per class) or
 * one-vs-one (Hand & Till, macro or weighted).
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { checkConsistentLength, toMatrix, toVector } from "../base/validation";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { Label, LabelsLike, classesOf, encodeLabels, optionLabels, toLabelVector } from "./labels";
import { binaryCurveCounts, trapz } from "./ranking";
import { checkChoice } from "./targets";

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** Multiclass / multi-column averaging: "macro" (default), "weighted", "micro" (ovr only) or null (per class, ovr). */
  average?: "macro" | "weighted" | "micro" | null;
  /** Weight of each sample (default: all 1; not supported by "ovo"). */
  sampleWeight?: NDArray | ArrayLike<number>;
  /** Binary only: standardized partial AUC over fpr ∈ [0, maxFpr]. */
  maxFpr?: number | null;
  /** Multiclass strategy: "raise" (default: multiclass input is an error), "ovr" or "ovo". */
  multiClass?: "raise" | "ovr" | "ovo";
  /** Multiclass: the classes of yScore's columns, sorted (default: the sorted labels of yTrue). */
  labels?: LabelsLike;
}

/** AUC of 0/1 truths against scores; partial AUC when maxFpr < 1. */
function binaryAuc(pos: Uint8Array, score: Float64Array, w: Float64Array | null, maxFpr: number | null): number {
  let has0 = false, has1 = false;
  for (let i = 0; i < pos.length; i++) { if (pos[i]) has1 = true; else has0 = true; }
  if (!(has0 && has1)) {
    throw new InputTypeError("yTrue", "both classes (ROC AUC is not defined when only one class is present)", "one class");
  }
  const { fps, tps } = binaryCurveCounts(pos, score, w);
  // dropIntermediate keeps the area unchanged; fpr / tpr with the (0, 0) origin
  const fT = fps[fps.length - 1], tT = tps[tps.length - 1];
  const keep = dropIntermediate(fps, tps);
  const k = keep.length + 1;
  const fx = new Float64Array(k), ty = new Float64Array(k);
  for (let j = 0; j < keep.length; j++) { fx[j + 1] = fps[keep[j]] / fT; ty[j + 1] = tps[keep[j]] / tT; }
  if (maxFpr === null || maxFpr === 1) return trapz(ty, fx);
  // partial AUC: cut the curve at maxFpr by linear interpolation
  let stop = 0;
  while (stop < k && fx[stop] <= maxFpr) stop++;
  const x0 = fx[stop - 1], x1 = fx[stop], y0 = ty[stop - 1], y1 = ty[stop];
  const yi = x0 === maxFpr ? y0 : ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  const px = Float64Array.from({ length: stop + 1 }, (_, i) => (i < stop ? fx[i] : maxFpr));
  const py = Float64Array.from({ length: stop + 1 }, (_, i) => (i < stop ? ty[i] : yi));
  const partial = trapz(py, px);
  const minArea = 0.5 * maxFpr ** 2, maxArea = maxFpr;
  return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
}

function dropIntermediate(fps: Float64Array, tps: Float64Array): number[] {
  const n = fps.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = [0];
  for (let i = 1; i < n - 1; i++) {
    if ((fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]) !== 0 || (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]) !== 0) keep.push(i);
  }
  keep.push(n - 1);
  return keep;
}

/**
 * Area under the ROC curve from prediction scores (sklearn's `roc_auc_score`).
 * @param yTrue - true labels (numbers or strings)
 * @param yScore - binary: 1-D scores of the greater label; multiclass: [n, classes] probabilities (rows sum to 1)
 * @param options - average, sampleWeight, maxFpr, multiClass ("raise" | "ovr" | "ovo"), labels
 * @returns the AUC, or an NDArray per class for multiclass "ovr" with average null
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);                       // 0.75
 * rocAucScore([0, 1, 2, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .3, .4]], { multiClass: "ovr" }); // 1
 */
export function rocAucScore(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options: RocAucOptions & { average: null }): number | NDArray;
export function rocAucScore(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options?: RocAucOptions): number;
export function rocAucScore(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options: RocAucOptions = {}): number | NDArray {
  const average = checkChoice<"macro" | "weighted" | "micro" | null>("average", options.average === undefined ? "macro" : options.average, ["macro", "weighted", "micro", null]);
  const multiClass = checkChoice<"raise" | "ovr" | "ovo">("multiClass", options.multiClass ?? "raise", ["raise", "ovr", "ovo"]);
  const maxFpr = options.maxFpr ?? null;
  if (maxFpr !== null && !(typeof maxFpr === "number" && maxFpr > 0 && maxFpr <= 1)) {
    throw new OptionError("maxFpr", "a number in (0, 1]", maxFpr);
  }
  const yt = toLabelVector(yTrue, "yTrue");
  if (yt.length === 0) throw new ShapeError("yTrue", "at least 1 sample", "0 samples");
  const classes = classesOf([yt], ["yTrue"]).values;
  const is2d = (yScore instanceof NDArray && yScore.ndim === 2) ||
    (!(yScore instanceof NDArray) && yScore.length > 0 && typeof yScore[0] === "object");
  let w: Float64Array | null = null;
  if (options.sampleWeight !== undefined && options.sampleWeight !== null) {
    w = toVector(options.sampleWeight, "sampleWeight");
    checkConsistentLength(["yTrue", yt.length], ["sampleWeight", w.length]);
  }
  if (classes.length > 2 || (is2d && toMatrix(yScore, "yScore").cols > 2)) {
    if (maxFpr !== null && maxFpr !== 1) {
      throw new OptionError("maxFpr", "null: partial AUC is not available for multiclass targets", maxFpr);
    }
    if (multiClass === "raise") {
      throw new OptionError("multiClass", `"ovr" or "ovo" for a multiclass target (${classes.length} classes)`, "raise");
    }
    return multiclassAuc(yt.values, yt.kind, classes, yScore, multiClass, average, w, options.labels);
  }
  if (is2d) {
    throw new ShapeError("yScore", "1-D scores of the positive (greater) class for a binary target, e.g. column 1 of " +
      "predictProba", "a 2-D array");
  }
  const score = toVector(yScore, "yScore");
  checkConsistentLength(["yTrue", yt.length], ["yScore", score.length]);
  const pos = new Uint8Array(yt.length);
  if (classes.length === 2) for (let i = 0; i < yt.length; i++) pos[i] = yt.values[i] === classes[1] ? 1 : 0;
  return binaryAuc(pos, score, w, maxFpr);
}

function multiclassAuc(yv: ArrayLike<Label>, kind: "number" | "string", present: readonly Label[], yScore: unknown,
  multiClass: "ovr" | "ovo", average: "macro" | "weighted" | "micro" | null, w: Float64Array | null,
  labelsOpt: LabelsLike | undefined): number | NDArray {
  const S = toMatrix(yScore, "yScore");
  const n = yv.length, c = S.cols;
  checkConsistentLength(["yTrue", n], ["yScore", S.rows]);
  if (multiClass === "ovo") {
    if (average === "micro" || average === null) throw new OptionError("average", `"macro" or "weighted" for multiClass "ovo"`, average);
    if (w) throw new OptionError("sampleWeight", `undefined: sample weights are not supported by multiClass "ovo"`, "weights");
  }
  let classes: readonly Label[];
  if (labelsOpt !== undefined && labelsOpt !== null) {
    const l = optionLabels(labelsOpt, kind, "labels");
    const sorted = classesOf([{ kind, values: l as never, length: l.length }], ["labels"]).values;
    if (sorted.length !== l.length) throw new OptionError("labels", "unique labels", "duplicates");
    if (!sorted.every((v, i) => v === l[i])) throw new OptionError("labels", "labels in sorted order", "unsorted labels");
    if (l.length !== c) throw new ShapeError("labels", `${c} labels (one per column of yScore)`, `${l.length}`);
    const set = new Set(l);
    const missing = present.filter((p) => !set.has(p));
    if (missing.length) throw new OptionError("labels", "every label of yTrue", `labels without ${missing.join(", ")}`);
    classes = l;
  } else {
    classes = present;
    if (classes.length !== c) {
      throw new ShapeError("yScore", `${classes.length} columns (one per class of yTrue)`, `${c} columns; pass labels if yTrue lacks some classes`);
    }
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += S.data[i * c + j];
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new InputTypeError("yScore", "probabilities summing to 1 over classes in each row (multiclass ROC AUC)",
        `a row sum of ${s} at row ${i}`);
    }
  }
  const code = encodeLabels({ kind, values: yv as never, length: n }, classes);
  if (multiClass === "ovo") return ovoAuc(code, S.data, n, c, average === "weighted");
  const col = (j: number): Float64Array => { const v = new Float64Array(n); for (let i = 0; i < n; i++) v[i] = S.data[i * c + j]; return v; };
  if (average === "micro") {
    const pos = new Uint8Array(n * c);
    for (let i = 0; i < n; i++) pos[i * c + code[i]] = 1;
    const ww = w ? Float64Array.from({ length: n * c }, (_, k) => w[Math.floor(k / c)]) : null;
    return binaryAuc(pos, S.data, ww, null);
  }
  const scores = new Float64Array(c), weights = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const pos = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (code[i] === j) { pos[i] = 1; weights[j] += w ? w[i] : 1; }
    scores[j] = binaryAuc(pos, col(j), w, null);
  }
  if (average === null) return new NDArray(scores);
  if (average === "macro") return pairwiseSum(scores, 0, c) / c;
  const tw = pairwiseSum(weights, 0, c);
  if (Math.abs(tw) <= 1e-8) return 0;
  const prod = new Float64Array(c);
  for (let j = 0; j < c; j++) prod[j] = weights[j] === 0 ? 0 : scores[j] * weights[j];
  return pairwiseSum(prod, 0, c) / tw;
}

/** Hand & Till's one-vs-one AUC: the mean (or prevalence-weighted mean) over class pairs. */
function ovoAuc(code: Int32Array, S: Float64Array, n: number, c: number, weighted: boolean): number {
  const seen = new Uint8Array(c);
  for (let i = 0; i < n; i++) seen[code[i]] = 1;
  const cls = Array.from({ length: c }, (_, j) => j).filter((j) => seen[j]);
  const pairScores: number[] = [], prevalence: number[] = [];
  for (let p = 0; p < cls.length; p++) {
    for (let q = p + 1; q < cls.length; q++) {
      const a = cls[p], b = cls[q];
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (code[i] === a || code[i] === b) rows.push(i);
      const m = rows.length;
      const aTrue = Uint8Array.from(rows, (i) => (code[i] === a ? 1 : 0));
      const bTrue = Uint8Array.from(rows, (i) => (code[i] === b ? 1 : 0));
      const sa = Float64Array.from(rows, (i) => S[i * c + a]);
      const sb = Float64Array.from(rows, (i) => S[i * c + b]);
      pairScores.push((binaryAuc(aTrue, sa, null, null) + binaryAuc(bTrue, sb, null, null)) / 2);
      prevalence.push(m / n);
    }
  }
  const ps = Float64Array.from(pairScores);
  if (!weighted) return pairwiseSum(ps, 0, ps.length) / ps.length;
  const pw = Float64Array.from(prevalence);
  const prod = ps.map((v, i) => v * pw[i]);
  return pairwiseSum(prod, 0, prod.length) / pairwiseSum(pw, 0, pw.length);
}
