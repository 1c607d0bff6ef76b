/**
 * Silhouette coefficients (sklearn's `silhouette_samples` / `silhouette_score`). Euclidean distances are computed
 * block by block from a GEMM (‖x‖² − 2x·y + ‖y‖², as scikit-learn does), so memory stays at one block of rows and
 * no n×n matrix is ever built.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { gemm64 } from "../array/linalg";
import { MatrixLike, checkConsistentLength, toMatrix } from "../base/validation";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { RandomState, checkRandomState } from "../random";
import { LabelsLike, classesOf, encodeLabels, toLabelVector } from "./labels";
import { checkChoice } from "./targets";

/** Options of {@link silhouetteSamples}. */
export interface SilhouetteOptions {
  /** "euclidean" (default) on a feature matrix, or "precomputed" when X is an n×n distance matrix. */
  metric?: "euclidean" | "precomputed";
}

/** Options of {@link silhouetteScore}. */
export interface SilhouetteScoreOptions extends SilhouetteOptions {
  /** Score a random subset of this many samples (default: all). */
  sampleSize?: number | null;
  /** Seed or RandomState of the subset (scikit-learn's `random_state.permutation(n)[:sampleSize]`). */
  randomState?: number | RandomState | null;
}

/** Largest n × clusters buffer (doubles) the symmetric path may allocate: 64 MB. */
const SYMMETRIC_MAX = 1 << 23;

/** Rows per distance block: keeps a block at about 2 M doubles (16 MB). */
function blockRows(n: number): number { return Math.max(1, Math.min(n, Math.floor((1 << 21) / Math.max(n, 1)))); }

/** The coefficient of one sample from its summed distances to each cluster (sklearn's reduction). */
function coefficient(sums: Float64Array, off: number, li: number, freq: Float64Array, k: number): number {
  let b = Infinity;
  for (let c = 0; c < k; c++) if (c !== li) { const v = sums[off + c] / freq[c]; if (v < b) b = v; }
  const a = sums[off + li] / (freq[li] - 1);
  const s = (b - a) / Math.max(a, b);
  return Number.isNaN(s) ? 0 : s; // a singleton cluster (0/0) scores 0
}

function frequencies(code: Int32Array, k: number): Float64Array {
  const freq = new Float64Array(k);
  for (let i = 0; i < code.length; i++) freq[code[i]]++;
  return freq;
}

/**
 * Silhouettes from a distance matrix given block by block: `visit(r0, r1, dist)` fills dist with rows r0..r1-1
 * (row-major, n columns). Each row's cluster sums accumulate over j in increasing order, as in scikit-learn.
 */
function silhouetteFromRows(n: number, code: Int32Array, k: number,
  visit: (r0: number, r1: number, dist: Float64Array) => void): Float64Array {
  const freq = frequencies(code, k);
  const B = blockRows(n);
  const dist = new Float64Array(B * n);
  const sums = new Float64Array(k);
  const out = new Float64Array(n);
  for (let r0 = 0; r0 < n; r0 += B) {
    const r1 = Math.min(n, r0 + B);
    visit(r0, r1, dist);
    for (let i = r0; i < r1; i++) {
      sums.fill(0);
      const o = (i - r0) * n;
      for (let j = 0; j < n; j++) sums[code[j]] += dist[o + j];
      out[i] = coefficient(sums, 0, code[i], freq, k);
    }
  }
  return out;
}

/** Squared norms of the rows. */
function rowNorms(X: Float64Array, n: number, d: number): Float64Array {
  const xx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = 0; f < d; f++) { const v = X[i * d + f]; s += v * v; }
    xx[i] = s;
  }
  return xx;
}

/**
 * Euclidean silhouettes using the symmetry of distances: each block of rows is multiplied only against the
 * columns at or after it, and every distance d(i, j), i < j, is added to both i's and j's cluster sums. Sums still
 * accumulate in increasing j for every row (contributions from earlier rows arrive first), as in scikit-learn.
 * Needs an n×k buffer of sums.
 */
