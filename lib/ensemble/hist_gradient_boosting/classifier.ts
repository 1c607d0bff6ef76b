/**
 * HistGradientBoostingClassifier: scikit-learn 1.2's histogram-based gradient boosting for classification
 * (binary log loss with one tree per iteration, multiclass softmax with one tree per class per iteration).
 */
import { NDArray } from "../../array/ndarray";
import { registerEstimator, fittedAttributes } from "../../base/estimator";
import type { MatrixLike } from "../../base/validation";
import { checkConsistentLength } from "../../base/validation";
import { ShapeError } from "../../errors";
import { ParameterConstraints, oneOf } from "../../base/constraints";
import { accuracyScore } from "../../metrics/classification";
import { Classifier, fittedOn } from "../../base/roles";
import type { Classes, FittedClasses, LabelOf, PredictedLabels } from "../../base/roles";
import { classesOf, encodeLabels, labelsAt, toLabelVector } from "../../metrics/labels";
import type { Label, LabelsLike } from "../../metrics/labels";
import type { Scorer } from "../../selection/scoring";
import { BaseHistGradientBoosting, BinnedX, COMMON_DEFAULTS, EncodedTarget } from "./gradient_boosting";
import { COMMON_CONSTRAINTS } from "./options";
import { binomial, expit, multinomial, softmaxRows } from "./losses";
import type { HGBCommonOptions } from "./options";

/** Options of {@link HistGradientBoostingClassifier}. */
export interface HistGradientBoostingClassifierOptions extends HGBCommonOptions {
  /** "log_loss" (binary or multinomial). Default "log_loss". */
  loss?: "log_loss";
}

const DEFAULTS = { loss: "log_loss", ...COMMON_DEFAULTS };


/**
 * Histogram-based gradient boosting classifier. Features are binned into at most maxBins quantile bins (NaN gets
 * its own bin and each split learns where NaN goes), trees grow leaf-wise on gradients and hessians of the log
 * loss, and categorical features (given by `categoricalFeatures`) are split natively. Early stopping is on by
 * default above 10 000 samples.
 *
 * @example
 * const { data, target } = loadBreastCancer();
 * const clf = new HistGradientBoostingClassifier({ maxIter: 200, maxDepth: 6, randomState: 42 }).fit(data, target);
 * clf.predict(data.sliceRows(0, 5));   // NDArray [0, 0, 0, 0, 0]
 * clf.predictProba(data.sliceRows(0, 2)).shape; // [2, 2]
 */
export class HistGradientBoostingClassifier<L extends Label = Label> extends Classifier(BaseHistGradientBoosting) {
  /** The classes, sorted (NDArray for numbers, string[] for strings). */
  declare classes_: Classes<L>;
  static { fittedAttributes(this, ["classes_"]); }

  /** What each option accepts, checked before fit. */
  static readonly parameterConstraints: ParameterConstraints<HistGradientBoostingClassifierOptions> = {
    ...COMMON_CONSTRAINTS, loss: [oneOf("log_loss")],
  };

