/**
 * Options shared by the trees and the forests: their constraints (checked by each class's table) and their
 * resolution to the numbers the builder uses, with scikit-learn 1.2's rules. JavaScript has one number type, so
 * an integer means a count and a non-integer in (0, 1) a fraction (sklearn's `1.0` "all features" is `null`).
 */
import { Constraint, interval, oneOf } from "../base/constraints";
import { ShapeError } from "../errors";
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

/**
 * The constraints of the options every tree and forest has (criterion aside, which each class lists). A count is
 * an integer; a fraction is a number in the open interval (0, 1) — 1 itself is the count 1, as JavaScript cannot
 * tell scikit-learn's `1.0` from `1`.
 */
export const TREE_CONSTRAINTS = {
  maxDepth: [oneOf(null), interval("integer", 1, null, "left")],
  minSamplesSplit: [interval("integer", 2, null, "left"), interval("real", 0, 1, "neither")],
  minSamplesLeaf: [interval("integer", 1, null, "left"), interval("real", 0, 1, "neither")],
  minWeightFractionLeaf: [interval("real", 0, 0.5, "both")],
  maxFeatures: [oneOf(null, "sqrt", "log2"), interval("integer", 1, null, "left"), interval("real", 0, 1, "neither")],
  maxLeafNodes: [oneOf(null), interval("integer", 2, null, "left")],
  minImpurityDecrease: [interval("real", 0, null, "left")],
} satisfies { [K in Exclude<keyof TreeOptionValues, "criterion">]: readonly Constraint[] };

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
