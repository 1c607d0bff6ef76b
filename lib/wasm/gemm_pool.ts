/**
 * The product worker, main-thread side: starting the one worker (gemm_worker.ts), handing it half of a large
 * float32 product (or of Adam's update in resident training) through the control words of gemm_protocol.ts, and
 * waiting for it. Both threads run the same compiled kernel over the one shared memory, so operands and results never
 * move.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { cpuCount } from "../parallel/jobs";
import { MR } from "./gemm_code";
import { type Engine, type GemmFn, loadEngine } from "./gemm_memory";
import { ARGS, BELL, CTRL_SIZE, DONE, FAILED, HOT, N_ARGS, OP, OP_ADAM, OP_GEMM } from "./gemm_protocol";
import { HOT_SPIN_MS, ring } from "./doorbell";

/** The worker, its control words (and their float32 view, for Adam's scalars) and the last call's number. */
interface Pool { worker: Worker; ctrl: Int32Array; ctrlF: Float32Array; seq: number }
let pool: Pool | null = null;
let starting: Promise<boolean> | null = null;
let splitting = true;

/** Products with fewer multiply-adds than this run on one thread: below it the hand-off costs more than it saves. */
export const SPLIT_MIN_MACS = 1_000_000;

/**
 * Start the worker (once) and resolve when it can take products; false on a one-core machine, without
 * WebAssembly, or when the worker could not start. The worker is unref'd: it never keeps the process alive.
 * `TYPELEARN_GEMM_THREADS=1` keeps products on one thread.
 * @example
 * await startGemmPool();
 */
export function startGemmPool(): Promise<boolean> {
  if (starting) return starting;
  const e = loadEngine();
  if (!e || cpuCount() < 2 || process.env.TYPELEARN_GEMM_THREADS === "1") return (starting = Promise.resolve(false));
  starting = new Promise<boolean>((resolve) => {
    try {
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
      const worker = new Worker(path.join(__dirname, "gemm_worker.js"),
        { workerData: { module: e.module, memory: e.memory, ctrl: ctrl.buffer } });
      worker.unref();
      worker.once("message", (msg) => {
        if (msg === "ready") { pool = { worker, ctrl, ctrlF: new Float32Array(ctrl.buffer), seq: 0 }; resolve(true); } else resolve(false);
      });
      worker.once("error", () => { pool = null; resolve(false); });
      worker.once("exit", () => { pool = null; resolve(false); });
    } catch {
      resolve(false);
    }
  });
  return starting;
}

/**
 * True when the worker is running and large products are split.
 * @example
 * if (await startGemmPool()) gemmPoolReady(); // true
 */
export function gemmPoolReady(): boolean { return pool !== null && splitting; }

/**
 * Turn splitting on or off without stopping the worker (tests and the bench compare both in one process).
 * @example
 * setGemmPoolEnabled(false);
 */
export function setGemmPoolEnabled(on: boolean): void { splitting = on; }

/**
 * Say that products will follow each other closely (on) or not (off): while on, the worker spins between them
 * instead of sleeping, so a product's second half starts at once (waking a sleeping thread costs tens of µs, a
 * large share of a small product). Whoever turns it on turns it off in a `finally`; a flag left on costs at most
 * the worker spinning {@link HOT_SPIN_MS} after the last product.
 * @example
 * setGemmHot(true); try { trainEpoch(); } finally { setGemmHot(false); }
 */
export function setGemmHot(on: boolean): void {
  if (pool) Atomics.store(pool.ctrl, HOT, on ? 1 : 0);
}

/**
 * Threads products run on: 2 with the worker up, else 1.
 * @example
 * poolThreads(); // 2
 */
export function poolThreads(): number { return pool ? 2 : 1; }

/**
 * Wait for a worker share an interrupted call (a cell cut off mid-product) may still be writing, before anything
 * is staged in the shared memory.
 * @example
 * settleWorker(); if (!reserve(e, end)) return null;
 */
export function settleWorker(): void {
  if (pool && Atomics.load(pool.ctrl, DONE) !== pool.seq) join(pool, pool.seq);
}

/** Run `gemm` over the given arguments on the worker, starting now; returns the call's number. */
function post(p: Pool, args: readonly number[], op = OP_GEMM): number {
  p.ctrl[OP] = op;
  if (op === OP_ADAM) {
    for (let i = 0; i < N_ARGS; i++) if (i < 5) p.ctrl[ARGS + i] = args[i]; else p.ctrlF[ARGS + i] = args[i];
  } else {
    for (let i = 0; i < N_ARGS; i++) p.ctrl[ARGS + i] = args[i];
  }
  const seq = ++p.seq;
  ring(p.ctrl, BELL, seq);
  return seq;
}