  /**
   * @param options - learningRate, maxIter, maxLeafNodes, maxDepth, minSamplesLeaf, l2Regularization, maxBins,
   *   categoricalFeatures, earlyStopping, scoring, validationFraction, nIterNoChange, tol, randomState, loss
   */
  constructor(options: HistGradientBoostingClassifierOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the boosted trees.
   * @param X - samples × features (NaN allowed): NDArray, number[][] or a data frame
   * @param y - class labels (numbers or strings), at least two classes
   * @returns this
   * @example
   * clf.fit(XTrain, yTrain);
   */
  fit<Y extends LabelsLike>(X: MatrixLike, y: Y): this & FittedClasses<LabelOf<Y>> {
    return fittedOn(this.fitBoosting(X, y), y);
  }

  protected encodeTarget(y: unknown, rows: number): EncodedTarget {
    const lv = toLabelVector(y, "y", true);
    checkConsistentLength(["X", rows], ["y", lv.length]);
    const classes = classesOf([lv], ["y"]).values;
    if (classes.length < 2) {
      throw new ShapeError("y", "samples of at least 2 classes", `only one class: ${classes.length ? JSON.stringify(classes[0]) : "none"}`);
    }
    const codes = encodeLabels(lv, classes);
    this.classes_ = (typeof classes[0] === "string" ? (classes as string[]).slice() : numericLabels(classes as number[])) as Classes<L>;
    const loss = classes.length === 2 ? binomial() : multinomial(classes.length);
    return { y: Float64Array.from(codes), loss, stratify: codes };
  }

  protected labelsFor(y: Float64Array): unknown {
    const cls = this.classLabels();
    return typeof cls[0] === "string" ? Array.from(y, (c) => cls[c] as string) : Float64Array.from(y, (c) => cls[c] as number);
  }

  protected defaultScorer(): Scorer {
    return (est, X, y) => accuracyScore(y as LabelsLike, est.predict(X));
  }

  protected scorerView(raw: (xb: BinnedX) => Float64Array): object {
    return {
      predict: (xb: BinnedX) => this.labelsOf(this.probaFromRaw(raw(xb), xb.rows), xb.rows),
      predictProba: (xb: BinnedX) => new NDArray(this.probaFromRaw(raw(xb), xb.rows), [xb.rows, this.classLabels().length]),
      decisionFunction: (xb: BinnedX) => this.decisionFromRaw(raw(xb), xb.rows),
    };
  }

  /**
   * Class probabilities, columns in the order of classes_.
   * @param X - samples (NaN allowed)
   * @returns [nSamples, nClasses]
   * @example
   * clf.predictProba(XTest).shape; // [nTest, 2]
   */
  predictProba(X: MatrixLike): NDArray {
    const { raw, rows } = this.rawPredict(X, "predictProba");
    return new NDArray(this.probaFromRaw(raw, rows), [rows, this.classLabels().length]);
  }

  /**
   * Raw scores (sum of the trees' leaves plus the baseline): [nSamples] for binary, [nSamples, nClasses] otherwise.
   * @param X - samples (NaN allowed)
   * @example
   * clf.decisionFunction(XTest); // log-odds of classes_[1] for a binary problem
   */
  decisionFunction(X: MatrixLike): NDArray {
    const { raw, rows } = this.rawPredict(X, "decisionFunction");
    return this.decisionFromRaw(raw, rows);
  }

  /**
   * Predicted labels after each boosting iteration.
   * @param X - samples (NaN allowed)
   * @example
   * for (const p of clf.stagedPredict(XTest)) console.log(accuracyScore(yTest, p));
   */
  *stagedPredict(X: MatrixLike): Generator<PredictedLabels<this>> {
    for (const { raw, rows } of this.stagedRaw(X)) yield this.labelsOf(this.probaFromRaw(raw, rows), rows) as PredictedLabels<this>;
  }

  private classLabels(): Label[] {
    const cls = this.classes_;
    return Array.isArray(cls) ? cls : Array.from(cls.data as ArrayLike<number>);
  }

  private probaFromRaw(raw: Float64Array, rows: number): Float64Array {
    const K = this.nTreesPerIteration_;
    if (K > 1) return softmaxRows(raw, rows, K);
    const out = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) { const p = expit(raw[i]); out[2 * i + 1] = p; out[2 * i] = 1 - p; }
    return out;
  }

  private decisionFromRaw(raw: Float64Array, rows: number): NDArray {
    const K = this.nTreesPerIteration_;
    if (K === 1) return new NDArray(raw, [rows]);
    const out = new Float64Array(rows * K);
    for (let i = 0; i < rows; i++) for (let k = 0; k < K; k++) out[i * K + k] = raw[k * rows + i];
    return new NDArray(out, [rows, K]);
  }

  private labelsOf(proba: Float64Array, rows: number): Classes<L> {
    const cls = this.classes_;
    const K = Array.isArray(cls) ? cls.length : cls.shape[0];
    const idx = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
      idx[i] = best;
    }
    return labelsAt(cls, idx) as Classes<L>;
  }
}

registerEstimator(HistGradientBoostingClassifier, { examples: [
  { allowsNaN: true, options: { maxIter: 10, minSamplesLeaf: 5, randomState: 0 } },
  { label: "earlyStopping", allowsNaN: true, options: { maxIter: 15, minSamplesLeaf: 5, earlyStopping: true, randomState: 1 } },
  { label: "predictProba", allowsNaN: true, method: "predictProba", options: { maxIter: 5, minSamplesLeaf: 5, categoricalFeatures: [], randomState: 0 } },
] });

function numericLabels(classes: readonly number[]): NDArray {
  const ints = classes.every((c) => Number.isInteger(c) && c >= -2147483648 && c <= 2147483647);
  return new NDArray(ints ? Int32Array.from(classes) : Float64Array.from(classes), [classes.length]);
}
