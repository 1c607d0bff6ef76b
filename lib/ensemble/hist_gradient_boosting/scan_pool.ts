/**
 * The histogram worker, main-thread side: one worker thread (scan_worker.ts) started on the first large fit and
 * kept (unref'd) for the next ones. For a node with many samples, the fit hands the worker half of the features
 * through the control words of scan_protocol.ts and scans the other half itself; both run the same compiled
 * kernel over the one shared memory, and each feature's histogram is summed by one thread in sample order, so the
 * histograms — and the trees — are bit for bit those of one thread. scikit-learn builds its histograms on all
 * cores too (OpenMP, one feature per thread at a time).
 */
import * as path from "path";
import { MessageChannel, Worker, isMainThread } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { cpuCount } from "../../parallel/jobs";
import type { SharedWasmMemory } from "../../wasm/assembler";
import { ARGS, ATTACH, CMD, CTRL_SIZE, DETACH, DONE, FAILED, READY, SCAN, SEQ, SLEEPING } from "./scan_protocol";

/** The running worker and what it was last given. */
export interface ScanPool { worker: Worker; ctrl: Int32Array; port: MessagePort; seq: number; attached: object | null }

let pool: ScanPool | null | undefined;
let scansShared = 0;
let enabled = true;

/**
 * Let fits started from now on use the histogram worker, or not (tests and the bench compare both in one process;
 * the trees are the same either way).
 * @param on - false: every histogram on the fitting thread
 * @example
 * setHistogramThreads(false); clf.fit(X, y); setHistogramThreads(true);
 */
export function setHistogramThreads(on: boolean): void { enabled = on; }

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
  if (!enabled) return null;
  if (pool !== undefined) return pool;
  pool = null;
  if (!isMainThread || cpuCount() < 2 || process.env.TYPELEARN_HGB_THREADS === "1") return null;
  try {
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(path.join(__dirname, "scan_worker.js"), { workerData: { ctrl: ctrl.buffer, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const p: ScanPool = { worker, ctrl, port: port1, seq: 0, attached: null };
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
function post(p: ScanPool, cmd: number, args: readonly number[]): number {
  for (let i = 0; i < args.length; i++) p.ctrl[ARGS + i] = args[i];
  p.ctrl[CMD] = cmd;
  const seq = ++p.seq;
  Atomics.store(p.ctrl, SEQ, seq);
  if (Atomics.load(p.ctrl, SLEEPING) === 1) Atomics.notify(p.ctrl, SEQ);
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
 * @returns false when the worker could not take it
 */
export function attach(p: ScanPool, module: object, memory: SharedWasmMemory, n: number, nBins: number): boolean {
  if (p.attached === memory) return true;
  p.port.postMessage({ module, memory, n, nBins });
  if (!join(p, post(p, ATTACH, []))) return false;
  p.attached = memory;
  return true;
}

/**
 * Start the scans of features [f0, f1) of one node on the worker (it zeroes their histograms first).
 * @returns the command's number, for {@link finishScan}
 */
export function startScan(p: ScanPool, f0: number, f1: number, target: number, idxAt: number, m: number, ordered: number,
  constantHessian: boolean): number {
  return post(p, SCAN, [f0, f1, target, idxAt, m, ordered, constantHessian ? 1 : 0]);
}

/** Wait for the worker's scans; false when they did not happen (the caller scans those features itself). */
export function finishScan(p: ScanPool, seq: number): boolean {
  const ok = join(p, seq);
  if (ok) scansShared++;
  return ok;
}

/**
 * Let the worker drop a fit's memory (so the worker does not keep it alive after the fit).
 * @param memory - the memory given to {@link attach}
 */
export function detach(memory: object): void {
  const p = pool;
  if (!p || p.attached !== memory) return;
  p.attached = null;
  join(p, post(p, DETACH, []));
}

/**
 * How many node scans the worker shared so far (tests assert that a fit used it).
 * @example
 * const before = sharedScans(); clf.fit(X, y); sharedScans() > before; // true with 2 cores
 */
export function sharedScans(): number { return scansShared; }
