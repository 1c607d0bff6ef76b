/**
 * A test estimator whose fit blocks on a latch file (see latch.ts), so a kernel test can hold a search's fits open
 * in the pool's workers while it watches the progress display. Registered, so it crosses to workers once this
 * module is given to addWorkerModule.
 */
import * as path from "path";
import { NDArray } from "../../../lib/array/ndarray";
import { BaseEstimator, registerEstimator } from "../../../lib/base/estimator";
import { toMatrix } from "../../../lib/base/validation";
import { r2Score } from "../../../lib/metrics/regression";
import { waitForFile } from "./latch";

/** This module's compiled path, for addWorkerModule and cell imports. */
export const LATCHED_ESTIMATOR_MODULE = path.join(__dirname, "latched-estimator.js");

/** Predicts the training mean; fit first waits for the file `latch` ("" = no wait). */
export class LatchedRegressor extends BaseEstimator {
  declare latch: string;
  mean_?: number;
  constructor(options: { latch?: string } = {}) {
    super({ latch: "" }, options);
  }
  fit(X: unknown, y: unknown): this {
    if (this.latch) waitForFile(this.latch);
    const { rows } = toMatrix(X);
    const v = Array.from((y as NDArray).data ?? (y as number[]));
    this.mean_ = v.reduce((a, b) => a + b, 0) / rows;
    return this;
  }
  predict(X: unknown): NDArray {
    this.checkIsFitted("predict");
    const n = toMatrix(X).rows;
    return new NDArray(new Float64Array(n).fill(this.mean_!), [n]);
  }
  score(X: unknown, y: unknown): number { return r2Score(y as NDArray, this.predict(X)); }
}
registerEstimator(LatchedRegressor);
