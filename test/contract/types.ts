/**
 * What a contract case declares about one estimator. Each family adds a file under test/contract/cases/ that
 * exports `cases: ContractCase[]`; the suite in contract.test.ts runs every check over every case.
 */
export type EstimatorKind = "regressor" | "classifier" | "transformer" | "clusterer";

/** One estimator under the contract suite. */
export interface ContractCase {
  /** Shown in test names, e.g. "KMeans". */
  name: string;
  kind: EstimatorKind;
  /** A fresh estimator with its test options (include a randomState when it is randomized). */
  make: () => any;
  /** The estimator accepts NaN in X (e.g. SimpleImputer, histogram boosting). */
  allowsNaN?: boolean;
  /** Transformers that need y, or estimators with constraints on data: a custom data maker. */
  data?: () => { X: number[][]; y?: number[] };
  /** The method whose output is compared (default: predict, or transform for transformers). */
  method?: string;
  /** Tolerance when comparing outputs of identical inputs in different containers (default exact). */
  tolerance?: number;
  /** Fitted attributes this case's fit legitimately leaves unset (they read as undefined once fitted), besides
   * featureNamesIn_ (unset after a fit on unnamed columns), e.g. oobScore_ without `oobScore: true`. */
  unsetAfterFit?: string[];
  /** false when the fitted state holds values toSpec cannot encode yet (skips the fitted-spec round trip). */
  specState?: boolean;
}
