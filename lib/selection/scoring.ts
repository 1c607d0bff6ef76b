/**
 * Scorers by name, as scikit-learn's get_scorer: a scorer is (estimator, X, y) → number, greater is better
 * (losses are negated: "neg_mean_squared_error").
 */
import { NDArray } from "../array/ndarray";
import { OptionError } from "../errors";
import { meanAbsoluteError, meanSquaredError, r2Score } from "../metrics/regression";
import { accuracyScore, f1Score, precisionScore, recallScore } from "../metrics/classification";
import type { Average } from "../metrics/classification";
import { rocAucScore } from "../metrics/roc_auc";
import { logLoss } from "../metrics/log_loss";
import type { LabelsLike } from "../metrics/labels";

/** A scorer: greater is better. */
export type Scorer = (estimator: any, X: unknown, y: unknown) => number; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A scoring option: a scorer name, a callable, or null/undefined for the estimator's own score method. */
export type Scoring = string | Scorer | null | undefined;

type Est = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function call(est: Est, method: string, X: unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof est[method] !== "function") {
    throw new OptionError(`scorer: ${est.constructor?.name ?? "estimator"}.${method}`,
      `an estimator with a ${method}() method for this scoring`, "none");
  }
  return est[method](X);
}

const labels = (y: unknown) => y as LabelsLike;

function predictScorer(metric: (y: LabelsLike, p: LabelsLike) => number, sign = 1): Scorer {
  return (est, X, y) => sign * metric(labels(y), call(est, "predict", X));
}

function prf(fn: typeof f1Score, average: Average): Scorer {
  return predictScorer((y, p) => fn(y, p, { average }) as number);
}

/** Scores for roc_auc: decision_function when the estimator has one, else the positive class's probability. */
function thresholdScores(est: Est, X: unknown): NDArray | number[][] {
  if (typeof est.decisionFunction === "function") return est.decisionFunction(X);
  const proba = call(est, "predictProba", X) as NDArray;
  if (proba instanceof NDArray && proba.ndim === 2 && proba.shape[1] === 2) {
    const n = proba.shape[0];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = proba.data[i * 2 + 1];
    return new NDArray(out, [n]);
  }
  return proba;
}

const SCORERS: Record<string, Scorer> = {
  accuracy: predictScorer((y, p) => accuracyScore(y, p)),
  f1: prf(f1Score, "binary"),
  f1_macro: prf(f1Score, "macro"),
  f1_micro: prf(f1Score, "micro"),
  f1_weighted: prf(f1Score, "weighted"),
  precision: prf(precisionScore, "binary"),
  precision_macro: prf(precisionScore, "macro"),
  precision_micro: prf(precisionScore, "micro"),
  precision_weighted: prf(precisionScore, "weighted"),
  recall: prf(recallScore, "binary"),
  recall_macro: prf(recallScore, "macro"),
  recall_micro: prf(recallScore, "micro"),
  recall_weighted: prf(recallScore, "weighted"),
  roc_auc: (est, X, y) => rocAucScore(labels(y), thresholdScores(est, X)),
  neg_log_loss: (est, X, y) => {
    const classes = (est as Est).classes_;
    return -logLoss(labels(y), call(est, "predictProba", X), classes ? { labels: classes } : {});
  },
  r2: (est, X, y) => r2Score(y as NDArray, call(est, "predict", X)),
  neg_mean_squared_error: (est, X, y) => -meanSquaredError(y as NDArray, call(est, "predict", X)),
  neg_root_mean_squared_error: (est, X, y) => -Math.sqrt(meanSquaredError(y as NDArray, call(est, "predict", X))),
  neg_mean_absolute_error: (est, X, y) => -meanAbsoluteError(y as NDArray, call(est, "predict", X)),
};

/** Every scorer name getScorer knows. */
export const SCORER_NAMES: readonly string[] = Object.keys(SCORERS).sort();

/** The estimator's own score method as a scorer (scoring null / undefined). */
const ownScore: Scorer = (est, X, y) => {
  if (typeof (est as Est).score !== "function") {
    throw new OptionError("scoring", "a scoring name or callable (the estimator has no score() method)", null);
  }
  return (est as Est).score(X, y);
};

/**
 * The scorer for a scoring option.
 * @param scoring - a name from SCORER_NAMES, a callable (estimator, X, y) → number, or null/undefined for the
 *   estimator's score method
 * @example
 * getScorer("neg_mean_squared_error")(model, XTest, yTest); // −MSE
 */
export function getScorer(scoring: Scoring): Scorer {
  if (scoring === undefined || scoring === null) return ownScore;
  if (typeof scoring === "function") return scoring;
  if (typeof scoring === "string" && Object.prototype.hasOwnProperty.call(SCORERS, scoring)) return SCORERS[scoring];
  throw new OptionError("scoring", `a callable or one of ${SCORER_NAMES.join(", ")}`, scoring);
}
