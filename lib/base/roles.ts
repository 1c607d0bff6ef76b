/**
 * The estimator roles (scikit-learn's ClassifierMixin, RegressorMixin, TransformerMixin, ClusterMixin) as class
 * mixins over BaseEstimator or a family's base: each gives its role's shared behaviour once — `score`,
 * `predict` from `predictProba` + `classes_`, `predictLogProba`, `fitTransform`, `fitPredict` — and a typed
 * `_estimatorType`, which wrappers (Pipeline, the searches) forward and `isClassifier` reads.
 *
 * Mixins rather than one class chain because the families (trees, forests, boosting, MLPs) share a base between
 * their classifier and their regressor: `class DecisionTreeClassifier extends Classifier(BaseDecisionTree)`.
 */
import { NDArray } from "../array/ndarray";
import { accuracyOf, labelsAt } from "../metrics/labels";
import type { Label, LabelsLike } from "../metrics/labels";
import { r2Score } from "../metrics/regression";
import { BaseEstimator } from "./estimator";
import { toVector } from "./validation";
import type { MatrixLike, PolarsSeriesLike, TargetLike, VectorLike } from "./validation";

/** What an estimator is, as scikit-learn's `_estimator_type` says (transformers carry none, as there). */
export type EstimatorType = "classifier" | "regressor" | "clusterer";

/**
 * The `_estimatorType` of an estimator type `E`: what wrappers (Pipeline, the searches) report for what they wrap.
 * @example
 * type T = EstimatorTypeOf<Ridge>; // "regressor"
 */
export type EstimatorTypeOf<E> =
  E extends { readonly _estimatorType: infer T extends EstimatorType | undefined } ? T : EstimatorType | undefined;

/**
 * The fitted classes of a classifier over labels of type `L`: an NDArray for numbers, a string array for
 * strings, either one when the label type is not known (`Label`).
 * @example
 * type C = Classes<number>; // NDArray
 */
export type Classes<L extends Label = Label> =
  [L] extends [number] ? NDArray : [L] extends [string] ? string[] : NDArray | string[];

/**
 * The kind of labels `Y` holds: number for an NDArray or an array of numbers / booleans, string for an array of
 * strings, either one (`Label`) when the type does not say (a data-frame Series, a union of both kinds).
 * @example
 * type K = LabelOf<string[]>; // string
 */
export type LabelOf<Y> =
  Y extends NDArray ? number
  : Y extends PolarsSeriesLike ? SeriesLabel<ReturnType<Y["toArray"]>>
  : Y extends ArrayLike<string> ? string
  : Y extends ArrayLike<number> | ArrayLike<boolean> ? number
  : Label;

/** The label kind of a polars Series' values: number or string when its dtype says so, else either (`Label`). */
type SeriesLabel<A> =
  A extends ArrayLike<infer E> ? (0 extends 1 & E ? Label : [E] extends [number] ? number : [E] extends [string] ? string : Label) : Label;

/**
 * What fitting on labels of kind `L` makes known about a classifier: its classes_ (and so what predict returns).
 * A classifier's `fit(X, y)` returns `this & FittedClasses<LabelOf<typeof y>>`, so
 * `new RandomForestClassifier().fit(X, yNumbers).predict(X)` is an NDArray and string labels give `string[]`.
 * @example
 * const clf: LogisticRegression & FittedClasses<string> = new LogisticRegression().fit(X, ["a", "b"]);
 */
export interface FittedClasses<L extends Label> {
  /** The sorted class labels, of the kind the fit's labels had. */
  readonly classes_: Classes<L>;
}

/**
 * What fitting a wrapper of `E` (a Pipeline, a search) on labels `Y` makes known: the classes' kind when `E` is a
 * classifier, nothing otherwise.
 * @example
 * type F = WrapperFittedClasses<LogisticRegression, number[]>; // FittedClasses<number>
 */
