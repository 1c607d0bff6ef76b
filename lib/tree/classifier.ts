/**
 * scikit-learn's DecisionTreeClassifier (1.2): CART with Gini or entropy, grown depth-first or best-first.
 */
import { NDArray } from "../array/ndarray";
import { registerEstimator, fittedAttributes } from "../base/estimator";
import { checkConsistentLength } from "../base/validation";
import type { MatrixLike, VectorLike } from "../base/validation";
import { ShapeError } from "../errors";
import { Label, LabelsLike, classesOf, encodeLabels, toLabelVector } from "../metrics/labels";
import { Classifier, fittedOn } from "../base/roles";
import type { Classes, FittedClasses, LabelOf, PredictedLabels } from "../base/roles";
import { BASE_TREE_CONSTRAINTS, BASE_TREE_DEFAULTS, BaseDecisionTree, BaseTreeOptions } from "./base";
import { TreeClassWeight, sampleWeightsForClasses } from "./class_weight";
import { MAPPING, ParameterConstraints, oneOf } from "../base/constraints";


/** Options of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierOptions extends BaseTreeOptions {
  /** "gini" (default), "entropy" or "log_loss" (the same as entropy). */
  criterion?: "gini" | "entropy" | "log_loss";
  /** null (default), "balanced" (n / (nClasses · count)), or weights by label. */
  classWeight?: TreeClassWeight;
}

const DEFAULTS = { criterion: "gini", ...BASE_TREE_DEFAULTS, classWeight: null };

/**
 * Fitted classes and codes of y for a classifier (at least two classes).
 * @internal
 */
export function encodeClasses(y: LabelsLike, n: number): { classes: Label[]; codes: Int32Array } {
  const lv = toLabelVector(y, "y", false);
  checkConsistentLength(["X", n], ["y", lv.length]);
  const classes = classesOf([lv], ["y"]).values.slice();
  if (classes.length < 2) {
    throw new ShapeError("y", "samples of at least 2 classes",
      `only one class: ${classes.length ? JSON.stringify(classes[0]) : "none"}`);
  }
  return { classes, codes: encodeLabels(lv, classes) };
}

/**
 * classes_ as stored: an int32 NDArray for integer labels, float64 for other numbers, string[] for strings.
 * @internal
 */
export function classesArray(classes: readonly Label[]): NDArray | string[] {
  if (typeof classes[0] === "string") return (classes as string[]).slice();
  const nums = classes as number[];
  const ints = nums.every((c) => Number.isInteger(c) && c >= -2147483648 && c <= 2147483647);
  return new NDArray(ints ? Int32Array.from(nums) : Float64Array.from(nums), [nums.length]);
}


/**
 * A decision tree classifier. Each split tests one feature against a threshold (midway between two observed
 * values) chosen to most reduce the Gini impurity or the entropy; leaves predict the (weighted) majority class.
 * With the same randomState, the features are visited in scikit-learn's order, so the trees match scikit-learn's.
 *
 * @example
 * const { data, target } = loadIris();
 * const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(data, target);
 * tree.predict([[5.1, 3.5, 1.4, 0.2]]); // NDArray [0]
 * tree.getDepth();                     // 3
 * console.log(exportText(tree));
 */
/** The options as fields, typed once from the options interface (criterion narrows the base's string). */
export interface DecisionTreeClassifier<L extends Label = Label> extends Omit<Required<DecisionTreeClassifierOptions>, "criterion"> {}

export class DecisionTreeClassifier<L extends Label = Label> extends Classifier(BaseDecisionTree) {
  static readonly parameterConstraints: ParameterConstraints<DecisionTreeClassifierOptions> = {
    ...BASE_TREE_CONSTRAINTS, criterion: [oneOf("gini", "entropy", "log_loss")],
    classWeight: [oneOf(null, "balanced"), MAPPING],
  };
  declare criterion: "gini" | "entropy" | "log_loss";
  /** The sorted class labels: an NDArray of numbers, or strings. */
  declare classes_: Classes<L>;
  /** The number of classes. */
  declare nClasses_: number;
  static { fittedAttributes(this, ["classes_", "nClasses_"]); }

  /**
   * @param options - { criterion = "gini", splitter = "best", maxDepth = null, minSamplesSplit = 2,
   *   minSamplesLeaf = 1, minWeightFractionLeaf = 0, maxFeatures = null, randomState = null, maxLeafNodes = null,
   *   minImpurityDecrease = 0, classWeight = null }
   */
  constructor(options: DecisionTreeClassifierOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Grow the tree.
   * @param X - training data, [nSamples, nFeatures] (NDArray, number[][] or a data frame); no NaN
   * @param y - class labels (numbers or strings), [nSamples]
   * @param sampleWeight - optional non-negative weight per sample
   * @returns this
   * @example
   * new DecisionTreeClassifier({ maxDepth: 4 }).fit(XTrain, yTrain);
   */
  fit<Y extends LabelsLike>(X: MatrixLike, y: Y, sampleWeight?: VectorLike): this & FittedClasses<LabelOf<Y>> {
    let classes: Label[] = [];
    this.fitData(X, (m) => {
      const enc = encodeClasses(y, m.rows);
      classes = enc.classes;
      return { yCodes: enc.codes, nOutputs: 1, nClasses: Int32Array.of(enc.classes.length) };
    }, sampleWeight, (d) => (this.classWeight === null ? null : sampleWeightsForClasses(this.classWeight, d.yCodes!, classes)));
    this.classes_ = classesArray(classes) as Classes<L>;
    this.nClasses_ = classes.length;
    return fittedOn(this, y);
  }

  /**
   * Class probabilities: the weighted class fractions of each sample's leaf.
   * @param X - samples
   * @returns [nSamples, nClasses], columns in the order of classes_
   * @example
   * tree.predictProba(XTest).row(0); // e.g. [0, 1]
   */
  predictProba(X: MatrixLike): NDArray {
    const { m, leaves } = this.leaves(X, "predictProba");
    const t = this.tree_, K = this.nClasses_, value = t.value, stride = t.valueStride;
    const out = new Float64Array(m.rows * K);
    for (let i = 0; i < m.rows; i++) {
      const o = leaves[i] * stride;
      let s = 0;
      for (let c = 0; c < K; c++) s += value[o + c];
      if (s === 0) s = 1;
      for (let c = 0; c < K; c++) out[i * K + c] = value[o + c] / s;
    }
    return new NDArray(out, [m.rows, K]);
  }

  /** The role's hook: the class with the largest weight in each sample's leaf (the first one on ties). */
  classIndices(X: MatrixLike): Int32Array {
    const { leaves } = this.leaves(X, "predict");
    const t = this.tree_, K = this.nClasses_, value = t.value, stride = t.valueStride;
    const idx = new Int32Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const o = leaves[i] * stride;
      let best = 0;
      for (let c = 1; c < K; c++) if (value[o + c] > value[o + best]) best = c;
      idx[i] = best;
    }
    return idx;
  }
}

registerEstimator(DecisionTreeClassifier, { examples: [
  { options: { randomState: 0 } },
  { label: "predictProba, maxFeatures sqrt", method: "predictProba", options: { maxFeatures: "sqrt", maxDepth: 3, randomState: 1 } },
] });
