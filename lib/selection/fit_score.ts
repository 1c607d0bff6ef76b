/**
 * Fit-and-score of one (parameters, split), the unit of work of cross-validation and the searches, run inline or
 * as "fitAndScore" tasks on the worker pool (X shared once, estimator sent as a spec).
 */
import { performance } from "perf_hooks";
import { NDArray } from "../array/ndarray";
import { TypelearnError } from "../errors";
import { BaseEstimator, Params, cloneParams } from "../base/estimator";
import { toMatrix } from "../base/validation";
import { seriesValues } from "../frame/adapters";
import { EstimatorSpec, SpecError, fromSpec, toSpec } from "../base/spec";
import { runTasks } from "../parallel/pool";
import { effectiveJobs } from "../parallel/jobs";
import { SharedFloat64, shareArray, sharedView } from "../parallel/shared";
import { takeSamples } from "./indexing";
import { isNumericTypedArray } from "./indexing";
import { Scoring, getScorer } from "./scoring";

/** Every fit of a cross-validation or search failed (errorScore was not "raise"). */
export class FitFailedError extends TypelearnError {
  constructor(readonly nFits: number, readonly firstError: string) {
    super(`All the ${nFits} fits failed; the first error was: ${firstError}`);
  }
}

/** Samples ready for fitting: X as a float64 NDArray, y as an NDArray or a plain label array. */
export interface FitData { X: NDArray; y: NDArray | unknown[] | undefined }

/** One unit of work: the candidate's parameters (null = as is) and one split. */
export interface FitJob { params: Params | null; train: Int32Array; test: Int32Array }

/** How each fit is scored. */
export interface FitScoreOptions {
  scoring: Scoring;
  returnTrainScore: boolean;
  returnEstimator: boolean;
  /** Score given to a failed fit, or "raise" to re-throw its error. */
  errorScore: number | "raise";
}

/** The outcome of one fit. Times in seconds. */
export interface FitResult {
  testScore: number;
  trainScore?: number;
  fitTime: number;
  scoreTime: number;
  estimator?: BaseEstimator;
  /** The failed fit's error message (errorScore stood in for the scores). */
  fitError?: string;
}

/**
 * Bring X and y to the forms the fits use: X → float64 NDArray (data frames lose their column names);
 * numeric y → NDArray; string/boolean labels stay a plain array.
 * @param X - samples
 * @param y - targets or undefined
 * @example
 * prepareData([[1], [2]], [0, 1]).X.shape; // [2, 1]
 */
export function prepareData(X: unknown, y: unknown): FitData {
  let Xa: NDArray;
  if (X instanceof NDArray && X.ndim === 2) Xa = X.dtype === "float64" ? X : new NDArray(Float64Array.from(X.data), X.shape);
  else {
    const m = toMatrix(X, "X", { finite: false });
    Xa = new NDArray(m.data, [m.rows, m.cols]);
  }
  // a polars / danfo Series (a loader's asFrame target) is its values, labels or numbers
  const series = y instanceof NDArray ? null : seriesValues(y);
  if (series) return { X: Xa, y: prepareData(Xa, series).y };
  let ya: NDArray | unknown[] | undefined;
  if (y === undefined || y === null) ya = undefined;
  else if (y instanceof NDArray) ya = y;
  else if (isNumericTypedArray(y)) ya = new NDArray(Float64Array.from(y as ArrayLike<number>), [y.length]);
  else if (Array.isArray(y) && y.every((v) => typeof v === "number")) ya = new NDArray(Float64Array.from(y), [y.length]);
  else if (Array.isArray(y) && y.length > 0 && Array.isArray(y[0])) {
    const m = toMatrix(y, "y", { finite: false });
    ya = new NDArray(m.data, [m.rows, m.cols]);
  } else if (Array.isArray(y)) ya = y.slice();
  else {
    const m = toMatrix(y, "y", { finite: false, minCols: 0 });
    ya = m.cols === 1 ? new NDArray(m.data, [m.rows]) : new NDArray(m.data, [m.rows, m.cols]);
  }
  return { X: Xa, y: ya };
}

function now(): number { return performance.now() / 1000; }

/**
 * Clone `base`, set the job's parameters, fit on the train rows and score the test (and train) rows.
 * @param base - the unfitted template estimator (not modified)
 * @param data - prepared samples
 * @param job - parameters and split
 * @param options - scoring, returnTrainScore, returnEstimator, errorScore
 * @example
 * fitAndScore(new LinearRegression(), prepareData(X, y), { params: null, train, test }, opts).testScore;
 */
export function fitAndScore(base: BaseEstimator, data: FitData, job: FitJob, options: FitScoreOptions): FitResult {
  const scorer = getScorer(options.scoring);
  const est = base.clone();
  if (job.params) est.setParams(cloneParams(job.params) as Params);
  const Xtr = takeSamples(data.X, job.train), Xte = takeSamples(data.X, job.test);
  const ytr = data.y === undefined ? undefined : takeSamples(data.y, job.train);
  const yte = data.y === undefined ? undefined : takeSamples(data.y, job.test);
  const t0 = now();
  let fitTime = 0;
  try {
    (est as unknown as { fit(X: unknown, y?: unknown): unknown }).fit(Xtr, ytr);
    fitTime = now() - t0;
    const s0 = now();
    const testScore = scorer(est, Xte, yte);
    const scoreTime = now() - s0;
    const out: FitResult = { testScore, fitTime, scoreTime };
    if (options.returnTrainScore) out.trainScore = scorer(est, Xtr, ytr);
    if (options.returnEstimator) out.estimator = est;
    return out;
  } catch (e) {
    if (options.errorScore === "raise") throw e;
    if (!fitTime) fitTime = now() - t0;
    const out: FitResult = { testScore: options.errorScore, fitTime, scoreTime: 0, fitError: (e as Error)?.message ?? String(e) };
    if (options.returnTrainScore) out.trainScore = options.errorScore;
    if (options.returnEstimator) out.estimator = est;
    return out;
  }
}