export type WrapperFittedClasses<E, Y> =
  E extends { readonly _estimatorType: "classifier" } ? FittedClasses<LabelOf<Y>> : unknown;

/**
 * What `predict` of a classifier `E` returns: labels of the same kind as its `classes_` — an NDArray for
 * numbers, `string[]` for strings — or `Otherwise` when the kind is not known (or `E` is not a classifier).
 * @example
 * type P = PredictedLabels<LogisticRegression<string>>; // string[]
 */
export type PredictedLabels<E, Otherwise = NDArray | string[]> =
  E extends { readonly _estimatorType: "classifier"; readonly classes_: NDArray } ? NDArray
  : E extends { readonly _estimatorType: "classifier"; readonly classes_: string[] } ? string[]
  : Otherwise;

/**
 * `est` typed with the kind of labels it was just fit on (a classifier's fit ends with `return fittedOn(this, y)`).
 * Nothing happens at run time: fit has set classes_ from `y`, of `y`'s kind.
 * @param est - the classifier
 * @param y - the labels it was fit on
 * @example
 * return fittedOn(this, y);
 */
export function fittedOn<T, Y>(est: T, y: Y): T & FittedClasses<LabelOf<Y>> {
  void y;
  return est as T & FittedClasses<LabelOf<Y>>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a mixin's constructor takes any arguments (TypeScript's rule) */
type AbstractCtor<T = BaseEstimator> = abstract new (...args: any[]) => T;

/**
 * A classifier as its users see it — a model with the classifier role, or a wrapper of one (a Pipeline ending in
 * a classifier, a search over a classifier).
 * @example
 * const clf: ClassifierLike = makePipeline(new StandardScaler(), new LogisticRegression());
 */
export interface ClassifierLike {
  readonly _estimatorType: "classifier";
  /** The sorted class labels: an NDArray of numbers, or strings. */
  readonly classes_: NDArray | string[];
  /** Fit to samples and their class labels. */
  fit(X: MatrixLike, y: LabelsLike, sampleWeight?: VectorLike): this;
  /** Class probabilities, [nSamples, nClasses], columns in the order of classes_. */
  predictProba(X: MatrixLike): NDArray;
  /** Predicted class labels, of the kind of classes_. */
  predict(X: MatrixLike): NDArray | string[];
  /** Logarithms of the class probabilities. */
  predictLogProba(X: MatrixLike): NDArray;
  /** Mean accuracy of predict(X) against y. */
  score(X: MatrixLike, y: LabelsLike, sampleWeight?: VectorLike): number;
}

/** What the classifier role gives or requires (the members of {@link Classifier}'s class). */
export interface ClassifierRole extends ClassifierLike {
  classes_: NDArray | string[];
  /** The hook behind predict and score: each sample's class as an index into classes_. */
  classIndices(X: MatrixLike): Int32Array;
  /** Predicted class labels, of the kind of classes_. */
  predict(X: MatrixLike): PredictedLabels<this>;
  /** Mean accuracy of predict(X) against y, weighted by sampleWeight. */
  score(X: MatrixLike, y: LabelsLike, sampleWeight?: VectorLike): number;
}

/**
 * A regressor as its users see it: a model with the regressor role, or a wrapper of one.
 * @example
 * const reg: RegressorLike = new GridSearchCV(new Ridge(), { alpha: [0.1, 1] });
 */
export interface RegressorLike {
  readonly _estimatorType: "regressor";
  /** Fit to samples and their targets. */
  fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this;
  /** Predicted targets. */
  predict(X: MatrixLike): NDArray;
  /** R² of predict(X) against y. */
  score(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): number;
}

/** What the regressor role gives or requires (the members of {@link Regressor}'s class). */
export type RegressorRole = RegressorLike;

/** What the transformer role adds to an estimator. */
export interface TransformerRole {
  /** Learn the transformation. */
  fit(X: any, y?: unknown): this;
  /** Apply the learned transformation. */
  transform(X: any): NDArray;
  /** Fit, then transform the same data. */
  fitTransform(X: any, y?: unknown): NDArray;
}

