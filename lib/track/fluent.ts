/**
 * The tracking API with MLflow's fluent names (`mlflow.set_experiment` → `mlflow.setExperiment`, …).
 *
 * Sync or async? Every call returns a Promise, whatever the store: an http(s) tracking URI makes each call a
 * network round trip, and one signature for both stores lets a notebook switch by changing only the URI. With the
 * default file store the work is done synchronously before the Promise is returned, so calls happen in program
 * order even if an `await` is forgotten (errors then surface as rejected promises). Always `await` with REST.
 */
import * as os from "os";
import { displaySymbol, MimeBundle, printsAsText } from "../display";
import { Experiment, Metric, Run, RunInfo, RunStatus, RUN_STATUS_CODES } from "./entities";
import { randomRunName } from "./names";
import { RunsTable } from "./runs_table";
import { ArtifactStore, defaultTrackingUri, storeFor } from "./store";
import {
  MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, MlflowError, setOwn, validateExperimentId, validateExperimentName,
  validateKey, validateLength, validateMetric, valueText,
} from "./validation";

/** A parameter's stored text (its text form, within MLflow's length limit). */
const paramText = (v: unknown): string => validateLength("Param value", valueText(v), MAX_PARAM_VALUE_LENGTH);
/** A tag's stored text (its text form, within MLflow's length limit). */
const tagText = (v: unknown): string => validateLength("Tag value", valueText(v), MAX_TAG_VALUE_LENGTH);

export { MlflowError } from "./validation";
export { RunsTable } from "./runs_table";
export type { Experiment, Metric, Run, RunInfo, RunData, RunStatus } from "./entities";

let trackingUri: string | undefined;
let experimentId: string | undefined;
const runStack: ActiveRun[] = [];

/**
 * Set where runs are recorded: a directory path / file: URI (MLflow's file store) or an http(s) tracking server.
 * @param uri - e.g. "/tmp/mlruns", "file:///tmp/mlruns" or "http://localhost:5000"
 * @example mlflow.setTrackingUri("/tmp/mlruns");
 */
export function setTrackingUri(uri: string): void {
  if (typeof uri !== "string" || uri === "") throw new MlflowError(`setTrackingUri: expected a path or URI, received '${String(uri)}'`);
  trackingUri = uri;
  experimentId = undefined;
}

/**
 * The tracking URI in use: the one set, else $MLFLOW_TRACKING_URI, else ./mlruns (as a file: URI).
 * @example mlflow.getTrackingUri(); // "file:///home/me/project/mlruns"
 */
export function getTrackingUri(): string {
  return trackingUri ?? (process.env.MLFLOW_TRACKING_URI || defaultTrackingUri());
}

function store(): ArtifactStore {
  return storeFor(getTrackingUri());
}

/**
 * The run currently receiving logged values (a started run that has not ended).
 * @example
 * const run = await mlflow.startRun({ runName: "try-1" });
 * console.log(run.runId);
 * await run.end();
 */
export class ActiveRun {
  /**
   * @param info - the run's info when it started
   * @param store - the store the run was started in (its later calls go there even if the tracking URI changes)
   */
  constructor(public info: RunInfo, readonly store: ArtifactStore) {}

  /** The run's id (32 hex digits). */
  get runId(): string { return this.info.runId; }

  /**
   * End this run (and any runs nested inside it).
   * @param status - "FINISHED" (default), "FAILED" or "KILLED"
   * @example const run = await mlflow.startRun(); try { … } finally { await run.end(); }
   */
  async end(status: RunStatus = "FINISHED"): Promise<void> {
    const i = runStack.indexOf(this);
    if (i < 0) return;
    while (runStack.length > i) await endRun(status);
  }

  /** `await using run = await mlflow.startRun()` ends the run when the block is left. */
  [Symbol.asyncDispose](): Promise<void> { return this.end(); }

  [displaySymbol](): MimeBundle {
    return { "text/plain": `<ActiveRun: run_id=${this.info.runId}, run_name=${this.info.runName}, status=${this.info.status}>` };
  }
}

/**
 * Make an experiment the active one, creating it when missing (mlflow.set_experiment).
 * @param nameOrOptions - the experiment's name, or `{ experimentId }`
 * @returns the experiment
 * @example await mlflow.setExperiment("cancer-classification");
 */
export async function setExperiment(nameOrOptions: string | { experimentName?: string; experimentId?: string }): Promise<Experiment> {
  const s = store();
  let exp: Experiment;
  if (typeof nameOrOptions === "string") {
    exp = await s.getOrCreateExperiment(validateExperimentName(nameOrOptions));
  } else if (nameOrOptions && nameOrOptions.experimentId !== undefined) {
    exp = await s.getExperiment(validateExperimentId(String(nameOrOptions.experimentId)));
  } else if (nameOrOptions && nameOrOptions.experimentName !== undefined) {
    exp = await s.getOrCreateExperiment(validateExperimentName(nameOrOptions.experimentName));
  } else {
    throw new MlflowError("setExperiment: expected an experiment name or { experimentId }, received neither");
  }
  if (exp.lifecycleStage !== "active") {
    throw new MlflowError(`Cannot set a deleted experiment '${exp.name}' as the active experiment.`, "INVALID_PARAMETER_VALUE");
  }
  experimentId = exp.experimentId;
  return exp;
}

