/**
 * Where `nJobs` work runs, joblib's parallel_backend for typelearn: "threads" (the process's worker_threads pool,
 * the default) or "redis://host:port" (BullMQ on Redis: `typelearn worker` processes on any machine). User code is
 * unchanged: GridSearchCV, RandomizedSearchCV, crossValScore/crossValidate, forests and KMeans restarts all go
 * through runTasks, which asks this module. The environment variable TYPELEARN_PARALLEL sets the initial backend.
 */
import { OptionError } from "../errors";
import type { RedisBackendOptions } from "./remote/client";

/** The current backend. */
export type BackendState = { kind: "threads" } | { kind: "redis"; url: string; options: RedisBackendOptions };

let state: BackendState | null = null;

function parse(spec: unknown, options: RedisBackendOptions, what: string): BackendState {
  if (spec === "threads") return { kind: "threads" };
  if (typeof spec === "string" && /^rediss?:\/\/[^\s]+$/.test(spec)) {
    for (const k of ["workerTimeout", "redisTimeout", "abandonAfter"] as const) {
      const v = options[k];
      if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v > 0)) {
        throw new OptionError(`parallelBackend ${k}`, "a positive number of milliseconds", v);
      }
    }
    return { kind: "redis", url: spec, options: { ...options } };
  }
  throw new OptionError(what, '"threads" or a Redis URL such as "redis://127.0.0.1:6379"', spec);
}

/**
 * Choose where `nJobs` work runs (joblib's parallel_backend). With a Redis URL, tasks of every nJobs ≠ 1 call go to
 * `typelearn worker --redis URL` processes; results are identical to nJobs 1.
 * @param backend - "threads" (this machine's cores, the default) or "redis://host:port"
 * @param options - Redis backend timeouts: workerTimeout (ms with no live worker before NoWorkersError, default
 *   30000), redisTimeout (ms Redis may be unreachable, default 10000)
 * @returns the previous backend, to restore later
 * @example
 * parallelBackend("redis://10.0.0.5:6379");
 * new GridSearchCV(new RandomForestClassifier(), grid, { nJobs: -1 }).fit(X, y); // runs on the workers
 * parallelBackend("threads");
 */
export function parallelBackend(backend: "threads" | string, options: RedisBackendOptions = {}): BackendState {
  const previous = currentBackend();
  const next = parse(backend, options, "parallelBackend");
  state = next;
  if (next.kind !== "redis" || previous.kind !== "redis" || previous.url !== next.url) {
    // the dispatcher thread talks to one Redis: a change of URL (or back to threads) stops it
    void (require("./remote/client") as typeof import("./remote/client")).stopDispatcher();
  }
  return previous;
}

/**
 * The backend in use (TYPELEARN_PARALLEL when parallelBackend was never called).
 * @example
 * currentBackend().kind; // "threads"
 */
export function currentBackend(): BackendState {
  if (!state) {
    const env = process.env.TYPELEARN_PARALLEL;
    state = env === undefined || env === "" ? { kind: "threads" } : parse(env, {}, "TYPELEARN_PARALLEL");
  }
  return state;
}
