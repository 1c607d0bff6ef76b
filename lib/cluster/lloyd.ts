/**
 * Lloyd's k-means iterations on raw row-major buffers, following scikit-learn 1.2's `_kmeans_single_lloyd`:
 * assignment by ‖c‖² − 2·x·c (the ‖x‖² term does not change the argmin), centre update as cluster means, empty
 * clusters re-seeded with the points farthest from their centres, stop when labels stop changing ("strict"
 * convergence) or when the squared centre shift is within tol, then a final assignment so labels match centres.
 */
import { npSum } from "./numpy_sum";
import { assignRows, createAssignState, moveBounds, setCenters } from "./assign";
import type { KMeansWasm } from "./wasm_distances";

/** Options of {@link kmeansSingleRun}. */
export interface KMeansRunOptions {
  /** Maximum Lloyd iterations. */
  maxIter: number;
  /** Absolute tolerance on the summed squared centre shift (already scaled by the data's mean variance). */
  tol: number;
  /**
   * Skip rows whose label bounds prove unchanged (default true). Results are identical either way; false recomputes
   * every distance every iteration (plain Lloyd), for testing.
   */
  bounds?: boolean;
  /** The squared row norms of `data` if already computed (rowSquaredNorms), to save a pass. */
  sqNorms?: Float64Array;
  /** A WebAssembly workspace whose `x` is `data` (results are identical with or without it). */
  wasm?: KMeansWasm | null;
}

/** What one k-means run returns. */
export interface KMeansRunResult {
  /** k×cols row-major final centres. */
  centers: Float64Array;
  /** Cluster index of every sample. */
  labels: Int32Array;
  /** Sum of squared distances of samples to their centre. */
  inertia: number;
  /** Iterations run. */
  nIter: number;
}

/**
 * One k-means run from given initial centres. Pure: reads `data` and `centersInit` without changing them, uses no
 * randomness, so restarts can run anywhere (e.g. in worker threads) and be compared afterwards.
 * @param data - samples, rows×cols row-major (scikit-learn centres them by the column means first)
 * @param rows - samples
 * @param cols - features
 * @param centersInit - k×cols initial centres
 * @param opts - maxIter and the absolute tolerance
 * @example
 * const run = kmeansSingleRun(x, n, p, init, { maxIter: 300, tol: 1e-4 * meanVariance });
 * run.inertia; run.labels;
 */
export function kmeansSingleRun(data: Float64Array, rows: number, cols: number, centersInit: Float64Array,
  opts: KMeansRunOptions): KMeansRunResult {
  const k = centersInit.length / cols;
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * cols);
  const st = createAssignState(data, rows, cols, k, opts.bounds !== false, opts.sqNorms,
    opts.wasm);
  const labels = st.labels;
  const counts = new Float64Array(k);
  const shift = new Float64Array(k);
  let strict = false;
  let nIter = 0;
  for (let it = 0; it < opts.maxIter; it++) {
    nIter = it + 1;
    // E step (labels w.r.t. centers) fused with the cluster sums, then the M step into centersNew.
    setCenters(st, centers);
    centersNew.fill(0);
    counts.fill(0);
    const changed = assignRows(st, 0, rows, centersNew, counts);
    st.valid = true;
    relocateEmpty(data, rows, cols, centers, centersNew, counts, labels);
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        const a = 1 / counts[c];
        for (let j = 0; j < cols; j++) centersNew[c * cols + j] *= a;
      }
    }
    for (let c = 0; c < k; c++) shift[c] = Math.sqrt(sqDist(centersNew, c * cols, centers, c * cols, cols));
    moveBounds(st, shift);
    const tmp = centers; centers = centersNew; centersNew = tmp;
    if (changed === 0) { strict = true; break; }
    for (let c = 0; c < k; c++) shift[c] *= shift[c];
    if (npSum(shift) <= opts.tol) break;
  }
  if (!strict) {
    setCenters(st, centers);
    assignRows(st, 0, rows, null, null);
  }
  // Labels in the WebAssembly workspace are copied out (the workspace is reused by the next run).
  return { centers, labels: st.wasm ? labels.slice() : labels, inertia: inertiaOf(data, rows, cols, centers, labels),
    nIter };
}

/**
 * Label every sample with its nearest centre (ties to the lowest index); optionally add each sample to its
 * cluster's running sum and count.
 * @param x - samples, rows×cols
 * @param rows - samples
 * @param cols - features
 * @param centers - k×cols centres
 * @param k - number of centres
 * @param labels - output, one label per sample
 * @param sums - optional k×cols accumulator of cluster sums
 * @param counts - optional k accumulator of cluster sizes (with sums)
 * @example
 * assignLabels(x, n, p, centers, k, labels);
 */
