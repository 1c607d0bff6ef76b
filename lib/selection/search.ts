/**
 * GridSearchCV and RandomizedSearchCV: every candidate × every split fitted (on the worker pool with nJobs),
 * cvResults_ as scikit-learn computes them, the first best candidate winning ties, and a refit on all data.
 */
import { performance } from "perf_hooks";
import { NDArray } from "../array/ndarray";
import { InputTypeError, OptionError } from "../errors";
import type { EstimatorTypeOf, PredictedLabels, WrapperFittedClasses } from "../base/roles";
import { BaseEstimator, MethodResult, Params, PropertyOf, cloneParams, registerEstimator, fittedAttributes, hasFitted } from "../base/estimator";
import { paramsText } from "../base/repr";
import { display, mime, updateDisplay } from "../display";
import { RandomState } from "../random/random_state";
import { CVOption, checkCv, isClassifier } from "./check_cv";
import { FitJob, prepareData, runFitJobs } from "./fit_score";
import { SCORER_NAMES, Scoring, getScorer } from "./scoring";
import { ARRAY, BOOLEAN, CALLABLE, MAPPING, NUMBER, ParameterConstraints, RANDOM_STATE, hasMethod, instanceOf, interval, oneOf } from "../base/constraints";
import { CVResults, meanStd, rankMin } from "./cv_results";
import { ParamDistributionsInput, ParamGridInput, parameterGrid, parameterSampler } from "./param_grid";
import "./fit_task";
import { LinearRegression } from "../linear/linear_regression";
import { LogisticRegression } from "../linear/logistic";

/** Options shared by the searches. */
export interface SearchOptions {
  /** Scorer name or callable; null (default) uses the estimator's score method. */
  scoring?: Scoring;
  /** Folds (default 5: stratified for classifiers), a splitter or [train, test] pairs. */
  cv?: CVOption;
  /** Refit the best candidate on all the data (default true); needed for predict/score. */
  refit?: boolean;
  /** Parallel fits: 1/undefined inline, −1 all cores (a callable scoring runs inline). */
  nJobs?: number | null;
  /** ≥ 1: show progress in one updating display. */
  verbose?: number;
  /** Also score the training folds (default false). */
  returnTrainScore?: boolean;
  /** Score of a failed fit (default NaN) or "raise". */
  errorScore?: number | "raise";
}

const SEARCH_DEFAULTS = {
  estimator: null, scoring: null, cv: 5, refit: true, nJobs: null, verbose: 0,
  returnTrainScore: false, errorScore: NaN,
};

type Est = BaseEstimator & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let progressCounter = 0;

/** The constraints of the options every search has (each search adds its candidates' option). */
const SEARCH_CONSTRAINTS = {
  estimator: [instanceOf(BaseEstimator, "an estimator (a BaseEstimator with fit)")],
  scoring: [oneOf(null, ...SCORER_NAMES), CALLABLE],
  cv: [interval("integer", 2, null, "left"), hasMethod("split", "a splitter (KFold, StratifiedKFold, …)"), ARRAY],
  refit: [BOOLEAN],
  // joblib's n_jobs: 0 means nothing
  nJobs: [oneOf(null), interval("integer", 1, null, "left"), interval("integer", null, -1, "right")],
  verbose: [interval("integer", 0, null, "left")],
  returnTrainScore: [BOOLEAN],
  errorScore: [oneOf("raise"), NUMBER],
} satisfies ParameterConstraints<SearchOptions & { estimator: unknown }>;

/** The options as fields, typed once from the options interface. */
export interface BaseSearchCV<E extends BaseEstimator = BaseEstimator> extends Required<SearchOptions> {}

/**
 * The machinery shared by GridSearchCV and RandomizedSearchCV, generic in the estimator searched over, so the
 * refitted `bestEstimator_` has its type (and `predict` returns what its predict returns).
 */
export abstract class BaseSearchCV<E extends BaseEstimator = BaseEstimator> extends BaseEstimator {
  declare estimator: E;

