/**
 * Learned-state checks of the linear models, run when a model file is loaded (lib/base/state_checks): coef_
 * has one column per feature seen in fit (so nFeaturesIn_ is tied to stored numbers), one row per target or per
 * class column, intercept_ one value per row, all finite; a classifier has at least two distinct classes.
 */
import { NDArray } from "../array/ndarray";
import {
  LearnedState, agree, bad, classesField, describeState, features, finiteValues, intField, isFittedState, ndField,
  registerStateCheck,
} from "../base/state_checks";

/** LinearRegression and Ridge: coef_ [p] with a number intercept_, or [t, p] with intercept_ [t]. */
function checkRegression(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  // a missing coef_ is left to the trial prediction, which names it; anything present must fit nFeaturesIn_
  if (s.coef_ === undefined) return;
  const twoD = s.coef_ instanceof NDArray && s.coef_.ndim === 2;
  const coef = ndField(s, "coef_", path, { shape: twoD ? [null, p] : [p] });
  const icpt = s.intercept_;
  if (twoD) {
    if (coef.shape[0] < 1) bad(`${path}.coef_`, "expected at least one target row");
    if (typeof icpt === "number") finiteValues([icpt], `${path}.intercept_`);
    else ndField(s, "intercept_", path, { shape: [coef.shape[0]] });
  } else if (typeof icpt !== "number" || !Number.isFinite(icpt)) {
    bad(`${path}.intercept_`, `expected a finite number (coef_ is 1-D), received ${describeState(icpt)}`);
  }
  intField(s, "rank_", path, 0, p + 1, false);
  if (s.singular_ !== undefined) {
    const sv = ndField(s, "singular_", path, { shape: [null] });
    if (sv.shape[0] > p + 1) bad(`${path}.singular_`, `expected at most ${p + 1} singular values, received ${sv.shape[0]}`);
  }
  if (s.solver_ !== undefined && s.solver_ !== "cholesky" && s.solver_ !== "svd") {
    bad(`${path}.solver_`, `expected "cholesky" or "svd", received ${describeState(s.solver_)}`);
  }
}

/** LogisticRegression: K ≥ 2 classes, coef_ [1, p] for two classes and [K, p] for more, intercept_ likewise. */
function checkLogistic(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  if (s.coef_ === undefined) return;
  const K = classesField(s, path, 2);
  const rows = K === 2 ? 1 : K;
  ndField(s, "coef_", path, { shape: [rows, p] });
  ndField(s, "intercept_", path, { shape: [rows] });
  if (s.multiClass_ !== "ovr" && s.multiClass_ !== "multinomial") {
    bad(`${path}.multiClass_`, `expected "ovr" or "multinomial", received ${describeState(s.multiClass_)}`);
  }
  ndField(s, "nIter_", path, { shape: [null], dtype: ["int32"], optional: true });
  if (s.classes_ instanceof NDArray) agree(s.classes_.shape[0], K, `${path}.classes_`, "K");
}

registerStateCheck("LinearRegression", checkRegression);
registerStateCheck("Ridge", checkRegression);
registerStateCheck("LogisticRegression", checkLogistic);
