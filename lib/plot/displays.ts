/**
 * scikit-learn's metric displays under their names: `ConfusionMatrixDisplay`, `RocCurveDisplay` and
 * `PrecisionRecallDisplay`, built `fromPredictions` or `fromEstimator`. The numbers come from lib/metrics
 * (confusionMatrix, rocCurve, precisionRecallCurve, auc, averagePrecisionScore); this file only draws them.
 */
import { NDArray } from "../array";
import { displaySymbol, type Displayable, type MimeBundle, printsAsText } from "../display";
import { InputTypeError, OptionError } from "../errors";
import {
  auc, averagePrecisionScore, confusionMatrix, precisionRecallCurve, rocCurve, uniqueLabels,
  type Label, type LabelsLike,
} from "../metrics";
import { Chart } from "./chart";
import type { PlotOptions } from "./common";
import { heatmap } from "./heatmap";
import { makeChart } from "./common";

/** A classifier with `predict` (and `predictProba` or `decisionFunction` for curves). */
interface Classifier {
  predict(X: unknown): NDArray | unknown[];
  predictProba?(X: unknown): NDArray;
  /** Wrappers (a Pipeline, a search) always have it and return what the wrapped model's returns. */
  decisionFunction?(X: unknown): unknown;
  classes_?: NDArray | readonly Label[];
}

/** Options of {@link ConfusionMatrixDisplay.fromPredictions}. */
export interface ConfusionMatrixDisplayOptions extends PlotOptions {
  /** Classes in row / column order (default: the sorted labels of yTrue ∪ yPred). */
  labels?: LabelsLike;
  /** Names shown on the axes instead of the labels, e.g. `data.targetNames`. */
  displayLabels?: readonly string[];
  /** Normalize over true labels (rows), predictions (columns) or all cells. */
  normalize?: "true" | "pred" | "all" | null;
  /** d3 format of the cell values (default "d" for counts, ".2f" normalized). */
  valuesFormat?: string;
}

/**
 * The confusion matrix as an annotated heatmap, true label down, predicted label across (as scikit-learn draws it).
 * @example
 * ConfusionMatrixDisplay.fromPredictions(yTest, yPred, { displayLabels: data.targetNames })
 */
export class ConfusionMatrixDisplay implements Displayable {
  /**
   * @param confusionMatrix - the matrix (rows: true class, columns: predicted class)
   * @param displayLabels - the class names
   * @param chart - its drawing
   */
  constructor(readonly confusionMatrix: NDArray, readonly displayLabels: string[], readonly chart: Chart) {}

  /**
   * Compute the confusion matrix of predictions and draw it.
   * @param yTrue - true labels
   * @param yPred - predicted labels
   * @param options - labels, displayLabels, normalize, valuesFormat and the common plot options
   * @example
   * ConfusionMatrixDisplay.fromPredictions([0, 1, 1, 0], [0, 1, 0, 0])
   */
  static fromPredictions(yTrue: LabelsLike, yPred: LabelsLike, options: ConfusionMatrixDisplayOptions = {}): ConfusionMatrixDisplay {
    const cm = confusionMatrix(yTrue, yPred, { labels: options.labels, normalize: options.normalize ?? null });
    const labels = options.labels !== undefined ? Array.from(options.labels as ArrayLike<Label>).map(String)
      : uniqueLabels(yTrue, yPred).map(String);
    const names = options.displayLabels ? Array.from(options.displayLabels, String) : labels;
    if (names.length !== cm.shape[0]) {
      throw new OptionError("displayLabels", `${cm.shape[0]} names, one per class`, `${names.length} names`);
    }
    const chart = heatmap({
      ...options, z: cm, xLabels: names, yLabels: names, annotate: true,
      format: options.valuesFormat ?? (options.normalize ? ".2f" : "d"),
      xLabel: options.xLabel ?? "Predicted label", yLabel: options.yLabel ?? "True label",
      colorLabel: options.normalize ? "fraction" : "count",
    });
    const description = `<ConfusionMatrixDisplay: ${names.length} classes [${names.join(", ")}]>`;
    return new ConfusionMatrixDisplay(cm, names, new Chart(chart.spec, { ...chart.output, description }));
  }

  /**
   * Predict with a fitted classifier and draw the confusion matrix of its predictions.
   * @param estimator - a fitted classifier
   * @param X - samples
   * @param y - their true labels
   * @param options - as for fromPredictions
   * @example
   * ConfusionMatrixDisplay.fromEstimator(forest, XTest, yTest)
   */
  static fromEstimator(estimator: Classifier, X: unknown, y: LabelsLike,
    options: ConfusionMatrixDisplayOptions = {}): ConfusionMatrixDisplay {
    const pred = checkClassifier(estimator, "predict").predict(X) as LabelsLike;
    return ConfusionMatrixDisplay.fromPredictions(y, pred, options);
  }

