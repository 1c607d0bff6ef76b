/**
 * What the tracking API hands back: experiments, runs, metrics — with MLflow's field names (camelCased) and
 * status strings, whichever store (files or REST) produced them.
 */

/** A run's status; files store it as MLflow's integer enum (see {@link RUN_STATUS_CODES}). */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

/** MLflow's RunStatus enum values as written in a run's meta.yaml. */
export const RUN_STATUS_CODES: Record<RunStatus, number> = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 };

/** MLflow's SourceType.LOCAL, the only source type a FileStore writes. */
export const SOURCE_TYPE_LOCAL = 4;

/** An experiment. */
export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: "active" | "deleted";
  creationTime: number | null;
  lastUpdateTime: number | null;
  tags: Record<string, string>;
}

/** One logged metric value. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  /** The dataset the value was computed on, when MLflow >= 3.0 logged it with one. */
  datasetName?: string;
  /** That dataset's digest. */
  datasetDigest?: string;
}

/** A run's identity and state. */
export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: "active" | "deleted";
}

/** A run's logged data: latest value of each metric, params and tags. */
export interface RunData {
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** A run as returned by {@link getRun} and {@link searchRuns}. */
export interface Run {
  info: RunInfo;
  data: RunData;
}

/** Status code → name. */
export function statusName(code: unknown): RunStatus {
  for (const [name, c] of Object.entries(RUN_STATUS_CODES)) if (c === code || name === code) return name as RunStatus;
  return "RUNNING";
}

/**
 * The latest value of a metric history, by MLflow's rule: the greatest (step, timestamp, value).
 * @example latestMetric([{ key: "a", value: 1, timestamp: 5, step: 0 }])?.value; // 1
 */
export function latestMetric(history: Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const m of history) {
    if (!best || m.step > best.step || (m.step === best.step && (m.timestamp > best.timestamp ||
      (m.timestamp === best.timestamp && m.value > best.value)))) best = m;
  }
  return best;
}