async function currentExperimentId(s: ArtifactStore): Promise<string> {
  if (experimentId !== undefined) return experimentId;
  if (process.env.MLFLOW_EXPERIMENT_ID) return validateExperimentId(process.env.MLFLOW_EXPERIMENT_ID);
  if (process.env.MLFLOW_EXPERIMENT_NAME) return (await s.getOrCreateExperiment(process.env.MLFLOW_EXPERIMENT_NAME)).experimentId;
  return "0";
}

/** Options of {@link startRun}. */
export interface StartRunOptions {
  /** The run's name (default: a random one such as "swift-otter-417"). */
  runName?: string;
  /** Start inside the active run (tag mlflow.parentRunId); without it, starting while a run is active is an error. */
  nested?: boolean;
  /** Log into this experiment instead of the active one. */
  experimentId?: string;
  /** Tags to set at start. */
  tags?: Record<string, unknown>;
  /** A note shown in MLflow's UI (tag mlflow.note.content). */
  description?: string;
}

/**
 * Start a run (mlflow.start_run); later log calls go to it until {@link endRun}.
 * @param options - { runName, nested, experimentId, tags, description }
 * @returns the active run; end it with `await run.end()` or `await mlflow.endRun()`
 * @example
 * const run = await mlflow.startRun({ runName: "depth-4" });
 * try { await mlflow.logParam("maxDepth", 4); } finally { await run.end(); }
 */
export async function startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
  const parent = runStack[runStack.length - 1];
  if (parent && !options.nested) {
    throw new MlflowError(`Run with UUID ${parent.runId} is already active. To start a nested run, call startRun ` +
      "with { nested: true }; to start a new run, first end the current one with mlflow.endRun().", "INVALID_STATE");
  }
  const s = store();
  const expId = options.experimentId !== undefined ? validateExperimentId(String(options.experimentId)) : await currentExperimentId(s);
  const userId = userName();
  const tags: Record<string, string> = {
    "mlflow.user": userId,
    "mlflow.source.name": process.argv[1] ?? "",
    "mlflow.source.type": "LOCAL",
  };
  if (parent) tags["mlflow.parentRunId"] = parent.runId;
  if (options.description !== undefined) tags["mlflow.note.content"] = String(options.description);
  for (const [k, v] of Object.entries(options.tags ?? {})) setOwn(tags, validateKey("tag", k), tagText(v));
  const runName = options.runName ?? randomRunName();
  if (typeof runName !== "string" || runName === "") throw new MlflowError(`startRun: runName: expected a non-empty string, received '${String(runName)}'`);
  const run = await s.createRun({ experimentId: expId, userId, startTime: Date.now(), runName, tags });
  const active = new ActiveRun(run.info, s);
  runStack.push(active);
  return active;
}

function userName(): string {
  try { return os.userInfo().username; } catch { return process.env.USER ?? "unknown"; }
}

/** The active run, or undefined (mlflow.active_run). */
export function activeRun(): ActiveRun | undefined {
  return runStack[runStack.length - 1];
}

/**
 * End the active run (mlflow.end_run).
 * @param status - "FINISHED" (default), "FAILED" or "KILLED"
 * @example await mlflow.endRun();
 */
export async function endRun(status: RunStatus = "FINISHED"): Promise<void> {
  if (!(status in RUN_STATUS_CODES)) throw new MlflowError(`endRun: status: expected one of ${Object.keys(RUN_STATUS_CODES).join(", ")}, received '${status}'`);
  const run = runStack[runStack.length - 1];
  if (!run) return;
  // Leave the stack first: a failing server call must not keep a dead run "active" forever.
  runStack.pop();
  run.info = await storeOf(run).updateRunInfo(run.runId, status, Date.now());
}

/** The store a run was started in (its later calls go there even if the tracking URI changes meanwhile). */
export function storeOf(run: ActiveRun): ArtifactStore {
  return run.store;
}

/** The active run, started on demand as MLflow's fluent API does when something is logged outside a run. */
export async function target(): Promise<ActiveRun> {
  return runStack[runStack.length - 1] ?? startRun();
}

/**
 * Log a parameter of the active run (its text form; params are immutable).
 * @example await mlflow.logParam("maxDepth", 10);
 */
export async function logParam(key: string, value: unknown): Promise<void> {
  validateKey("param", key);
  const text = paramText(value);
  const run = await target();
  await storeOf(run).logParam(run.runId, key, text);
}

/**
 * Log several parameters.
 * @example await mlflow.logParams({ nEstimators: 100, maxDepth: 10 });
 */
