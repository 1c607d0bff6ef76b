/**
 * Initial centres for k-means: greedy k-means++ and random samples, drawing from a RandomState in exactly the order
 * scikit-learn 1.2 does, so the same seed gives the same starting centres. Initialisation is kept apart from the
 * Lloyd iterations: all restarts' centres are drawn first (only they consume randomness), and the runs themselves
 * are pure functions that could be dispatched to workers.
 */
import { gemm64 } from "../array/linalg";
import type { RandomState } from "../random";
import { npSum } from "./numpy_sum";
import type { KMeansWasm } from "./wasm_distances";
import { ppStep } from "./kmeans_threads";

/**
 * Squared Euclidean norm of every row of a row-major matrix.
 * @param x - rows×cols values
 * @param rows - number of rows
 * @param cols - number of columns
 * @example
 * rowSquaredNorms(new Float64Array([3, 4]), 1, 2); // [25]
 */
export function rowSquaredNorms(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += x[o + j] * x[o + j];
    out[i] = s;
  }
  return out;
}

/**
 * Squared distances from the rows `ids` of x to every row of x, as scikit-learn's `_euclidean_distances`
 * computes them: (−2·a·b + ‖a‖²) + ‖b‖², clipped at 0; with `closest`, each is then replaced by closest[i] when that
 * is smaller (the candidate potentials of k-means++). Result is ids.length×rows.
 */
function squaredDistancesToRows(x: Float64Array, rows: number, cols: number, sq: Float64Array,
  ids: ArrayLike<number>, closest: Float64Array | null, wasm?: KMeansWasm | null): Float64Array {
  const t = ids.length;
  if (wasm && wasm.x === x && t <= 8 && t <= wasm.maxPacked) {
    return distancesWasm(wasm, rows, cols, sq, ids, closest);
  }
  const out = new Float64Array(t * rows);
  if (t > 8) {
    const picked = new Float64Array(t * cols);
    for (let r = 0; r < t; r++) picked.set(x.subarray(ids[r] * cols, ids[r] * cols + cols), r * cols);
    gemm64(picked, x, out, t, cols, rows, { transB: true, alpha: -2 });
    for (let r = 0; r < t; r++) {
      const a = sq[ids[r]], o = r * rows;
      for (let i = 0; i < rows; i++) {
        const d = (out[o + i] + a) + sq[i];
        let v = d > 0 ? d : 0;
        if (closest !== null && closest[i] < v) v = closest[i];
        out[o + i] = v;
      }
    }
    return out;
  }
  // Few candidates: direct dot products (summed over the features in order) beat packing x for GEMM.
  let r0 = 0;
  for (; r0 + 4 <= t; r0 += 4) distances2x4(x, rows, cols, sq, ids, r0, closest, out);
  for (; r0 < t; r0++) distances4x1(x, rows, cols, sq, ids[r0], closest, out, r0 * rows);
  return out;
}

/** squaredDistancesToRows with the dot products in WebAssembly (same sums, same finishing arithmetic). */
function distancesWasm(w: KMeansWasm, rows: number, cols: number, sq: Float64Array, ids: ArrayLike<number>,
  closest: Float64Array | null): Float64Array {
  const t = ids.length, width = t <= 4 ? 4 : 8;
  const { packed, ppQ } = w;
  packed.fill(0, 0, width * cols);
  const x = w.x;
  for (let r = 0; r < t; r++) for (let j = 0, o = ids[r] * cols; j < cols; j++) packed[width * j + r] = x[o + j];
  for (let r = 0; r < t; r++) ppQ[r] = sq[ids[r]];
  if (w.xSq !== sq) w.xSq.set(sq);
  if (closest !== null && closest !== w.closest) w.closest.set(closest);
  ppStep(w, t, width, closest !== null);
  // A view of the workspace: read before the next call (kmeansPlusPlus copies out what it keeps).
  return w.res.subarray(0, t * rows);
}

/** Rows r0..r0+3 of squaredDistancesToRows: two samples against four candidates per pass. */
function distances2x4(x: Float64Array, rows: number, cols: number, sq: Float64Array, ids: ArrayLike<number>,
  r0: number, closest: Float64Array | null, out: Float64Array): void {
  const p0 = ids[r0] * cols, p1 = ids[r0 + 1] * cols, p2 = ids[r0 + 2] * cols, p3 = ids[r0 + 3] * cols;
  const q0 = sq[ids[r0]], q1 = sq[ids[r0 + 1]], q2 = sq[ids[r0 + 2]], q3 = sq[ids[r0 + 3]];
  const o0 = r0 * rows, o1 = o0 + rows, o2 = o1 + rows, o3 = o2 + rows;
  const b = new Float64Array(4 * cols); // the candidates, feature-major
  for (let j = 0; j < cols; j++) {
    b[4 * j] = x[p0 + j]; b[4 * j + 1] = x[p1 + j]; b[4 * j + 2] = x[p2 + j]; b[4 * j + 3] = x[p3 + j];
  }
  const fin = (s: number, q: number, i: number): number => {
    const d = (-2 * s + q) + sq[i];
    const v = d > 0 ? d : 0;
    return closest !== null && closest[i] < v ? closest[i] : v;
  };
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const xa = i * cols, xb = xa + cols;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let j = 0, o = 0; j < cols; j++, o += 4) {
      const u = x[xa + j], v = x[xb + j];
      const c0 = b[o], c1 = b[o + 1], c2 = b[o + 2], c3 = b[o + 3];
      a0 += u * c0; a1 += u * c1; a2 += u * c2; a3 += u * c3;
      b0 += v * c0; b1 += v * c1; b2 += v * c2; b3 += v * c3;
    }
    out[o0 + i] = fin(a0, q0, i); out[o1 + i] = fin(a1, q1, i); out[o2 + i] = fin(a2, q2, i);
    out[o3 + i] = fin(a3, q3, i);
    out[o0 + i + 1] = fin(b0, q0, i + 1); out[o1 + i + 1] = fin(b1, q1, i + 1);
    out[o2 + i + 1] = fin(b2, q2, i + 1); out[o3 + i + 1] = fin(b3, q3, i + 1);
  }
  for (; i < rows; i++) {
    const xa = i * cols;
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[xa + j] * b[4 * j + r];
      out[o0 + r * rows + i] = fin(s, sq[ids[r0 + r]], i);
    }
  }
}