type SharedY = { kind: "ndarray"; data: SharedFloat64; shape: number[]; dtype: NDArray["dtype"] } |
  { kind: "labels"; values: unknown[] } | { kind: "none" };

/** The payload of a "fitAndScore" task. */
export interface FitTaskPayload {
  spec: EstimatorSpec;
  X: { data: SharedFloat64; rows: number; cols: number };
  y: SharedY;
  job: FitJob;
  scoring: string | null;
  returnTrainScore: boolean;
  returnEstimator: boolean;
  errorScore: number | "raise";
}

/** What a "fitAndScore" task returns (the estimator as a fitted spec). */
export type FitTaskResult = Omit<FitResult, "estimator"> & { estimator?: EstimatorSpec };

/**
 * The "fitAndScore" task body (runs in a worker): rebuild the data views and the estimator, then fitAndScore.
 * @param p - the payload
 * @example
 * registerTask("fitAndScore", runFitTask);
 */
export function runFitTask(p: FitTaskPayload): FitTaskResult {
  const X = new NDArray(sharedView(p.X.data), [p.X.rows, p.X.cols]);
  let y: NDArray | unknown[] | undefined;
  if (p.y.kind === "ndarray") {
    const raw = sharedView(p.y.data);
    y = new NDArray(p.y.dtype === "float64" ? raw : p.y.dtype === "int32" ? Int32Array.from(raw) : Uint8Array.from(raw),
      p.y.shape, p.y.dtype);
  } else if (p.y.kind === "labels") y = p.y.values;
  const est = fromSpec(p.spec);
  const r = fitAndScore(est, { X, y }, p.job, {
    scoring: p.scoring, returnTrainScore: p.returnTrainScore, returnEstimator: p.returnEstimator,
    errorScore: p.errorScore,
  });
  const { estimator, ...rest } = r;
  return estimator ? { ...rest, estimator: toSpec(estimator, { fitted: true }) } : rest;
}

/**
 * Run many fit-and-score jobs, on the worker pool when nJobs asks for more than one job. Runs inline (same
 * results) when the scoring is a callable or the estimator cannot be described as a spec (e.g. an unregistered
 * class): neither can cross to a worker.
 * @param base - template estimator
 * @param data - prepared samples
 * @param jobs - (parameters, split) units, results come back in this order
 * @param options - scoring and what to return
 * @param nJobs - joblib-style job count
 * @param onResult - progress callback
 * @example
 * runFitJobs(est, data, jobs, opts, -1);
 */
export function runFitJobs(base: BaseEstimator, data: FitData, jobs: FitJob[], options: FitScoreOptions,
  nJobs: number | null | undefined, onResult?: (i: number) => void): FitResult[] {
  getScorer(options.scoring); // validate the scoring name before any work
  // one spec per job, parameters already set (they may hold estimators, which only cross as specs)
  let specs: EstimatorSpec[] | null = null;
  if (effectiveJobs(nJobs) > 1 && jobs.length > 1 && typeof options.scoring !== "function") {
    try {
      const plain = toSpec(base);
      specs = jobs.map((j) => (j.params ? toSpec(base.clone().setParams(cloneParams(j.params) as Params)) : plain));
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      specs = null;
    }
  }
  let results: FitResult[];
  if (!specs) {
    results = jobs.map((j, i) => {
      const r = fitAndScore(base, data, j, options);
      onResult?.(i);
      return r;
    });
  } else {
    const X = { data: shareArray(data.X.data as Float64Array), rows: data.X.shape[0], cols: data.X.shape[1] };
    let y: SharedY = { kind: "none" };
    if (data.y instanceof NDArray) {
      const f = data.y.data instanceof Float64Array ? data.y.data : Float64Array.from(data.y.data);
      y = { kind: "ndarray", data: shareArray(f), shape: [...data.y.shape], dtype: data.y.dtype };
    } else if (Array.isArray(data.y)) y = { kind: "labels", values: data.y };
    const payloads: FitTaskPayload[] = jobs.map((job, i) => ({
      spec: (specs as EstimatorSpec[])[i], X, y, job: { params: null, train: job.train, test: job.test }, scoring: (options.scoring as string | null | undefined) ?? null,
      returnTrainScore: options.returnTrainScore, returnEstimator: options.returnEstimator,
      errorScore: options.errorScore,
    }));
    const raw = runTasks<FitTaskResult>("fitAndScore", payloads, nJobs, { onResult: (i) => onResult?.(i) });
    results = raw.map((r) => {
      const { estimator, ...rest } = r;
      return estimator ? { ...rest, estimator: fromSpec(estimator) } : rest;
    });
  }
  const failed = results.filter((r) => r.fitError !== undefined);
  if (failed.length === results.length && failed.length > 0) {
    throw new FitFailedError(failed.length, failed[0].fitError as string);
  }
  if (failed.length > 0) {
    process.emitWarning(`${failed.length} of the ${results.length} fits failed and were scored ${options.errorScore}; ` +
      `the first error was: ${failed[0].fitError}`, "FitFailedWarning");
  }
  return results;
}
