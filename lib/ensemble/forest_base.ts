/**
 * What the random forests share: options, the fit driver (seeds, class weights, bootstrap sizes, trees fitted inline
 * or on the worker pool), feature importances and the out-of-bag bookkeeping.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, fittedAttributes } from "../base/estimator";
import type { Matrix, MatrixLike, VectorLike } from "../base/validation";
import { npSum } from "../cluster/numpy_sum";
import { OptionError } from "../errors";
import { addWorkerModule, runTasks } from "../parallel/pool";
import { effectiveJobs } from "../parallel/jobs";
import { RandomState, checkRandomState } from "../random";
import { checkSampleWeight, withNaNHint } from "../tree/base";
import { TreeData, toColumnMajorF32, withRanks } from "../tree/fit";
import { MaxFeatures, TREE_CONSTRAINTS, TreeOptionValues, resolveMaxFeatures } from "../tree/params";
import { BOOLEAN, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../base/constraints";
import { TreeArrays, leafOf } from "../tree/tree_struct";
import { treeFeatureImportances } from "../tree/tree_struct";
import { FOREST_TASK, ForestTreePayload, bootstrapCounts } from "./forest_task";

/** Options common to both random forests. */
export interface BaseForestOptions {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** Maximum depth of each tree (null: unlimited). Default null. */
  maxDepth?: number | null;
  /** Minimum samples to split a node (an integer ≥ 2 or a fraction). Default 2. */
  minSamplesSplit?: number;
  /** Minimum samples per leaf (an integer ≥ 1 or a fraction). Default 1. */
  minSamplesLeaf?: number;
  /** Minimum fraction of the total weight per leaf. Default 0. */
  minWeightFractionLeaf?: number;
  /** Grow each tree best-first up to this many leaves (null: unlimited). Default null. */
  maxLeafNodes?: number | null;
  /** Split only when the weighted impurity decrease is at least this. Default 0. */
  minImpurityDecrease?: number;
  /** Fit each tree on a bootstrap sample (drawn with replacement). Default true. */
  bootstrap?: boolean;
  /** Compute the out-of-bag score (needs bootstrap). Default false. */
  oobScore?: boolean;
  /** Parallel jobs for fit: 1/null inline, −1 all cores, k workers (results do not depend on it). Default null. */
  nJobs?: number | null;
  /** Seed of the trees' seeds (an integer, a RandomState, or null for the global one). Default null. */
  randomState?: number | RandomState | null;
  /** Bootstrap size: null (nSamples), a count, or a fraction in (0, 1). Default null. */
  maxSamples?: number | null;
}

/** The constraints of {@link BaseForestOptions} (each forest adds its criterion, maxFeatures and the rest). */
export const BASE_FOREST_CONSTRAINTS = {
  nEstimators: [interval("integer", 1, null, "left")],
  maxDepth: TREE_CONSTRAINTS.maxDepth,
  minSamplesSplit: TREE_CONSTRAINTS.minSamplesSplit,
  minSamplesLeaf: TREE_CONSTRAINTS.minSamplesLeaf,
  minWeightFractionLeaf: TREE_CONSTRAINTS.minWeightFractionLeaf,
  maxLeafNodes: TREE_CONSTRAINTS.maxLeafNodes,
  minImpurityDecrease: TREE_CONSTRAINTS.minImpurityDecrease,
  bootstrap: [BOOLEAN],
  oobScore: [BOOLEAN],
  // joblib's n_jobs: 0 means nothing
  nJobs: [oneOf(null), interval("integer", 1, null, "left"), interval("integer", null, -1, "right")],
  randomState: [RANDOM_STATE],
  maxSamples: [oneOf(null), interval("integer", 1, null, "left"), interval("real", 0, 1, "neither")],
} satisfies ParameterConstraints<BaseForestOptions>;

/** Defaults of {@link BaseForestOptions}. */
export const BASE_FOREST_DEFAULTS = {
  nEstimators: 100, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0,
  maxLeafNodes: null, minImpurityDecrease: 0, bootstrap: true, oobScore: false, nJobs: null, randomState: null,
  maxSamples: null,
};

const MAX_INT = 2147483647;

/**
 * The bootstrap size for nSamples samples, as scikit-learn's _get_n_samples_bootstrap.
 * @internal
 */
export function nSamplesBootstrap(nSamples: number, maxSamples: number | null): number {
  if (maxSamples === null) return nSamples;
  if (Number.isInteger(maxSamples)) {
    if (maxSamples < 1 || maxSamples > nSamples) {
      throw new OptionError("maxSamples", `an integer in [1, ${nSamples}] (the number of samples)`, maxSamples);
    }
    return maxSamples;
  }
  return Math.max(Math.round(nSamples * maxSamples), 1);
}

/** The options as fields, typed once from the options interface. */
export interface BaseForest extends Required<BaseForestOptions> {}

/** Base of the random forests. */
export abstract class BaseForest extends BaseEstimator {
  declare criterion: string;
  declare maxFeatures: MaxFeatures;
  /** Number of outputs. */
  declare nOutputs_: number;
  /** Out-of-bag score (accuracy or R²), with oobScore. */
  declare oobScore_: number | undefined;
  /** Impurity-based feature importances: the mean of the trees' normalized importances, normalized. */
  declare featureImportances_: NDArray;
  static { fittedAttributes(this, ["nOutputs_", "oobScore_", "featureImportances_"]); }

  /** The trees' arrays, kept for prediction (rebuilt from estimators_ when missing). */
  protected treeCache: TreeArrays[] | null = null;

  /** The fitted trees' arrays, in order. */
  protected abstract treeArrays(): TreeArrays[];