  /** The chart's MIME bundle. */
  [displaySymbol](): MimeBundle { return this.chart[displaySymbol](); }
}

/** Options of {@link RocCurveDisplay.fromPredictions} and {@link PrecisionRecallDisplay.fromPredictions}. */
export interface CurveDisplayOptions extends PlotOptions {
  /** The positive class (default: 1 for {0, 1} or {-1, 1} labels). */
  posLabel?: Label;
  /** The legend's name for the classifier (default "Classifier", or the estimator's class name). */
  name?: string;
}

/**
 * The ROC curve with its AUC in the legend, and the chance diagonal.
 * @example
 * RocCurveDisplay.fromPredictions(yTest, forest.predictProba(XTest).col(1))
 */
export class RocCurveDisplay implements Displayable {
  /**
   * @param fpr - false-positive rates
   * @param tpr - true-positive rates
   * @param rocAuc - the area under the curve
   * @param chart - its drawing
   */
  constructor(readonly fpr: NDArray, readonly tpr: NDArray, readonly rocAuc: number, readonly chart: Chart) {}

  /**
   * Compute and draw the ROC curve of scores.
   * @param yTrue - true binary labels
   * @param yScore - scores of the positive class (probabilities or decision values)
   * @param options - posLabel, name and the common plot options
   * @example
   * RocCurveDisplay.fromPredictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
   */
  static fromPredictions(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number>, options: CurveDisplayOptions = {}): RocCurveDisplay {
    const { fpr, tpr } = rocCurve(yTrue, yScore, { posLabel: options.posLabel });
    const area = auc(fpr, tpr);
    const name = `${options.name ?? "Classifier"} (AUC = ${area.toFixed(2)})`;
    const values = Array.from(fpr.data, (f, i) => ({ x: f, y: tpr.data[i], order: i, series: name }));
    const chart = curveChart(values, options, {
      xLabel: "False Positive Rate", yLabel: "True Positive Rate", diagonal: true, interpolate: "linear",
      what: `ROC curve, AUC = ${area.toFixed(4)}`,
    });
    return new RocCurveDisplay(fpr, tpr, area, chart);
  }

  /**
   * Score samples with a fitted binary classifier (predictProba of the positive class, else decisionFunction) and
   * draw the ROC curve.
   * @param estimator - a fitted binary classifier
   * @param X - samples
   * @param y - their true labels
   * @param options - as for fromPredictions; `name` defaults to the estimator's class name
   * @example
   * RocCurveDisplay.fromEstimator(forest, XTest, yTest)
   */
  static fromEstimator(estimator: Classifier, X: unknown, y: LabelsLike, options: CurveDisplayOptions = {}): RocCurveDisplay {
    const score = positiveScores(estimator, X, options.posLabel);
    return RocCurveDisplay.fromPredictions(y, score, { ...options, name: options.name ?? estimator.constructor.name });
  }

  /** The chart's MIME bundle. */
  [displaySymbol](): MimeBundle { return this.chart[displaySymbol](); }
}

/**
 * The precision-recall curve, drawn as steps (scikit-learn's "steps-post"), with the average precision in the legend.
 * @example
 * PrecisionRecallDisplay.fromPredictions(yTest, forest.predictProba(XTest).col(1))
 */
export class PrecisionRecallDisplay implements Displayable {
  /**
   * @param precision - precision at each threshold
   * @param recall - recall at each threshold
   * @param averagePrecision - the average precision
   * @param chart - its drawing
   */
  constructor(readonly precision: NDArray, readonly recall: NDArray, readonly averagePrecision: number,
    readonly chart: Chart) {}