  /** Results per candidate (displayed as a table). */
  declare cvResults_: CVResults;
  /** Index of the best candidate in cvResults_. */
  declare bestIndex_: number;
  /** Mean cross-validated score of the best candidate. */
  declare bestScore_: number;
  /** Parameters of the best candidate. */
  declare bestParams_: Params;
  /** The best candidate refitted on all data (reading it after a fit with refit: false throws OptionError). */
  declare bestEstimator_: E;
  /** Seconds the refit took (refit: true). */
  declare refitTime_: number;
  /** Number of cross-validation splits. */
  declare nSplits_: number;
  /** Classes of the refitted classifier (typed as the searched estimator's). */
  declare classes_: PropertyOf<E, "classes_">;
  static {
    fittedAttributes(this, ["cvResults_", "bestIndex_", "bestScore_", "bestParams_", "bestEstimator_", "refitTime_", "nSplits_", "classes_"], {
      whenUnset(search, name) {
        if (name === "bestEstimator_" || name === "refitTime_") {
          throw new OptionError(`${search.constructor.name}.${name}`, "a search fitted with refit: true", "refit: false");
        }
      },
    });
  }

  /** A search is what it searches over: a search over a classifier is a classifier. */
  get _estimatorType(): EstimatorTypeOf<E> {
    const e: unknown = this.estimator;
    return (e instanceof BaseEstimator ? e._estimatorType : undefined) as EstimatorTypeOf<E>;
  }

  /** The candidates to evaluate, in order. */
  protected abstract candidates(): Params[];

  /**
   * Evaluate every candidate with cross-validation, then refit the best.
   * @param X - samples
   * @param y - targets
   * @returns this
   * @example
   * new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }).fit(X, y).bestParams_;
   */
  fit<Y = unknown>(X: unknown, y?: Y): this & WrapperFittedClasses<E, Y> {
    const name = this.constructor.name;
    this.validateParams();
    const base = this.estimator;
    // the table knows it is an estimator; a transformer-only class may still lack fit
    if (typeof (base as Est).fit !== "function") {
      throw new InputTypeError(`${name} estimator`, "an estimator (a BaseEstimator with fit)", base);
    }
    getScorer(this.scoring);
    const candidates = this.candidates();
    if (candidates.length === 0) throw new OptionError(`${name} parameter grid`, "at least one candidate", "none");
    for (const c of candidates) base.clone().setParams(cloneParams(c) as Params); // unknown names → OptionError
    const data = prepareData(X, y);
    const splits = checkCv(this.cv, data.y, isClassifier(base)).split(data.X, data.y);
    const nSplits = splits.length;
    const jobs: FitJob[] = [];
    for (const params of candidates) for (const [train, test] of splits) jobs.push({ params, train, test });
    const progress = this.verbose >= 1 ? startProgress(nSplits, candidates.length) : null;
    const t0 = performance.now();
    const results = runFitJobs(base, data, jobs, {
      scoring: this.scoring, returnTrainScore: this.returnTrainScore, returnEstimator: false,
      errorScore: this.errorScore,
    }, this.nJobs, progress ? () => progress.tick() : undefined);
    this.nSplits_ = nSplits;
    this.cvResults_ = buildResults(candidates, nSplits, results, this.returnTrainScore);
    const ranks = this.cvResults_.rankTestScore.data;
    let best = 0;
    for (let i = 1; i < ranks.length; i++) if (ranks[i] < ranks[best]) best = i;
    this.bestIndex_ = best;
    this.bestScore_ = this.cvResults_.meanTestScore.data[best];
    this.bestParams_ = candidates[best];
    if (this.refit) {
      const r0 = performance.now();
      const est = base.clone().setParams(cloneParams(candidates[best]) as Params);
      (est as Est).fit(X, y);
      this.refitTime_ = (performance.now() - r0) / 1000;
      this.bestEstimator_ = est;
      this.nFeaturesIn_ = est.nFeaturesIn_;
      this.featureNamesIn_ = est.featureNamesIn_;
      const classes = (est as Est).classes_;
      if (classes !== undefined) this.classes_ = classes;
    }
    progress?.done((performance.now() - t0) / 1000, this.bestScore_, this.bestParams_);
    return this as this & WrapperFittedClasses<E, Y>;
  }

  private best(method: string): Est {
    this.checkIsFitted(method);
    if (!hasFitted(this, "bestEstimator_")) {
      throw new OptionError(`${this.constructor.name}.${method}()`, "a search fitted with refit: true", "refit: false");
    }
    const est = this.bestEstimator_ as Est;
    if (typeof est[method] !== "function") {
      throw new OptionError(`${this.constructor.name}.${method}()`, `a best estimator with ${method}()`, est.constructor.name);
    }
    return est;
  }

