/** KMeans' `nInit: "auto"`, with scikit-learn 1.2's meaning (sklearn/cluster/_kmeans.py, _check_params_vs_input). */

/** Restarts: a count ≥ 1, or "auto". */
export type NInit = number | "auto";

/**
 * The number of runs `nInit` asks for: "auto" is 1 run with k-means++ (its seeding is good enough alone) and 10
 * with random or given centres — scikit-learn 1.2's rule; a given array of centres then runs once anyway.
 * @param nInit - the option (checked by KMeans' constraints table)
 * @param init - the init option ("k-means++", "random" or an array)
 * @example resolveNInit("auto", "k-means++"); // 1
 */
export function resolveNInit(nInit: NInit, init: unknown): number {
  if (nInit === "auto") return init === "k-means++" ? 1 : 10;
  return nInit;
}
