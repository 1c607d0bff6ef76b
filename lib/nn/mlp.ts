/**
 * scikit-learn's MLPClassifier and MLPRegressor: registered estimators (clone, getParams, toSpec, Pipelines,
 * searches, worker threads) whose fitted state is plain float64 NDArrays. They train synchronously on the engine
 * in mlp_core.ts rather than on tfjs: scikit-learn's fit is synchronous and float64, and tfjs's backends need an
 * asynchronous start that worker threads would each repeat.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, fittedAttributes, registerEstimator } from "../base/estimator";
import { checkConsistentLength, toTarget } from "../base/validation";
import type { MatrixLike, VectorLike } from "../base/validation";
import { OptionError, ShapeError } from "../errors";
import { classesOf, encodeLabels, toLabelVector } from "../metrics/labels";
import type { Label, LabelsLike } from "../metrics/labels";
import { Classifier, Regressor, fittedOn } from "../base/roles";
import { ARRAY, BOOLEAN, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../base/constraints";
import type { Classes, FittedClasses, LabelOf, PredictedLabels } from "../base/roles";
import { checkRandomState } from "../random/global";
import type { RandomState } from "../random/random_state";
import { Activation, forward, OutActivation, trainMlp, Weights } from "./mlp_core";

/** Options shared by MLPClassifier and MLPRegressor (scikit-learn's names in camelCase, same defaults). */
export interface MLPOptions {
  /** Units of each hidden layer. Default [100]. */
  hiddenLayerSizes?: number[] | number;
  /** Hidden activation. Default "relu". */
  activation?: Activation;
  /** "adam" (default) or "sgd" (constant learning rate, momentum). */
  solver?: "adam" | "sgd";
  /** L2 penalty. Default 1e-4. */
  alpha?: number;
  /** Rows per mini-batch; "auto" = min(200, n). */
  batchSize?: number | "auto";
  /** Step size. Default 1e-3. */
  learningRateInit?: number;
  /** Maximum epochs. Default 200. */
  maxIter?: number;
  /** Shuffle rows every epoch. Default true. */
  shuffle?: boolean;
  /** Seed or RandomState for the initial weights and shuffles. */
  randomState?: number | RandomState | null;
  /** Stop after nIterNoChange epochs improving the loss by less than tol. Default 1e-4. */
  tol?: number;
  /** SGD momentum. Default 0.9. */
  momentum?: number;
  /** Nesterov momentum for SGD. Default true. */
  nesterovsMomentum?: boolean;
  /** Adam's first-moment decay. Default 0.9. */
  beta1?: number;
  /** Adam's second-moment decay. Default 0.999. */
  beta2?: number;
  /** Adam's denominator guard. Default 1e-8. */
  epsilon?: number;
  /** Epochs without tol improvement before stopping. Default 10. */
  nIterNoChange?: number;
}
/** Options of {@link MLPClassifier}. */
export type MLPClassifierOptions = MLPOptions;
/** Options of {@link MLPRegressor}. */
export type MLPRegressorOptions = MLPOptions;

const DEFAULTS: Required<MLPOptions> = {
  hiddenLayerSizes: [100], activation: "relu", solver: "adam", alpha: 1e-4, batchSize: "auto", learningRateInit: 1e-3,
  maxIter: 200, shuffle: true, randomState: null, tol: 1e-4, momentum: 0.9, nesterovsMomentum: true, beta1: 0.9,
  beta2: 0.999, epsilon: 1e-8, nIterNoChange: 10,
};

/** The layers, training and prediction both estimators share. */
/** The options, typed once from {@link MLPOptions}. */
interface BaseMLP extends Required<MLPOptions> {}

