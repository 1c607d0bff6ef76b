/**
 * crossValidate and crossValScore: scikit-learn's cross_validate / cross_val_score.
 */
import { NDArray } from "../array/ndarray";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { BaseEstimator } from "../base/estimator";
import { CVOption, checkCv, isClassifier } from "./check_cv";
import { FitJob, prepareData, runFitJobs } from "./fit_score";
import { Scoring } from "./scoring";
import "./fit_task";

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Folds (default 5: StratifiedKFold for classifiers, KFold otherwise), a splitter, or [train, test] pairs. */
  cv?: CVOption;
  /** A scorer name ("accuracy", "r2", "neg_mean_squared_error", …), a callable, or null for est.score. */
  scoring?: Scoring;
  /**
   * Parallel fits: 1/undefined inline, −1 all cores. A callable scoring (or an estimator that is not registered)
   * cannot cross to worker threads, so those runs stay inline, with the same results.
   */
  nJobs?: number | null;
  /** Also score the training folds (default false). */
  returnTrainScore?: boolean;
  /** Return the fitted estimator of each fold (default false). */
  returnEstimator?: boolean;
  /** Score of a failed fit (default NaN, with a warning), or "raise" to re-throw. */
  errorScore?: number | "raise";
}

/** What {@link crossValidate} returns; times in seconds, one entry per split. */
export interface CrossValidateResult<E extends BaseEstimator = BaseEstimator> {
  testScore: NDArray;
  trainScore?: NDArray;
  fitTime: NDArray;
  scoreTime: NDArray;
  estimator?: E[];
}

/** crossValidate's result for options `O`: trainScore and estimator are present (not optional) when O asks for them. */
export type CrossValidateOutput<E extends BaseEstimator, O> = CrossValidateResult<E> &
  (O extends { returnTrainScore: true } ? { trainScore: NDArray } : unknown) &
  (O extends { returnEstimator: true } ? { estimator: E[] } : unknown);

function checkEstimator(est: unknown): BaseEstimator {
  if (!(est instanceof BaseEstimator) || typeof (est as unknown as { fit?: unknown }).fit !== "function") {
    throw new InputTypeError("estimator", "an estimator (a BaseEstimator with fit)", est);
  }
  return est;
}

/**
 * Split the data with cv; fit a clone of `estimator` on each training part and score it on the held-out part.
 * @param estimator - an unfitted estimator (it is not modified)
 * @param X - samples [n, features]
 * @param y - targets (omit for unsupervised estimators)
 * @param options - cv, scoring, nJobs, returnTrainScore, returnEstimator, errorScore
 * @example
 * const r = crossValidate(new LinearRegression(), X, y, { cv: 5, scoring: "r2", returnTrainScore: true });
 * r.testScore.mean();
 */
export function crossValidate<E extends BaseEstimator, const O extends CrossValidateOptions = CrossValidateOptions>(
  estimator: E, X: unknown, y?: unknown, options?: O): CrossValidateOutput<E, O> {
  const opts: CrossValidateOptions = options ?? {};
  const base = checkEstimator(estimator);
  const errorScore = opts.errorScore ?? NaN;
  if (errorScore !== "raise" && typeof errorScore !== "number") {
    throw new OptionError("errorScore", 'a number or "raise"', errorScore);
  }
  const data = prepareData(X, y);
  const n = data.X.shape[0];
  if (data.y !== undefined) {
    const ny = data.y instanceof NDArray ? data.y.shape[0] : data.y.length;
    if (ny !== n) throw new ShapeError("y", `${n} targets (one per sample of X)`, `${ny}`);
  }
  const cv = checkCv(opts.cv, data.y, isClassifier(base));
  const jobs: FitJob[] = cv.split(data.X, data.y).map(([train, test]) => ({ params: null, train, test }));
  const results = runFitJobs(base, data, jobs, {
    scoring: opts.scoring, returnTrainScore: opts.returnTrainScore === true,
    returnEstimator: opts.returnEstimator === true, errorScore,
  }, opts.nJobs);
  const col = (f: (r: (typeof results)[number]) => number) => new NDArray(Float64Array.from(results, f), [results.length]);
  const out: CrossValidateResult<E> = {
    testScore: col((r) => r.testScore),
    fitTime: col((r) => r.fitTime),
    scoreTime: col((r) => r.scoreTime),
  };
  if (opts.returnTrainScore) out.trainScore = col((r) => r.trainScore as number);
  if (opts.returnEstimator) out.estimator = results.map((r) => r.estimator as E);
  // the fields O asks for were just set
  return out as CrossValidateOutput<E, O>;
}

/** Options of {@link crossValScore}. */
export type CrossValScoreOptions = Pick<CrossValidateOptions, "cv" | "scoring" | "nJobs" | "errorScore">;

/**
 * The test score of each cross-validation split (scikit-learn's cross_val_score).
 * @param estimator - an unfitted estimator
 * @param X - samples
 * @param y - targets
 * @param options - cv (default 5), scoring, nJobs, errorScore
 * @example
 * const scores = crossValScore(model, X, y, { cv: 5, scoring: "f1" });
 * scores.mean();
 */
export function crossValScore(estimator: BaseEstimator, X: unknown, y?: unknown, options: CrossValScoreOptions = {}): NDArray {
  return crossValidate(estimator, X, y, options).testScore;
}
