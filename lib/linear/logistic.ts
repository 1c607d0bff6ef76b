/**
 * Logistic regression (L2-penalized or unpenalized), scikit-learn's `LogisticRegression` with the "lbfgs" and
 * "newton-cg" solvers.
 */
import { NDArray } from "../array/ndarray";
import { gemm64 } from "../array/linalg";
import { OptionError, ShapeError } from "../errors";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import { BOOLEAN, MAPPING, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../base/constraints";
import { Classifier, fittedOn } from "../base/roles";
import type { Classes, FittedClasses, LabelOf, PredictedLabels } from "../base/roles";
import { checkConsistentLength, toVector } from "../base/validation";
import type { MatrixLike, VectorLike } from "../base/validation";
import { classesOf, encodeLabels, toLabelVector } from "../metrics/labels";
import type { Label, LabelsLike } from "../metrics/labels";
import type { RandomState } from "../random";
import { ClassWeight, fitLogistic } from "./logistic_fit";
import { warn } from "./optim/warnings";
import { checkPenaltySolver, penaltyStrengths, sagaOrder } from "./logistic_penalty";

export type { ClassWeight } from "./logistic_fit";

/** Options of {@link LogisticRegression}. */
export interface LogisticRegressionOptions {
  /**
   * "l2" (default), "l1" or "elasticnet" (both need solver "saga"), or "none" / null for no penalty (C is then
   * ignored).
   */
  penalty?: "l2" | "l1" | "elasticnet" | "none" | null;
  /** Inverse penalty strength (> 0): the objective is Σ log-loss + ½‖w‖²/C. Default 1. */
  C?: number;
  /** Fit an intercept (never penalized). Default true. */
  fitIntercept?: boolean;
  /**
   * "lbfgs" (default), "newton-cg" (Newton steps with exact Hessian solves) or "saga" (stochastic, for the "l1"
   * and "elasticnet" penalties; scale the data first, as scikit-learn advises).
   */
  solver?: "lbfgs" | "newton-cg" | "saga";
  /** Elastic-net mixing in [0, 1] (penalty "elasticnet" only): 0 is pure L2, 1 pure L1. Default null. */
  l1Ratio?: number | null;
  /** Maximum solver iterations. Default 100. */
  maxIter?: number;
  /** Stop when the largest gradient entry is ≤ tol. Default 1e-4. */
  tol?: number;
  /** "auto" (default: multinomial for > 2 classes), "ovr" (one binary fit per class) or "multinomial". */
  multiClass?: "auto" | "ovr" | "multinomial";
  /** null (default), "balanced" (n / (nClasses · count)), or weights by label. */
  classWeight?: ClassWeight;
  /** Seed of the "saga" solver's sample order (the other solvers are deterministic). */
  randomState?: number | RandomState | null;
}

const DEFAULTS: Required<LogisticRegressionOptions> = {
  penalty: "l2", C: 1.0, fitIntercept: true, solver: "lbfgs", maxIter: 100, tol: 1e-4, multiClass: "auto",
  classWeight: null, randomState: null, l1Ratio: null,
};


/** The options as fields, typed once from the options interface. */
export interface LogisticRegression<L extends Label = Label> extends Required<LogisticRegressionOptions> {}

/**
 * Logistic regression classifier. Minimizes Σᵢ swᵢ·logloss(yᵢ, xᵢ·w + b) + ½‖w‖²/C by L-BFGS (or Newton), for
 * two classes (one weight row), several classes by a softmax over one row per class ("multinomial") or by one
 * binary problem per class ("ovr"). Labels may be numbers or strings.
 *
 * @example
 * const clf = new LogisticRegression({ C: 10 }).fit([[0], [1], [2], [3]], ["no", "no", "yes", "yes"]);
 * clf.classes_;                  // ["no", "yes"]
 * clf.predict([[0.2], [2.8]]);   // ["no", "yes"]
 * clf.predictProba([[1.5]]);     // NDArray [[0.5, 0.5]]
 */
export class LogisticRegression<L extends Label = Label> extends Classifier(BaseEstimator) {
  static readonly parameterConstraints: ParameterConstraints<LogisticRegressionOptions> = {
    penalty: [oneOf("l2", "l1", "elasticnet", "none", null)],
    C: [interval("real", 0, null, "neither")],
    fitIntercept: [BOOLEAN],
    solver: [oneOf("lbfgs", "newton-cg", "saga")],
    l1Ratio: [oneOf(null), interval("real", 0, 1, "both")],
    maxIter: [interval("integer", 1, null, "left")],
    tol: [interval("real", 0, null, "left")],
    multiClass: [oneOf("auto", "ovr", "multinomial")],
    classWeight: [oneOf(null, "balanced"), MAPPING],
    randomState: [RANDOM_STATE],
  };
  /** The sorted class labels: an NDArray of numbers, or strings. */
  declare classes_: Classes<L>;
  /** Weights, [1, nFeatures] for two classes, else [nClasses, nFeatures]. */
  declare coef_: NDArray;
  /** Intercepts, [1] or [nClasses]. */
  declare intercept_: NDArray;
  /** Iterations of each solved problem: [1], or [nClasses] for one-vs-rest. */
  declare nIter_: NDArray;
  /** The scheme used: "ovr" or "multinomial". */
  declare multiClass_: "ovr" | "multinomial";
  static { fittedAttributes(this, ["classes_", "coef_", "intercept_", "nIter_", "multiClass_"]); }

  /**
   * @param options - { penalty = "l2", C = 1, fitIntercept = true, solver = "lbfgs", maxIter = 100, tol = 1e-4,
   *   multiClass = "auto", classWeight = null, randomState = null }
   */
  constructor(options: LogisticRegressionOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the model.
   * @param X - training data, [nSamples, nFeatures]
   * @param y - class labels (numbers or strings), [nSamples]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * new LogisticRegression({ maxIter: 1000 }).fit(XTrain, yTrain);
   */
  fit<Y extends LabelsLike>(X: MatrixLike, y: Y, sampleWeight?: VectorLike): this & FittedClasses<LabelOf<Y>> {
    this.checkOptions();
    const xm = this.validateX(X, { reset: true });
    const lv = toLabelVector(y, "y", true);
    checkConsistentLength(["X", xm.rows], ["y", lv.length]);
    const classes = classesOf([lv], ["y"]).values;
    if (classes.length < 2) {
      throw new ShapeError("y", "samples of at least 2 classes",
        `only one class: ${classes.length ? JSON.stringify(classes[0]) : "none"}`);
    }
    const m = xm.rows, n = xm.cols;
    let sw: Float64Array;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      sw = Float64Array.from(toVector(sampleWeight, "sampleWeight"));
      checkConsistentLength(["X", m], ["sampleWeight", sw.length]);
      for (let i = 0; i < m; i++) if (sw[i] < 0) throw new OptionError("sampleWeight", "non-negative weights", sw[i]);
    } else {
      sw = new Float64Array(m).fill(1);
    }
    const none = this.penalty === null || this.penalty === "none";
    if (none && this.C !== 1) warn("UserWarning", "Setting penalty=None will ignore the C parameter");
    const multi = this.multiClass === "auto" ? (classes.length > 2 ? "multinomial" : "ovr") : this.multiClass;
    const sol = fitLogistic({
      x: xm.data, m, n, y: encodeLabels(lv, classes), classes, sw, ...penaltyStrengths(this.penalty, this.C, this.l1Ratio),
      epochOrder: sagaOrder(this.randomState, m),
      fitIntercept: this.fitIntercept, solver: this.solver, multiClass: multi, classWeight: this.classWeight,
      maxIter: this.maxIter, tol: this.tol,
    });
    this.classes_ = (typeof classes[0] === "string" ? (classes as string[]).slice() : numericLabels(classes as number[])) as Classes<L>;
    this.coef_ = new NDArray(sol.coef, [sol.rows, n]);
    this.intercept_ = new NDArray(sol.intercept, [sol.rows]);
    this.nIter_ = new NDArray(sol.nIter, [sol.nIter.length]);
    this.multiClass_ = multi;
    return fittedOn(this, y);
  }

  /**
   * Signed distances to the decision boundary: X·coefᵀ + intercept.
   * @param X - samples
   * @returns [nSamples] for two classes, else [nSamples, nClasses]
   * @example
   * clf.decisionFunction(XTest);
   */
  decisionFunction(X: MatrixLike): NDArray {
    this.checkIsFitted("decisionFunction");
    const { out, rows, m } = this.scores(X);
    return rows === 1 ? new NDArray(out, [m]) : new NDArray(out, [m, rows]);
  }

  /**
   * Class probabilities, columns in the order of classes_.
   * @param X - samples
   * @returns [nSamples, nClasses]
   * @example
   * clf.predictProba(XTest).row(0); // e.g. [0.03, 0.97]
   */
  predictProba(X: MatrixLike): NDArray {
    this.checkIsFitted("predictProba");
    const { out, rows, m } = this.scores(X);
    const K = rows === 1 ? 2 : rows;
    const p = new Float64Array(m * K);
    if (rows === 1) {
      // Two classes: σ(d) for ovr; softmax([−d, d]) = σ(2d) for a multinomial fit (scikit-learn's convention).
      const f = this.multiClass_ === "multinomial" ? 2 : 1;
      for (let i = 0; i < m; i++) {
        const p1 = sigmoid(f * out[i]);
        p[2 * i] = 1 - p1;
        p[2 * i + 1] = p1;
      }
    } else if (this.multiClass_ === "multinomial") {
      for (let i = 0; i < m; i++) {
        const o = i * K;
        let mx = -Infinity, s = 0;
        for (let k = 0; k < K; k++) if (out[o + k] > mx) mx = out[o + k];
        for (let k = 0; k < K; k++) { const e = Math.exp(out[o + k] - mx); p[o + k] = e; s += e; }
        for (let k = 0; k < K; k++) p[o + k] /= s;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const o = i * K;
        let s = 0;
        for (let k = 0; k < K; k++) { const v = sigmoid(out[o + k]); p[o + k] = v; s += v; }
        for (let k = 0; k < K; k++) p[o + k] /= s;
      }
    }
    return new NDArray(p, [m, K]);
  }

  /** The role's hook: the sign of the decision function (binary) or its largest column, as scikit-learn decides. */
  classIndices(X: MatrixLike): Int32Array {
    const { out, rows, m } = this.scores(X);
    const idx = new Int32Array(m);
    if (rows === 1) {
      for (let i = 0; i < m; i++) idx[i] = out[i] > 0 ? 1 : 0;
      return idx;
    }
    for (let i = 0; i < m; i++) {
      let best = 0;
      for (let k = 1; k < rows; k++) if (out[i * rows + k] > out[i * rows + best]) best = k;
      idx[i] = best;
    }
    return idx;
  }

  /** X·coefᵀ + intercept, m × rows. */
  private scores(X: MatrixLike): { out: Float64Array; rows: number; m: number } {
    const xm = this.validateX(X, { reset: false });
    const n = this.nFeaturesIn_, rows = this.coef_.shape[0], m = xm.rows;
    const out = new Float64Array(m * rows);
    gemm64(xm.data, this.coef_.data as Float64Array, out, m, n, rows, { transB: true });
    const b = this.intercept_.data;
    for (let i = 0; i < m; i++) for (let k = 0; k < rows; k++) out[i * rows + k] += b[k];
    return { out, rows, m };
  }

  /** Check the table, then the rules between options it cannot state (which solver takes which penalty). */
  private checkOptions(): void {
    this.validateParams();
    checkPenaltySolver(this.penalty, this.solver, this.l1Ratio);
  }
}

registerEstimator(LogisticRegression, { examples: [
  {},
  { label: "3 classes, predictProba", options: { C: 2 }, data: "three-classes", method: "predictProba", tolerance: 1e-12 },
] });

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Numeric classes as an NDArray: int32 when they are all integers in range, else float64. */
function numericLabels(classes: readonly number[]): NDArray {
  const ints = classes.every((c) => Number.isInteger(c) && c >= -2147483648 && c <= 2147483647);
  const data = ints ? Int32Array.from(classes) : Float64Array.from(classes);
  return new NDArray(data, [classes.length]);
}
