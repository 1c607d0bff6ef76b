/**
 * K-means steps on two threads, as scikit-learn runs its Lloyd chunks on every OpenMP thread: one helper thread
 * (kmeans_worker.ts) runs the same compiled kernels over the fit's shared workspace memory, taking tasks (row
 * ranges) from a shared counter alongside the main thread. Each row's result is computed by one thread with the
 * arithmetic of one thread, and the cluster sums stay in row order on the main thread (it adds each finished task
 * in turn), so labels, centres, inertia and iterations are bit-identical with one thread or two.
 *
 * The helper starts (without blocking) at the first large step and joins in once it is up; until then, or with
 * TYPELEARN_KMEANS_THREADS=1, on a one-core machine, or if it dies, the main thread does everything.
 */
import * as path from "path";
import { isMainThread, MessageChannel, Worker } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { cpuCount } from "../parallel/jobs";
import {
  ARGS, assignLane, CHANGES, CTRL_BYTES, DEAD, DONE, FLAGS, HELPER_TASKS, NEXT, OP, OP_ASSIGN, OP_ATTACH, OP_PP,
  ppLane, READY, RECOMPUTED, BELL, takeTasks, tasking, writeAssignArgs,
} from "./kmeans_lanes";
import { ring } from "../wasm/doorbell";
import { CHUNK, kmeansKernels } from "./wasm_distances";
import type { KMeansWasm } from "./wasm_distances";

interface Helper {
  worker: Worker; port: MessagePort; ctrl: Int32Array; args: Float64Array; seq: number; layout: object | null;
}
let helper: Helper | null = null;
let threads = process.env.TYPELEARN_KMEANS_THREADS === "1" ? 1 : 2;
let minRows = 16384;
let helperFirst = false;

/**
 * Use one or two threads for the k-means steps (tests and benchmarks compare both in one process), and optionally
 * the smallest step (rows) worth splitting (default 16384) and, for tests, whether the main thread waits for the
 * helper to take the first task of each step (so the helper surely takes part; default false).
 * @example
 * setKMeansThreads(1);
 */
export function setKMeansThreads(n: 1 | 2, splitMinRows?: number, waitForHelper?: boolean): void {
  threads = n;
  if (splitMinRows !== undefined) minRows = splitMinRows;
  if (waitForHelper !== undefined) helperFirst = waitForHelper;
}

/**
 * Tasks the helper thread has run so far (tests assert which path a step took).
 * @example
 * kmeansHelperTasks(); // 0 before any large fit
 */
export function kmeansHelperTasks(): number { return helper ? Atomics.load(helper.ctrl, HELPER_TASKS) : 0; }

/**
 * Start the helper now if it is not running, and wait (at most `timeoutMs`) until it can take tasks.
 * @returns whether it can
 * @example
 * waitKMeansHelper(5000); // true on a machine with two cores
 */
export function waitKMeansHelper(timeoutMs: number): boolean {
  const h = startHelper();
  if (!h) return false;
  const t0 = Date.now();
  while (Atomics.load(h.ctrl, READY) !== 1 && Date.now() - t0 < timeoutMs) Atomics.wait(h.ctrl, READY, 0, 5);
  return Atomics.load(h.ctrl, READY) === 1;
}

/**
 * Wait until the helper has left its last step: a step cut off in the main thread (an interrupted cell) may leave
 * the helper writing into the workspace memory, which the next fit reuses.
 * @example
 * settleKMeansHelper(); const w = createKMeansWasm(rows, cols, k, k);
 */
export function settleKMeansHelper(): void {
  if (helper) settle(helper);
}