/** What the clusterer role adds to an estimator. */
export interface ClustererRole {
  readonly _estimatorType: "clusterer";
  /** The cluster of each training sample. */
  labels_: NDArray;
  /** Cluster the samples. */
  fit(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike): this;
  /** Fit, then the cluster of each training sample. */
  fitPredict(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike): NDArray;
}

/** Index of the largest value in each row of a [rows, k] probability table (the first one on ties). */
function argmaxRows(p: ArrayLike<number>, rows: number, k: number): Int32Array {
  const idx = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    idx[i] = best;
  }
  return idx;
}

/**
 * The classifier role: `predict`, `predictLogProba` and `score` (mean accuracy, weighted by sampleWeight) from
 * `predictProba` and `classes_`, through one hook, {@link classIndices}, that a model may override when it
 * knows the winning class more cheaply (or exactly as its reference library decides it).
 * @param Base - BaseEstimator or a family base
 * @example
 * class Stump extends Classifier(BaseEstimator) { predictProba(X) { … } fit(X, y) { … } }
 */
export function Classifier<B extends AbstractCtor>(Base: B): B & (abstract new (...args: any[]) => ClassifierRole) {
  abstract class ClassifierImpl extends Base implements ClassifierRole {
    /** scikit-learn's `_estimator_type`: decides e.g. stratified folds. */
    get _estimatorType(): "classifier" { return "classifier"; }
    /** The sorted class labels: an NDArray of numbers, or strings. */
    declare classes_: NDArray | string[];

    /**
     * Fit to samples and their class labels. A model's own fit returns `fittedOn(this, y)`, typed
     * `this & FittedClasses<LabelOf<Y>>`, so that what predict returns follows the kind of y.
     */
    abstract fit(X: MatrixLike, y: LabelsLike, sampleWeight?: VectorLike): this;

    /**
     * Class probabilities, columns in the order of classes_.
     * @param X - samples
     * @returns [nSamples, nClasses]
     */
    abstract predictProba(X: MatrixLike): NDArray;

    /**
     * The hook behind predict and score: each sample's predicted class as an index into classes_. By default the
     * most probable class of predictProba (the first one on ties). Called after the fitted check.
     * @param X - samples
     * @example
     * clf.classIndices(XTest); // Int32Array
     */
    classIndices(X: MatrixLike): Int32Array {
      const p = this.predictProba(X);
      return argmaxRows(p.data, p.shape[0], p.shape[1]);
    }

    /**
     * Predicted class labels.
     * @param X - samples
     * @returns an NDArray of labels for numeric classes, a string array for string classes
     * @example
     * clf.predict(XTest);
     */
    predict(X: MatrixLike): PredictedLabels<this> {
      this.checkIsFitted("predict");
      return labelsAt(this.classes_, this.classIndices(X)) as PredictedLabels<this>;
    }

    /**
     * Logarithms of the class probabilities.
     * @param X - samples
     * @returns [nSamples, nClasses]
     * @example
     * clf.predictLogProba(XTest);
     */
    predictLogProba(X: MatrixLike): NDArray {
      this.checkIsFitted("predictLogProba");
      const p = this.predictProba(X);
      const d = p.data as Float64Array;
      for (let i = 0; i < d.length; i++) d[i] = Math.log(d[i]);
      return p;
    }

    /**
     * Mean accuracy of predict(X) against y.
     * @param X - samples
     * @param y - true labels
     * @param sampleWeight - optional weight per sample
     * @example
     * clf.score(XTest, yTest);
     */
    score(X: MatrixLike, y: LabelsLike, sampleWeight?: VectorLike): number {
      this.checkIsFitted("score");
      return accuracyOf(this.classes_, this.classIndices(X), y, sampleWeight);
    }
  }
  return ClassifierImpl;
}