  /**
   * Compute and draw the precision-recall curve of scores.
   * @param yTrue - true binary labels
   * @param yScore - scores of the positive class
   * @param options - posLabel, name and the common plot options
   * @example
   * PrecisionRecallDisplay.fromPredictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
   */
  static fromPredictions(yTrue: LabelsLike, yScore: NDArray | ArrayLike<number>,
    options: CurveDisplayOptions = {}): PrecisionRecallDisplay {
    const { precision, recall } = precisionRecallCurve(yTrue, yScore, { posLabel: options.posLabel });
    const ap = averagePrecisionScore(yTrue, yScore, { posLabel: options.posLabel });
    const name = `${options.name ?? "Classifier"} (AP = ${ap.toFixed(2)})`;
    // Recall decreases along the arrays; drawing them from the end with "step-before" gives matplotlib's steps-post.
    const m = recall.size;
    const values = Array.from({ length: m }, (_, k) => {
      const i = m - 1 - k;
      return { x: recall.data[i], y: precision.data[i], order: k, series: name };
    });
    const chart = curveChart(values, options, {
      xLabel: "Recall", yLabel: "Precision", diagonal: false, interpolate: "step-before",
      what: `precision-recall curve, AP = ${ap.toFixed(4)}`,
    });
    return new PrecisionRecallDisplay(precision, recall, ap, chart);
  }

  /**
   * Score samples with a fitted binary classifier and draw the precision-recall curve.
   * @param estimator - a fitted binary classifier
   * @param X - samples
   * @param y - their true labels
   * @param options - as for fromPredictions
   * @example
   * PrecisionRecallDisplay.fromEstimator(forest, XTest, yTest)
   */
  static fromEstimator(estimator: Classifier, X: unknown, y: LabelsLike,
    options: CurveDisplayOptions = {}): PrecisionRecallDisplay {
    const score = positiveScores(estimator, X, options.posLabel);
    return PrecisionRecallDisplay.fromPredictions(y, score, { ...options, name: options.name ?? estimator.constructor.name });
  }

  /** The chart's MIME bundle. */
  [displaySymbol](): MimeBundle { return this.chart[displaySymbol](); }
}

function curveChart(values: Record<string, unknown>[], o: PlotOptions,
  c: { xLabel: string; yLabel: string; diagonal: boolean; interpolate: string; what: string }): Chart {
  const unit = { type: "quantitative", scale: { domain: [0, 1] } };
  const layers: Record<string, unknown>[] = [{
    data: { values },
    mark: { type: "line", interpolate: c.interpolate, strokeWidth: 2 },
    encoding: {
      x: { field: "x", ...unit, title: o.xLabel ?? c.xLabel },
      y: { field: "y", ...unit, title: o.yLabel ?? c.yLabel },
      order: { field: "order", type: "quantitative" },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom-right", labelLimit: 400 } },
    },
  }];
  if (c.diagonal) {
    layers.push({
      data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      mark: { type: "line", strokeDash: [4, 4], color: "#999", strokeWidth: 1 },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
  }
  return makeChart({ layer: layers }, { width: 360, height: 360, ...o }, c.what);
}

function checkClassifier(estimator: Classifier, method: "predict" | "score"): Classifier {
  if (!estimator || typeof estimator.predict !== "function") {
    throw new InputTypeError("estimator", `a fitted classifier with ${method === "predict" ? "predict" : "predictProba or decisionFunction"}`, estimator);
  }
  return estimator;
}

/** The positive class's score: predictProba's column of posLabel (default the last class), else decisionFunction. */
function positiveScores(estimator: Classifier, X: unknown, posLabel: Label | undefined): NDArray {
  checkClassifier(estimator, "score");
  if (typeof estimator.predictProba === "function") {
    const proba = estimator.predictProba(X);
    const classes = estimator.classes_ instanceof NDArray ? Array.from(estimator.classes_.data as ArrayLike<number>)
      : Array.from(estimator.classes_ ?? []);
    if (proba.ndim !== 2 || proba.shape[1] !== 2) {
      throw new OptionError("estimator", "a binary classifier (predictProba with 2 columns)", `${proba.shape[1]} columns`);
    }
    const j = posLabel === undefined ? 1 : classes.findIndex((c) => c === posLabel);
    if (j < 0) throw new OptionError("posLabel", `one of the classes [${classes.join(", ")}]`, posLabel);
    return proba.col(j);
  }
  if (typeof estimator.decisionFunction === "function") {
    const d = estimator.decisionFunction(X);
    if (!(d instanceof NDArray)) throw new InputTypeError("estimator.decisionFunction(X)", "an NDArray of scores", d);
    // decisionFunction scores classes_[1]; the other class is the mirror image.
    const classes = estimator.classes_ instanceof NDArray ? Array.from(estimator.classes_.data as ArrayLike<number>)
      : Array.from(estimator.classes_ ?? []);
    return posLabel !== undefined && classes.length === 2 && classes[0] === posLabel ? d.mul(-1) : d;
  }
  throw new InputTypeError("estimator", "a classifier with predictProba or decisionFunction", estimator);
}

printsAsText(ConfusionMatrixDisplay, RocCurveDisplay, PrecisionRecallDisplay);