function startHelper(): Helper | null {
  if (helper && Atomics.load(helper.ctrl, DEAD) === 1) helper = null;
  if (helper) return helper;
  // In a pool worker the other cores already have work (joblib likewise gives its workers one thread each).
  if (threads < 2 || cpuCount() < 2 || !isMainThread) return null;
  const module = kmeansKernels.get();
  if (!module) return null;
  try {
    const sab = new SharedArrayBuffer(CTRL_BYTES);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(path.join(__dirname, "kmeans_worker.js"),
      { workerData: { module, ctrl: sab, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const ctrl = new Int32Array(sab);
    worker.on("error", () => { Atomics.store(ctrl, DEAD, 1); });
    worker.on("exit", () => { Atomics.store(ctrl, DEAD, 1); });
    helper = { worker, port: port1, ctrl, args: new Float64Array(sab), seq: 0, layout: null };
  } catch {
    threads = 1;
    helper = null;
  }
  return helper;
}

/** The helper, up and attached to this workspace, when the step is large enough; else null (main thread alone). */
function helperFor(w: KMeansWasm, rows: number): Helper | null {
  if (threads < 2 || rows < minRows) return null;
  const h = startHelper();
  if (!h || Atomics.load(h.ctrl, READY) !== 1 || !settle(h)) return null;
  if (h.layout !== w.layout) {
    // A new workspace: the helper instantiates the kernels over its memory (the memory itself may be the last one).
    h.port.postMessage({ memory: w.memory, layout: w.layout });
    post(h, OP_ATTACH);
    h.layout = w.layout;
    if (!settle(h)) return null;
  }
  return h;
}

function post(h: Helper, op: number): number {
  h.ctrl[OP] = op;
  const seq = ++h.seq;
  ring(h.ctrl, BELL, seq);
  return seq;
}

/** Wait until the helper has left its last step (false: it died; it is dropped). */
function settle(h: Helper): boolean {
  for (let spin = 0; Atomics.load(h.ctrl, DONE) !== h.seq; spin++) {
    if (Atomics.load(h.ctrl, DEAD) === 1) { helper = null; return false; }
    if (spin > 2000) Atomics.wait(h.ctrl, DONE, Atomics.load(h.ctrl, DONE), 2);
  }
  return true;
}

/**
 * Run one step split into tasks with the helper: the main thread takes tasks too and, after each, calls `inOrder`
 * for every task finished so far in row order. Tasks the helper held when it failed or died are run here.
 */
function split(h: Helper, op: number, lo: number, hi: number, run: (a: number, b: number) => void,
  inOrder: ((a: number, b: number) => void) | null): void {
  const { size, count } = tasking(lo, hi);
  const ctrl = h.ctrl;
  h.args[ARGS + 12] = lo;
  h.args[ARGS + 13] = hi;
  Atomics.store(ctrl, NEXT, 0);
  const seq = post(h, op);
  let next = 0;
  const drain = (): void => {
    while (next < count && Atomics.load(ctrl, FLAGS + next) === seq) {
      const a = lo + next * size;
      inOrder?.(a, Math.min(hi, a + size));
      next++;
    }
  };
  if (helperFirst) {
    while (Atomics.load(ctrl, NEXT) === 0 && Atomics.load(ctrl, DEAD) === 0) Atomics.wait(ctrl, NEXT, 0, 1);
  }
  takeTasks(ctrl, seq, lo, hi, size, count, run, drain);
  // No task left to take: wait for the helper's last ones (or run them here when it has failed or died).
  for (let spin = 0; next < count; spin++) {
    drain();
    if (next >= count) break;
    const gone = Atomics.load(ctrl, DEAD) === 1;
    if (gone || Atomics.load(ctrl, DONE) === seq) {
      if (Atomics.load(ctrl, FLAGS + next) !== seq) {
        const a = lo + next * size;
        run(a, Math.min(hi, a + size));
        Atomics.store(ctrl, FLAGS + next, seq);
      }
      if (gone) helper = null;
      continue;
    }
    if (spin > 2000) Atomics.wait(ctrl, DONE, Atomics.load(ctrl, DONE), 1);
  }
}

/**
 * assign.ts's assignment step over rows lo..hi−1 of the workspace (after filter/dots/finish, the cluster sums of
 * the rows in row order when `withSums`), on two threads when the helper is up and the step large enough.
 * @param params - useBounds, keep, k, kp, dArg, dMax, dSecond, cMax, etaFac, eFac (as numbers)
 * @returns labels changed and rows recomputed
 * @example
 * const [changes, recomputed] = assignStep(w, 0, rows, params, true);
 */
export function assignStep(w: KMeansWasm, lo: number, hi: number, params: readonly number[],
  withSums: boolean): [number, number] {
  const h = helperFor(w, hi - lo);
  const e = w.exports, L = w.layout, i32 = new Int32Array(w.memory.buffer);
  if (!h) {
    const a = new Float64Array(ARGS + params.length);
    writeAssignArgs(a, params);
    let changes = 0, recomputed = 0;
    // A chunk at a time, its sums while its rows are still in cache.
    for (let c0 = lo; c0 < hi; c0 += CHUNK) {
      const c1 = Math.min(hi, c0 + CHUNK);
      const [ch, rc] = assignLane(e, L, i32, 0, c0, c1, a);
      changes += ch;
      recomputed += rc;
      if (withSums) w.sumRows(c0, c1);
    }
    return [changes, recomputed];
  }
  writeAssignArgs(h.args, params);
  Atomics.store(h.ctrl, CHANGES, 0);
  Atomics.store(h.ctrl, RECOMPUTED, 0);
  const args = h.args, ctrl = h.ctrl;
  split(h, OP_ASSIGN, lo, hi, (a, b) => {
    const [ch, rc] = assignLane(e, L, i32, 0, a, b, args);
    Atomics.add(ctrl, CHANGES, ch);
    Atomics.add(ctrl, RECOMPUTED, rc);
  }, withSums ? (a, b) => w.sumRows(a, b) : null);
  return [Atomics.load(ctrl, CHANGES), Atomics.load(ctrl, RECOMPUTED)];
}

/**
 * init.ts's k-means++ potentials of every row for t candidates packed `width` wide, into the workspace's res, on
 * two threads when the helper is up and the data large enough.
 * @example
 * ppStep(w, t, 4, true);
 */
export function ppStep(w: KMeansWasm, t: number, width: 8 | 4, useClosest: boolean): void {
  const rows = w.rows;
  const h = helperFor(w, rows);
  const e = w.exports, L = w.layout, i32 = new Int32Array(w.memory.buffer);
  const a = h ? h.args : new Float64Array(ARGS + 3);
  a[ARGS] = t; a[ARGS + 1] = width; a[ARGS + 2] = useClosest ? 1 : 0;
  if (!h) { ppLane(e, L, i32, 0, 0, rows, a); return; }
  split(h, OP_PP, 0, rows, (lo, hi) => ppLane(e, L, i32, 0, lo, hi, a), null);
}
