/**
 * scikit-learn's RandomForestClassifier and RandomForestRegressor (1.2): bagged CART trees, each split choosing
 * among a random subset of the features. Trees, seeds and bootstrap draws match scikit-learn's for the same
 * randomState; the trees can be fitted on worker threads (nJobs) with identical results.
 */
import { NDArray } from "../array/ndarray";
import { registerEstimator, fittedAttributes } from "../base/estimator";
import { checkConsistentLength, toTarget } from "../base/validation";
import type { MatrixLike, TargetLike, VectorLike } from "../base/validation";
import type { Label, LabelsLike } from "../metrics/labels";
import { Classifier, Regressor, fittedOn } from "../base/roles";
import type { Classes, FittedClasses, LabelOf, PredictedLabels } from "../base/roles";
import { r2Score } from "../metrics/regression";
import { TreeClassWeight, sampleWeightsForClasses } from "../tree/class_weight";
import { MAPPING, ParameterConstraints, oneOf } from "../base/constraints";
import { DecisionTreeClassifier, classesArray, encodeClasses } from "../tree/classifier";
import { DecisionTreeRegressor } from "../tree/regressor";
import { TREE_CONSTRAINTS } from "../tree/params";
import type { MaxFeatures } from "../tree/params";
import { TreeArrays, leafOf, treeFeatureImportances } from "../tree/tree_struct";
import { BASE_FOREST_CONSTRAINTS, BASE_FOREST_DEFAULTS, BaseForest, BaseForestOptions } from "./forest_base";

/** Options of {@link RandomForestClassifier}. */
export interface RandomForestClassifierOptions extends BaseForestOptions {
  /** "gini" (default), "entropy" or "log_loss". */
  criterion?: "gini" | "entropy" | "log_loss";
  /** Features tried per split: "sqrt" (default), "log2", a count, a fraction in (0, 1), or null (all). */
  maxFeatures?: MaxFeatures;
  /** null (default), "balanced", "balanced_subsample" (re-balanced on each bootstrap draw) or weights by label. */
  classWeight?: TreeClassWeight | "balanced_subsample";
}

/** Options of {@link RandomForestRegressor}. */
export interface RandomForestRegressorOptions extends BaseForestOptions {
  /** "squared_error" (default) or "friedman_mse". */
  criterion?: "squared_error" | "friedman_mse";
  /** Features tried per split: null (all — scikit-learn's 1.0, the default), "sqrt", "log2", a count or a fraction. */
  maxFeatures?: MaxFeatures;
}

/** Copy the per-tree options onto a fitted tree estimator. */
function treeOptions(f: BaseForest, seed: number): Record<string, unknown> {
  return {
    criterion: f.criterion, maxDepth: f.maxDepth, minSamplesSplit: f.minSamplesSplit, minSamplesLeaf: f.minSamplesLeaf,
    minWeightFractionLeaf: f.minWeightFractionLeaf, maxFeatures: f.maxFeatures, maxLeafNodes: f.maxLeafNodes,
    minImpurityDecrease: f.minImpurityDecrease, randomState: seed,
  };
}

/**
 * Add node `node`'s class probabilities — its weighted counts over their sum, as a tree's predictProba — to
 * out[o … o + K) (a node whose counts are all zero adds zeros).
 */
function addNodeProba(t: TreeArrays, node: number, K: number, out: Float64Array, o: number): void {
  const value = t.value, v = node * t.valueStride;
  let s = 0;
  for (let c = 0; c < K; c++) s += value[v + c];
  if (s === 0) s = 1;
  for (let c = 0; c < K; c++) out[o + c] += value[v + c] / s;
}

/** Each node's class probabilities. */
function probaTable(t: TreeArrays, K: number): Float64Array {
  const out = new Float64Array(t.nodeCount * K);
  for (let i = 0; i < t.nodeCount; i++) addNodeProba(t, i, K, out, i * K);
  return out;
}

/** Below this many rows predictProba normalizes the leaves it reaches instead of building every tree's table. */
const FEW_ROWS = 64;

