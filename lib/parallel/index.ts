/**
 * lib/parallel: one worker_threads pool for the process, used by everything that takes `nJobs`.
 */
export { runTasks, shutdownPool, poolStats, addWorkerModule, WorkerDiedError } from "./pool";
export type { RunTasksOptions, PoolStats } from "./pool";
export { registerTask, getTask, registeredTasks } from "./tasks";
export type { TaskFn } from "./tasks";
export { shareArray, sharedView, isShared } from "./shared";
export type { SharedFloat64 } from "./shared";
export { effectiveJobs, cpuCount } from "./jobs";
export { parallelBackend, currentBackend } from "./backend";
export type { BackendState } from "./backend";
export type { RedisBackendOptions } from "./remote/client";
export {
  DistributedError, NoWorkersError, VersionMismatchError, RedisUnavailableError, RunStateLostError, RemoteTaskError,
  RunCancelledError,
} from "./remote/protocol";