  /** Predict with the refitted best estimator. @param X - samples @example search.predict(XTest) */
  predict(X: unknown): PredictedLabels<this, MethodResult<E, "predict">> { return this.best("predict").predict(X); }
  /** Class probabilities from the best estimator. @param X - samples @example search.predictProba(XTest) */
  predictProba(X: unknown): MethodResult<E, "predictProba"> { return this.best("predictProba").predictProba(X); }
  /** Decision scores from the best estimator. @param X - samples @example search.decisionFunction(XTest) */
  decisionFunction(X: unknown): MethodResult<E, "decisionFunction"> { return this.best("decisionFunction").decisionFunction(X); }
  /** Class log-probabilities from the best estimator. @param X - samples @example search.predictLogProba(XTest) */
  predictLogProba(X: unknown): MethodResult<E, "predictLogProba"> { return this.best("predictLogProba").predictLogProba(X); }
  /** Transform with the best estimator. @param X - samples @example search.transform(X) */
  transform(X: unknown): MethodResult<E, "transform"> { return this.best("transform").transform(X); }

  /**
   * Score the best estimator with the search's scoring (its own score method when scoring is null).
   * @param X - samples
   * @param y - true targets
   * @example
   * search.score(XTest, yTest);
   */
  score(X: unknown, y?: unknown): number {
    this.checkIsFitted("score");
    if (!hasFitted(this, "bestEstimator_")) throw new OptionError(`${this.constructor.name}.score()`, "a search fitted with refit: true", "refit: false");
    return getScorer(this.scoring)(this.bestEstimator_, X, y);
  }
}

function buildResults(candidates: Params[], nSplits: number, results: ReturnType<typeof runFitJobs>,
  withTrain: boolean): CVResults {
  const nc = candidates.length;
  const arr = (f: (r: (typeof results)[number]) => number) => Float64Array.from(results, f);
  const col = (a: Float64Array) => new NDArray(a, [a.length]);
  const columns: Record<string, NDArray | unknown[]> = {};
  const fit = meanStd(arr((r) => r.fitTime), nSplits);
  const score = meanStd(arr((r) => r.scoreTime), nSplits);
  columns.meanFitTime = col(fit.mean);
  columns.stdFitTime = col(fit.std);
  columns.meanScoreTime = col(score.mean);
  columns.stdScoreTime = col(score.std);
  const names: string[] = [];
  for (const c of candidates) for (const k of Object.keys(c)) if (!names.includes(k)) names.push(k);
  for (const k of names.sort()) columns[`param_${k}`] = candidates.map((c) => (k in c ? c[k] : undefined));
  const addScores = (kind: "Test" | "Train", values: Float64Array) => {
    for (let s = 0; s < nSplits; s++) {
      columns[`split${s}${kind}Score`] = col(Float64Array.from({ length: nc }, (_, c) => values[c * nSplits + s]));
    }
    const ms = meanStd(values, nSplits);
    columns[`mean${kind}Score`] = col(ms.mean);
    columns[`std${kind}Score`] = col(ms.std);
    return ms.mean;
  };
  const meanTest = addScores("Test", arr((r) => r.testScore));
  columns.rankTestScore = new NDArray(rankMin(meanTest), [nc]);
  if (withTrain) addScores("Train", arr((r) => r.trainScore as number));
  return new CVResults(candidates, columns);
}

function startProgress(nSplits: number, nCandidates: number) {
  const total = nSplits * nCandidates;
  const id = `typelearn-search-${++progressCounter}`;
  const head = `Fitting ${nSplits} folds for each of ${nCandidates} candidates, totalling ${total} fits`;
  display(mime({ "text/plain": head }), { displayId: id });
  let done = 0;
  let shown = 0;
  return {
    tick(): void {
      done++;
      // at most ~10 updates, so plain-text output (one line per update) stays short
      if (done < total && done - shown < Math.max(2, Math.ceil(total / 10))) return;
      shown = done;
      if (done < total) updateDisplay(mime({ "text/plain": `${head}: ${done}/${total} done` }), id);
    },
    done(seconds: number, bestScore: number, bestParams: Params): void {
      // Four decimals and key=value pairs: the full float and JSON wrapped mid-number in a notebook's output.
      updateDisplay(mime({ "text/plain": `${head}: ${total}/${total} done in ${seconds.toFixed(2)} s; best score ` +
        `${bestScore.toFixed(4)} with ${paramsText(bestParams)}` }), id);
    },
  };
}

/** Options of {@link GridSearchCV}. */
export type GridSearchCVOptions = SearchOptions;

