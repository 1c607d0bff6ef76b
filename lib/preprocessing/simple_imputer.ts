/**
 * SimpleImputer: fill missing values with a per-column statistic, scikit-learn's `SimpleImputer`.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import type { Matrix, MatrixLike } from "../base/validation";
import { NonFiniteError } from "../errors";
import { inputFeatureNames } from "./common";
import { Transformer } from "../base/roles";
import { BOOLEAN, NUMBER, ParameterConstraints, oneOf } from "../base/constraints";

/** How {@link SimpleImputer} fills a column. */
export type ImputeStrategy = "mean" | "median" | "most_frequent" | "constant";

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** The statistic: "mean" (default), "median", "most_frequent" or "constant" (fillValue). */
  strategy?: ImputeStrategy;
  /** The value used by strategy "constant" (null means 0). Default null. */
  fillValue?: number | null;
  /** The marker of a missing value. Default NaN (polars/danfo nulls become NaN too). */
  missingValues?: number;
  /** Keep columns with no observed value (imputing 0) instead of dropping them. Default false. */
  keepEmptyFeatures?: boolean;
}

const DEFAULTS: Required<SimpleImputerOptions> = {
  strategy: "mean", fillValue: null, missingValues: NaN, keepEmptyFeatures: false,
};

/** The options, typed once from {@link SimpleImputerOptions}. */
export interface SimpleImputer extends Required<SimpleImputerOptions> {}

/**
 * Replace missing values column by column with the mean, median, most frequent value (ties → the smallest) or a
 * constant. As in scikit-learn 1.2, a column with no observed value in fit has statistic NaN and is dropped
 * from the output (unless keepEmptyFeatures, or strategy "constant").
 *
 * @example
 * const imp = new SimpleImputer({ strategy: "median" }).fit([[1, NaN], [3, 4], [NaN, 8]]);
 * imp.statistics_;                    // NDArray [2, 6]
 * imp.transform([[NaN, NaN]]);        // NDArray [[2, 6]]
 */
export class SimpleImputer extends Transformer(BaseEstimator) {
  /** What each option accepts, checked before fit. */
  static readonly parameterConstraints: ParameterConstraints<SimpleImputerOptions> = {
    strategy: [oneOf("mean", "median", "most_frequent", "constant")],
    fillValue: [oneOf(null), NUMBER],
    missingValues: [NUMBER],
    keepEmptyFeatures: [BOOLEAN],
  };
  /** Per-column fill value; NaN marks a column with no observed value (dropped by transform). */
  declare statistics_: NDArray;
  static { fittedAttributes(this, ["statistics_"]); }

  /**
   * @param options - { strategy = "mean", fillValue = null, missingValues = NaN, keepEmptyFeatures = false }
   */
  constructor(options: SimpleImputerOptions = {}) {
    super(DEFAULTS, options);
  }

  /** Validate X: NaN is allowed only when it is the missing marker; ±Infinity never. */
  private input(X: unknown, reset: boolean): Matrix {
    const m = this.validateX(X, { reset, finite: false });
    const nanMissing = Number.isNaN(this.missingValues);
    const d = m.data;
    for (let k = 0; k < d.length; k++) {
      const v = d[k];
      if (v - v !== 0 && !(nanMissing && v !== v)) {
        const r = Math.floor(k / m.cols);
        throw new NonFiniteError("X", `row ${r}, column ${k - r * m.cols}`, v);
      }
    }
    return m;
  }

  /**
   * Compute the fill value of each column from its non-missing entries.
   * @param X - training data [nSamples, nFeatures], may contain the missing marker
   * @param _y - ignored
   * @returns this
   * @example
   * new SimpleImputer({ strategy: "most_frequent" }).fit(X);
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.validateParams();
    const { data, rows: n, cols: p } = this.input(X, true);
    const mv = this.missingValues;
    const nanMissing = Number.isNaN(mv);
    const stats = new Float64Array(p);
    const empty = this.keepEmptyFeatures ? 0 : NaN;
    if (this.strategy === "constant") {
      stats.fill(this.fillValue ?? 0);
    } else if (this.strategy === "mean") {
      const sum = new Float64Array(p), count = new Float64Array(p);
      for (let i = 0, o = 0; i < n; i++, o += p) {
        for (let j = 0; j < p; j++) {
          const v = data[o + j];
          if (nanMissing ? v !== v : v === mv) continue;
          sum[j] += v;
          count[j]++;
        }
      }
      for (let j = 0; j < p; j++) stats[j] = count[j] > 0 ? sum[j] / count[j] : empty;
    } else {
      const col = new Float64Array(n);
      for (let j = 0; j < p; j++) {
        let c = 0;
        for (let i = 0; i < n; i++) {
          const v = data[i * p + j];
          if (!(nanMissing ? v !== v : v === mv)) col[c++] = v;
        }
        if (c === 0) { stats[j] = empty; continue; }
        const s = col.subarray(0, c).sort();
        stats[j] = this.strategy === "median" ? median(s) : mostFrequent(s);
      }
    }
    this.statistics_ = new NDArray(stats, [p]);
    return this;
  }

  /** Indices of the columns transform keeps. */
  private kept(): number[] {
    const s = this.statistics_.data;
    const keepAll = this.strategy === "constant" || this.keepEmptyFeatures;
    const out: number[] = [];
    for (let j = 0; j < s.length; j++) if (keepAll || !Number.isNaN(s[j])) out.push(j);
    return out;
  }

  /**
   * Fill the missing entries of X; columns without statistic are dropped.
   * @param X - samples [nSamples, nFeatures]
   * @returns a new float64 NDArray [nSamples, nKeptFeatures]
   * @example
   * imp.transform(XTest);
   */
  transform(X: MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const { data, rows: n, cols: p } = this.input(X, false);
    const stats = this.statistics_.data;
    const keep = Int32Array.from(this.kept());
    const q = keep.length;
    const mv = this.missingValues;
    const nanMissing = Number.isNaN(mv);
    const out = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      const o = i * p, oo = i * q;
      for (let k = 0; k < q; k++) {
        const j = keep[k];
        const v = data[o + j];
        out[oo + k] = (nanMissing ? v !== v : v === mv) ? stats[j] : v;
      }
    }
    return new NDArray(out, [n, q]);
  }

  /**
   * Output feature names: the input names of the columns transform keeps.
   * @param inputFeatures - optional input names
   * @example
   * imp.getFeatureNamesOut(); // ["x0", "x2"] when column 1 was all missing
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.checkIsFitted("getFeatureNamesOut");
    const names = inputFeatureNames(this, inputFeatures);
    return this.kept().map((j) => names[j]);
  }
}

registerEstimator(SimpleImputer, { examples: [
  { data: "missing", allowsNaN: true },
  { options: { strategy: "median" }, data: "missing", allowsNaN: true },
  { options: { strategy: "most_frequent" }, allowsNaN: true },
] });

/** Median of sorted values (mean of the two middle ones for an even count). */
function median(s: Float64Array): number {
  const c = s.length, h = c >> 1;
  return c % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** The most frequent of sorted values; among equally frequent values the smallest (the first run). */
function mostFrequent(s: Float64Array): number {
  let best = s[0], bestCount = 0;
  for (let i = 0; i < s.length;) {
    let k = i + 1;
    while (k < s.length && s[k] === s[i]) k++;
    if (k - i > bestCount) { bestCount = k - i; best = s[i]; }
    i = k;
  }
  return best;
}
