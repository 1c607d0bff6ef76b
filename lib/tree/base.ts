/**
 * What the two tree estimators share: options, input checks, the fit driver and the fitted tree's inspection
 * (getDepth, getNLeaves, apply, featureImportances_).
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, fittedAttributes } from "../base/estimator";
import { checkConsistentLength, toVector } from "../base/validation";
import type { Matrix, MatrixLike, VectorLike } from "../base/validation";
import { npSum } from "../cluster/numpy_sum";
import { NonFiniteError, OptionError } from "../errors";
import { RandomState, checkRandomState } from "../random";
import { TreeData, fitTreeArrays, toColumnMajorF32, withRanks } from "./fit";
import { MaxFeatures, TREE_CONSTRAINTS, TreeOptionValues, resolveTreeParams } from "./params";
import { ParameterConstraints, RANDOM_STATE, oneOf } from "../base/constraints";
import { RAND_R_MAX } from "./rand";
import { TreeArrays, applyTree, treeFeatureImportances } from "./tree_struct";

/** Options common to DecisionTreeClassifier and DecisionTreeRegressor (the "best" splitter only). */
export interface BaseTreeOptions {
  /** Only "best" (the exhaustive search over thresholds) is implemented. */
  splitter?: "best";
  /** Maximum depth (null: grow until leaves are pure or too small). Default null. */
  maxDepth?: number | null;
  /** Minimum samples to split a node: an integer ≥ 2 or a fraction of the samples. Default 2. */
  minSamplesSplit?: number;
  /** Minimum samples in a leaf: an integer ≥ 1 or a fraction of the samples. Default 1. */
  minSamplesLeaf?: number;
  /** Minimum fraction of the total sample weight in a leaf, in [0, 0.5]. Default 0. */
  minWeightFractionLeaf?: number;
  /** Features tried per split: "sqrt", "log2", a count, a fraction in (0, 1), or null (all). Default null. */
  maxFeatures?: MaxFeatures;
  /** Seed of the feature draws (an integer, a RandomState or null for the global one). Default null. */
  randomState?: number | RandomState | null;
  /** Grow best-first up to this many leaves (null: depth-first, unlimited). Default null. */
  maxLeafNodes?: number | null;
  /** Split only when the weighted impurity decrease is at least this. Default 0. */
  minImpurityDecrease?: number;
}

/** The defaults of {@link BaseTreeOptions}. */
export const BASE_TREE_DEFAULTS = {
  splitter: "best", maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0,
  maxFeatures: null, randomState: null, maxLeafNodes: null, minImpurityDecrease: 0,
};

/**
 * Convert X for a tree (at fit or predict): finite values required, with a hint for data with missing values.
 * @internal
 */
export function withNaNHint<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NonFiniteError && !e.message.includes("HistGradientBoosting")) {
      e.message += "; or use HistGradientBoostingClassifier / HistGradientBoostingRegressor, which accept NaN";
    }
    throw e;
  }
}

/**
 * Sample weights as a Float64Array (or null), checked: length, finite, non-negative.
 * @internal
 */
export function checkSampleWeight(sampleWeight: VectorLike | undefined | null, n: number): Float64Array | null {
  if (sampleWeight === undefined || sampleWeight === null) return null;
  const w = Float64Array.from(toVector(sampleWeight, "sampleWeight"));
  checkConsistentLength(["X", n], ["sampleWeight", w.length]);
  for (let i = 0; i < n; i++) if (!(w[i] >= 0)) throw new OptionError("sampleWeight", "non-negative weights", w[i]);
  return w;
}

/** The constraints of {@link BaseTreeOptions} (each tree adds its criterion). */
export const BASE_TREE_CONSTRAINTS = {
  ...TREE_CONSTRAINTS, splitter: [oneOf("best")], randomState: [RANDOM_STATE],
} satisfies ParameterConstraints<BaseTreeOptions>;

/** The options as fields, typed once from the options interface. */
export interface BaseDecisionTree extends Required<BaseTreeOptions> {}

/** Base of the decision trees. */
export abstract class BaseDecisionTree extends BaseEstimator {
  declare criterion: string;
  /** The fitted tree as flat arrays (scikit-learn's `tree_`). */
  declare tree_: TreeArrays;
  /** The number of features tried per split. */
  declare maxFeatures_: number;
  /** Number of outputs. */
  declare nOutputs_: number;
  /** Impurity-based feature importances (normalized to sum 1). */
  declare featureImportances_: NDArray;
  static { fittedAttributes(this, ["tree_", "maxFeatures_", "nOutputs_", "featureImportances_"]); }

  /** Check options, convert X, resolve the options and grow the tree. */
  protected fitData(X: MatrixLike, prep: (m: Matrix) => Omit<TreeData, "xt" | "nRows" | "nFeatures">,
    sampleWeight: VectorLike | undefined | null, extraWeight?: (d: TreeData) => Float64Array | null): this {
    this.validateParams();
    const rs = checkRandomState(this.randomState);
    const m = withNaNHint(() => this.validateX(X, { reset: true }));
    const target = prep(m);
    const data: TreeData = { xt: toColumnMajorF32(m.data, m.rows, m.cols), nRows: m.rows, nFeatures: m.cols, ...target };
    let sw = checkSampleWeight(sampleWeight, m.rows);
    const cw = extraWeight?.(data) ?? null;
    if (cw) sw = sw ? sw.map((w, i) => w * cw[i]) : cw;
    withRanks(data);
    const p = resolveTreeParams(this as unknown as TreeOptionValues, m.rows, m.cols, sw ? npSum(sw) : m.rows);
    const tree = fitTreeArrays(data, sw, p, rs.randint(0, RAND_R_MAX) as number);
    this.tree_ = tree;
    this.maxFeatures_ = p.maxFeatures;
    this.nOutputs_ = data.nOutputs;
    this.featureImportances_ = new NDArray(treeFeatureImportances(tree), [m.cols]);
    return this;
  }

  /** Validate X at predict time and return it with the leaf of each row. */
  protected leaves(X: MatrixLike, method: string): { m: Matrix; leaves: Int32Array } {
    this.checkIsFitted(method);
    const m = withNaNHint(() => this.validateX(X, { reset: false }));
    return { m, leaves: applyTree(this.tree_, m.data, m.rows, new Int32Array(m.rows)) };
  }

  /**
   * The index of the leaf each sample ends in.
   * @param X - samples
   * @returns int32 NDArray [nSamples]
   * @example
   * tree.apply(XTest);
   */
  apply(X: MatrixLike): NDArray {
    const { leaves } = this.leaves(X, "apply");
    return new NDArray(leaves, [leaves.length]);
  }

  /**
   * The depth of the tree (longest root-to-leaf path; a single leaf has depth 0).
   * @example
   * tree.getDepth(); // e.g. 7
   */
  getDepth(): number {
    this.checkIsFitted("getDepth");
    return this.tree_.maxDepth;
  }

  /**
   * The number of leaves.
   * @example
   * tree.getNLeaves(); // e.g. 19
   */
  getNLeaves(): number {
    this.checkIsFitted("getNLeaves");
    const t = this.tree_;
    let n = 0;
    for (let i = 0; i < t.nodeCount; i++) if (t.childrenLeft[i] === -1) n++;
    return n;
  }
}