/**
 * Sum over trees of table[leaf(x)·width …] for each row, divided by the number of trees.
 * Sums add the trees in order, as scikit-learn does. Without tables (null: a classifier's few rows — a served
 * request, load's trial prediction) each reached leaf's probabilities are computed where they are read, by the
 * code that fills the tables, so the numbers are the same bit for bit without building a table of every node.
 */
function averageOverTrees(trees: TreeArrays[], tables: Float64Array[] | null, x: Float64Array, rows: number, cols: number,
  width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t], table = tables && tables[t];
    for (let i = 0; i < rows; i++) {
      const leaf = leafOf(tree, x, i * cols);
      const o = i * width;
      if (!table) {
        addNodeProba(tree, leaf, width, out, o);
        continue;
      }
      const at = leaf * width;
      for (let c = 0; c < width; c++) out[o + c] += table[at + c];
    }
  }
  const n = trees.length;
  for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/**
 * A random forest classifier: nEstimators trees, each grown on a bootstrap sample with maxFeatures features tried
 * per split; predictProba averages the trees' class probabilities.
 *
 * @example
 * const { data, target } = loadBreastCancer();
 * const [XTrain, XTest, yTrain, yTest] = trainTestSplit(data, target, { testSize: 0.2, randomState: 42 });
 * const rf = new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, randomState: 42, nJobs: -1 });
 * rf.fit(XTrain, yTrain);
 * rf.score(XTest, yTest);    // 0.9649…
 * rf.featureImportances_;    // NDArray [30]
 */
/** The options as fields, typed once from the options interface (criterion narrows the base's string). */
export interface RandomForestClassifier<L extends Label = Label> extends Omit<Required<RandomForestClassifierOptions>, "criterion"> {}

export class RandomForestClassifier<L extends Label = Label> extends Classifier(BaseForest) {
  static readonly parameterConstraints: ParameterConstraints<RandomForestClassifierOptions> = {
    ...BASE_FOREST_CONSTRAINTS, criterion: [oneOf("gini", "entropy", "log_loss")],
    maxFeatures: TREE_CONSTRAINTS.maxFeatures, classWeight: [oneOf(null, "balanced", "balanced_subsample"), MAPPING],
  };
  declare criterion: "gini" | "entropy" | "log_loss";
  /** The fitted trees. */
  declare estimators_: DecisionTreeClassifier<L>[];
  /** The sorted class labels. */
  declare classes_: Classes<L>;
  /** Number of classes. */
  declare nClasses_: number;
  /** Out-of-bag class probabilities of the training samples, [nSamples, nClasses] (with oobScore). */
  declare oobDecisionFunction_: NDArray | undefined;
  static { fittedAttributes(this, ["estimators_", "classes_", "nClasses_", "oobDecisionFunction_"]); }
  private tables: Float64Array[] | null = null;

  /**
   * @param options - { nEstimators = 100, criterion = "gini", maxDepth = null, minSamplesSplit = 2,
   *   minSamplesLeaf = 1, minWeightFractionLeaf = 0, maxFeatures = "sqrt", maxLeafNodes = null,
   *   minImpurityDecrease = 0, bootstrap = true, oobScore = false, nJobs = null, randomState = null,
   *   classWeight = null, maxSamples = null }
   */
  constructor(options: RandomForestClassifierOptions = {}) {
    super({ ...BASE_FOREST_DEFAULTS, criterion: "gini", maxFeatures: "sqrt", classWeight: null }, options);
  }

