/**
 * Experiment tracking with MLflow's API names, recording into MLflow's file-store layout (./mlruns) or an MLflow
 * tracking server (REST API 2.0). Reached in notebooks as the `mlflow` namespace.
 */
export {
  setTrackingUri, getTrackingUri, setExperiment, startRun, activeRun, endRun, logParam, logParams, logMetric, logMetrics,
  setTag, setTags, logArtifact, getRun, getMetricHistory, searchRuns, ActiveRun, MlflowError, RunsTable,
} from "./fluent";
export type { StartRunOptions, LogMetricOptions, SearchRunsOptions, Experiment, Metric, Run, RunInfo, RunData, RunStatus } from "./fluent";
export { logModel } from "./model";
export { downloadArtifacts, loadModel } from "./artifacts";
export type { DownloadArtifactsOptions } from "./artifacts";
export type { LogModelOptions, ModelInfo } from "./model";
export { FileStore } from "./file_store";
export { RestStore } from "./rest_store";
