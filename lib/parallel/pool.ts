/**
 * The process's one worker_threads pool, with a synchronous API (scikit-learn's API is synchronous: fit returns
 * this). The caller posts tasks to workers, then blocks in Atomics.wait on a shared counter, in short slices, and
 * collects answers with receiveMessageOnPort on each worker's private MessageChannel. Workers are unref()'d, so the
 * pool never keeps the process alive; a worker that dies is replaced.
 */
import * as path from "path";
import { MessageChannel, Worker, isMainThread, receiveMessageOnPort } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { TypelearnError } from "../errors";
import { effectiveJobs } from "./jobs";
import { getTask } from "./tasks";
import { SerializedError, deserializeError } from "./errors";
import { currentBackend } from "./backend";

/** A worker stopped (process.exit, an uncaught asynchronous error…) while it ran a task. */
export class WorkerDiedError extends TypelearnError {
  constructor(readonly task: string, readonly index: number) {
    super(`the worker running task "${task}" #${index} stopped before answering (it was replaced)`);
  }
}

interface Slot { worker: Worker; port: MessagePort; dead: Int32Array; exited: boolean; serial: number }
interface Reply { id: number; ok: boolean; result?: unknown; error?: SerializedError }

const WAIT_SLICE_MS = 50;
const counter = new Int32Array(new SharedArrayBuffer(4));
const slots: Slot[] = [];
const extraModules: string[] = [];
let running = false;
let spawned = 0;
let tasksRun = 0;
let messageSerial = 0;

/** Counters for measuring the pool: workers alive, workers ever started, tasks run in workers. */
export interface PoolStats { workers: number; spawned: number; tasksRun: number }

/**
 * The pool's counters.
 * @example
 * poolStats().workers; // 2 after a run with nJobs -1 on 2 cores
 */
export function poolStats(): PoolStats {
  return { workers: slots.filter((s) => !isDead(s)).length, spawned, tasksRun };
}

/**
 * Make workers also load `modulePath` (absolute), e.g. a module registering custom estimators or tasks. Workers
 * already running load it before their next task.
 * @param modulePath - an absolute path or resolvable module id
 * @example
 * addWorkerModule(require.resolve("./my_estimators"));
 */
export function addWorkerModule(modulePath: string): void {
  if (extraModules.includes(modulePath)) return;
  extraModules.push(modulePath);
  for (const s of slots) if (!isDead(s)) s.port.postMessage({ load: modulePath });
}

/** Modules added with addWorkerModule (remote workers load those inside typelearn's lib by their relative path). */
export function workerModules(): string[] {
  const lib = path.join(__dirname, "..");
  return extraModules.map((m) => (m.startsWith(lib + path.sep) ? `lib:${path.relative(lib, m)}` : m));
}

function isDead(s: Slot): boolean {
  return s.exited || Atomics.load(s.dead, 0) === 1;
}

function spawn(): Slot {
  const { port1, port2 } = new MessageChannel();
  const dead = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(path.join(__dirname, "worker.js"), {
    workerData: { port: port2, counter: counter.buffer, dead: dead.buffer, modules: [...extraModules] },
    transferList: [port2],
  });
  const slot: Slot = { worker, port: port1, dead, exited: false, serial: ++spawned };
  worker.on("exit", () => { slot.exited = true; });
  worker.on("error", () => { slot.exited = true; });
  worker.unref();
  port1.unref();
  return slot;
}

function ensureWorkers(n: number): Slot[] {
  for (let i = slots.length - 1; i >= 0; i--) {
    if (isDead(slots[i])) {
      slots[i].port.close();
      slots.splice(i, 1);
    }
  }
  while (slots.length < n) slots.push(spawn());
  return slots.slice(0, n);
}

/** Options of {@link runTasks}. */
export interface RunTasksOptions {
  /** Called in the caller's thread as each result arrives (index in payload order, result). */
  onResult?: (index: number, result: unknown) => void;
}

/**
 * Run the task `taskName` once per payload and return the results in payload order. With nJobs 1 (or undefined),
 * one payload, inside a worker, or re-entered from onResult, the tasks run inline in this thread; otherwise on
 * min(effectiveJobs(nJobs), payloads) workers of the process pool (started lazily). Payloads and results cross
 * threads by structured clone (use shareArray for large read-only arrays). With parallelBackend("redis://…") the
 * tasks run on `typelearn worker` processes instead (same results; shared arrays travel once per run). The first
 * error a task throws is re-thrown here with the task's class, name and message, after in-flight tasks finish; the
 * pool stays usable.
 *
 * @param taskName - a name given to registerTask (in a module the workers load)
 * @param payloads - one payload per task
 * @param nJobs - joblib-style job count: 1/undefined inline, −1 all cores, k workers
 * @param options - onResult progress callback
 * @example
 * registerTask("square", (x: number) => x * x);
 * runTasks<number>("square", [1, 2, 3], -1); // [1, 4, 9]
 */