/** Wait for the worker's call `seq`; false when it never came (a dead worker: the pool is dropped). */
function join(p: Pool, seq: number): boolean {
  for (let spin = 0; spin < 20000; spin++) if (Atomics.load(p.ctrl, DONE) === seq) return true;
  for (let waited = 0; waited < 60; waited++) {
    const done = Atomics.load(p.ctrl, DONE);
    if (done === seq) return true;
    Atomics.wait(p.ctrl, DONE, done, 1000);
  }
  pool = null;
  return false;
}

/**
 * Run the float32 kernel over mp rows × `panels` column panels (operands staged at byte offsets oA, oB, oC), split
 * with the worker when the product has at least {@link SPLIT_MIN_MACS} multiply-adds.
 * @example
 * multiply(e, oA, 4 * k, 4, oB, 4 * n, oC, 4 * np, mp, np / NR, k, m * k * n);
 */
export function multiply(e: Engine, oA: number, rsA: number, psA: number, oB: number, rsB: number, oC: number,
  ldc: number, mp: number, panels: number, k: number, macs: number): void {
  const tiles = mp / MR;
  const args = (i0: number, i1: number, j0: number, j1: number): Parameters<GemmFn> =>
    [oA, rsA, psA, oB, 32, rsB, oC, ldc, i0, i1, j0, j1, k];
  const p = pool;
  if (!p || !splitting || macs < SPLIT_MIN_MACS || (panels < 2 && tiles < 2)) {
    e.gemm(...args(0, mp, 0, panels));
    return;
  }
  let mine: Parameters<GemmFn>, theirs: Parameters<GemmFn>;
  if (panels >= 4 || tiles < 2) {
    const half = panels >> 1;
    mine = args(0, mp, 0, half); theirs = args(0, mp, half, panels);
  } else {
    const half = (tiles >> 1) * MR;
    mine = args(0, half, 0, panels); theirs = args(half, mp, 0, panels);
  }
  const seq = post(p, theirs);
  e.gemm(...mine);
  if (!join(p, seq) || Atomics.load(p.ctrl, FAILED) === 1) e.gemm(...theirs);
  else splitPasses++;
}

let splitPasses = 0;
/**
 * How many kernel passes the worker shared so far (tests assert which path a product took).
 * @example
 * const before = gemmSplitPasses(); gemmWasm(a, false, b, false, 512, 900, 1000); gemmSplitPasses() > before; // true with 2 threads
 */
export function gemmSplitPasses(): number { return splitPasses; }

/** Below this many values Adam's update runs on one thread: the hand-off would cost more than the half saves. */
export const ADAM_SPLIT_MIN = 32_768;

/**
 * Adam's update (adam_code.ts) over n values (a multiple of 4) at byte offsets w, g, m, v of the kernel's memory,
 * split with the worker from {@link ADAM_SPLIT_MIN} values. It is elementwise, so any split gives the same bits.
 * Unlike a product's share, the worker's share cannot be redone here (it updates in place), so a worker that
 * failed mid-update is an error.
 * @param scalars - b1, 1 − b1, b2, 1 − b2, stepSize, sqrtBc2, eps, wd
 * @throws Error when the worker failed during its share (the values are then in an unknown state)
 * @example
 * adamUpdate(e, 4 * P, 4 * G, 4 * M, 4 * V, count, [b1, 1 - b1, b2, 1 - b2, stepSize, sqrtBc2, eps, wd]);
 */
export function adamUpdate(e: Engine, w: number, g: number, m: number, v: number, n: number,
  scalars: readonly number[]): void {
  const p = pool;
  const [b1, c1, b2, c2, ss, sbc, eps, wd] = scalars;
  if (!p || !splitting || n < ADAM_SPLIT_MIN) {
    e.adam(w, g, m, v, n, b1, c1, b2, c2, ss, sbc, eps, wd);
    return;
  }
  const half = (n >> 3) << 2, o = 4 * half;
  const seq = post(p, [w + o, g + o, m + o, v + o, n - half, b1, c1, b2, c2, ss, sbc, eps, wd], OP_ADAM);
  e.adam(w, g, m, v, half, b1, c1, b2, c2, ss, sbc, eps, wd);
  if (!join(p, seq) || Atomics.load(p.ctrl, FAILED) === 1) {
    throw new Error("the product worker failed during Adam's update: the parameters are in an unknown state");
  }
}
