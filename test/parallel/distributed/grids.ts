/** The searches the distributed tests run, and a bit-exact fingerprint of their results. */
import { GridSearchCV, RandomForestClassifier, StandardScaler, loadBreastCancer, trainTestSplit } from "../../../lib";
import type { NDArray } from "../../../lib";

/** The guide's data: breast cancer, 80 % train split, standardized (notebooks/08-grid-search.ipynb). */
export function guideData(): { X: NDArray; y: NDArray } {
  const data = loadBreastCancer();
  const [XTrain, , yTrain] = trainTestSplit(data.data, data.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  return { X: new StandardScaler().fitTransform(XTrain) as NDArray, y: yTrain };
}

/** The guide's 540-fit grid (108 candidates × 5 folds). */
export const GUIDE_GRID = {
  nEstimators: [50, 100, 200], maxDepth: [5, 10, 20, null], minSamplesSplit: [2, 5, 10], minSamplesLeaf: [1, 2, 4],
};

/** A 27-fit grid of 100-tree forests: tasks long enough to be caught mid-run. */
export const SMALL_GRID = { maxDepth: [4, 8, null], minSamplesLeaf: [1, 2, 4] };

/**
 * Fit a search and fingerprint every score bit-exactly (hex of the float64 bytes).
 * @example
 * fingerprint(search(SMALL_GRID, -1, 100));
 */
export function runSearch(grid: Record<string, unknown[]>, nJobs: number, nEstimators?: number, cv = 3): string {
  const { X, y } = guideData();
  const est = new RandomForestClassifier(nEstimators ? { randomState: 42, nEstimators } : { randomState: 42 });
  const s = new GridSearchCV(est, grid, { cv, scoring: "f1", nJobs }).fit(X, y);
  const r = s.cvResults_ as unknown as Record<string, unknown>;
  const parts: string[] = [JSON.stringify(s.bestParams_)];
  for (let k = 0; k < cv; k++) parts.push(hex((r[`split${k}TestScore`] as NDArray).data as Float64Array));
  parts.push(hex((s.cvResults_.meanTestScore as NDArray).data as Float64Array));
  return parts.join("|");
}

/** Hex of a Float64Array's bytes. */
export function hex(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
}