  /**
   * Fit the forest.
   * @param X - training data, [nSamples, nFeatures]; no NaN
   * @param y - class labels (numbers or strings)
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * rf.fit(XTrain, yTrain);
   */
  fit<Y extends LabelsLike>(X: MatrixLike, y: Y, sampleWeight?: VectorLike): this & FittedClasses<LabelOf<Y>> {
    this.checkForestOptions();
    const m = this.fitX(X);
    const { classes, codes } = encodeClasses(y, m.rows);
    const K = classes.length;
    let sw = this.weights(sampleWeight, m.rows);
    let subsample = 0;
    const cw = this.classWeight;
    if (cw !== null) {
      if (cw === "balanced_subsample" && this.bootstrap) {
        subsample = K;
      } else {
        const e = sampleWeightsForClasses(cw === "balanced_subsample" ? "balanced" : cw, codes, classes);
        sw = sw ? sw.map((w, i) => w * e[i]) : e;
      }
    }
    const { trees, seeds } = this.fitTrees(m, { yCodes: codes, nOutputs: 1, nClasses: Int32Array.of(K) }, sw, subsample);
    const clsArr = classesArray(classes);
    this.estimators_ = trees.map((t, i) => {
      const est = new DecisionTreeClassifier<L>(treeOptions(this, seeds[i]));
      est.tree_ = t;
      est.classes_ = (Array.isArray(clsArr) ? clsArr.slice() : clsArr) as Classes<L>;
      est.nClasses_ = K;
      est.nOutputs_ = 1;
      est.nFeaturesIn_ = m.cols;
      est.featureNamesIn_ = this.featureNamesIn_ ? [...this.featureNamesIn_] : undefined;
      est.featureImportances_ = new NDArray(treeFeatureImportances(t), [m.cols]);
      return est;
    });
    this.treeCache = trees;
    this.tables = trees.map((t) => probaTable(t, K));
    this.classes_ = clsArr as Classes<L>;
    this.nClasses_ = K;
    this.nOutputs_ = 1;
    this.setImportances(trees, m.cols);
    this.oobDecisionFunction_ = undefined;
    this.oobScore_ = undefined;
    if (this.oobScore) {
      const { sums } = this.oobSums(m, seeds, trees, this.tables, K);
      this.oobDecisionFunction_ = new NDArray(sums, [m.rows, K]);
      const idx = argmaxRows(sums, m.rows, K);
      let hit = 0;
      for (let i = 0; i < m.rows; i++) if (idx[i] === codes[i]) hit++;
      this.oobScore_ = hit / m.rows;
    }
    return fittedOn(this, y);
  }

  protected treeArrays(): TreeArrays[] {
    return this.estimators_.map((e) => e.tree_);
  }

  private probaTables(): Float64Array[] {
    if (!this.tables) this.tables = this.trees().map((t) => probaTable(t, this.nClasses_));
    return this.tables;
  }

  /**
   * Class probabilities: the mean of the trees' probabilities.
   * @param X - samples
   * @returns [nSamples, nClasses]
   * @example
   * rf.predictProba(XTest).row(0); // e.g. [0.02, 0.98]
   */
  predictProba(X: MatrixLike): NDArray {
    const m = this.predictX(X, "predictProba");
    const K = this.nClasses_;
    const tables = !this.tables && m.rows < FEW_ROWS ? null : this.probaTables();
    return new NDArray(averageOverTrees(this.trees(), tables, m.data, m.rows, m.cols, K), [m.rows, K]);
  }

}

function argmaxRows(p: Float64Array, rows: number, K: number): Int32Array {
  const idx = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (p[i * K + c] > p[i * K + best]) best = c;
    idx[i] = best;
  }
  return idx;
}

/**
 * A random forest regressor: the mean prediction of nEstimators trees grown on bootstrap samples.
 *
 * @example
 * const { data, target } = loadDiabetes();
 * const rf = new RandomForestRegressor({ nEstimators: 50, randomState: 0 }).fit(data, target);
 * rf.predict(data.sliceRows(0, 3)); // NDArray [3]
 */
/** The options as fields, typed once from the options interface (criterion narrows the base's string). */
export interface RandomForestRegressor extends Omit<Required<RandomForestRegressorOptions>, "criterion"> {}

export class RandomForestRegressor extends Regressor(BaseForest) {
  static readonly parameterConstraints: ParameterConstraints<RandomForestRegressorOptions> = {
    ...BASE_FOREST_CONSTRAINTS, criterion: [oneOf("squared_error", "friedman_mse")],
    maxFeatures: TREE_CONSTRAINTS.maxFeatures,
  };
  declare criterion: "squared_error" | "friedman_mse";
  /** The fitted trees. */
  declare estimators_: DecisionTreeRegressor[];
  /** Out-of-bag predictions of the training samples (with oobScore). */
  declare oobPrediction_: NDArray | undefined;
  /** True when y was 1-D. */
  declare y1d_: boolean;
  static { fittedAttributes(this, ["estimators_", "oobPrediction_", "y1d_"]); }

