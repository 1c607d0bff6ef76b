/**
 * Named tasks the worker pool can run. A module registers its tasks when it is loaded; the worker entry loads the
 * library (and any module given to addWorkerModule), so the same names resolve in the main thread and in workers.
 */
import { OptionError } from "../errors";

/** A task: a synchronous function of a structured-clone payload returning a structured-clone result. */
export type TaskFn = (payload: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const tasks = new Map<string, TaskFn>();

/**
 * Register a task under a name (once per module load; re-registering replaces it).
 * @param name - the name runTasks refers to
 * @param fn - the task; it runs in a worker (or inline) with the payload
 * @example
 * registerTask("square", (x: number) => x * x);
 * runTasks<number>("square", [1, 2, 3], -1); // [1, 4, 9]
 */
export function registerTask(name: string, fn: TaskFn): void {
  tasks.set(name, fn);
}

/**
 * The task registered under `name`.
 * @param name - a registered task name
 * @example
 * getTask("fitAndScore")(payload);
 */
export function getTask(name: string): TaskFn {
  const fn = tasks.get(name);
  if (!fn) throw new OptionError("task", `one of ${[...tasks.keys()].sort().join(", ") || "(none registered)"}`, name);
  return fn;
}

/** Names of every registered task. */
export function registeredTasks(): string[] {
  return [...tasks.keys()].sort();
}

// A task that returns its payload: for measuring the pool's own overhead (start-up, per-task round trip).
registerTask("noop", (x: unknown) => x);
