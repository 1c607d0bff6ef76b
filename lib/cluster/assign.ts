/**
 * The assignment step of Lloyd's k-means, with exact bound-based skipping.
 *
 * Every distance the step computes is ‖c‖² − 2·x·c in exactly the order of plain Lloyd (each dot product summed over
 * the features in sequence, from 0), so a recomputed row gets bit-for-bit the labels plain Lloyd gives. Rows are
 * recomputed only when bounds cannot prove their label unchanged. As in Hamerly's algorithm, each row keeps an upper
 * bound on the distance to its centre and a lower bound on the distance to every other centre, moved by the centres'
 * shifts each iteration; a row is skipped only when the lower bound exceeds the upper bound by more than the worst
 * rounding error of the computed distances, so the computed argmin — ties included — could not differ: skipping
 * never changes a result. Bounds are kept conservative under rounding (each update is widened by a few ulps).
 */

/** Per-run state of the assignment step (buffers reused across iterations). */
export interface AssignState {
  x: Float64Array;
  rows: number;
  cols: number;
  k: number;
  /** Label of every row (−1 before the first step). */
  labels: Int32Array;
  /** Upper bound on each row's distance to its centre. */
  upper: Float64Array;
  /** Lower bound on each row's distance to every other centre. */
  lower: Float64Array;
  /** Upper bound on each row's Euclidean norm. */
  xNorm: Float64Array;
  /** Squared row norms (as computed). */
  xSq: Float64Array;
  /** Upper bound on each centre's shift since the bounds were last valid. */
  delta: Float64Array;
  /** The largest shift bound, its centre, and the second largest. */
  deltaMax: number;
  deltaArg: number;
  deltaSecond: number;
  /** Centres packed for the row kernel: blocks of `width` centres, feature-major inside a block; padded. */
  packed: Float64Array;
  width: number;
  /** Squared centre norms (padded with zeros), as plain Lloyd computes them. */
  cn: Float64Array;
  /** Upper bound on the largest centre norm. */
  cMax: number;
  /** Scratch for one row's k (padded) distances. */
  f: Float64Array;
  /** Bounds valid (false before the first step). */
  valid: boolean;
  /** Whether bounds may be used to skip rows. */
  skip: boolean;
  /** Rows whose distances were computed, over all steps (a measure of what the bounds saved). */
  recomputed: number;
  /** WebAssembly workspace holding x, labels and packed (null: the JavaScript loops). */
  wasm: KMeansWasm | null;
}

import type { KMeansWasm } from "./wasm_distances";
import { assignStep } from "./kmeans_threads";

const UP = 1 + 2 ** -50, DOWN = 1 - 2 ** -50; // widen updated bounds by a few ulps
const UP_INIT = 1 + 2 ** -49, DOWN_INIT = 1 - 2 ** -49;

/**
 * Buffers for the assignment step of a run on `x` with k centres.
 * @param x - rows×cols samples
 * @param rows - samples
 * @param cols - features
 * @param k - centres
 * @param skip - use bounds to skip rows (false: recompute every row, plain Lloyd)
 * @param xSq - the squared row norms of x if already computed (as rowSquaredNorms computes them)
 * @param wasm - a WebAssembly workspace whose `x` is `x` (used when k > 4; results are identical)
 * @example
 * const st = createAssignState(x, n, p, 8, true);
 */
export function createAssignState(x: Float64Array, rows: number, cols: number, k: number, skip = true,
  xSq?: Float64Array, wasm?: KMeansWasm | null): AssignState {
  const width = k <= 4 ? 4 : 8;
  const kp = Math.ceil(k / width) * width;
  const w = wasm && width === 8 && wasm.x === x && wasm.maxPacked >= kp && wasm.sums.length >= k * cols
    && wasm.delta.length >= k ? wasm : null;
  let sq = xSq;
  if (!sq) {
    sq = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const o = i * cols;
      for (let j = 0; j < cols; j++) s += x[o + j] * x[o + j];
      sq[i] = s;
    }
  }
  const xNorm = w ? w.xNorm : new Float64Array(rows);
  const normUp = 1 + (cols + 8) * 2 ** -52;
  for (let i = 0; i < rows; i++) xNorm[i] = Math.sqrt(sq[i]) * normUp;
  if (w) { if (sq !== w.xSq) w.xSq.set(sq); sq = w.xSq; w.upper.fill(0); w.lower.fill(0); w.delta.fill(0); }
  return {
    x, rows, cols, k, labels: w ? w.labels.fill(-1) : new Int32Array(rows).fill(-1),
    upper: w ? w.upper : new Float64Array(rows), lower: w ? w.lower : new Float64Array(rows), xNorm, xSq: sq,
    delta: w ? w.delta : new Float64Array(k), deltaMax: 0, deltaArg: -1,
    deltaSecond: 0, packed: w ? w.packed.subarray(0, kp * cols) : new Float64Array(kp * cols), width,
    cn: w ? w.cn.subarray(0, kp) : new Float64Array(kp), cMax: 0, f: new Float64Array(kp), valid: false, skip,
    recomputed: 0, wasm: w,
  };
}

