/**
 * scikit-learn's check_cv, is_classifier and is_regressor: an integer cv becomes StratifiedKFold for classifiers with class
 * labels and KFold otherwise; a splitter or a list of [train, test] pairs passes through.
 */
import { InputTypeError, OptionError } from "../errors";
import { estimatorType } from "../base/roles";
import { CrossValidator, TrainTest, isCrossValidator, sampleCount } from "./splitter";
import { KFold, StratifiedKFold, classLabels } from "./kfold";

/** A cv option: a fold count, a splitter, or explicit [train, test] index pairs. */
export type CVOption = number | CrossValidator | readonly (readonly [ArrayLike<number>, ArrayLike<number>])[] | null | undefined;

/**
 * True when `est` is a classifier: its typed `_estimatorType` (given by its role, lib/base/roles.ts; a Pipeline
 * or a search answers for the estimator it wraps) is "classifier".
 * @param est - an estimator
 * @example
 * isClassifier(new LogisticRegression()); // true
 * isClassifier(new LinearRegression());   // false
 * isClassifier(makePipeline(new StandardScaler(), new LogisticRegression())); // true
 */
export function isClassifier(est: unknown): boolean {
  return estimatorType(est) === "classifier";
}

/**
 * True when `est` is a regressor (its role's `_estimatorType` is "regressor").
 * @param est - an estimator
 * @example
 * isRegressor(new GridSearchCV(new Ridge(), { alpha: [1, 10] })); // true
 */
export function isRegressor(est: unknown): boolean {
  return estimatorType(est) === "regressor";
}

function isClassLabels(y: unknown): boolean {
  if (y === undefined || y === null) return false;
  try {
    classLabels(y);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolve a cv option to a splitter.
 * @param cv - fold count (default 5), splitter, or [train, test] pairs
 * @param y - targets (decides stratification for classifiers)
 * @param classifier - whether the estimator is a classifier
 * @example
 * checkCv(5, y, true); // StratifiedKFold({ nSplits: 5 }) when y holds class labels
 */
export function checkCv(cv: CVOption, y: unknown, classifier: boolean): CrossValidator {
  if (cv === undefined || cv === null) cv = 5;
  if (typeof cv === "number") {
    if (!Number.isInteger(cv) || cv < 2) throw new OptionError("cv", "an integer ≥ 2, a splitter or [train, test] pairs", cv);
    return classifier && isClassLabels(y) ? new StratifiedKFold({ nSplits: cv }) : new KFold({ nSplits: cv });
  }
  if (isCrossValidator(cv)) return cv;
  if (Array.isArray(cv)) {
    const pairs: TrainTest[] = cv.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new InputTypeError(`cv[${i}]`, "a [train, test] pair of index arrays", p);
      return [Int32Array.from(p[0] as ArrayLike<number>), Int32Array.from(p[1] as ArrayLike<number>)];
    });
    if (pairs.length === 0) throw new OptionError("cv", "at least one [train, test] pair", "an empty array");
    return {
      split: (X: unknown) => {
        const n = sampleCount(X);
        for (const [i, [a, b]] of pairs.entries()) {
          for (const v of [...a, ...b]) {
            if (!(v >= 0 && v < n)) throw new OptionError(`cv[${i}] index`, `an integer in [0, ${n})`, v);
          }
        }
        return pairs.map(([a, b]) => [a.slice(), b.slice()] as TrainTest);
      },
      getNSplits: () => pairs.length,
    };
  }
  throw new OptionError("cv", "an integer ≥ 2, a splitter (KFold, StratifiedKFold, …) or [train, test] pairs", cv);
}