abstract class BaseMLP extends BaseEstimator {
  /** What each option accepts, checked before fit (hiddenLayerSizes' entries are checked as layer sizes). */
  static readonly parameterConstraints: ParameterConstraints<MLPOptions> = {
    hiddenLayerSizes: [interval("integer", 1, null, "left"), ARRAY],
    activation: [oneOf("relu", "logistic", "tanh", "identity")],
    solver: [oneOf("adam", "sgd")],
    alpha: [interval("real", 0, null, "left")],
    batchSize: [oneOf("auto"), interval("integer", 1, null, "left")],
    learningRateInit: [interval("real", 0, null, "neither")],
    maxIter: [interval("integer", 1, null, "left")],
    shuffle: [BOOLEAN],
    randomState: [RANDOM_STATE],
    tol: [interval("real", 0, null, "left")],
    momentum: [interval("real", 0, 1, "left")],
    nesterovsMomentum: [BOOLEAN],
    beta1: [interval("real", 0, 1, "left")],
    beta2: [interval("real", 0, 1, "left")],
    epsilon: [interval("real", 0, null, "neither")],
    nIterNoChange: [interval("integer", 1, null, "left")],
  };
  declare coefs_: NDArray[];
  /** Bias vectors, intercepts_[i] of shape [units i+1]. */
  declare intercepts_: NDArray[];
  /** The training loss after each epoch. */
  declare lossCurve_: number[];
  /** The last epoch's loss. */
  declare loss_: number;
  /** The lowest epoch loss. */
  declare bestLoss_: number;
  /** Epochs run. */
  declare nIter_: number;
  /** Samples seen in training. */
  declare t_: number;
  /** Layers including input and output. */
  declare nLayers_: number;
  /** Output units. */
  declare nOutputs_: number;
  /** The output activation used. */
  declare outActivation_: OutActivation;
  static { fittedAttributes(this, ["coefs_", "intercepts_", "lossCurve_", "loss_", "bestLoss_", "nIter_", "t_", "nLayers_",
    "nOutputs_", "outActivation_"]); }

  constructor(options: MLPOptions | undefined) { super(DEFAULTS, options); }

  protected hidden(): number[] {
    const h = typeof this.hiddenLayerSizes === "number" ? [this.hiddenLayerSizes] : this.hiddenLayerSizes;
    if (!Array.isArray(h) || h.some((u) => !Number.isInteger(u) || u < 1)) {
      throw new OptionError("hiddenLayerSizes", "positive integers, e.g. [100] or [64, 32]", this.hiddenLayerSizes);
    }
    return [...h];
  }

  protected train(x: Float64Array, n: number, nIn: number, y: Float64Array, nOut: number, out: OutActivation): void {
    const units = [nIn, ...this.hidden(), nOut];
    const batch = this.batchSize === "auto" ? Math.min(200, n) : Math.min(Math.max(1, this.batchSize), n);
    const r = trainMlp({
      x, y, n, units, activation: this.activation, out, solver: this.solver, alpha: this.alpha, batchSize: batch,
      lr: this.learningRateInit, maxIter: this.maxIter, shuffle: this.shuffle, tol: this.tol,
      nIterNoChange: this.nIterNoChange, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      momentum: this.momentum, nesterov: this.nesterovsMomentum, rs: checkRandomState(this.randomState),
    });
    this.coefs_ = r.coefs.map((c, i) => new NDArray(c, [units[i], units[i + 1]]));
    this.intercepts_ = r.intercepts.map((b) => new NDArray(b, [b.length]));
    this.lossCurve_ = r.lossCurve;
    this.loss_ = r.loss;
    this.bestLoss_ = r.bestLoss;
    this.nIter_ = r.nIter;
    this.t_ = r.t;
    this.nLayers_ = units.length;
    this.nOutputs_ = nOut;
    this.outActivation_ = out;
  }

  /** The output layer's values for X, [rows, nOutputs_]. */
  protected outputs(X: MatrixLike, method: string): { p: Float64Array; m: number } {
    this.checkIsFitted(method);
    const xm = this.validateX(X, { reset: false });
    const w: Weights = {
      coefs: this.coefs_.map((c) => c.data as Float64Array),
      intercepts: this.intercepts_.map((b) => b.data as Float64Array),
      units: [this.coefs_[0].shape[0], ...this.coefs_.map((c) => c.shape[1])],
    };
    const acts = forward(w, xm.data, xm.rows, this.activation, this.outActivation_);
    return { p: acts[acts.length - 1], m: xm.rows };
  }
}

/**
 * A multi-layer perceptron classifier trained with log-loss (scikit-learn's MLPClassifier): ReLU hidden layers
 * by default, a logistic output for two classes, softmax for more; Adam on mini-batches of 200.
 * @example
 * const clf = new MLPClassifier({ hiddenLayerSizes: [64, 32], maxIter: 300, randomState: 0 }).fit(XTrain, yTrain);
 * clf.score(XTest, yTest); // ≈ 0.97 on scaled breast-cancer data
 */
export class MLPClassifier<L extends Label = Label> extends Classifier(BaseMLP) {
  /** The sorted class labels. */
  declare classes_: Classes<L>;
  static { fittedAttributes(this, ["classes_"]); }

  /** @param options - see {@link MLPOptions}; defaults as scikit-learn's */
  constructor(options: MLPClassifierOptions = {}) { super(options); }

