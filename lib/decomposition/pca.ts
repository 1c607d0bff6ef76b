/**
 * Principal component analysis, scikit-learn 1.2's `PCA` with the exact ("full") solver: centre, SVD, the
 * u-based sign convention of `svd_flip`, variance ratios and the probabilistic-PCA noise variance.
 */
import { NDArray } from "../array/ndarray";
import { gemm64 } from "../array/linalg";
import { OptionError, ShapeError } from "../errors";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import { toMatrix } from "../base/validation";
import type { Matrix, MatrixLike } from "../base/validation";
import type { RandomState } from "../random";
import { npSum } from "../cluster/numpy_sum";
import { centredSvdAccurate, centredSvdGram, CentredSVD, GRAM_RELATIVE_FLOOR, useGramRoute } from "./pca_solver";
import { Transformer } from "../base/roles";
import { BOOLEAN, ParameterConstraints, RANDOM_STATE, interval, oneOf } from "../base/constraints";

/** Options of {@link PCA}. */
export interface PCAOptions {
  /** null: min(nSamples, nFeatures); an integer; or a fraction in (0, 1) of variance to keep. Default null. */
  nComponents?: number | null;
  /** Scale the projections to unit variance. Default false. */
  whiten?: boolean;
  /** "auto" or "full": both run the exact SVD ("randomized" and "arpack" are not supported). Default "auto". */
  svdSolver?: "auto" | "full";
  /** Accepted for compatibility; the exact solver uses no randomness. */
  randomState?: number | RandomState;
}

const DEFAULTS: Required<PCAOptions> = {
  nComponents: null, whiten: false, svdSolver: "auto", randomState: undefined as unknown as number,
};

/**
 * Principal component analysis: projects centred data onto the directions of largest variance.
 *
 * The decomposition is always exact (scikit-learn's "full" solver), so results equal scikit-learn's
 * `svd_solver="full"` to ~1e-10, and its "auto" choice up to the randomized solver's own error.
 *
 * @example
 * const pca = new PCA({ nComponents: 2 });
 * const Z = pca.fitTransform(X);          // [nSamples, 2]
 * pca.explainedVarianceRatio_;            // NDArray [2]
 * new PCA({ nComponents: 0.95 }).fit(X).nComponents_;  // smallest k keeping ≥ 95 % of the variance
 */
export class PCA extends Transformer(BaseEstimator) {
  /** What each option accepts, checked before fit (nComponents against the data's shape in fit). */
  static readonly parameterConstraints: ParameterConstraints<PCAOptions> = {
    nComponents: [oneOf(null), interval("integer", 1, null, "left"), interval("real", 0, 1, "right")],
    whiten: [BOOLEAN],
    svdSolver: [oneOf("auto", "full")],
    randomState: [RANDOM_STATE],
  };
  declare nComponents: number | null;
  declare whiten: boolean;
  declare svdSolver: "auto" | "full";
  declare randomState: number | RandomState | undefined;
  /** Principal axes, [nComponents_, nFeatures], rows of unit length. */
  declare components_: NDArray;
  /** Variance along each axis (denominator nSamples − 1), [nComponents_]. */
  declare explainedVariance_: NDArray;
  /** Fraction of the total variance along each axis, [nComponents_]. */
  declare explainedVarianceRatio_: NDArray;
  /** Singular values of the centred data for the kept axes, [nComponents_]. */
  declare singularValues_: NDArray;
  /** Per-feature mean of the training data, [nFeatures]. */
  declare mean_: NDArray;
  /** Number of components kept. */
  declare nComponents_: number;
  /** Mean variance of the discarded directions (0 when none are discarded). */
  declare noiseVariance_: number;
  /** Number of training samples. */
  declare nSamples_: number;
  static { fittedAttributes(this, ["components_", "explainedVariance_", "explainedVarianceRatio_", "singularValues_", "mean_", "nComponents_", "noiseVariance_", "nSamples_"]); }

  /**
   * @param options - { nComponents = null, whiten = false, svdSolver = "auto", randomState }
   */
  constructor(options: PCAOptions = {}) {
    super(DEFAULTS, options);
  }

  /**
   * Fit the principal axes.
   * @param X - samples, [nSamples, nFeatures]
   * @param _y - ignored
   * @returns this
   * @example
   * new PCA({ nComponents: 2 }).fit(X).components_;
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.fitScores(X);
    return this;
  }

  /**
   * Fit, then return the projections of the training data (U·S from the SVD, or U·√(n−1) when whitening).
   * @param X - samples
   * @param _y - ignored
   * @returns [nSamples, nComponents_]
   * @example
   * const Z = new PCA({ nComponents: 2 }).fitTransform(X);
   */
  fitTransform(X: MatrixLike, _y?: unknown): NDArray {
    return this.fitScores(X);
  }

  /**
   * Project samples onto the principal axes.
   * @param X - samples, [nSamples, nFeatures]
   * @returns [nSamples, nComponents_]
   * @example
   * pca.transform(XTest);
   */
  transform(X: MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const m = this.validateX(X, { reset: false });
    const p = m.cols, k = this.nComponents_;
    const xc = centred(m, this.mean_.data as Float64Array);
    const out = new Float64Array(m.rows * k);
    gemm64(xc, this.components_.data as Float64Array, out, m.rows, p, k, { transB: true });
    if (this.whiten) {
      const ev = this.explainedVariance_.data;
      for (let i = 0; i < m.rows; i++) for (let c = 0; c < k; c++) out[i * k + c] /= Math.sqrt(ev[c]);
    }
    return new NDArray(out, [m.rows, k]);
  }

