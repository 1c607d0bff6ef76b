/**
 * Two-thread matrix products for large `nn` layers. tfjs-wasm runs single-threaded in Node, and PyTorch's fastest
 * setting here is one thread, so a second core is otherwise idle during training. One persistent worker
 * (gemm_worker.ts) with its own tfjs-wasm backend takes the right half of B's columns; the main thread multiplies the
 * left half meanwhile and then waits on a shared counter. Operands and results go through a SharedArrayBuffer
 * (no structured clone per call). Every row of C is computed by the same kernel over the same k in both threads,
 * so the result equals the one-thread product bit for bit (tested).
 */
import * as os from "os";
import * as path from "path";
import { MessageChannel, Worker } from "worker_threads";
import { CTRL } from "./gemm_protocol";

/** Products with fewer multiply-adds than this stay on one thread: below it the hand-off costs more than it saves
 * (the MLP's 128 × 256 × 128 products, 4.2 M, measured slower split; its 25.7 M ones faster). */
export const SPLIT_MIN_MACS = 10_000_000;

interface Pool { worker: Worker; ctrl: Int32Array; data: Float32Array; port: import("worker_threads").MessagePort; seq: number }
let pool: Pool | null = null;
let starting: Promise<boolean> | null = null;

/**
 * Start the worker thread (once) and resolve when its backend is loaded; false when the machine has one core or
 * the worker could not start. The worker is unref'd: it never keeps the process alive.
 * @example
 * await startGemmPool();
 */
export function startGemmPool(): Promise<boolean> {
  if (starting) return starting;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  if (cores < 2) return (starting = Promise.resolve(false));
  starting = new Promise<boolean>((resolve) => {
    try {
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4));
      const data = new Float32Array(new SharedArrayBuffer(4 * 1024 * 1024));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(path.join(__dirname, "gemm_worker.js"), {
        workerData: { ctrl: ctrl.buffer, data: data.buffer, port: port2 }, transferList: [port2],
        // With a worker's default (small) young generation, the same tfjs-wasm products ran 1.3-1.9× slower than on
        // the main thread; with 64 MB they run at the main thread's speed.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      worker.unref();
      port1.unref();
      worker.once("message", (msg) => {
        if (msg === "ready") { pool = { worker, ctrl, data, port: port1, seq: 0 }; resolve(true); } else resolve(false);
      });
      worker.once("error", () => { pool = null; resolve(false); });
      worker.once("exit", () => { pool = null; resolve(false); });
    } catch {
      resolve(false);
    }
  });
  return starting;
}

/** True when the worker is loaded and products can be split. */
export function gemmPoolReady(): boolean { return pool !== null; }

let enabled = true;
/**
 * Turn splitting on or off without stopping the worker (the bench compares both in one process).
 * @example
 * setGemmPoolEnabled(false);
 */
export function setGemmPoolEnabled(on: boolean): void { enabled = on; }

/**
 * C = A·B with B's columns split between this thread and the worker; `local` multiplies this thread's share (the same
 * kernel the worker runs). Returns null when the pool is not running, so the caller falls back to one thread.
 * @param local - (a, b, m, k, n) → C, the one-thread product
 * @example
 * matmulShared(a, b, m, k, n, matmulTf) ?? matmulTf(a, b, m, k, n);
 */
export function matmulShared(a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  local: (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array): Float32Array | null {
  const p = pool;
  if (!p || !enabled || n < 2) return null;
  // Split B's columns, not A's rows: XNNPACK packs its right operand on every call, so each thread then packs only
  // half of it (a row split would have both threads pack all of B). Costs two strided copies, cheap next to that.
  const nw = Math.max(1, Math.round(n * workerShare)), nt = n - nw;
  const need = m * k + k * nw + m * nw;
  if (p.data.length < need) {
    p.data = new Float32Array(new SharedArrayBuffer(Math.ceil(need * 1.25) * 4));
    p.port.postMessage(p.data.buffer);
    Atomics.store(p.ctrl, CTRL.GROW, 1);
  }
  const d = p.data;
  d.set(a.subarray(0, m * k), 0);
  let o = m * k;
  for (let r = 0; r < k; r++, o += nw) d.set(b.subarray(r * n + nt, r * n + n), o);
  p.ctrl[CTRL.M] = m; p.ctrl[CTRL.K] = k; p.ctrl[CTRL.N] = nw;
  const seq = ++p.seq;
  Atomics.store(p.ctrl, CTRL.SEQ, seq);
  Atomics.notify(p.ctrl, CTRL.SEQ);
  if (left.length < k * nt) left = new Float32Array(k * nt);
  for (let r = 0; r < k; r++) left.set(b.subarray(r * n, r * n + nt), r * nt);
  const top = local(a.subarray(0, m * k), left.subarray(0, k * nt), m, k, nt);
  // A worker that died mid-call (it catches its own errors, so only a crash) must not hang training: after 60 s
  // without an answer the pool is dropped and the share is computed here.
  let lost = false;
  for (let waited = 0; ; waited++) {
    const done = Atomics.load(p.ctrl, CTRL.DONE);
    if (done === seq) break;
    if (waited >= 60) { lost = true; pool = null; break; }
    Atomics.wait(p.ctrl, CTRL.DONE, done, 1000);
  }
  const right = lost || Atomics.load(p.ctrl, CTRL.FAILED) === 1
    ? local(a.subarray(0, m * k), d.subarray(m * k, m * k + k * nw), m, k, nw)
    : d.subarray(m * k + k * nw, m * k + k * nw + m * nw);
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    c.set(top.subarray(i * nt, i * nt + nt), i * n);
    c.set(right.subarray(i * nw, i * nw + nw), i * n + nt);
  }
  return c;
}

/**
 * The worker's fraction of the columns (TYPELEARN_GEMM_SHARE to experiment). Half: with its young generation raised
 * (see startGemmPool) the worker runs the kernel at the main thread's speed.
 */
const workerShare = Number(process.env.TYPELEARN_GEMM_SHARE ?? 0.5);

/** This thread's columns of B, gathered contiguous (reused: the backend copies it into its heap at once). */
let left = new Float32Array(0);