/**
 * The regressor role: `score` is R² of predict(X) (uniform average over targets), weighted by sampleWeight.
 * @param Base - BaseEstimator or a family base
 * @example
 * class Mean extends Regressor(BaseEstimator) { predict(X) { … } fit(X, y) { … } }
 */
export function Regressor<B extends AbstractCtor>(Base: B): B & (abstract new (...args: any[]) => RegressorRole) {
  abstract class RegressorImpl extends Base implements RegressorRole {
    /** scikit-learn's `_estimator_type`. */
    get _estimatorType(): "regressor" { return "regressor"; }

    /** Fit to samples and their targets. */
    abstract fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this;

    /**
     * Predicted targets.
     * @param X - samples
     */
    abstract predict(X: MatrixLike): NDArray;

    /**
     * Coefficient of determination R² of the predictions (uniform average over targets).
     * @param X - samples
     * @param y - true targets
     * @param sampleWeight - optional weight per sample
     * @example
     * reg.score(XTest, yTest);
     */
    score(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): number {
      this.checkIsFitted("score");
      const w = sampleWeight === undefined || sampleWeight === null ? undefined : toVector(sampleWeight, "sampleWeight");
      return r2Score(y, this.predict(X), { sampleWeight: w });
    }
  }
  return RegressorImpl;
}

/**
 * The transformer role: `fitTransform` is fit then transform (a model overrides it only when it computes the
 * result more directly, as PCA does).
 * @param Base - BaseEstimator or a family base
 * @example
 * class Doubler extends Transformer(BaseEstimator) { fit(X) { … } transform(X) { … } }
 */
export function Transformer<B extends AbstractCtor>(Base: B): B & (abstract new (...args: any[]) => TransformerRole) {
  abstract class TransformerImpl extends Base implements TransformerRole {
    /** Learn the transformation. */
    abstract fit(X: any, y?: unknown): this;

    /**
     * Apply the learned transformation.
     * @param X - samples
     */
    abstract transform(X: any): NDArray;

    /**
     * Fit, then transform the same data.
     * @param X - samples
     * @param y - targets (ignored by unsupervised transformers)
     * @example
     * const Z = new StandardScaler().fitTransform(XTrain);
     */
    fitTransform(X: any, y?: unknown): NDArray {
      return this.fit(X, y).transform(X);
    }
  }
  return TransformerImpl;
}

/**
 * The clusterer role: `fitPredict` is fit then the training samples' labels_.
 * @param Base - BaseEstimator or a family base
 * @example
 * class OneCluster extends Clusterer(BaseEstimator) { fit(X) { this.labels_ = …; return this; } }
 */
export function Clusterer<B extends AbstractCtor>(Base: B): B & (abstract new (...args: any[]) => ClustererRole) {
  abstract class ClustererImpl extends Base implements ClustererRole {
    /** scikit-learn's `_estimator_type`. */
    get _estimatorType(): "clusterer" { return "clusterer"; }
    /** The cluster of each training sample. */
    declare labels_: NDArray;

    /** Cluster the samples. */
    abstract fit(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike): this;

    /**
     * Fit, then return the cluster of each training sample.
     * @param X - samples
     * @param y - ignored
     * @param sampleWeight - optional weight per sample
     * @example
     * new KMeans({ nClusters: 3, randomState: 0 }).fitPredict(X);
     */
    fitPredict(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike): NDArray {
      return this.fit(X, y, sampleWeight).labels_;
    }
  }
  return ClustererImpl;
}

/**
 * The kind of estimator `est` is (its typed `_estimatorType`; wrappers answer for what they wrap), or undefined.
 * @param est - any value
 * @example
 * estimatorType(makePipeline(new StandardScaler(), new LogisticRegression())); // "classifier"
 */
export function estimatorType(est: unknown): EstimatorType | undefined {
  return est instanceof BaseEstimator ? est._estimatorType : undefined;
}