/**
 * Load the centres the next step assigns to: pack them and compute their squared norms.
 * @param st - state from createAssignState
 * @param centers - k×cols centres
 * @example
 * setCenters(st, centers);
 */
export function setCenters(st: AssignState, centers: Float64Array): void {
  const { k, cols, width, packed, cn } = st;
  packed.fill(0);
  cn.fill(0);
  let max = 0;
  for (let c = 0; c < k; c++) {
    const o = c * cols, b = Math.floor(c / width), q = c % width, base = b * width * cols + q;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      s += centers[o + j] * centers[o + j];
      packed[base + j * width] = centers[o + j];
    }
    cn[c] = s;
    if (s > max) max = s;
  }
  st.cMax = Math.sqrt(max) * (1 + (cols + 8) * 2 ** -52);
}

/**
 * Record how far each centre moved (Euclidean `shift`, as computed), so the bounds stay valid for the new centres.
 * @param st - state
 * @param shift - per-centre distance between the old and the new centre
 * @example
 * moveBounds(st, shift);
 */
export function moveBounds(st: AssignState, shift: Float64Array): void {
  const up = 1 + (st.cols + 8) * 2 ** -52;
  let m1 = 0, m2 = 0, arg = -1;
  for (let c = 0; c < st.k; c++) {
    const d = shift[c] * up;
    st.delta[c] = d;
    if (d > m1) { m2 = m1; m1 = d; arg = c; } else if (d > m2) m2 = d;
  }
  st.deltaMax = m1; st.deltaArg = arg; st.deltaSecond = m2;
}

/**
 * Label rows lo..hi−1 with their nearest centre (ties to the lowest index), skipping rows whose bounds prove their
 * label; optionally add each row to its cluster's sum and count, in row order.
 * @param st - state (centres set with setCenters, shifts since the last step given to moveBounds)
 * @param lo - first row
 * @param hi - end row (exclusive)
 * @param sums - optional k×cols accumulator of cluster sums
 * @param counts - optional k accumulator of cluster sizes
 * @returns how many labels changed
 * @example
 * const changed = assignRows(st, 0, n, sums, counts);
 */
export function assignRows(st: AssignState, lo: number, hi: number, sums: Float64Array | null,
  counts: Float64Array | null): number {
  if (st.wasm) return assignRowsWasm(st, st.wasm, lo, hi, sums, counts);
  const { x, cols, k, labels, upper, lower, xNorm, xSq, delta, f, cn, packed } = st;
  const useBounds = st.skip && st.valid, keepBounds = st.skip, wide = st.width === 8;
  const cMax = st.cMax, dMax = st.deltaMax, dArg = st.deltaArg, dSecond = st.deltaSecond;
  const eFac = 2 * (cols + 8) * 2 ** -52; // squared-distance error bound per (‖x‖ + ‖c‖)²
  const etaFac = Math.sqrt(2 * eFac) * (1 + 2 ** -40);
  const c4 = cols - (cols % 4);
  let changes = 0, recomputed = 0;
  for (let i = lo; i < hi; i++) {
    const xo = i * cols;
    let a = labels[i];
    let need = true;
    if (useBounds) {
      // Hamerly's bounds: the own centre moved by delta[a], any other by at most the largest other shift.
      const u = (upper[i] + delta[a]) * UP;
      let l = lower[i] - (a === dArg ? dSecond : dMax);
      l = l > 0 ? l * DOWN : 0;
      upper[i] = u;
      lower[i] = l;
      need = !(l > (u + etaFac * (xNorm[i] + cMax)) * UP);
    }
    if (need) {
      recomputed++;
      if (wide) rowDistances8(x, xo, cols, packed, cn, f);
      else rowDistances4(x, xo, cols, packed, cn, f);
      let best = f[0], second = Infinity, l = 0;
      for (let c = 1; c < k; c++) {
        const v = f[c];
        if (v < best) { second = best; best = v; l = c; } else if (v < second) second = v;
      }
      if (keepBounds) {
        const xs = xSq[i], r = xNorm[i] + cMax, e = eFac * r * r;
        const uu = best + xs + e, ll = second + xs - e;
        upper[i] = Math.sqrt(uu > 0 ? uu : 0) * UP_INIT;
        lower[i] = ll > 0 ? Math.sqrt(ll) * DOWN_INIT : 0;
      }
      if (l !== a) { changes++; labels[i] = l; a = l; }
    }
    if (sums !== null && counts !== null) {
      counts[a] += 1;
      const so = a * cols;
      let j = 0;
      for (; j < c4; j += 4) {
        sums[so + j] += x[xo + j]; sums[so + j + 1] += x[xo + j + 1];
        sums[so + j + 2] += x[xo + j + 2]; sums[so + j + 3] += x[xo + j + 3];
      }
      for (; j < cols; j++) sums[so + j] += x[xo + j];
    }
  }
  st.recomputed += recomputed;
  return changes;
}

