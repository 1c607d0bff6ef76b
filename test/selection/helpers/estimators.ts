/**
 * Test-only estimators with Python twins in test/fixtures/selection_cv_make_fixtures.py. Registered, so they can
 * cross to pool workers once this module is given to addWorkerModule.
 */
import { NDArray } from "../../../lib/array/ndarray";
import { pairwiseSum } from "../../../lib/array/reduce";
import { BaseEstimator, registerEstimator } from "../../../lib/base/estimator";
import { toMatrix } from "../../../lib/base/validation";
import { LinearRegression } from "../../../lib/linear/linear_regression";
import { r2Score } from "../../../lib/metrics/regression";
import { accuracyScore } from "../../../lib/metrics/classification";

/** OLS whose coefficients are multiplied by `shrink` (intercept kept). */
export class ShrinkRegressor extends BaseEstimator {
  get _estimatorType(): "regressor" { return "regressor"; }
  declare shrink: number;
  declare fitIntercept: boolean;
  coef_?: Float64Array;
  intercept_?: number;
  constructor(options: { shrink?: number; fitIntercept?: boolean } = {}) {
    super({ shrink: 1, fitIntercept: true }, options);
  }
  fit(X: unknown, y: unknown): this {
    if (typeof this.shrink !== "number") throw new TypeError(`shrink must be a number, got ${String(this.shrink)}`);
    const m = new LinearRegression({ fitIntercept: this.fitIntercept }).fit(X as NDArray, y as NDArray);
    this.coef_ = Float64Array.from(m.coef_!.data, (c) => c * this.shrink);
    this.intercept_ = m.intercept_ as number;
    this.nFeaturesIn_ = m.nFeaturesIn_;
    return this;
  }
  predict(X: unknown): NDArray {
    this.checkIsFitted("predict");
    const { data, rows, cols } = toMatrix(X);
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += data[i * cols + j] * this.coef_![j];
      out[i] = s + this.intercept_!;
    }
    return new NDArray(out, [rows]);
  }
  score(X: unknown, y: unknown): number { return r2Score(y as NDArray, this.predict(X)); }
}
registerEstimator(ShrinkRegressor);

/** Nearest class mean; probabilities softmax(−squared distance / temperature). */
export class CentroidClassifier extends BaseEstimator {
  declare temperature: number;
  /** Declared as scikit-learn's twin declares `_estimator_type` (isClassifier reads it: stratified folds). */
  get _estimatorType(): "classifier" { return "classifier"; }
  classes_?: number[];
  centroids_?: Float64Array[];
  constructor(options: { temperature?: number } = {}) { super({ temperature: 1 }, options); }
  fit(X: unknown, y: unknown): this {
    const { data, rows, cols } = this.validateX(X, { reset: true });
    const labels = Array.from((y as NDArray).data ?? (y as number[]));
    this.classes_ = [...new Set(labels)].sort((a, b) => a - b);
    this.centroids_ = this.classes_.map((c) => {
      const acc = new Float64Array(cols);
      let n = 0;
      for (let i = 0; i < rows; i++) {
        if (labels[i] !== c) continue;
        n++;
        for (let j = 0; j < cols; j++) acc[j] += data[i * cols + j];
      }
      return acc.map((v) => v / n);
    });
    return this;
  }
  private d2(X: unknown): { d: Float64Array[]; rows: number } {
    const { data, rows, cols } = this.validateX(X, { reset: false });
    const tmp = new Float64Array(cols);
    const d = this.centroids_!.map((c) => {
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) { const t = data[i * cols + j] - c[j]; tmp[j] = t * t; }
        out[i] = pairwiseSum(tmp, 0, cols);
      }
      return out;
    });
    return { d, rows };
  }
  predict(X: unknown): NDArray {
    this.checkIsFitted("predict");
    const { d, rows } = this.d2(X);
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < d.length; c++) if (d[c][i] < d[best][i]) best = c;
      out[i] = this.classes_![best];
    }
    return new NDArray(out, [rows]);
  }
  predictProba(X: unknown): NDArray {
    this.checkIsFitted("predictProba");
    const { d, rows } = this.d2(X);
    const k = d.length;
    const out = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, -d[c][i] / this.temperature);
      let s = 0;
      for (let c = 0; c < k; c++) { out[i * k + c] = Math.exp(-d[c][i] / this.temperature - mx); s += out[i * k + c]; }
      for (let c = 0; c < k; c++) out[i * k + c] /= s;
    }
    return new NDArray(out, [rows, k]);
  }
  score(X: unknown, y: unknown): number { return accuracyScore(y as NDArray, this.predict(X)); }
}
registerEstimator(CentroidClassifier);

/** Fails to fit when `fail` is true (for errorScore tests). */
export class FlakyRegressor extends BaseEstimator {
  get _estimatorType(): "regressor" { return "regressor"; }
  declare fail: boolean;
  mean_?: number;
  constructor(options: { fail?: boolean } = {}) { super({ fail: false }, options); }
  fit(X: unknown, y: unknown): this {
    if (this.fail) throw new RangeError("FlakyRegressor was told to fail");
    const v = (y as NDArray).data;
    this.mean_ = Array.from(v).reduce((a, b) => a + b, 0) / v.length;
    return this;
  }
  predict(X: unknown): NDArray {
    const n = toMatrix(X).rows;
    return new NDArray(new Float64Array(n).fill(this.mean_!), [n]);
  }
  score(X: unknown, y: unknown): number { return r2Score(y as NDArray, this.predict(X)); }
}
registerEstimator(FlakyRegressor);

/** Sleep `ms` milliseconds without returning to the event loop (fit and score are synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Predicts the training mean; fit pauses `fitMs` and predict `predictMs`, and each records how long it took by its
 * own clock (fitSeconds_, and predictSeconds_ of each call in order), so a test can check what the caller's timers
 * enclose without asserting any speed.
 */
export class PacedRegressor extends BaseEstimator {
  declare fitMs: number;
  declare predictMs: number;
  mean_?: number;
  fitSeconds_?: number;
  predictSeconds_?: number[];
  constructor(options: { fitMs?: number; predictMs?: number } = {}) { super({ fitMs: 0, predictMs: 0 }, options); }
  fit(X: unknown, y: unknown): this {
    const t0 = performance.now();
    pause(this.fitMs);
    const v = (y as NDArray).data;
    this.mean_ = Array.from(v).reduce((a, b) => a + b, 0) / v.length;
    this.predictSeconds_ = [];
    this.fitSeconds_ = (performance.now() - t0) / 1000;
    return this;
  }
  predict(X: unknown): NDArray {
    const t0 = performance.now();
    pause(this.predictMs);
    const n = toMatrix(X).rows;
    const out = new NDArray(new Float64Array(n).fill(this.mean_!), [n]);
    this.predictSeconds_!.push((performance.now() - t0) / 1000);
    return out;
  }
  score(X: unknown, y: unknown): number { return r2Score(y as NDArray, this.predict(X)); }
}
registerEstimator(PacedRegressor);
