/**
 * What the cross-validation and search tests share: the reference fixture, the shuffled 5-fold splitter the
 * fixtures were made with, a relative closeness check, and loading the test estimators into pool workers.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { KFold } from "../../../lib/selection";
import { addWorkerModule } from "../../../lib/parallel";
import { loadFixture } from "../../random/fixtures";

/** scikit-learn's numbers, from test/fixtures/selection_cv_make_fixtures.py. */
export const F = loadFixture("selection_cv.json");

/** KFold(5, shuffle, randomState 0), a fresh one each call, as the fixtures used. */
export const kf = (): KFold => new KFold({ nSplits: 5, shuffle: true, randomState: 0 });

/** Assert |got − want| ≤ tol · max(1, |want|) element by element, naming the first element that is off. */
export function close(got: ArrayLike<number>, want: number[], tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

/** Register a mocha `before` hook that makes the test estimators (helpers/estimators) loadable in pool workers. */
export function useTestEstimatorsInWorkers(): void {
  before(() => addWorkerModule(path.join(__dirname, "estimators.js")));
}
