/**
 * MinMaxScaler: scale each feature to a given range, scikit-learn's `MinMaxScaler`.
 */
import { NDArray } from "../array/ndarray";
import { registerEstimator, fittedAttributes, hasFitted } from "../base/estimator";
import type { MatrixLike } from "../base/validation";
import { OptionError } from "../errors";
import { ARRAY, BOOLEAN, ParameterConstraints } from "../base/constraints";
import { EPS } from "./common";
import { FeatureScaler } from "./scaler_base";

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The [min, max] range of transformed training data. Default [0, 1]. */
  featureRange?: [number, number];
  /** Clip transformed values of new data to featureRange. Default false. */
  clip?: boolean;
}

const DEFAULTS: Required<MinMaxScalerOptions> = { featureRange: [0, 1], clip: false };

/** The options, typed once from {@link MinMaxScalerOptions}. */
export interface MinMaxScaler extends Required<MinMaxScalerOptions> {}

/**
 * Scale features linearly so that the training minimum maps to featureRange[0] and the maximum to
 * featureRange[1]: x' = x · scale_ + min_. Constant features (range below 10·eps) get scale 1.
 *
 * @example
 * const s = new MinMaxScaler().fit([[-1, 2], [-0.5, 6], [0, 10], [1, 18]]);
 * s.dataMin_;               // NDArray [-1, 2]
 * s.transform([[2, 2]]);    // NDArray [[1.5, 0]]
 */
export class MinMaxScaler extends FeatureScaler {
  /** What each option accepts, checked before fit (featureRange's two values are checked as a pair in fit). */
  static readonly parameterConstraints: ParameterConstraints<MinMaxScalerOptions> = { featureRange: [ARRAY], clip: [BOOLEAN] };
  /** Per-feature minimum seen in fit. */
  declare dataMin_: NDArray;
  /** Per-feature maximum seen in fit. */
  declare dataMax_: NDArray;
  /** Per-feature range dataMax_ − dataMin_. */
  declare dataRange_: NDArray;
  /** Per-feature multiplier. */
  declare scale_: NDArray;
  /** Per-feature offset added after scaling. */
  declare min_: NDArray;
  /** Number of samples processed. */
  declare nSamplesSeen_: number;
  static { fittedAttributes(this, ["dataMin_", "dataMax_", "dataRange_", "scale_", "min_", "nSamplesSeen_"]); }

  /**
   * @param options - { featureRange = [0, 1], clip = false }
   */
  constructor(options: MinMaxScalerOptions = {}) {
    super(DEFAULTS, options);
  }

  private range(): [number, number] {
    const r = this.featureRange;
    if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== "number" || typeof r[1] !== "number" ||
      !Number.isFinite(r[0]) || !Number.isFinite(r[1])) {
      throw new OptionError("featureRange", "a pair of finite numbers [min, max]", r);
    }
    if (!(r[0] < r[1])) {
      throw new OptionError("featureRange", "a minimum smaller than the maximum", `[${r[0]}, ${r[1]}]`);
    }
    return [r[0], r[1]];
  }

  /**
   * Update the minimum and maximum with one more batch (the first call behaves like fit).
   * @param X - a batch [nSamples, nFeatures]
   * @param _y - ignored
   * @returns this
   * @example
   * for (const batch of batches) scaler.partialFit(batch);
   */
  partialFit(X: MatrixLike, _y?: unknown): this {
    this.validateParams();
    const [lo, hi] = this.range();
    const first = !hasFitted(this, "nSamplesSeen_");
    const { data, rows: n, cols: p } = this.validateX(X, { reset: first });
    const mn = new Float64Array(p).fill(Infinity), mx = new Float64Array(p).fill(-Infinity);
    for (let i = 0, o = 0; i < n; i++, o += p) {
      for (let j = 0; j < p; j++) {
        const v = data[o + j];
        if (v < mn[j]) mn[j] = v;
        if (v > mx[j]) mx[j] = v;
      }
    }
    if (!first) {
      const pm = this.dataMin_.data, pM = this.dataMax_.data;
      for (let j = 0; j < p; j++) { mn[j] = Math.min(mn[j], pm[j]); mx[j] = Math.max(mx[j], pM[j]); }
    }
    const range = new Float64Array(p), scale = new Float64Array(p), min = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      range[j] = mx[j] - mn[j];
      scale[j] = (hi - lo) / (range[j] < 10 * EPS ? 1 : range[j]);
      min[j] = lo - mn[j] * scale[j];
    }
    this.dataMin_ = new NDArray(mn, [p]);
    this.dataMax_ = new NDArray(mx, [p]);
    this.dataRange_ = new NDArray(range, [p]);
    this.scale_ = new NDArray(scale, [p]);
    this.min_ = new NDArray(min, [p]);
    this.nSamplesSeen_ = (first ? 0 : this.nSamplesSeen_) + n;
    return this;
  }

  /**
   * Scale X: x · scale_ + min_ (then clipped to featureRange when clip is set).
   * @param X - samples [nSamples, nFeatures]
   * @returns a new float64 NDArray
   * @example
   * scaler.transform(XTest);
   */
  transform(X: MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const [lo, hi] = this.range();
    const { data, rows: n, cols: p } = this.validateX(X, { reset: false });
    const scale = this.scale_.data, min = this.min_.data;
    const out = new Float64Array(n * p);
    for (let i = 0, o = 0; i < n; i++, o += p) for (let j = 0; j < p; j++) out[o + j] = data[o + j] * scale[j] + min[j];
    if (this.clip) {
      for (let k = 0; k < out.length; k++) out[k] = out[k] < lo ? lo : out[k] > hi ? hi : out[k];
    }
    return new NDArray(out, [n, p]);
  }

  /** Undo the scaling: x = (x' − min_) / scale_. */
  protected inverseRows(data: Float64Array, n: number, p: number, out: Float64Array): void {
    const scale = this.scale_.data, min = this.min_.data;
    for (let i = 0, o = 0; i < n; i++, o += p) for (let j = 0; j < p; j++) out[o + j] = (data[o + j] - min[j]) / scale[j];
  }
}

registerEstimator(MinMaxScaler, { examples: [{}, { options: { featureRange: [-1, 1], clip: true } }] });
