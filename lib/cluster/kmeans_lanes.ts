/**
 * The per-thread halves of the k-means steps over a WebAssembly workspace, and the control words two threads share
 * while they work on one step. Each thread ("lane") has its own row list and dot products in the workspace; both
 * take tasks (row ranges of whole chunks) from one shared counter, so a thread the machine does not schedule only
 * delays the task it holds, and mark each finished task with the step's sequence number. Rows are independent in
 * both steps (a row's label, bounds and potentials depend on that row only), so who computes a row never changes
 * a result. Used by kmeans_threads.ts (main thread) and kmeans_worker.ts (the helper).
 */
import type { DoorbellSlots } from "../wasm/doorbell";
import { CHUNK, dotsLane } from "./wasm_distances";
import type { KMeansExports, KMeansLayout } from "./wasm_distances";

/** Control words (Int32 view of the control buffer). */
export const SEQ = 0, DONE = 1, SLEEPING = 2, READY = 3, OP = 4, NEXT = 5, CHANGES = 6, RECOMPUTED = 7, DEAD = 8,
  HELPER_TASKS = 9;
/** The doorbell words of this protocol (see lib/wasm/doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING };
/** The step's parameters: Float64 view, from this index (byte 128). */
export const ARGS = 16;
/** Per-task done marks (Int32 view), from this index; at most MAX_TASKS tasks per step. */
export const FLAGS = 64, MAX_TASKS = 4096;
/** Bytes of the control buffer. */
export const CTRL_BYTES = (FLAGS + MAX_TASKS) * 4;

/** Operations the helper runs. */
export const OP_ATTACH = 1, OP_ASSIGN = 2, OP_PP = 3;

/**
 * A step split into tasks: rows lo..hi−1, `size` rows per task (a multiple of CHUNK).
 * @param lo - first row
 * @param hi - end row
 * @returns rows per task and the task count
 * @example
 * tasking(0, 100000); // { size: 4096, count: 25 }
 */
export function tasking(lo: number, hi: number): { size: number; count: number } {
  const chunks = Math.ceil((hi - lo) / CHUNK);
  const size = Math.ceil(chunks / MAX_TASKS) * CHUNK;
  return { size, count: Math.ceil((hi - lo) / size) };
}

/** The largest chunk (bytes of rows) streamed into the cache before its assignment: 1 MiB, a core's L2 here. */
const TOUCH_MAX_BYTES = 1 << 20;

/**
 * assign.ts's assignment step (bound test, dot products, argmin and bounds) over rows lo..hi−1, one chunk at a
 * time, in a lane's buffers. The parameters are read from the control buffer's Float64 view (see {@link writeAssignArgs}).
 * @returns labels changed and rows recomputed
 */
export function assignLane(e: KMeansExports, L: KMeansLayout, i32: Int32Array, lane: number, lo: number, hi: number,
  a: Float64Array): [number, number] {
  const useBounds = a[ARGS] !== 0, keep = a[ARGS + 1], kp = a[ARGS + 3];
  const dArg = a[ARGS + 4], dMax = a[ARGS + 5], dSecond = a[ARGS + 6], cMax = a[ARGS + 7], etaFac = a[ARGS + 8];
  const eFac = a[ARGS + 9];
  const { iOff } = L.lanes[lane];
  const base = iOff >> 2, nb = kp / 8;
  let changes = 0, recomputed = 0;
  for (let c0 = lo; c0 < hi; c0 += CHUNK) {
    const c1 = Math.min(hi, c0 + CHUNK);
    let m = 0;
    // Stream the chunk's rows in first (see touch): the rows nearest reads, scattered, are then cache hits. Only
    // when the chunk fits a core's cache (wide rows would be evicted again before they are read).
    if ((c1 - c0) * L.cols * 8 <= TOUCH_MAX_BYTES) {
      e.touch(L.xOff + c0 * L.cols * 8, (c1 - c0) * L.cols * 8);
      e.touch(L.qOff + c0 * 8, (c1 - c0) * 8); // the squared norms nearest reads with them (the bound test reads the rest)
    }
    if (useBounds) m = e.filter(c0, c1, dArg, dMax, dSecond, cMax, etaFac, L.lOff, L.uOff, L.loOff, L.nOff, L.dOff, iOff);
    else for (let i = c0; i < c1; i++) i32[base + m++] = i;
    if (m > 0) {
      changes += (nb === 1 ? e.nearest8 : e.nearest)(L.xOff, iOff, m, L.cols, L.pOff, nb, L.cnOff, eFac, cMax, keep, L.lOff, L.uOff, L.loOff,
        L.nOff, L.qOff);
    }
    recomputed += m;
  }
  return [changes, recomputed];
}

/**
 * Write an assignment step's parameters for {@link assignLane}.
 * @example
 * writeAssignArgs(args, [1, 1, k, kp, dArg, dMax, dSecond, cMax, etaFac, eFac]);
 */
export function writeAssignArgs(a: Float64Array, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) a[ARGS + i] = values[i];
}

/**
 * init.ts's k-means++ potentials of rows lo..hi−1 for t candidates packed `width` wide (dot products, then
 * ppFinish into the workspace's res), one chunk at a time, in a lane's buffers. Parameters: t, width, useClosest
 * at the Float64 view's ARGS.
 */
export function ppLane(e: KMeansExports, L: KMeansLayout, i32: Int32Array, lane: number, lo: number, hi: number,
  a: Float64Array): void {
  const t = a[ARGS], width = a[ARGS + 1] as 8 | 4, useClosest = a[ARGS + 2];
  const { iOff, oOff } = L.lanes[lane];
  const base = iOff >> 2;
  for (let c0 = lo; c0 < hi; c0 += CHUNK) {
    const m = Math.min(hi, c0 + CHUNK) - c0;
    for (let r = 0; r < m; r++) i32[base + r] = c0 + r;
    dotsLane(e, L, i32, lane, m, 1, width);
    e.ppFinish(m, t, width * 8, c0, L.rows, useClosest, oOff, L.ppqOff, L.qOff, L.clOff, L.resOff);
  }
}

/**
 * Take tasks from the shared counter until none is left, run each (`run(lo, hi)`), mark it done with `seq`, then
 * call `after`.
 * @returns tasks this thread ran
 */
export function takeTasks(ctrl: Int32Array, seq: number, lo: number, hi: number, size: number, count: number,
  run: (lo: number, hi: number) => void, after?: () => void): number {
  let mine = 0;
  for (;;) {
    const t = Atomics.add(ctrl, NEXT, 1);
    if (t >= count) return mine;
    const r0 = lo + t * size;
    run(r0, Math.min(hi, r0 + size));
    Atomics.store(ctrl, FLAGS + t, seq);
    mine++;
    after?.();
  }
}
