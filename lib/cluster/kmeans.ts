/**
 * K-means clustering, scikit-learn 1.2's `KMeans` (Lloyd's algorithm): same seeding, tolerance, convergence rules
 * and restart selection, so the same randomState gives the same centres, labels and inertia.
 */
import { NInit, resolveNInit } from "./n_init";
import { NDArray } from "../array/ndarray";
import { OptionError, ShapeError } from "../errors";
import { ARRAY, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../base/constraints";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import { toMatrix } from "../base/validation";
import type { MatrixLike } from "../base/validation";
import { checkRandomState, RandomState } from "../random";
import { npSum } from "./numpy_sum";
import { kmeansPlusPlus, randomCenters, rowSquaredNorms } from "./init";
import { createKMeansWasm } from "./wasm_distances";
import { settleKMeansHelper } from "./kmeans_threads";
import { assignLabels, inertiaOf, kmeansSingleRun, KMeansRunResult } from "./lloyd";
import { effectiveJobs, registerTask, runTasks, shareArray, sharedView } from "../parallel";
import type { SharedFloat64 } from "../parallel";
import { Clusterer, Transformer } from "../base/roles";

interface RunPayload {
  x: SharedFloat64; sq: SharedFloat64; rows: number; cols: number; init: Float64Array; maxIter: number; tol: number;
}

// One restart as a pool task (the data crosses to the workers in shared memory, without copies).
registerTask("cluster.kmeansRun", (p: RunPayload) => kmeansSingleRun(sharedView(p.x), p.rows, p.cols, p.init,
  { maxIter: p.maxIter, tol: p.tol, sqNorms: sharedView(p.sq) }));

/** Options of {@link KMeans}. */
export interface KMeansOptions {
  /** Number of clusters. Default 8. */
  nClusters?: number;
  /** "k-means++" (default), "random", or an nClusters×nFeatures array of initial centres. */
  init?: "k-means++" | "random" | NDArray | number[][];
  /**
   * Restarts; the run with the lowest inertia wins. Default 10 (forced to 1 with an array init). "auto", as in
   * scikit-learn 1.2: 1 run with k-means++, 10 with random centres.
   */
  nInit?: NInit;
  /** Maximum Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /** Relative tolerance on the centre shift, scaled by the mean feature variance. Default 1e-4. */
  tol?: number;
  /** Seed or RandomState for the initialisation. Default: NumPy's global generator. */
  randomState?: number | RandomState;
  /** Only "lloyd". */
  algorithm?: "lloyd";
  /**
   * Parallel restarts: with nJobs ≠ 1 (−1 = all cores) and nInit > 1 the runs go to the worker pool. Results are
   * identical to nJobs 1. Default null (one after another in this thread).
   */
  nJobs?: number | null;
}

const DEFAULTS: Required<KMeansOptions> = {
  nClusters: 8, init: "k-means++", nInit: 10, maxIter: 300, tol: 1e-4,
  randomState: undefined as unknown as number, algorithm: "lloyd", nJobs: null,
};

/** The options as fields, typed once from the options interface (randomState may also be unset). */
export interface KMeans extends Omit<Required<KMeansOptions>, "randomState"> {}

/**
 * K-means clustering by Lloyd's algorithm with k-means++ seeding.
 *
 * Each of `nInit` runs starts from centres drawn (one after another, from the same generator) by greedy k-means++
 * or at random; the runs are independent (`kmeansSingleRun`) and the one with the lowest inertia is kept.
 *
 * @example
 * const km = new KMeans({ nClusters: 3, randomState: 42, nInit: 10 });
 * const labels = km.fitPredict(X);   // NDArray int32 [nSamples]
 * km.clusterCenters_;                // NDArray [3, nFeatures]
 * km.inertia_;                       // sum of squared distances to the closest centre
 */
export class KMeans extends Clusterer(Transformer(BaseEstimator)) {
  static readonly parameterConstraints: ParameterConstraints<KMeansOptions> = {
    nClusters: [interval("integer", 1, null, "left")],
    init: [oneOf("k-means++", "random"), ARRAY],
    nInit: [oneOf("auto"), interval("integer", 1, null, "left")],
    maxIter: [interval("integer", 1, null, "left")],
    tol: [interval("real", 0, null, "left")],
    randomState: [RANDOM_STATE],
    // scikit-learn's "elkan" is not implemented
    algorithm: [oneOf("lloyd")],
    // joblib's n_jobs: 0 means nothing
    nJobs: [oneOf(null), interval("integer", 1, null, "left"), interval("integer", null, -1, "right")],
  };
  /** Unset by default (NumPy's global generator), hence undefined besides the option's types. */
  declare randomState: number | RandomState | undefined;
  /** Centres, [nClusters, nFeatures]. */
  declare clusterCenters_: NDArray;
  /** Cluster of each training sample, int32 [nSamples]. */
  declare labels_: NDArray;
  /** Sum of squared distances of training samples to their closest centre. */
  declare inertia_: number;
  /** Iterations of the best run. */
  declare nIter_: number;
  static { fittedAttributes(this, ["clusterCenters_", "labels_", "inertia_", "nIter_"]); }

  /**
   * @param options - { nClusters = 8, init = "k-means++", nInit = 10, maxIter = 300, tol = 1e-4, randomState,
   *   algorithm = "lloyd", nJobs }
   */
  constructor(options: KMeansOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Compute the clustering.
   * @param X - samples, [nSamples, nFeatures]
   * @param _y - ignored
   * @returns this
   * @example
   * new KMeans({ nClusters: 2, randomState: 0 }).fit([[1, 1], [1, 2], [9, 9], [9, 8]]);
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.validateParams();
    const m = this.validateX(X, { reset: true });
    const { rows, cols } = m;
    const k = this.nClusters;
    if (k > rows) throw new OptionError("nClusters", `at most nSamples = ${rows}`, k);
    let initArray: Float64Array | null = null;
    if (typeof this.init !== "string") {
      const im = toMatrix(this.init, "init");
      if (im.rows !== k || im.cols !== cols) {
        throw new ShapeError("init", `[${k}, ${cols}] (nClusters × nFeatures)`, `[${im.rows}, ${im.cols}]`);
      }
      initArray = im.data;
    }
    const rs = checkRandomState(this.randomState);
    const nInit = initArray ? 1 : resolveNInit(this.nInit, this.init);
    const parallel = nInit > 1 && effectiveJobs(this.nJobs) > 1;
    // With parallel restarts the centred data lives in shared memory from the start (no copy to share it).
    // Otherwise it lives in a WebAssembly workspace when one can be had (the distance kernels read it there).
    if (!parallel) settleKMeansHelper(); // the workspace memory may be the last fit's
    const wasm = parallel ? null : createKMeansWasm(rows, cols, Math.max(k, 2 + Math.floor(Math.log(k))), k);
    const x = parallel ? new Float64Array(new SharedArrayBuffer(rows * cols * 8)) : wasm ? wasm.x
      : new Float64Array(rows * cols);
    // Centre the data (as scikit-learn does) for more accurate distances. The column sums are taken in row order
    // either way; in the workspace the data is copied first and summed there (as one cluster), then centred in place.
    const mean = new Float64Array(cols);
    let data = m.data;
    if (wasm) {
      wasm.x.set(data);
      data = wasm.x;
      wasm.labels.fill(0);
      wasm.sums.fill(0);
      wasm.counts.fill(0);
      wasm.sumRows(0, rows);
      mean.set(wasm.sums.subarray(0, cols));
    } else {
      for (let i = 0; i < rows; i++) for (let j = 0, o = i * cols; j < cols; j++) mean[j] += data[o + j];
    }
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    const sq = wasm ? wasm.xSq : new Float64Array(rows);
    const tol = centreData(data, x, rows, cols, mean, sq, this.tol);

    // Draw every restart's centres first: only initialisation consumes randomness, in scikit-learn's order.
    const inits: Float64Array[] = [];
    for (let r = 0; r < nInit; r++) {
      if (initArray) {
        const c = initArray.slice();
        for (let i = 0; i < k; i++) for (let j = 0; j < cols; j++) c[i * cols + j] -= mean[j];
        inits.push(c);
      } else if (this.init === "random") inits.push(randomCenters(x, rows, cols, k, rs));
      else inits.push(kmeansPlusPlus(x, rows, cols, k, sq, rs, undefined, wasm).centers);
    }
    // The runs are independent given their initial centres: in the pool with nJobs ≠ 1, else one after another.
    const opts = { maxIter: this.maxIter, tol, sqNorms: sq, wasm };
    let runs: KMeansRunResult[];
    if (parallel) {
      const xs = shareArray(x), sqs = shareArray(sq);
      runs = runTasks<KMeansRunResult>("cluster.kmeansRun", inits.map((init): RunPayload =>
        ({ x: xs, sq: sqs, rows, cols, init, maxIter: this.maxIter, tol })), this.nJobs);
    } else {
      runs = [];
      for (const init of inits) runs.push(kmeansSingleRun(x, rows, cols, init, opts));
    }
    let best: KMeansRunResult | null = null;
    for (const run of runs) {
      if (best === null || (run.inertia < best.inertia && !sameClustering(run.labels, best.labels, k))) best = run;
    }
    const centers = best!.centers;
    for (let i = 0; i < k; i++) for (let j = 0; j < cols; j++) centers[i * cols + j] += mean[j];
    this.clusterCenters_ = new NDArray(centers, [k, cols]);
    this.labels_ = new NDArray(best!.labels, [rows], "int32");
    this.inertia_ = best!.inertia;
    this.nIter_ = best!.nIter;
    return this;
  }

  private centersRaw(): Float64Array {
    return Float64Array.from(this.clusterCenters_.data);
  }

  /**
   * The closest centre of each sample.
   * @param X - samples, [nSamples, nFeatures]
   * @returns int32 labels, [nSamples]
   * @example
   * km.predict([[0, 0], [10, 10]]);
   */
  predict(X: MatrixLike): NDArray {
    this.checkIsFitted("predict");
    const m = this.validateX(X, { reset: false });
    const labels = new Int32Array(m.rows);
    assignLabels(m.data, m.rows, m.cols, this.centersRaw(), this.nClusters_(), labels);
    return new NDArray(labels, [m.rows], "int32");
  }

  private nClusters_(): number { return this.clusterCenters_.shape[0]; }

  /**
   * Euclidean distance of every sample to every centre.
   * @param X - samples, [nSamples, nFeatures]
   * @returns [nSamples, nClusters]
   * @example
   * km.transform(X).shape; // [nSamples, nClusters]
   */
  transform(X: MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const m = this.validateX(X, { reset: false });
    return distances(m.data, m.rows, m.cols, this.centersRaw(), this.nClusters_());
  }

  /**
   * Opposite of the inertia of X under the fitted centres (higher is better).
   * @param X - samples
   * @param _y - ignored
   * @example
   * km.score(XTest); // −inertia
   */
  score(X: MatrixLike, _y?: unknown): number {
    this.checkIsFitted("score");
    const m = this.validateX(X, { reset: false });
    const labels = new Int32Array(m.rows);
    const c = this.centersRaw();
    assignLabels(m.data, m.rows, m.cols, c, this.nClusters_(), labels);
    return -inertiaOf(m.data, m.rows, m.cols, c, labels);
  }
}

registerEstimator(KMeans, { examples: [
  { options: { randomState: 0, nClusters: 2, nInit: 2 } },
  { label: "transform", method: "transform", options: { randomState: 0, nClusters: 2, nInit: 2, init: "random" } },
] });

/**
 * scikit-learn's `_tolerance`: tol times the mean of the per-feature (population) variances, from the mean-centred
 * data (the same centred values the variance pass would compute).
 */
/**
 * One pass over the data (x may be data itself): x = data − mean, the squared row norms of x (as rowSquaredNorms sums them) into sq, and
 * the tolerance scaled by the mean column variance of x (column sums of squares in row order, as before).
 */
function centreData(data: Float64Array, x: Float64Array, rows: number, cols: number, mean: Float64Array,
  sq: Float64Array, tol: number): number {
  const ss = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0, o = i * cols; j < cols; j++) {
      const d = data[o + j] - mean[j];
      x[o + j] = d;
      const d2 = d * d;
      s += d2;
      ss[j] += d2;
    }
    sq[i] = s;
  }
  if (tol === 0) return 0;
  for (let j = 0; j < cols; j++) ss[j] /= rows;
  return (npSum(ss) / cols) * tol;
}

/** True when the two labelings are the same partition up to renaming of the labels. */
function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const map = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (map[a[i]] === -1) map[a[i]] = b[i];
    else if (map[a[i]] !== b[i]) return false;
  }
  return true;
}

/** Euclidean distances as scikit-learn's `euclidean_distances`: sqrt(max((−2·x·c + ‖x‖²) + ‖c‖², 0)). */
function distances(x: Float64Array, rows: number, cols: number, c: Float64Array, k: number): NDArray {
  const xs = rowSquaredNorms(x, rows, cols), cs = rowSquaredNorms(c, k, cols);
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[i * cols + j] * c[q * cols + j];
      const d = (-2 * s + xs[i]) + cs[q];
      out[i * k + q] = Math.sqrt(d > 0 ? d : 0);
    }
  }
  return new NDArray(out, [rows, k]);
}
