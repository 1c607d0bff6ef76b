/**
 * What the client (a search's process) and `typelearn worker` processes agree on: the version that must match,
 * the BullMQ queue and the Redis keys, and the errors the distributed backend throws.
 */
import * as path from "path";
import { TypelearnError } from "../../errors";

/** The typelearn version of this installation; a worker only takes tasks from a client of the same version. */
export const VERSION: string = (require(path.join(__dirname, "..", "..", "..", "..", "package.json")) as { version: string }).version;

/** The BullMQ queue of this version: workers of another version never see its jobs. */
export const QUEUE = `typelearn-${VERSION.replace(/[^A-Za-z0-9._-]/g, "_")}`;

/** Keys and channels in Redis (all under "typelearn:"). */
export const keys = {
  /** Set of worker ids that announced themselves (stale ids are pruned by clients). */
  workers: "typelearn:workers",
  /** A worker's heartbeat: JSON {id, version, host, pid, concurrency}, expires unless refreshed. */
  worker: (id: string) => `typelearn:worker:${id}`,
  /** A data blob by content hash (SHA-256 of its bytes). */
  blob: (hash: string) => `typelearn:blob:${hash}`,
  /** Present while the run's client is alive and waiting; workers drop the run's tasks once it is gone. */
  run: (runId: string) => `typelearn:run:${runId}`,
  /** The run's results, one v8-serialized {i, ok, result | error} per finished task. */
  results: (runId: string) => `typelearn:res:${runId}`,
  /** Pub/sub channel: a run id published here is cancelled. */
  cancel: "typelearn:cancel",
};

/** How long a blob stays in Redis after its last use (refreshed while a run uses it). */
export const BLOB_TTL_MS = 3_600_000;
/** A run's liveness key lifetime; the client refreshes it every second. */
export const RUN_TTL_MS = 10_000;
/** A worker heartbeat's lifetime; workers refresh it every HEARTBEAT_MS. */
export const WORKER_TTL_MS = 3_000;
export const HEARTBEAT_MS = 1_000;

/** What a BullMQ job carries: the task name, its index in the run, blob hashes and the per-task body. */
export interface JobData {
  v: string;
  run: string;
  i: number;
  task: string;
  /** Hash of the part shared by every task of the run (null when none), and every blob hash the task needs. */
  common: string | null;
  blobs: string[];
  /** v8-serialized per-task payload part, base64. */
  body: string;
  /** Extra modules workers load ("lib:" + a path relative to typelearn's lib, or an absolute path). */
  modules: string[];
}

/** What a worker announces in its heartbeat. */
export interface WorkerInfo { id: string; version: string; host: string; pid: number; concurrency: number }

/** Base class of the distributed backend's errors. */
export class DistributedError extends TypelearnError {}

/** No worker of this version announced itself within the stated timeout. */
export class NoWorkersError extends DistributedError {
  constructor(readonly url: string, readonly timeoutMs: number, readonly done: number, readonly total: number) {
    super(`no typelearn ${VERSION} worker was alive on ${url} for ${timeoutMs / 1000} s (${done} of ${total} tasks ` +
      `done): start workers with \`typelearn worker --redis ${url}\`, or go back to local threads with ` +
      `parallelBackend("threads")`);
  }
}

/** Workers are alive but run another typelearn version: refused (estimator code and specs could differ). */
export class VersionMismatchError extends DistributedError {
  constructor(readonly url: string, readonly clientVersion: string, readonly workerVersions: string[]) {
    super(`the workers on ${url} run typelearn ${workerVersions.join(", ")} but this client runs typelearn ` +
      `${clientVersion}: refused (tasks are only run by workers of the same version); start workers with typelearn ` +
      `${clientVersion}`);
  }
}

/** Redis could not be reached (at start, or for longer than the timeout during a run). */
export class RedisUnavailableError extends DistributedError {
  constructor(readonly url: string, readonly timeoutMs: number, readonly detail: string) {
    super(`Redis at ${url} did not answer for ${timeoutMs / 1000} s (${detail}); no partial result was returned`);
  }
}

/** Redis lost the run's state more often than the run resumes (e.g. restarted without persistence, repeatedly). */
export class RunStateLostError extends DistributedError {
  constructor(readonly url: string, readonly restarts: number) {
    super(`Redis at ${url} lost this run's queued tasks ${restarts} times (restarted without persistence?); the run ` +
      "stopped and no partial result was returned");
  }
}

/** BullMQ gave up on a task (e.g. its worker died more often than maxStalledCount allows). */
export class RemoteTaskError extends DistributedError {
  constructor(readonly task: string, readonly index: number, readonly reason: string) {
    super(`task "${task}" #${index} failed on the workers: ${reason}`);
  }
}

/** The run was cancelled (the caller stopped waiting: an interrupt) before it finished. */
export class RunCancelledError extends DistributedError {
  constructor(readonly reason: string) {
    super(`the distributed run was cancelled: ${reason}`);
  }
}

/** Error classes by name, for rebuilding an error the dispatcher thread sends as plain data. */
export const errorClasses: Record<string, new (...a: never[]) => DistributedError> = {
  NoWorkersError, VersionMismatchError, RedisUnavailableError, RunStateLostError, RemoteTaskError, RunCancelledError,
};