/** One candidate against every sample (four samples per pass), into out[o..o+rows). */
function distances4x1(x: Float64Array, rows: number, cols: number, sq: Float64Array, id: number,
  closest: Float64Array | null, out: Float64Array, o: number): void {
  const b = x.slice(id * cols, id * cols + cols), q = sq[id];
  const fin = (s: number, i: number): number => {
    const d = (-2 * s + q) + sq[i];
    const v = d > 0 ? d : 0;
    return closest !== null && closest[i] < v ? closest[i] : v;
  };
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const x0 = i * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < cols; j++) {
      const c = b[j];
      s0 += x[x0 + j] * c; s1 += x[x1 + j] * c; s2 += x[x2 + j] * c; s3 += x[x3 + j] * c;
    }
    out[o + i] = fin(s0, i); out[o + i + 1] = fin(s1, i + 1); out[o + i + 2] = fin(s2, i + 2);
    out[o + i + 3] = fin(s3, i + 3);
  }
  for (; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += x[i * cols + j] * b[j];
    out[o + i] = fin(s, i);
  }
}

/** Result of {@link kmeansPlusPlus}. */
export interface PlusPlusResult {
  /** nClusters×cols row-major initial centres. */
  centers: Float64Array;
  /** Row index in x of each centre. */
  indices: Int32Array;
}

/**
 * Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): the first centre is `randint(rows)`; each next one
 * is the best of `2 + floor(ln k)` candidates drawn with probability proportional to the squared distance to the
 * nearest chosen centre (`uniform(size) · potential`, searched in the cumulative distances), "best" meaning the
 * smallest resulting potential.
 * @param x - data, rows×cols row-major (scikit-learn passes the mean-centred data)
 * @param rows - samples
 * @param cols - features
 * @param nClusters - centres to pick
 * @param sq - squared row norms of x
 * @param rs - random generator (advanced in place)
 * @param nLocalTrials - candidates per centre (default 2 + floor(ln nClusters))
 * @param wasm - a WebAssembly workspace whose `x` is `x` (results are identical with or without it)
 * @example
 * const { indices } = kmeansPlusPlus(x, n, p, 3, rowSquaredNorms(x, n, p), new RandomState(0));
 */
export function kmeansPlusPlus(x: Float64Array, rows: number, cols: number, nClusters: number, sq: Float64Array,
  rs: RandomState, nLocalTrials?: number, wasm?: KMeansWasm | null): PlusPlusResult {
  const trials = nLocalTrials ?? 2 + Math.floor(Math.log(nClusters));
  const centers = new Float64Array(nClusters * cols);
  const indices = new Int32Array(nClusters).fill(-1);
  const first = rs.randint(rows) as number;
  centers.set(x.subarray(first * cols, first * cols + cols), 0);
  indices[0] = first;
  let closest = squaredDistancesToRows(x, rows, cols, sq, [first], null, wasm);
  let pot = npSum(closest);
  const cum = new Float64Array(rows);
  const candidates = new Int32Array(trials);
  for (let c = 1; c < nClusters; c++) {
    const u = rs.uniform(0, 1, trials).data as Float64Array;
    let acc = 0;
    for (let i = 0; i < rows; i++) { acc += closest[i]; cum[i] = acc; }
    for (let t = 0; t < trials; t++) {
      candidates[t] = Math.min(searchLeft(cum, u[t] * pot), rows - 1);
    }
    const dist = squaredDistancesToRows(x, rows, cols, sq, candidates, closest, wasm);
    let best = 0, bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const p = npSum(dist, t * rows, rows);
      if (t === 0 || p < bestPot) { bestPot = p; best = t; }
    }
    pot = bestPot;
    const id = candidates[best];
    // A view, not a copy: the next candidates' distances copy it into the workspace before overwriting `dist`, and
    // slice() of a shared (workspace) array copies element by element, slower than the distances themselves.
    closest = dist.subarray(best * rows, best * rows + rows);
    centers.set(x.subarray(id * cols, id * cols + cols), c * cols);
    indices[c] = id;
  }
  return { centers, indices };
}

/** First index i with a[i] >= v (NumPy's searchsorted, side "left"). */
function searchLeft(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Random initial centres: the first nClusters rows of a random permutation (scikit-learn's init="random").
 * @param x - data, rows×cols
 * @param rows - samples
 * @param cols - features
 * @param nClusters - centres to pick
 * @param rs - random generator (advanced in place)
 * @example
 * const centers = randomCenters(x, n, p, 3, new RandomState(0));
 */
export function randomCenters(x: Float64Array, rows: number, cols: number, nClusters: number,
  rs: RandomState): Float64Array {
  const perm = rs.permutation(rows).data;
  const centers = new Float64Array(nClusters * cols);
  for (let c = 0; c < nClusters; c++) centers.set(x.subarray(perm[c] * cols, perm[c] * cols + cols), c * cols);
  return centers;
}