  /**
   * Train on X and class labels y.
   * @returns this
   * @example
   * clf.fit(XTrain, yTrain);
   */
  fit<Y extends LabelsLike>(X: MatrixLike, y: Y): this & FittedClasses<LabelOf<Y>> {
    this.validateParams();
    this.hidden();
    const xm = this.validateX(X, { reset: true });
    const lv = toLabelVector(y, "y", true);
    checkConsistentLength(["X", xm.rows], ["y", lv.length]);
    const classes = classesOf([lv], ["y"]).values;
    if (classes.length < 2) throw new ShapeError("y", "samples of at least 2 classes", `only ${classes.length} class`);
    const codes = encodeLabels(lv, classes);
    const k = classes.length === 2 ? 1 : classes.length;
    const target = new Float64Array(xm.rows * k);
    for (let i = 0; i < xm.rows; i++) {
      if (k === 1) target[i] = codes[i];
      else target[i * k + codes[i]] = 1;
    }
    this.classes_ = (typeof classes[0] === "string" ? (classes as string[]).slice()
      : new NDArray((classes as number[]).every(Number.isInteger) ? Int32Array.from(classes as number[]) : Float64Array.from(classes as number[]), [classes.length])) as Classes<L>;
    this.train(xm.data, xm.rows, xm.cols, target, k, k === 1 ? "logistic" : "softmax");
    return fittedOn(this, y);
  }

  /**
   * Class probabilities, columns in the order of classes_.
   * @example
   * clf.predictProba(XTest); // [n, nClasses]
   */
  predictProba(X: MatrixLike): NDArray {
    const { p, m } = this.outputs(X, "predictProba");
    if (this.nOutputs_ !== 1) return new NDArray(p, [m, this.nOutputs_]);
    const out = new Float64Array(m * 2);
    for (let i = 0; i < m; i++) { out[2 * i] = 1 - p[i]; out[2 * i + 1] = p[i]; }
    return new NDArray(out, [m, 2]);
  }

  /** The role's hook: a single logistic output above 0.5, else the largest softmax output. */
  classIndices(X: MatrixLike): Int32Array {
    const { p, m } = this.outputs(X, "predict");
    const k = this.nOutputs_, idx = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      if (k === 1) { idx[i] = p[i] > 0.5 ? 1 : 0; continue; }
      let best = 0;
      for (let j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
      idx[i] = best;
    }
    return idx;
  }
}

/**
 * A multi-layer perceptron regressor trained on squared error (scikit-learn's MLPRegressor); identity output.
 * @example
 * const reg = new MLPRegressor({ hiddenLayerSizes: [50], maxIter: 500, randomState: 1 }).fit(X, y);
 * reg.predict(X.slice(0, 3));
 */
export class MLPRegressor extends Regressor(BaseMLP) {
  /** Whether the training target was 1-D (predictions then come back 1-D). */
  declare is1d_: boolean;
  static { fittedAttributes(this, ["is1d_"]); }

  /** @param options - see {@link MLPOptions}; defaults as scikit-learn's */
  constructor(options: MLPRegressorOptions = {}) { super(options); }

  /**
   * Train on X and targets y (1-D, or 2-D for several outputs).
   * @returns this
   * @example
   * reg.fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: unknown): this {
    this.validateParams();
    this.hidden();
    const xm = this.validateX(X, { reset: true });
    const t = toTarget(y, "y");
    checkConsistentLength(["X", xm.rows], ["y", t.rows]);
    this.train(xm.data, xm.rows, xm.cols, t.data, t.cols, "identity");
    this.is1d_ = t.is1d;
    return this;
  }

  /**
   * Predicted values: [n] for a 1-D target, else [n, outputs].
   * @example
   * reg.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    const { p, m } = this.outputs(X, "predict");
    return this.is1d_ ? new NDArray(p, [m]) : new NDArray(p, [m, this.nOutputs_]);
  }
}

registerEstimator(MLPClassifier, { examples: [
  { options: { hiddenLayerSizes: [8], maxIter: 50, randomState: 0 } },
  { label: "predictProba", method: "predictProba", tolerance: 1e-12, options: { hiddenLayerSizes: [5, 4], activation: "tanh", maxIter: 30, randomState: 1 } },
] });
registerEstimator(MLPRegressor, { examples: [{ options: { hiddenLayerSizes: [8], maxIter: 50, randomState: 0 }, tolerance: 1e-12 }] });