/**
 * Exhaustive search over a parameter grid with cross-validation (scikit-learn's GridSearchCV). Candidates come in
 * ParameterGrid order (keys sorted, last key fastest); `name__option` reaches into pipelines.
 *
 * @example
 * const search = new GridSearchCV(makePipeline(new StandardScaler(), new LogisticRegression()),
 *   { logisticregression__C: [0.1, 1, 10] }, { cv: 5, scoring: "f1", nJobs: -1 });
 * search.fit(X, y).bestParams_;
 */
export class GridSearchCV<E extends BaseEstimator = BaseEstimator> extends BaseSearchCV<E> {
  static readonly parameterConstraints: ParameterConstraints<GridSearchCVOptions & { estimator: unknown; paramGrid: unknown }> = {
    ...SEARCH_CONSTRAINTS, paramGrid: [MAPPING, ARRAY],
  };
  declare paramGrid: ParamGridInput;

  /**
   * @param estimator - the estimator to tune (or one options object holding estimator and paramGrid, as clone uses)
   * @param paramGrid - { name: values[] } or a list of such grids
   * @param options - scoring, cv, refit, nJobs, verbose, returnTrainScore, errorScore
   */
  constructor(estimator: E | (GridSearchCVOptions & { estimator?: E; paramGrid?: ParamGridInput }),
    paramGrid?: ParamGridInput, options: GridSearchCVOptions = {}) {
    const opts = estimator instanceof BaseEstimator ? { ...options, estimator, paramGrid } : estimator;
    super({ ...SEARCH_DEFAULTS, paramGrid: null }, opts);
  }

  protected candidates(): Params[] {
    return parameterGrid(this.paramGrid);
  }
}

/** Options of {@link RandomizedSearchCV}. */
export interface RandomizedSearchCVOptions extends SearchOptions {
  /** Number of candidates sampled (default 10). */
  nIter?: number;
  /** Seed or RandomState of the sampling. */
  randomState?: number | RandomState | null;
}

/** The options as fields, typed once from the options interface. */
export interface RandomizedSearchCV<E extends BaseEstimator = BaseEstimator> extends Required<RandomizedSearchCVOptions> {}

/**
 * Randomized search: nIter candidates sampled from distributions (uniform, loguniform, randint) or lists, with
 * scikit-learn's ParameterSampler draws (same randomState → same candidates).
 *
 * @example
 * new RandomizedSearchCV(new Ridge(), { alpha: loguniform(1e-3, 1e2) }, { nIter: 20, randomState: 0 }).fit(X, y);
 */
export class RandomizedSearchCV<E extends BaseEstimator = BaseEstimator> extends BaseSearchCV<E> {
  static readonly parameterConstraints: ParameterConstraints<RandomizedSearchCVOptions & { estimator: unknown; paramDistributions: unknown }> = {
    ...SEARCH_CONSTRAINTS, paramDistributions: [MAPPING, ARRAY], nIter: [interval("integer", 1, null, "left")],
    randomState: [RANDOM_STATE],
  };
  declare paramDistributions: ParamDistributionsInput;

  /**
   * @param estimator - the estimator to tune (or one options object, as clone uses)
   * @param paramDistributions - { name: values[] | distribution } or a list of such objects
   * @param options - nIter, randomState and the SearchOptions
   */
  constructor(estimator: E | (RandomizedSearchCVOptions & { estimator?: E; paramDistributions?: ParamDistributionsInput }),
    paramDistributions?: ParamDistributionsInput, options: RandomizedSearchCVOptions = {}) {
    const opts = estimator instanceof BaseEstimator ? { ...options, estimator, paramDistributions } : estimator;
    super({ ...SEARCH_DEFAULTS, paramDistributions: null, nIter: 10, randomState: null }, opts);
  }

  protected candidates(): Params[] {
    return parameterSampler(this.paramDistributions, this.nIter, this.randomState);
  }
}

registerEstimator(GridSearchCV, { examples: [
  // a search's cvResults_ (a CVResults table) is not encodable in specs yet, hence specState: false
  { label: "LinearRegression", make: () => new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 3, errorScore: "raise" }),
    unsetAfterFit: ["classes_"], specState: false },
] });
registerEstimator(RandomizedSearchCV, { examples: [
  { label: "LogisticRegression", make: () => new RandomizedSearchCV(new LogisticRegression(), { C: [0.1, 1, 10] }, { cv: 3, nIter: 2, randomState: 0, errorScore: "raise" }),
    specState: false },
] });
