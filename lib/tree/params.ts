/**
 * Options shared by the trees and the forests: their validation (OptionError naming what was expected) and their
 * resolution to the numbers the builder uses, with scikit-learn 1.2's rules. JavaScript has one number type, so
 * an integer means a count and a non-integer in (0, 1) a fraction (sklearn's `1.0` "all features" is `null`).
 */
import { OptionError, ShapeError } from "../errors";
import type { BuildParams } from "./builder";

/** How many features each split considers. */
export type MaxFeatures = "sqrt" | "log2" | number | null;

/** The tree options every tree and forest has. */
export interface TreeOptionValues {
  criterion: string;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightFractionLeaf: number;
  maxFeatures: MaxFeatures;
  maxLeafNodes: number | null;
  minImpurityDecrease: number;
}

/** Resolved options: the builder's rules plus the feature count per split and the criterion. */
export interface ResolvedTreeParams extends BuildParams {
  maxFeatures: number;
  criterion: string;
}

const INT32_MAX = 2147483647;

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function isFraction(v: unknown, closedRight: boolean): v is number {
  return typeof v === "number" && v > 0 && (closedRight ? v <= 1 : v < 1) && !Number.isInteger(v);
}

/**
 * Check the option values (not their fit to the data).
 * @param o - the options
 * @param criteria - the criteria this estimator accepts
 * @example
 * checkTreeOptions(tree, ["gini", "entropy", "log_loss"]);
 */
export function checkTreeOptions(o: TreeOptionValues, criteria: readonly string[]): void {
  if (!criteria.includes(o.criterion)) {
    throw new OptionError("criterion", `one of ${criteria.map((c) => JSON.stringify(c)).join(", ")}`, o.criterion);
  }
  if (!(o.maxDepth === null || (isInt(o.maxDepth) && o.maxDepth >= 1))) {
    throw new OptionError("maxDepth", "an integer ≥ 1 or null", o.maxDepth);
  }
  if (!((isInt(o.minSamplesSplit) && o.minSamplesSplit >= 2) || isFraction(o.minSamplesSplit, true))) {
    throw new OptionError("minSamplesSplit", "an integer ≥ 2 or a fraction in (0, 1)", o.minSamplesSplit);
  }
  if (!((isInt(o.minSamplesLeaf) && o.minSamplesLeaf >= 1) || isFraction(o.minSamplesLeaf, false))) {
    throw new OptionError("minSamplesLeaf", "an integer ≥ 1 or a fraction in (0, 1)", o.minSamplesLeaf);
  }
  const mw = o.minWeightFractionLeaf;
  if (!(typeof mw === "number" && mw >= 0 && mw <= 0.5)) {
    throw new OptionError("minWeightFractionLeaf", "a number in [0, 0.5]", mw);
  }
  const mf = o.maxFeatures;
  if (!(mf === null || mf === "sqrt" || mf === "log2" || (isInt(mf) && mf >= 1) || isFraction(mf, true))) {
    throw new OptionError("maxFeatures", '"sqrt", "log2", an integer ≥ 1, a fraction in (0, 1) or null (all)', mf);
  }
  if (!(o.maxLeafNodes === null || (isInt(o.maxLeafNodes) && o.maxLeafNodes >= 2))) {
    throw new OptionError("maxLeafNodes", "an integer ≥ 2 or null", o.maxLeafNodes);
  }
  const mi = o.minImpurityDecrease;
  if (!(typeof mi === "number" && mi >= 0 && Number.isFinite(mi))) {
    throw new OptionError("minImpurityDecrease", "a number ≥ 0", mi);
  }
}

/**
 * The feature count a maxFeatures option means for nFeatures features.
 * @example
 * resolveMaxFeatures("sqrt", 30); // 5
 */
export function resolveMaxFeatures(mf: MaxFeatures, nFeatures: number): number {
  let k: number;
  if (mf === "sqrt") k = Math.max(1, Math.trunc(Math.sqrt(nFeatures)));
  else if (mf === "log2") k = Math.max(1, Math.trunc(Math.log2(nFeatures)));
  else if (mf === null) k = nFeatures;
  else if (Number.isInteger(mf)) k = mf;
  else k = Math.max(1, Math.trunc(mf * nFeatures));
  if (!(k > 0 && k <= nFeatures)) {
    throw new ShapeError("maxFeatures", `at most the number of features (${nFeatures})`, String(mf));
  }
  return k;
}

/**
 * Resolve the options for data of nSamples × nFeatures with total sample weight `weightSum`.
 * @param o - the options (already checked)
 * @param nSamples - training samples
 * @param nFeatures - features
 * @param weightSum - sum of the sample weights (nSamples when unweighted)
 * @example
 * resolveTreeParams(tree, 455, 30, 455).maxFeatures; // 30
 */
export function resolveTreeParams(o: TreeOptionValues, nSamples: number, nFeatures: number,
  weightSum: number): ResolvedTreeParams {
  const minSamplesLeaf = Number.isInteger(o.minSamplesLeaf) ? o.minSamplesLeaf : Math.ceil(o.minSamplesLeaf * nSamples);
  let minSamplesSplit = Number.isInteger(o.minSamplesSplit)
    ? o.minSamplesSplit : Math.max(2, Math.ceil(o.minSamplesSplit * nSamples));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    criterion: o.criterion,
    maxDepth: o.maxDepth === null ? INT32_MAX : o.maxDepth,
    minSamplesSplit,
    minSamplesLeaf,
    minWeightLeaf: o.minWeightFractionLeaf * weightSum,
    minImpurityDecrease: o.minImpurityDecrease,
    maxLeafNodes: o.maxLeafNodes === null ? -1 : o.maxLeafNodes,
    maxFeatures: resolveMaxFeatures(o.maxFeatures, nFeatures),
  };
}