export function runTasks<R>(taskName: string, payloads: readonly unknown[], nJobs?: number | null,
  options: RunTasksOptions = {}): R[] {
  const backend = currentBackend();
  // remote: any nJobs ≠ 1 asks for the workers (−1 means all of them, not this machine's cores)
  const wanted = backend.kind === "redis" && effectiveJobs(nJobs) !== 1 ? payloads.length : effectiveJobs(nJobs);
  const jobs = Math.min(wanted, payloads.length);
  const task = getTask(taskName);
  const results = new Array<R>(payloads.length);
  if (jobs <= 1 || !isMainThread || running) {
    for (let i = 0; i < payloads.length; i++) {
      results[i] = task(payloads[i]) as R;
      options.onResult?.(i, results[i]);
    }
    return results;
  }
  running = true;
  // An interrupt terminates this thread's execution mid-wait, and terminated code runs no finally: the next turn
  // of the event loop clears the flag then, else every later call would run inline.
  setImmediate(() => { running = false; });
  try {
    if (backend.kind === "redis") {
      // the remote window is nJobs itself (−1: every task at once): the workers' threads bound the parallelism
      const window = typeof nJobs === "number" && nJobs > 0 ? nJobs : Infinity;
      const { runRemote } = require("./remote/client") as typeof import("./remote/client");
      const out = runRemote(backend.url, backend.options, taskName, payloads, window, workerModules(), options.onResult);
      for (let i = 0; i < out.length; i++) results[i] = out[i] as R;
      return results;
    }
    runPooled(taskName, payloads, jobs, results as unknown[], options);
  } finally {
    running = false;
  }
  return results;
}

function runPooled(taskName: string, payloads: readonly unknown[], jobs: number, results: unknown[],
  options: RunTasksOptions): void {
  const active = ensureWorkers(jobs);
  const inflight = new Map<Slot, number>();
  const sent = new Map<Slot, number>();
  let next = 0;
  let failure: Error | null = null;
  const dispatch = (slot: Slot) => {
    if (failure || next >= payloads.length) return;
    const i = next++;
    try {
      // ids are unique across runs: an interrupted run's late answers are recognised and dropped
      slot.port.postMessage({ id: (sent.set(slot, ++messageSerial), messageSerial), task: taskName, payload: payloads[i] });
    } catch (e) {
      failure = e as Error; // the payload cannot be cloned: nothing was sent
      return;
    }
    inflight.set(slot, i);
  };
  for (const s of active) dispatch(s);
  while (inflight.size > 0) {
    const seen = Atomics.load(counter, 0);
    let progressed = false;
    for (const [slot, i] of [...inflight]) {
      let msg = receiveMessageOnPort(slot.port);
      if (!msg && isDead(slot)) msg = receiveMessageOnPort(slot.port);
      if (msg && (msg.message as Reply).id !== sent.get(slot)) {
        progressed = true; // the answer to a task of an interrupted run: this slot's task is still to come
        continue;
      }
      if (msg) {
        progressed = true;
        inflight.delete(slot);
        const reply = msg.message as Reply;
        tasksRun++;
        if (reply.ok) {
          results[i] = reply.result;
          if (!failure) options.onResult?.(i, reply.result);
        } else {
          failure ??= deserializeError(reply.error as SerializedError, `in a worker, task "${taskName}" #${i}`);
        }
        dispatch(slot);
      } else if (isDead(slot)) {
        progressed = true;
        inflight.delete(slot);
        failure ??= new WorkerDiedError(taskName, i);
        const idx = slots.indexOf(slot);
        const fresh = spawn();
        if (idx >= 0) slots[idx] = fresh;
        else slots.push(fresh);
        slot.port.close();
        dispatch(fresh);
      }
    }
    if (!progressed) Atomics.wait(counter, 0, seen, WAIT_SLICE_MS);
  }
  if (failure) throw failure;
}

/**
 * Stop every worker (they are unref()'d anyway; this frees their memory). The next parallel call starts new ones.
 * @example
 * await shutdownPool();
 */
export async function shutdownPool(): Promise<void> {
  const all = slots.splice(0, slots.length);
  await Promise.all(all.map((s) => { s.port.close(); return s.worker.terminate(); }));
}