/**
 * assignRows in WebAssembly, a chunk of rows at a time: the bound test (filter), the dot products of the rows it
 * cannot settle, their argmin and new bounds (finish), then the cluster sums, all with the arithmetic above.
 */
function assignRowsWasm(st: AssignState, w: KMeansWasm, lo: number, hi: number, sums: Float64Array | null,
  counts: Float64Array | null): number {
  const { cols, k, cn } = st;
  const useBounds = st.skip && st.valid, keepBounds = st.skip;
  const cMax = st.cMax, dMax = st.deltaMax, dArg = st.deltaArg, dSecond = st.deltaSecond;
  const eFac = 2 * (cols + 8) * 2 ** -52;
  const etaFac = Math.sqrt(2 * eFac) * (1 + 2 ** -40);
  const kp = cn.length;
  const withSums = sums !== null && counts !== null;
  // finish takes the minimum over whole blocks: padded centres must never win.
  for (let c = k; c < kp; c++) cn[c] = Infinity;
  if (withSums) { w.sums.set(sums.subarray(0, k * cols)); w.counts.set(counts.subarray(0, k)); }
  const [changes, recomputed] = assignStep(w, lo, hi,
    [useBounds ? 1 : 0, keepBounds ? 1 : 0, k, kp, dArg, dMax, dSecond, cMax, etaFac, eFac], withSums);
  if (withSums) { sums.set(w.sums.subarray(0, k * cols)); counts.set(w.counts.subarray(0, k)); }
  st.recomputed += recomputed;
  return changes;
}

/** f[c] = ‖c‖² − 2·x·c for every centre, eight centres per pass (feature-major packed blocks of 8). */
function rowDistances8(x: Float64Array, xo: number, cols: number, packed: Float64Array, cn: Float64Array,
  f: Float64Array): void {
  const kp = cn.length;
  let o = 0;
  for (let c = 0; c < kp; c += 8) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let j = 0; j < cols; j++, o += 8) {
      const u = x[xo + j];
      a0 += u * packed[o]; a1 += u * packed[o + 1]; a2 += u * packed[o + 2]; a3 += u * packed[o + 3];
      a4 += u * packed[o + 4]; a5 += u * packed[o + 5]; a6 += u * packed[o + 6]; a7 += u * packed[o + 7];
    }
    f[c] = cn[c] - 2 * a0; f[c + 1] = cn[c + 1] - 2 * a1; f[c + 2] = cn[c + 2] - 2 * a2; f[c + 3] = cn[c + 3] - 2 * a3;
    f[c + 4] = cn[c + 4] - 2 * a4; f[c + 5] = cn[c + 5] - 2 * a5; f[c + 6] = cn[c + 6] - 2 * a6;
    f[c + 7] = cn[c + 7] - 2 * a7;
  }
}

/** As rowDistances8 with blocks of four centres (k ≤ 4). */
function rowDistances4(x: Float64Array, xo: number, cols: number, packed: Float64Array, cn: Float64Array,
  f: Float64Array): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (let j = 0, o = 0; j < cols; j++, o += 4) {
    const u = x[xo + j];
    a0 += u * packed[o]; a1 += u * packed[o + 1]; a2 += u * packed[o + 2]; a3 += u * packed[o + 3];
  }
  f[0] = cn[0] - 2 * a0; f[1] = cn[1] - 2 * a1; f[2] = cn[2] - 2 * a2; f[3] = cn[3] - 2 * a3;
}