export function assignLabels(x: Float64Array, rows: number, cols: number, centers: Float64Array, k: number,
  labels: Int32Array, sums?: Float64Array, counts?: Float64Array): void {
  const cn = new Float64Array(k);
  for (let c = 0; c < k; c++) cn[c] = dot(centers, c * cols, centers, c * cols, cols);
  const d = new Float64Array(2 * k);
  const k4 = k - (k % 4);
  let i = 0;
  // Two samples against four centres at a time: eight accumulators, six loads per eight multiply-adds.
  for (; i + 2 <= rows; i += 2) {
    const xa = i * cols, xb = xa + cols;
    for (let c = 0; c < k4; c += 4) {
      const o0 = c * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let j = 0; j < cols; j++) {
        const u = x[xa + j], v = x[xb + j];
        const c0 = centers[o0 + j], c1 = centers[o1 + j], c2 = centers[o2 + j], c3 = centers[o3 + j];
        a0 += u * c0; a1 += u * c1; a2 += u * c2; a3 += u * c3;
        b0 += v * c0; b1 += v * c1; b2 += v * c2; b3 += v * c3;
      }
      d[c] = cn[c] - 2 * a0; d[c + 1] = cn[c + 1] - 2 * a1; d[c + 2] = cn[c + 2] - 2 * a2; d[c + 3] = cn[c + 3] - 2 * a3;
      d[k + c] = cn[c] - 2 * b0; d[k + c + 1] = cn[c + 1] - 2 * b1;
      d[k + c + 2] = cn[c + 2] - 2 * b2; d[k + c + 3] = cn[c + 3] - 2 * b3;
    }
    for (let c = k4; c < k; c++) {
      const o = c * cols;
      let a = 0, b = 0;
      for (let j = 0; j < cols; j++) { const w = centers[o + j]; a += x[xa + j] * w; b += x[xb + j] * w; }
      d[c] = cn[c] - 2 * a;
      d[k + c] = cn[c] - 2 * b;
    }
    const la = argmin(d, 0, k), lb = argmin(d, k, k);
    labels[i] = la;
    labels[i + 1] = lb;
    if (sums && counts) {
      // Accumulate while the two rows are still in cache.
      counts[la] += 1;
      counts[lb] += 1;
      const oa = la * cols, ob = lb * cols;
      for (let j = 0; j < cols; j++) { sums[oa + j] += x[xa + j]; sums[ob + j] += x[xb + j]; }
    }
  }
  for (; i < rows; i++) {
    const xa = i * cols;
    for (let c = 0; c < k; c++) d[c] = cn[c] - 2 * dot(x, xa, centers, c * cols, cols);
    const l = argmin(d, 0, k);
    labels[i] = l;
    if (sums && counts) {
      counts[l] += 1;
      for (let j = 0; j < cols; j++) sums[l * cols + j] += x[xa + j];
    }
  }
}

function argmin(d: Float64Array, off: number, k: number): number {
  let best = d[off], l = 0;
  for (let c = 1; c < k; c++) if (d[off + c] < best) { best = d[off + c]; l = c; }
  return l;
}

function dot(a: Float64Array, oa: number, b: Float64Array, ob: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[oa + j] * b[ob + j];
  return s;
}

/** Squared distance, summed four terms at a time as scikit-learn's `_euclidean_dense_dense`. */
function sqDist(a: Float64Array, oa: number, b: Float64Array, ob: number, n: number): number {
  let r = 0;
  const n4 = n - (n % 4);
  let j = 0;
  for (; j < n4; j += 4) {
    const d0 = a[oa + j] - b[ob + j], d1 = a[oa + j + 1] - b[ob + j + 1];
    const d2 = a[oa + j + 2] - b[ob + j + 2], d3 = a[oa + j + 3] - b[ob + j + 3];
    r += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
  }
  for (; j < n; j++) { const e = a[oa + j] - b[ob + j]; r += e * e; }
  return r;
}

/**
 * Inertia: the sum over samples of the squared distance to the centre of their label.
 * @param x - samples, rows×cols
 * @param rows - samples
 * @param cols - features
 * @param centers - k×cols centres
 * @param labels - label of every sample
 * @example
 * inertiaOf(x, n, p, centers, labels);
 */
export function inertiaOf(x: Float64Array, rows: number, cols: number, centers: Float64Array,
  labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += sqDist(x, i * cols, centers, labels[i] * cols, cols);
  return s;
}

/**
 * Give every empty cluster one of the points farthest from their current centre (scikit-learn's
 * `_relocate_empty_clusters_dense`), moving that point's contribution from its old cluster's sum. The farthest
 * points are taken in decreasing distance (ties: lower index first); scikit-learn takes them from an
 * `argpartition`, whose order can differ when several clusters are empty at once.
 */
function relocateEmpty(x: Float64Array, rows: number, cols: number, centersOld: Float64Array, sums: Float64Array,
  counts: Float64Array, labels: Int32Array): void {
  const empty: number[] = [];
  for (let c = 0; c < counts.length; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const dist = new Float64Array(rows);
  const tmp = new Float64Array(cols);
  let max = 0;
  for (let i = 0; i < rows; i++) {
    const xo = i * cols, co = labels[i] * cols;
    for (let j = 0; j < cols; j++) { const e = x[xo + j] - centersOld[co + j]; tmp[j] = e * e; }
    dist[i] = npSum(tmp);
    if (dist[i] > max) max = dist[i];
  }
  if (max === 0) return;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => dist[b] - dist[a] || a - b);
  for (let e = 0; e < empty.length; e++) {
    const to = empty[e], far = order[e], from = labels[far];
    for (let j = 0; j < cols; j++) {
      const v = x[far * cols + j];
      sums[from * cols + j] -= v;
      sums[to * cols + j] = v;
    }
    counts[to] = 1;
    counts[from] -= 1;
  }
}
