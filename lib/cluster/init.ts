/**
 * Initial centres for k-means: greedy k-means++ and random samples, drawing from a RandomState in exactly the order
 * scikit-learn 1.2 does, so the same seed gives the same starting centres. Initialisation is kept apart from the
 * Lloyd iterations: all restarts' centres are drawn first (only they consume randomness), and the runs themselves
 * are pure functions that could be dispatched to workers.
 */
import { gemmTiled } from "../array/linalg";
import type { RandomState } from "../random";
import { npSum } from "./numpy_sum";

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
 * computes them: (−2·a·b + ‖a‖²) + ‖b‖², clipped at 0. Result is ids.length×rows.
 */
function squaredDistancesToRows(x: Float64Array, rows: number, cols: number, sq: Float64Array,
  ids: ArrayLike<number>): Float64Array {
  const t = ids.length;
  const out = new Float64Array(t * rows);
  if (t > 8) {
    const picked = new Float64Array(t * cols);
    for (let r = 0; r < t; r++) picked.set(x.subarray(ids[r] * cols, ids[r] * cols + cols), r * cols);
    gemmTiled(false, true, t, rows, cols, -2, picked, cols, x, cols, 0, out, rows);
  } else {
    // Few candidates: direct dot products (two samples × up to four candidates per pass) beat packing x for GEMM.
    const picked = new Float64Array(4 * cols);
    for (let r0 = 0; r0 < t; r0 += 4) {
      const tb = Math.min(4, t - r0);
      picked.fill(0);
      for (let r = 0; r < tb; r++) picked.set(x.subarray(ids[r0 + r] * cols, ids[r0 + r] * cols + cols), r * cols);
      const scratch = new Float64Array(4 * rows);
      dots2x4(x, rows, cols, picked, scratch);
      for (let r = 0; r < tb; r++) {
        const o = (r0 + r) * rows;
        for (let i = 0; i < rows; i++) out[o + i] = -2 * scratch[i * 4 + r];
      }
    }
  }
  for (let r = 0; r < t; r++) {
    const a = sq[ids[r]], o = r * rows;
    for (let i = 0; i < rows; i++) {
      const d = (out[o + i] + a) + sq[i];
      out[o + i] = d > 0 ? d : 0;
    }
  }
  return out;
}

/** out[i·4 + c] = x_i · b_c for the four rows of b (4×cols), two samples at a time. */
function dots2x4(x: Float64Array, rows: number, cols: number, b: Float64Array, out: Float64Array): void {
  const o1 = cols, o2 = 2 * cols, o3 = 3 * cols;
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const xa = i * cols, xb = xa + cols;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let j = 0; j < cols; j++) {
      const u = x[xa + j], v = x[xb + j];
      const c0 = b[j], c1 = b[o1 + j], c2 = b[o2 + j], c3 = b[o3 + j];
      a0 += u * c0; a1 += u * c1; a2 += u * c2; a3 += u * c3;
      b0 += v * c0; b1 += v * c1; b2 += v * c2; b3 += v * c3;
    }
    const o = i * 4;
    out[o] = a0; out[o + 1] = a1; out[o + 2] = a2; out[o + 3] = a3;
    out[o + 4] = b0; out[o + 5] = b1; out[o + 6] = b2; out[o + 7] = b3;
  }
  for (; i < rows; i++) {
    const xa = i * cols;
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[xa + j] * b[c * cols + j];
      out[i * 4 + c] = s;
    }
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
 * @example
 * const { indices } = kmeansPlusPlus(x, n, p, 3, rowSquaredNorms(x, n, p), new RandomState(0));
 */
export function kmeansPlusPlus(x: Float64Array, rows: number, cols: number, nClusters: number, sq: Float64Array,
  rs: RandomState, nLocalTrials?: number): PlusPlusResult {
  const trials = nLocalTrials ?? 2 + Math.floor(Math.log(nClusters));
  const centers = new Float64Array(nClusters * cols);
  const indices = new Int32Array(nClusters).fill(-1);
  const first = rs.randint(rows) as number;
  centers.set(x.subarray(first * cols, first * cols + cols), 0);
  indices[0] = first;
  let closest = squaredDistancesToRows(x, rows, cols, sq, [first]);
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
    const dist = squaredDistancesToRows(x, rows, cols, sq, candidates);
    let best = 0, bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const o = t * rows;
      for (let i = 0; i < rows; i++) if (closest[i] < dist[o + i]) dist[o + i] = closest[i];
      const p = npSum(dist, o, rows);
      if (t === 0 || p < bestPot) { bestPot = p; best = t; }
    }
    pot = bestPot;
    closest = dist.slice(best * rows, best * rows + rows);
    const id = candidates[best];
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
