/**
 * The last check of load: a fitted model predicts one row of zeros with each of its prediction methods. State
 * that passed the structural checks but is still inconsistent (a learned field deleted, a coefficient vector of
 * the wrong length, a count that makes a negative allocation) fails here, inside load, as a PersistError — instead
 * of as a TypeError at the user's first predict. Typelearn's own errors (e.g. an encoder refusing an unknown
 * category 0) are legitimate answers to a zero row and pass. Works for any estimator, without knowing its fields.
 */
import { BaseEstimator } from "../base/estimator";
import { TypelearnError } from "../errors";
import { PersistError } from "./errors";

const METHODS = ["predict", "predictProba", "decisionFunction", "transform"];

/**
 * Run the trial predictions of a loaded model.
 * @param est - the loaded estimator
 * @param path - where it sits in the file, for the error
 */
export function trialPredict(est: BaseEstimator, path: string): void {
  if (!est.isFitted()) return;
  const p = Object.getOwnPropertyDescriptor(est, "nFeaturesIn_")?.value;
  if (typeof p !== "number") return;
  const row = [new Array<number>(p).fill(0)];
  const self = est as unknown as Record<string, unknown>;
  for (const m of METHODS) {
    if (typeof self[m] !== "function") continue;
    try {
      const out = (self[m] as (x: unknown) => unknown).call(est, row);
      // an asynchronous predictor (e.g. one running a tfjs model) is not awaited here, but its rejection must not
      // surface later as an unhandled rejection
      if (out && typeof (out as Promise<unknown>).then === "function") (out as Promise<unknown>).then(undefined, () => undefined);
    } catch (e) {
      if (e instanceof TypelearnError) continue;
      throw new PersistError("state", path, `the loaded model's learned fields are inconsistent: a trial ${m} of one row ` +
        `failed with ${(e as Error)?.constructor?.name ?? "an error"}: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}