  /** Check the forest's options: the table, then the rules between options it cannot state. */
  protected checkForestOptions(): void {
    this.validateParams();
    if (this.oobScore && !this.bootstrap) throw new OptionError("oobScore", "false when bootstrap is false (out-of-bag samples exist only with bootstrap)", true);
    if (!this.bootstrap && this.maxSamples !== null) {
      throw new OptionError("maxSamples", "null when bootstrap is false", this.maxSamples);
    }
  }

  /**
   * Fit the trees: returns one TreeArrays per tree and the seeds.
   * @param m - X
   * @param target - encoded targets
   * @param sw - forest-level sample weights (user × class weights) or null
   * @param balancedSubsample - number of classes when reweighting per bootstrap draw, else 0
   */
  protected fitTrees(m: Matrix, target: Omit<TreeData, "xt" | "nRows" | "nFeatures">, sw: Float64Array | null,
    balancedSubsample: number): { trees: TreeArrays[]; seeds: number[] } {
    const rs = checkRandomState(this.randomState);
    resolveMaxFeatures(this.maxFeatures, m.cols);
    const nBoot = this.bootstrap ? nSamplesBootstrap(m.rows, this.maxSamples) : m.rows;
    const seeds = Array.from((rs.randint(0, MAX_INT, this.nEstimators) as NDArray).data as Int32Array);
    const parallel = Math.min(effectiveJobs(this.nJobs), seeds.length) > 1;
    const xt = toColumnMajorF32(m.data, m.rows, m.cols, parallel);
    const data: TreeData = { xt, nRows: m.rows, nFeatures: m.cols, ...target };
    // X's rank table, built once and shared by every tree (and worker): see lib/tree/ranked.ts.
    withRanks(data, parallel);
    if (parallel) {
      if (data.yCodes) data.yCodes = shareCopy(data.yCodes);
      if (data.yValues) data.yValues = shareCopy(data.yValues);
      if (sw) sw = shareCopy(sw);
      addWorkerModule(require.resolve("./forest_task"));
    }
    const options: TreeOptionValues = {
      criterion: this.criterion, maxDepth: this.maxDepth, minSamplesSplit: this.minSamplesSplit,
      minSamplesLeaf: this.minSamplesLeaf, minWeightFractionLeaf: this.minWeightFractionLeaf,
      maxFeatures: this.maxFeatures, maxLeafNodes: this.maxLeafNodes, minImpurityDecrease: this.minImpurityDecrease,
    };
    const payloads: ForestTreePayload[] = seeds.map((seed) => ({
      data, sw, options, bootstrap: this.bootstrap, nSamplesBootstrap: nBoot, balancedSubsample, seed,
    }));
    const trees = runTasks<TreeArrays>(FOREST_TASK, payloads, this.nJobs);
    return { trees, seeds };
  }

  /** Forest importances from the trees (trees that are a single leaf are left out). */
  protected setImportances(trees: TreeArrays[], nFeatures: number): void {
    const acc = new Float64Array(nFeatures);
    let k = 0;
    for (const t of trees) {
      if (t.nodeCount <= 1) continue;
      const imp = treeFeatureImportances(t);
      for (let f = 0; f < nFeatures; f++) acc[f] += imp[f];
      k++;
    }
    if (k > 0) {
      for (let f = 0; f < nFeatures; f++) acc[f] /= k;
      const s = npSum(acc);
      for (let f = 0; f < nFeatures; f++) acc[f] /= s;
    }
    this.featureImportances_ = new NDArray(acc, [nFeatures]);
  }

  /**
   * Accumulate, for each sample, the per-tree outputs (table[leaf·width …]) of the trees that did not see it
   * in their bootstrap draw; returns the sums and the counts.
   */
  protected oobSums(m: Matrix, seeds: number[], trees: TreeArrays[], tables: Float64Array[], width: number):
    { sums: Float64Array; counts: Int32Array } {
    const n = m.rows;
    const nBoot = nSamplesBootstrap(n, this.maxSamples);
    const sums = new Float64Array(n * width);
    const counts = new Int32Array(n);
    for (let t = 0; t < trees.length; t++) {
      const { counts: drawn } = bootstrapCounts(seeds[t], n, nBoot);
      const tree = trees[t], table = tables[t];
      const x32 = m.data;
      for (let i = 0; i < n; i++) {
        if (drawn[i] !== 0) continue;
        const leaf = leafOf(tree, x32, i * m.cols);
        for (let c = 0; c < width; c++) sums[i * width + c] += table[leaf * width + c];
        counts[i]++;
      }
    }
    let missing = false;
    for (let i = 0; i < n; i++) if (counts[i] === 0) { missing = true; counts[i] = 1; }
    if (missing) {
      process.emitWarning("Some inputs do not have OOB scores. This probably means too few trees were used to " +
        "compute any reliable OOB estimates.", { type: "UserWarning" });
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < width; c++) sums[i * width + c] /= counts[i];
    return { sums, counts };
  }

  /** X at fit time (NaN → a hint toward SimpleImputer / HistGradientBoosting). */
  protected fitX(X: MatrixLike): Matrix {
    return withNaNHint(() => this.validateX(X, { reset: true }));
  }

  /** X at predict time. */
  protected predictX(X: MatrixLike, method: string): Matrix {
    this.checkIsFitted(method);
    return withNaNHint(() => this.validateX(X, { reset: false }));
  }

  /** Sample weights checked against n. */
  protected weights(sampleWeight: VectorLike | undefined | null, n: number): Float64Array | null {
    return checkSampleWeight(sampleWeight, n);
  }

  /** The trees' arrays (cached). */
  protected trees(): TreeArrays[] {
    if (!this.treeCache) this.treeCache = this.treeArrays();
    return this.treeCache;
  }
}

function shareCopy<T extends Int32Array | Float64Array>(a: T): T {
  const ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
