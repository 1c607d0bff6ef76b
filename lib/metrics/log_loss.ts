/**
 * Log loss (cross-entropy) of predicted probabilities, with scikit-learn 1.2's semantics: probabilities are
 * clipped to [eps, 1 − eps] (eps "auto" = float64 machine epsilon, the 1.2 default), rows renormalized, and the
 * mean (or weighted sum) of −log p(true class) returned.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { checkConsistentLength, toMatrix, toVector } from "../base/validation";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { LabelsLike, classesOf, encodeLabels, labelRepr, optionLabels, toLabelVector } from "./labels";

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Clipping of probabilities: "auto" (default, 2.220446049250313e-16) or a number in [0, 0.5). */
  eps?: "auto" | number;
  /** true (default): mean loss per sample; false: the (weighted) sum. */
  normalize?: boolean;
  /** Weight of each sample (default: all 1). */
  sampleWeight?: NDArray | ArrayLike<number>;
  /** All classes, when yTrue lacks some; yPred's columns follow their sorted order. */
  labels?: LabelsLike;
}

/**
 * Log loss, aka logistic loss or cross-entropy loss (sklearn's `log_loss`).
 * @param yTrue - true labels (numbers or strings)
 * @param yPred - probabilities: [n, classes] with columns in sorted class order, or 1-D probabilities of the
 *   greater class for a binary target
 * @param options - eps, normalize, sampleWeight, labels
 * @example
 * logLoss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]); // 0.21616…
 */
export function logLoss(yTrue: LabelsLike, yPred: NDArray | ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options: LogLossOptions = {}): number {
  const epsOpt = options.eps ?? "auto";
  if (epsOpt !== "auto" && !(typeof epsOpt === "number" && epsOpt >= 0 && epsOpt < 0.5)) {
    throw new OptionError("eps", `"auto" or a number in [0, 0.5)`, epsOpt);
  }
  const eps = epsOpt === "auto" ? Number.EPSILON : epsOpt;
  const yt = toLabelVector(yTrue, "yTrue");
  const is2d = (yPred instanceof NDArray && yPred.ndim === 2) ||
    (!(yPred instanceof NDArray) && yPred.length > 0 && typeof yPred[0] === "object");
  let P: Float64Array, n: number, c: number;
  if (is2d) { const m = toMatrix(yPred, "yPred"); P = m.data; n = m.rows; c = m.cols; } else {
    P = toVector(yPred, "yPred"); n = P.length; c = 1;
  }
  checkConsistentLength(["yTrue", yt.length], ["yPred", n]);
  if (n === 0) throw new ShapeError("yTrue", "at least 1 sample", "0 samples");
  let w: Float64Array | null = null;
  if (options.sampleWeight !== undefined && options.sampleWeight !== null) {
    w = toVector(options.sampleWeight, "sampleWeight");
    checkConsistentLength(["yTrue", n], ["sampleWeight", w.length]);
  }
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  let classes = classesOf([yt], ["yTrue"]).values;
  if (labelsGiven) {
    const l = optionLabels(options.labels, yt.kind, "labels");
    classes = classesOf([{ kind: yt.kind, values: l as never, length: l.length }], ["labels"]).values;
  }
  if (classes.length < 2) {
    throw new InputTypeError(labelsGiven ? "labels" : "yTrue", labelsGiven ? "at least two labels for logLoss"
      : "at least two classes (pass all classes through the labels option)", `only ${classes.map(labelRepr).join(", ")}`);
  }
  const k = c === 1 ? 2 : c;
  if (k !== classes.length) {
    throw new ShapeError("yPred", `${classes.length} columns, one per class [${classes.map(labelRepr).join(", ")}]` +
      (labelsGiven ? "" : " (pass the labels option if yTrue lacks some classes)"), `${k} columns`);
  }
  const code = encodeLabels(yt, classes);
  const loss = new Float64Array(n);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (code[i] < 0) throw new InputTypeError(`yTrue[${i}]`, "one of the labels", yt.values[i]);
    if (c === 1) {
      const p = Math.min(Math.max(P[i], eps), 1 - eps);
      row[0] = 1 - p; row[1] = p;
    } else for (let j = 0; j < k; j++) row[j] = Math.min(Math.max(P[i * c + j], eps), 1 - eps);
    const s = pairwiseSum(row, 0, k);
    loss[i] = -Math.log(row[code[i]] / s);
  }
  const normalize = options.normalize ?? true;
  if (!w) return normalize ? pairwiseSum(loss, 0, n) / n : pairwiseSum(loss, 0, n);
  for (let i = 0; i < n; i++) loss[i] *= w[i];
  const total = pairwiseSum(loss, 0, n);
  if (!normalize) return total;
  const tw = pairwiseSum(w, 0, n);
  if (tw === 0) throw new OptionError("sampleWeight", "weights that do not sum to zero", 0);
  return total / tw;
}