  /**
   * @param options - { nEstimators = 100, criterion = "squared_error", maxDepth = null, minSamplesSplit = 2,
   *   minSamplesLeaf = 1, minWeightFractionLeaf = 0, maxFeatures = null (all), maxLeafNodes = null,
   *   minImpurityDecrease = 0, bootstrap = true, oobScore = false, nJobs = null, randomState = null,
   *   maxSamples = null }
   */
  constructor(options: RandomForestRegressorOptions = {}) {
    super({ ...BASE_FOREST_DEFAULTS, criterion: "squared_error", maxFeatures: null }, options);
  }

  /**
   * Fit the forest.
   * @param X - training data, [nSamples, nFeatures]; no NaN
   * @param y - targets, [nSamples] or [nSamples, nOutputs]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * rf.fit(XTrain, yTrain);
   */
  fit(X: MatrixLike, y: TargetLike, sampleWeight?: VectorLike): this {
    this.checkForestOptions();
    const m = this.fitX(X);
    const t = toTarget(y, "y");
    checkConsistentLength(["X", m.rows], ["y", t.rows]);
    const k = t.cols;
    const sw = this.weights(sampleWeight, m.rows);
    const { trees, seeds } = this.fitTrees(m, { yValues: t.data, nOutputs: k, nClasses: new Int32Array(k).fill(1) }, sw, 0);
    this.estimators_ = trees.map((tr, i) => {
      const est = new DecisionTreeRegressor(treeOptions(this, seeds[i]));
      est.tree_ = tr;
      est.nOutputs_ = k;
      est.y1d_ = t.is1d;
      est.nFeaturesIn_ = m.cols;
      est.featureNamesIn_ = this.featureNamesIn_ ? [...this.featureNamesIn_] : undefined;
      est.featureImportances_ = new NDArray(treeFeatureImportances(tr), [m.cols]);
      return est;
    });
    this.treeCache = trees;
    this.nOutputs_ = k;
    this.y1d_ = t.is1d;
    this.setImportances(trees, m.cols);
    this.oobPrediction_ = undefined;
    this.oobScore_ = undefined;
    if (this.oobScore) {
      const { sums } = this.oobSums(m, seeds, trees, trees.map((tr) => tr.value), k);
      this.oobPrediction_ = t.is1d ? new NDArray(sums, [m.rows]) : new NDArray(sums, [m.rows, k]);
      const yTrue = t.is1d ? new NDArray(t.data, [m.rows]) : new NDArray(t.data, [m.rows, k]);
      this.oobScore_ = r2Score(yTrue, this.oobPrediction_) as number;
    }
    return this;
  }

  protected treeArrays(): TreeArrays[] {
    return this.estimators_.map((e) => e.tree_);
  }

  /**
   * Predicted targets: the mean of the trees' predictions.
   * @param X - samples
   * @returns [nSamples] (1-D y) or [nSamples, nOutputs]
   * @example
   * rf.predict(XTest);
   */
  predict(X: MatrixLike): NDArray {
    const m = this.predictX(X, "predict");
    const k = this.nOutputs_;
    const trees = this.trees();
    const out = averageOverTrees(trees, trees.map((t) => t.value), m.data, m.rows, m.cols, k);
    return this.y1d_ !== false ? new NDArray(out, [m.rows]) : new NDArray(out, [m.rows, k]);
  }

}

registerEstimator(RandomForestClassifier, { examples: [
  { options: { nEstimators: 5, randomState: 0 }, unsetAfterFit: ["oobScore_", "oobDecisionFunction_"] },
  { label: "predictProba, oobScore", method: "predictProba", options: { nEstimators: 8, maxDepth: 4, oobScore: true, randomState: 3 } },
] });
registerEstimator(RandomForestRegressor, { examples: [
  { options: { nEstimators: 5, randomState: 0 }, unsetAfterFit: ["oobScore_", "oobPrediction_"] },
] });
