/**
 * StandardScaler: remove the mean and scale to unit variance, scikit-learn's `StandardScaler`.
 */
import { NDArray } from "../array/ndarray";
import { registerEstimator, fittedAttributes, clearFitted, hasFitted } from "../base/estimator";
import type { MatrixLike } from "../base/validation";
import { checkFinite } from "../base/validation";
import { BOOLEAN, ParameterConstraints } from "../base/constraints";
import { centeredSums, columnSums, standardize } from "./column_stats";
import { EPS } from "./common";
import { FeatureScaler } from "./scaler_base";

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the mean of each feature. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation of each feature. Default true. */
  withStd?: boolean;
}

const DEFAULTS: Required<StandardScalerOptions> = { withMean: true, withStd: true };

/** The options, typed once from {@link StandardScalerOptions}. */
export interface StandardScaler extends Required<StandardScalerOptions> {}

/**
 * Standardize features: z = (x − mean) / std, with the population standard deviation (ddof = 0). Features of
 * (numerically) zero variance get scale 1, so they are centred but not blown up. Statistics are computed with
 * the corrected two-pass algorithm (Chan, Golub & LeVeque) that scikit-learn uses; `partialFit` merges batches
 * with their pairwise update formula.
 *
 * @example
 * const scaler = new StandardScaler().fit([[0, 0], [0, 0], [1, 1], [1, 1]]);
 * scaler.mean_;                 // NDArray [0.5, 0.5]
 * scaler.transform([[2, 2]]);   // NDArray [[3, 3]]
 */
export class StandardScaler extends FeatureScaler {
  /** What each option accepts, checked before fit. */
  static readonly parameterConstraints: ParameterConstraints<StandardScalerOptions> = { withMean: [BOOLEAN], withStd: [BOOLEAN] };
  /** Per-feature mean; null when both withMean and withStd are false. */
  declare mean_: NDArray | null;
  /** Per-feature population variance; null when withStd is false. */
  declare var_: NDArray | null;
  /** Per-feature scale (the standard deviation, 1 for constant features); null when withStd is false. */
  declare scale_: NDArray | null;
  /** Number of samples processed (summed over partialFit calls). */
  declare nSamplesSeen_: number;
  static { fittedAttributes(this, ["mean_", "var_", "scale_", "nSamplesSeen_"]); }

  /**
   * @param options - { withMean = true, withStd = true }
   */
  constructor(options: StandardScalerOptions = {}) {
    super(DEFAULTS, options);
  }

  /** fit forgets the mean and variance too, not only the sample count. */
  protected forgetFit(): void {
    super.forgetFit();
    clearFitted(this, "mean_", "var_", "scale_");
  }

  /**
   * Update the statistics with one more batch of samples (the first call behaves like fit).
   * @param X - a batch [nSamples, nFeatures] with the same features as earlier batches
   * @param _y - ignored
   * @returns this
   * @example
   * const s = new StandardScaler();
   * for (const batch of batches) s.partialFit(batch);
   */
  partialFit(X: MatrixLike, _y?: unknown): this {
    this.validateParams();
    const first = !hasFitted(this, "nSamplesSeen_");
    // Finiteness is checked through the column sums (a NaN or ±Infinity makes its sum non-finite) to save a pass.
    const { data, rows: n, cols: p } = this.validateX(X, { reset: first, finite: false });
    const sum = new Float64Array(p);
    columnSums(data, n, p, sum);
    for (let j = 0; j < p; j++) if (!Number.isFinite(sum[j])) { checkFinite(data, p, "X"); break; }
    const last = first ? 0 : this.nSamplesSeen_;
    const total = last + n;
    if (!this.withMean && !this.withStd) {
      this.mean_ = this.var_ = this.scale_ = null;
      this.nSamplesSeen_ = total;
      return this;
    }
    // Batch statistics: sums of deviations and squared deviations from the batch mean.
    let unnorm: Float64Array | null = null;
    if (this.withStd) {
      const t = new Float64Array(p), corr = new Float64Array(p);
      unnorm = new Float64Array(p);
      for (let j = 0; j < p; j++) t[j] = sum[j] / n;
      centeredSums(data, n, p, t, corr, unnorm);
      // Corrected two-pass: subtract the rounding error of the batch mean.
      for (let j = 0; j < p; j++) unnorm[j] -= (corr[j] * corr[j]) / n;
    }
    const mean = new Float64Array(p);
    const lastMean = first || !this.mean_ ? null : (this.mean_.data as Float64Array);
    for (let j = 0; j < p; j++) mean[j] = ((lastMean ? lastMean[j] * last : 0) + sum[j]) / total;
    this.mean_ = new NDArray(mean, [p]);
    if (!unnorm) {
      this.var_ = this.scale_ = null;
      this.nSamplesSeen_ = total;
      return this;
    }
    const variance = new Float64Array(p);
    const lastVar = first || !this.var_ ? null : (this.var_.data as Float64Array);
    for (let j = 0; j < p; j++) {
      let u = unnorm[j];
      if (lastVar && last > 0) {
        const lastSum = lastMean![j] * last;
        const ratio = last / n;
        const diff = lastSum / ratio - sum[j];
        u = lastVar[j] * last + u + (ratio / total) * diff * diff;
      }
      variance[j] = u / total;
    }
    const scale = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const v = variance[j];
      // A feature is constant when its variance is within the two-pass algorithm's error bound.
      const bound = total * EPS * v + (total * mean[j] * EPS) ** 2;
      scale[j] = v <= bound ? 1 : Math.sqrt(v);
    }
    this.var_ = new NDArray(variance, [p]);
    this.scale_ = new NDArray(scale, [p]);
    this.nSamplesSeen_ = total;
    return this;
  }

  /**
   * Standardize X with the fitted statistics.
   * @param X - samples [nSamples, nFeatures]
   * @returns a new float64 NDArray [nSamples, nFeatures]
   * @example
   * scaler.transform(XTest);
   */
  transform(X: MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const { data, rows: n, cols: p } = this.validateX(X, { reset: false, finite: false });
    const out = new Float64Array(n * p);
    const zero = new Float64Array(p), one = new Float64Array(p).fill(1);
    const mean = this.withMean && this.mean_ ? (this.mean_.data as Float64Array) : zero;
    const scale = this.withStd && this.scale_ ? (this.scale_.data as Float64Array) : one;
    // (x − 0) and x / 1 are exact, so one kernel serves every option; it reports NaN / ±Infinity on the way.
    if (!standardize(data, n, p, mean, scale, out)) checkFinite(data, p, "X");
    return new NDArray(out, [n, p]);
  }

  /** Undo the scaling: x = z · scale + mean. */
  protected inverseRows(data: Float64Array, n: number, p: number, out: Float64Array): void {
    const mean = this.withMean && this.mean_ ? (this.mean_.data as Float64Array) : null;
    const scale = this.withStd && this.scale_ ? (this.scale_.data as Float64Array) : null;
    for (let i = 0, o = 0; i < n; i++, o += p) {
      for (let j = 0; j < p; j++) {
        let v = data[o + j];
        if (scale) v *= scale[j];
        if (mean) v += mean[j];
        out[o + j] = v;
      }
    }
  }
}

registerEstimator(StandardScaler, { examples: [{}, { options: { withMean: false } }] });
