/**
 * The histogram worker, main-thread side: one worker thread (scan_worker.ts) started on the first large fit and
 * kept (unref'd) for the next ones. For a node with many samples, the fit and the worker claim the node's
 * features one at a time (scan_protocol.ts) and scan them with the same compiled kernel over the one shared
 * memory; each feature's histogram is summed by one thread in sample order, so the histograms — and the trees —
 * are bit for bit those of one thread. Claiming instead of a fixed half means the fit never waits for a worker
 * the system has not scheduled (on a busy machine it then scans every feature itself). scikit-learn builds its
 * histograms on all cores too (OpenMP, one feature per thread at a time).
 */
import * as path from "path";
import { MessageChannel, Worker, isMainThread } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { cpuCount } from "../../parallel/jobs";
import type { SharedWasmMemory } from "../../wasm/assembler";
import { ACTIVE, ARGS, ATTACH, BIN, PREDICT, CMD, CTRL_SIZE, DETACH, DONE, epochOf, FAILED, ITEM_MASK, MAX_ITEMS, NEXT, NODE, PARKED, READY, BELL } from "./scan_protocol";
import type { BinTask } from "./bin_work";
import type { PredictTask } from "./predict_threads";
import { NodeArgs, writeNodeArgs } from "./node_work";
import type { SplitterContext } from "./splitting";
import { ring } from "../../wasm/doorbell";

/** The running worker and what it was last given. */
export interface ScanPool {
  worker: Worker; ctrl: Int32Array; port: MessagePort; seq: number; attached: object | null;
  /** Whether the last shared task ended waiting (asleep) for an item the worker held: the worker was descheduled. */
  stalled: boolean;
}

let pool: ScanPool | null | undefined;
let scansShared = 0;
/** Milliseconds the main thread spent waiting for the worker's last items (all tasks so far). */
let waitedMs = 0;
let policy = true;

/**
 * Whether fits and predictions started from now on may use the HGB worker (tests and the bench compare in one
 * process; the trees and predictions are the same either way).
 * @param on - true (the default): a fit's binning and large nodes, and predictions, on both cores; false: everything
 *   on the calling thread
 * @example
 * setHistogramThreads(false); clf.fit(X, y); setHistogramThreads(true);
 */
export function setHistogramThreads(on: boolean): void {
  policy = on;
}

/**
 * Whether work starting now may use the worker: yes on two or more cores (unless `TYPELEARN_HGB_THREADS=1` or
 * setHistogramThreads(false)), as OpenMP gives scikit-learn every core — predictions by blocks of rows, fits'
 * binning by feature and each large node's histograms, subtraction and split search by feature. The load average is
 * not consulted: it counts this very process (a fit, a bench) as the load. On an oversubscribed machine the cost is
 * bounded by the claiming protocol (a worker the system does not schedule claims no item and the caller does the
 * work alone, waiting at most for the one item the worker holds) and, in a fit, by the builder's stall count
 * (histogram.ts). Shared fits were slower than one thread until the fit stopped zeroing histograms with
 * TypedArray.prototype.fill, which on a SharedArrayBuffer stores element by element (bench/results/hgb.md).
 * @example
 * predictForest(model.predictors_, x, rows, cols, known, raw, histogramThreadsNow());
 */
export function histogramThreadsNow(): boolean {
  return policy;
}

/** Waiting this much longer than an item takes counts as a stall (the worker was descheduled). */
const STALL_MS = 0.5;

/** Longest wait for the worker to start (it then stays up), and for one command. */
const START_TIMEOUT_MS = 10000, COMMAND_TIMEOUT_MS = 60000;

/**
 * The worker, started on first call (synchronously: the fit waits for it, once per process); null on a one-core
 * machine, inside a worker thread (a pool worker fitting a model does not start threads of its own), with
 * `TYPELEARN_HGB_THREADS=1`, or when it could not start.
 * @example
 * const p = scanPool(); // null → scan every feature on this thread
 */