function euclideanSymmetric(X: Float64Array, n: number, d: number, code: Int32Array, k: number): Float64Array {
  const xx = rowNorms(X, n, d);
  const freq = frequencies(code, k);
  const S = new Float64Array(n * k);
  const B = blockRows(n);
  const buf = new Float64Array(B * n);
  for (let r0 = 0; r0 < n; r0 += B) {
    const m = Math.min(B, n - r0), w = n - r0;
    // dist block = -2 · X[r0:r0+m] · X[r0:]ᵀ; then + ‖xi‖² + ‖xj‖², clipped at 0, as euclidean_distances
    gemm64(X.subarray(r0 * d, (r0 + m) * d), X.subarray(r0 * d), buf, m, d, w, { transB: true, alpha: -2 });
    for (let ii = 0; ii < m; ii++) {
      const i = r0 + ii, o = ii * w - r0, xi = xx[i], ci = code[i], rowS = i * k;
      for (let j = i + 1; j < n; j++) {
        const v = buf[o + j] + xi + xx[j];
        const dd = v > 0 ? Math.sqrt(v) : 0;
        S[rowS + code[j]] += dd;
        S[j * k + ci] += dd;
      }
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = coefficient(S, i * k, code[i], freq, k);
  return out;
}

function prepareLabels(labels: LabelsLike, n: number): { code: Int32Array; k: number } {
  const lv = toLabelVector(labels, "labels", false);
  checkConsistentLength(["X", n], ["labels", lv.length]);
  const classes = classesOf([lv], ["labels"]).values;
  const k = classes.length;
  if (!(k > 1 && k < n)) {
    throw new ShapeError("labels", `between 2 and n_samples − 1 = ${n - 1} distinct clusters`, `${k}`);
  }
  return { code: encodeLabels(lv, classes), k };
}

/** Squared-norm GEMM distances of rows r0..r1-1 against all rows, as scikit-learn's euclidean_distances. */
function euclideanVisitor(X: Float64Array, n: number, d: number): (r0: number, r1: number, dist: Float64Array) => void {
  const xx = rowNorms(X, n, d);
  return (r0, r1, dist) => {
    const m = r1 - r0;
    gemm64(X.subarray(r0 * d, r1 * d), X, dist, m, d, n, { transB: true, alpha: -2 });
    for (let i = 0; i < m; i++) {
      const o = i * n, xi = xx[r0 + i];
      for (let j = 0; j < n; j++) {
        const v = dist[o + j] + xi + xx[j];
        dist[o + j] = v > 0 ? Math.sqrt(v) : 0;
      }
      dist[o + r0 + i] = 0; // a point's distance to itself is exactly 0
    }
  };
}

function checkPrecomputed(D: { data: Float64Array; rows: number; cols: number }): void {
  if (D.rows !== D.cols) throw new ShapeError("X", "a square distance matrix for metric \"precomputed\"", `[${D.rows}, ${D.cols}]`);
  for (let i = 0; i < D.rows; i++) {
    if (Math.abs(D.data[i * D.cols + i]) > Number.EPSILON * 100) {
      throw new InputTypeError("X", "a distance matrix with zeros on the diagonal (metric \"precomputed\")",
        `${D.data[i * D.cols + i]} at [${i}, ${i}]`);
    }
  }
}

/**
 * The silhouette coefficient of each sample: (b − a) / max(a, b), with a the mean distance to the other members
 * of its cluster and b the mean distance to the nearest other cluster; 0 for members of singleton clusters.
 * @param X - features [n, features], or an [n, n] distance matrix with metric "precomputed"
 * @param labels - the cluster of each sample (numbers or strings); 2 to n − 1 distinct clusters
 * @param options - metric ("euclidean" default, or "precomputed")
 * @returns an NDArray [n] of coefficients in [−1, 1]
 * @example
 * silhouetteSamples([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]); // [0.859…, 0.852…, 0.852…, 0.859…]
 */
export function silhouetteSamples(X: MatrixLike, labels: LabelsLike, options: SilhouetteOptions = {}): NDArray {
  const metric = checkChoice("metric", options.metric ?? "euclidean", ["euclidean", "precomputed"]);
  const M = toMatrix(X, "X");
  const { code, k } = prepareLabels(labels, M.rows);
  const n = M.rows;
  if (metric === "precomputed") {
    checkPrecomputed(M);
    return new NDArray(silhouetteFromRows(n, code, k, (r0, r1, dist) => dist.set(M.data.subarray(r0 * n, r1 * n))));
  }
  // the symmetric path halves the work but keeps n×k sums; very many clusters take the row-block path instead
  if (n * k <= SYMMETRIC_MAX) return new NDArray(euclideanSymmetric(M.data, n, M.cols, code, k));
  return new NDArray(silhouetteFromRows(n, code, k, euclideanVisitor(M.data, n, M.cols)));
}

/**
 * Euclidean silhouettes by row blocks only (the path {@link silhouetteSamples} takes for very many clusters, where
 * the symmetric path's n×clusters buffer would be too large). Not re-exported from the metrics index.
 * @param X - features [n, features]
 * @param labels - the cluster of each sample
 * @example
 * silhouetteSamplesByRows([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]);
 */
export function silhouetteSamplesByRows(X: MatrixLike, labels: LabelsLike): NDArray {
  const M = toMatrix(X, "X");
  const { code, k } = prepareLabels(labels, M.rows);
  return new NDArray(silhouetteFromRows(M.rows, code, k, euclideanVisitor(M.data, M.rows, M.cols)));
}

/**
 * The mean silhouette coefficient over all samples, or over a random subset (sklearn's `silhouette_score`).
 * @param X - features [n, features], or an [n, n] distance matrix with metric "precomputed"
 * @param labels - the cluster of each sample; 2 to n − 1 distinct clusters (in the subset, with sampleSize)
 * @param options - metric, sampleSize, randomState (the subset is the first sampleSize entries of
 *   `checkRandomState(randomState).permutation(n)`, exactly as scikit-learn draws it)
 * @example
 * const km = new KMeans({ nClusters: 3, randomState: 42 }).fit(X);
 * silhouetteScore(X, km.labels_); // e.g. 0.55
 */
export function silhouetteScore(X: MatrixLike, labels: LabelsLike, options: SilhouetteScoreOptions = {}): number {
  const { sampleSize, randomState, metric } = options;
  let Xs: MatrixLike = X, ls: LabelsLike = labels;
  if (sampleSize !== undefined && sampleSize !== null) {
    if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new OptionError("sampleSize", "a positive integer", sampleSize);
    const M = toMatrix(X, "X");
    const lv = toLabelVector(labels, "labels", false);
    checkConsistentLength(["X", M.rows], ["labels", lv.length]);
    const perm = checkRandomState(randomState).permutation(M.rows).data;
    const m = Math.min(sampleSize, M.rows);
    const idx = perm.subarray(0, m);
    const c = M.cols;
    if (metric === "precomputed") {
      if (M.rows !== c) throw new ShapeError("X", "a square distance matrix for metric \"precomputed\"", `[${M.rows}, ${c}]`);
      const sub = new Float64Array(m * m);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = M.data[idx[a] * c + idx[b]];
      Xs = new NDArray(sub, [m, m]);
    } else {
      const sub = new Float64Array(m * c);
      for (let a = 0; a < m; a++) sub.set(M.data.subarray(idx[a] * c, idx[a] * c + c), a * c);
      Xs = new NDArray(sub, [m, c]);
    }
    const vals = lv.values;
    ls = lv.kind === "string" ? Array.from(idx, (i) => (vals as readonly string[])[i])
      : Float64Array.from(idx, (i) => (vals as ArrayLike<number>)[i]);
  }
  const s = silhouetteSamples(Xs, ls, { metric }).data;
  return pairwiseSum(s, 0, s.length) / s.length;
}
