/**
 * One contract case: a registered estimator's contract example (lib/base/registry.ts), resolved by the suite into
 * a maker, its role and its data.
 */
import type { ContractExample } from "../../lib/base/registry";

export type EstimatorKind = "regressor" | "classifier" | "transformer" | "clusterer";

/** One estimator configuration under the contract suite. */
export interface ContractCase extends Omit<ContractExample, "make" | "data"> {
  /** Shown in test names, e.g. "KMeans(transform)". */
  name: string;
  /** The role, read from the estimator (`_estimatorType`, or a transformer when it has none). */
  kind: EstimatorKind;
  /** A fresh estimator. */
  make: () => any;
  /** The data to fit on. */
  data: () => { X: number[][]; y?: number[] };
}