export async function logParams(params: Record<string, unknown>): Promise<void> {
  const batch: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    setOwn(batch, validateKey("param", k), paramText(v));
  }
  await logBatch({ params: batch });
}

/** One log-batch call in chunks within MLflow's limits (100 params or tags, 1000 metrics per request). */
async function logBatch(batch: { metrics?: Metric[]; params?: Record<string, string>; tags?: Record<string, string> }): Promise<void> {
  const run = await target();
  const s = storeOf(run);
  const chunk = <T>(a: T[], n: number) => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));
  for (const p of chunk(Object.entries(batch.params ?? {}), 100)) await s.logBatch(run.runId, { params: Object.fromEntries(p) });
  for (const m of chunk(batch.metrics ?? [], 1000)) await s.logBatch(run.runId, { metrics: m });
  for (const t of chunk(Object.entries(batch.tags ?? {}), 100)) await s.logBatch(run.runId, { tags: Object.fromEntries(t) });
}

/** Options of {@link logMetric}. */
export interface LogMetricOptions {
  /** The training step (default 0). */
  step?: number;
  /** Milliseconds since the epoch (default now). */
  timestamp?: number;
}

/**
 * Log a metric value of the active run; logging again appends to its history.
 * @example await mlflow.logMetric("loss", 0.25, { step: 3 });
 */
export async function logMetric(key: string, value: number, options: LogMetricOptions = {}): Promise<void> {
  const m: Metric = { key, value, timestamp: options.timestamp ?? Date.now(), step: options.step ?? 0 };
  validateMetric(m.key, m.value, m.timestamp, m.step);
  const run = await target();
  await storeOf(run).logMetric(run.runId, m);
}

/**
 * Log several metrics at one step.
 * @example await mlflow.logMetrics({ accuracy: 0.96, f1: 0.97 });
 */
export async function logMetrics(metrics: Record<string, number>, options: LogMetricOptions = {}): Promise<void> {
  const timestamp = options.timestamp ?? Date.now();
  const step = options.step ?? 0;
  const list: Metric[] = Object.entries(metrics).map(([key, value]) => {
    validateMetric(key, value, timestamp, step);
    return { key, value, timestamp, step };
  });
  await logBatch({ metrics: list });
}

/**
 * Set a tag of the active run (tags may be overwritten).
 * @example await mlflow.setTag("dataset", "breast cancer");
 */
export async function setTag(key: string, value: unknown): Promise<void> {
  validateKey("tag", key);
  const text = tagText(value);
  const run = await target();
  await storeOf(run).setTag(run.runId, key, text);
}

/**
 * Set several tags.
 * @example await mlflow.setTags({ team: "ml", stage: "dev" });
 */
export async function setTags(tags: Record<string, unknown>): Promise<void> {
  const batch: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) setOwn(batch, validateKey("tag", k), tagText(v));
  await logBatch({ tags: batch });
}

/**
 * Copy a local file (or a directory's files) into the active run's artifacts.
 * @param localPath - the file or directory
 * @param artifactPath - a sub-directory inside the run's artifacts
 * @example await mlflow.logArtifact("/tmp/confusion.svg", "plots");
 */
export async function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  if (artifactPath !== undefined) validateKey("artifact path", artifactPath);
  const run = await target();
  await storeOf(run).putArtifact(run.info, localPath, artifactPath);
}

/**
 * A run with its params, tags and latest metric values (mlflow.get_run).
 * @example (await mlflow.getRun(run.runId)).data.metrics.accuracy;
 */
export async function getRun(runId: string): Promise<Run> {
  return store().getRun(runId);
}

/**
 * Every value a metric took in a run (MlflowClient.get_metric_history).
 * @example (await mlflow.getMetricHistory(id, "loss")).map((m) => m.value);
 */
export async function getMetricHistory(runId: string, key: string): Promise<Metric[]> {
  return store().getMetricHistory(runId, validateKey("metric", key));
}

/** Options of {@link searchRuns}. */
export interface SearchRunsOptions {
  /** Experiments to search (default: the active one). */
  experimentIds?: string[];
  /** Experiments to search, by name. */
  experimentNames?: string[];
  /** At most this many runs (default 1000). */
  maxResults?: number;
}

/**
 * Runs of experiments, newest first, as a table (mlflow.search_runs); `.toFrame()` gives a polars DataFrame.
 * @example (await mlflow.searchRuns()).column("metrics.accuracy");
 */
export async function searchRuns(options: SearchRunsOptions = {}): Promise<RunsTable> {
  const s = store();
  const ids = (options.experimentIds ?? []).map((id) => validateExperimentId(String(id)));
  for (const name of options.experimentNames ?? []) {
    const e = await s.getExperimentByName(name);
    if (e) ids.push(e.experimentId);
  }
  if (!options.experimentIds && !options.experimentNames) ids.push(await currentExperimentId(s));
  return new RunsTable(ids.length ? await s.searchRuns(ids, options.maxResults ?? 1000) : []);
}

printsAsText(ActiveRun);