export function scanPool(): ScanPool | null {
  if (policy === false) return null;
  if (pool !== undefined) return pool;
  pool = null;
  if (!isMainThread || cpuCount() < 2 || process.env.TYPELEARN_HGB_THREADS === "1") return null;
  try {
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(path.join(__dirname, "scan_worker.js"), { workerData: { ctrl: ctrl.buffer, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const p: ScanPool = { worker, ctrl, port: port1, seq: 0, attached: null, stalled: false };
    worker.once("exit", () => { if (pool === p) pool = null; });
    worker.once("error", () => { if (pool === p) pool = null; });
    const t0 = Date.now();
    while (Atomics.load(ctrl, READY) !== 1 && Date.now() - t0 < START_TIMEOUT_MS) Atomics.wait(ctrl, READY, 0, 20);
    if (Atomics.load(ctrl, READY) !== 1) {
      void worker.terminate();
      return null;
    }
    pool = p;
  } catch {
    pool = null;
  }
  return pool;
}

/** Start command `cmd` on the worker; returns its number. */
function post(p: ScanPool, cmd: number): number {
  Atomics.store(p.ctrl, CMD, cmd);
  const seq = ++p.seq;
  ring(p.ctrl, BELL, seq);
  return seq;
}

/** Wait for command `seq`; false when it failed or never finished (then the worker is dropped for good). */
function join(p: ScanPool, seq: number): boolean {
  for (let spin = 0; spin < 20000; spin++) if (Atomics.load(p.ctrl, DONE) === seq) return Atomics.load(p.ctrl, FAILED) === 0;
  const t0 = Date.now();
  for (;;) {
    const done = Atomics.load(p.ctrl, DONE);
    if (done === seq) return Atomics.load(p.ctrl, FAILED) === 0;
    if (Date.now() - t0 > COMMAND_TIMEOUT_MS || pool !== p) break;
    Atomics.wait(p.ctrl, DONE, done, 50);
  }
  if (pool === p) pool = null;
  void p.worker.terminate();
  return false;
}

/**
 * Give the worker a fit's shared memory (once per memory; the kernels are instantiated over it there).
 * @param p - the pool
 * @param module - the compiled shared-memory scan module
 * @param memory - the fit's memory: binned columns of n bytes each from offset 0
 * @param n - samples (a column's length)
 * @param nBins - bins per feature (a feature's histogram is nBins 32-byte entries)
 * @param ctx - the fit's split settings (the worker finds the splits of the features it claims)
 * @returns false when the worker could not take it
 */
export function attach(p: ScanPool, module: object, memory: SharedWasmMemory, n: number, nBins: number, ctx: SplitterContext | null): boolean {
  if (p.attached === memory) return true;
  p.port.postMessage({ seq: p.seq + 1, module, memory, n, nBins, ctx });
  if (!join(p, post(p, ATTACH))) return false;
  p.attached = memory;
  return true;
}

/**
 * Do one node task on this thread and the worker: both claim features until none is left, then this thread waits
 * for the one the worker may still be doing.
 * @param p - the pool (attached to the builder's memory)
 * @param args - the task (its float arguments already in the memory)
 * @param here - do feature f on this thread
 * @returns false when the worker failed (the caller then finishes the features left undone)
 */
export function shareNode(p: ScanPool, args: NodeArgs, here: (f: number) => void): boolean {
  if (args.nFeatures >= MAX_ITEMS) return false;
  return share(p, NODE, args.nFeatures, (c) => writeNodeArgs(c, ARGS, args), here);
}

/**
 * Bin a fit's data on this thread and the worker, feature by feature (bin_work.ts).
 * @param p - the pool
 * @param task - the task (its arrays over SharedArrayBuffers, posted to the worker)
 * @param here - bin feature j on this thread
 * @returns false when the worker failed (the caller then bins every feature itself: binning is idempotent)
 */
export function shareBins(p: ScanPool, task: BinTask, here: (j: number) => void): boolean {
  if (task.nFeatures >= MAX_ITEMS) return false;
  p.port.postMessage({ seq: p.seq + 1, task });
  return share(p, BIN, task.nFeatures, (c) => { c[ARGS] = task.nFeatures; }, here);
}

/**
 * Predict chunks of rows on this thread and the worker (predict_threads.ts).
 * @param p - the pool
 * @param task - the task (rows and scores over SharedArrayBuffers, trees posted to the worker)
 * @param nChunks - chunks of rows
 * @param here - predict chunk c on this thread
 * @returns false when the worker failed (the caller then starts again on this thread)
 */
export function sharePredict(p: ScanPool, task: PredictTask, nChunks: number, here: (c: number) => void): boolean {
  if (nChunks >= MAX_ITEMS) return false;
  p.port.postMessage({ seq: p.seq + 1, task });
  return share(p, PREDICT, nChunks, (c) => { c[ARGS] = nChunks; }, here);
}

/** Post a claimed task (items 0…nItems−1) and do items here until none is left; wait for the worker's last. */
function share(p: ScanPool, cmd: number, nItems: number, writeArgs: (c: Int32Array) => void, here: (i: number) => void): boolean {
  const c = p.ctrl;
  // park the counter (no claim succeeds while the arguments change), then open it in this task's epoch: a worker
  // still in an earlier task cannot claim an item of this one (scan_protocol.ts)
  Atomics.store(c, NEXT, PARKED);
  writeArgs(c);
  const seq = ++p.seq;
  Atomics.store(c, NEXT, epochOf(seq));
  Atomics.store(c, CMD, cmd);
  ring(c, BELL, seq);
  let mine = 0;
  const t0 = performance.now();
  for (let f = Atomics.add(c, NEXT, 1) & ITEM_MASK; f < nItems; f = Atomics.add(c, NEXT, 1) & ITEM_MASK) {
    here(f);
    mine++;
  }
  // the worker may be doing the last item it claimed
  p.stalled = false;
  if (Atomics.load(c, ACTIVE) === 1) {
    const t1 = performance.now();
    for (let spin = 0; Atomics.load(c, ACTIVE) === 1; spin++) {
      if (spin > 20000) {
        Atomics.wait(c, ACTIVE, 1, 1);
        if (pool !== p) return false;
      }
    }
    // a worker running along finishes its item within about an item's time; far longer, it was descheduled
    const waited = performance.now() - t1;
    p.stalled = waited > 3 * (t1 - t0) / Math.max(1, mine) + STALL_MS;
    waitedMs += waited;
  }
  if (Atomics.load(c, FAILED) === 1) {
    if (pool === p) pool = null;
    void p.worker.terminate();
    return false;
  }
  if (mine < nItems) scansShared++;
  return true;
}

/**
 * Let the worker drop a fit's memory (so the worker does not keep it alive after the fit).
 * @param memory - the memory given to {@link attach}
 */
export function detach(memory: object): void {
  const p = pool;
  if (!p || p.attached !== memory) return;
  p.attached = null;
  join(p, post(p, DETACH));
}

/**
 * How many node scans the worker took part in so far (tests assert that a fit used it).
 * @example
 * const before = sharedScans(); clf.fit(X, y); sharedScans() > before; // true with 2 cores
 */
export function sharedScans(): number { return scansShared; }

/**
 * Milliseconds fits have waited for the worker's last items so far (the bench reports it).
 * @example
 * const before = workerWaitMs(); clf.fit(X, y); workerWaitMs() - before;
 */
export function workerWaitMs(): number { return waitedMs; }