  /**
   * Map projections back to the feature space (the exact inverse of transform on the kept axes).
   * @param Z - projections, [nSamples, nComponents_]
   * @returns [nSamples, nFeatures]
   * @example
   * const Xback = pca.inverseTransform(pca.transform(X));
   */
  inverseTransform(Z: MatrixLike): NDArray {
    this.checkIsFitted("inverseTransform");
    const z = toMatrix(Z, "Z");
    const k = this.nComponents_, p = this.nFeaturesIn_;
    if (z.cols !== k) throw new ShapeError("Z", `${k} columns (nComponents_)`, `${z.cols} columns`);
    let comp = this.components_.data as Float64Array;
    if (this.whiten) {
      const ev = this.explainedVariance_.data;
      comp = comp.slice();
      for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) comp[c * p + j] *= Math.sqrt(ev[c]);
    }
    const out = new Float64Array(z.rows * p);
    gemm64(z.data, comp, out, z.rows, k, p);
    const mean = this.mean_.data;
    for (let i = 0; i < z.rows; i++) for (let j = 0; j < p; j++) out[i * p + j] += mean[j];
    return new NDArray(out, [z.rows, p]);
  }

  /** scikit-learn values this PCA does not implement get their own message; the table checks the rest. */
  private checkOptions(): void {
    const solver = this.svdSolver as string;
    if (solver === "randomized" || solver === "arpack") {
      throw new OptionError("svdSolver", `"auto" or "full" ("${solver}" is not supported; the exact solver is used)`, solver);
    }
    const nc = this.nComponents as unknown;
    if (nc === "mle") throw new OptionError("nComponents", `null, an integer or a fraction in (0, 1) ("mle" is not supported)`, nc);
    this.validateParams();
  }

  /** Fit and return the training projections. */
  private fitScores(X: MatrixLike): NDArray {
    this.checkOptions();
    const m = this.validateX(X, { reset: true });
    const n = m.rows, p = m.cols, r = Math.min(n, p);
    if (n < 2) throw new ShapeError("X", "at least 2 samples for PCA", `${n} sample`);
    const nc = this.nComponents;
    if (nc !== null && nc !== undefined && nc >= 1 && nc > r) {
      throw new OptionError("nComponents", `an integer between 1 and min(nSamples, nFeatures) = ${r}`, nc);
    }
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += m.data[i * p + j];
    for (let j = 0; j < p; j++) mean[j] /= n;
    const xc = centred(m, mean);

    let svd: CentredSVD | null = null;
    let k = 0;
    let ev = new Float64Array(0), ratio = new Float64Array(0);
    const summarize = (d: CentredSVD) => {
      ev = new Float64Array(r);
      for (let c = 0; c < r; c++) ev[c] = (d.s[c] * d.s[c]) / (n - 1);
      const total = npSum(ev);
      ratio = ev.map((v) => v / total);
      k = chooseK(nc, r, ratio);
    };
    if (useGramRoute(n, p)) {
      const d = centredSvdGram(xc, n, p);
      summarize(d);
      if (ev[k - 1] >= GRAM_RELATIVE_FLOOR * ev[0]) svd = d;
    }
    if (!svd) {
      svd = centredSvdAccurate(xc, n, p);
      summarize(svd);
    }
    const vt = svd.vt.slice(0, k * p);
    // Scores T = Xc·Vᵀ = U·S; the sign of each axis makes the largest |U| entry of its column positive.
    const scores = new Float64Array(n * k);
    gemm64(xc, vt, scores, n, p, k, { transB: true });
    for (let c = 0; c < k; c++) {
      let best = 0, arg = 0;
      for (let i = 0; i < n; i++) { const a = Math.abs(scores[i * k + c]); if (a > best) { best = a; arg = i; } }
      if (scores[arg * k + c] < 0) {
        for (let i = 0; i < n; i++) scores[i * k + c] = -scores[i * k + c];
        for (let j = 0; j < p; j++) vt[c * p + j] = -vt[c * p + j];
      }
    }
    this.mean_ = new NDArray(mean, [p]);
    this.components_ = new NDArray(vt, [k, p]);
    this.explainedVariance_ = new NDArray(ev.slice(0, k), [k]);
    this.explainedVarianceRatio_ = new NDArray(ratio.slice(0, k), [k]);
    this.singularValues_ = new NDArray(svd.s.slice(0, k), [k]);
    this.nComponents_ = k;
    this.nSamples_ = n;
    this.noiseVariance_ = k < r ? npSum(ev, k, r - k) / (r - k) : 0;
    if (this.whiten) {
      const f = Math.sqrt(n - 1);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) scores[i * k + c] *= f / svd.s[c];
    }
    return new NDArray(scores, [n, k]);
  }
}

registerEstimator(PCA, { examples: [
  { options: { nComponents: 2 } },
  { label: "whiten, fraction", options: { nComponents: 0.9, whiten: true } },
] });

/** Components kept: all, the integer asked for, or the smallest k whose cumulative ratio exceeds the fraction. */
function chooseK(nc: number | null | undefined, r: number, ratio: Float64Array): number {
  if (nc === null || nc === undefined) return r;
  if (nc >= 1) return nc;
  // searchsorted(cumsum, fraction, side="right") + 1: the count of cumulative ratios ≤ fraction, plus one.
  let acc = 0, count = 0;
  for (let c = 0; c < r; c++) { acc += ratio[c]; if (acc <= nc) count++; else break; }
  return Math.min(count + 1, r);
}

function centred(m: Matrix, mean: ArrayLike<number>): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] - mean[j];
  return out;
}
