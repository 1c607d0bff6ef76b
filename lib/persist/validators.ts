/**
 * Checks of learned state run by load after an estimator's fields are set. Only what holds for every estimator
 * lives here (nFeaturesIn_ and featureNamesIn_, and a bound of every declared feature count by the file's size, so
 * a forged count can never make load allocate more than the file could describe); each class's layout — which
 * arrays it stores and how their lengths agree — is checked by the model family itself, next to the model
 * (lib/linear/linear.persist.ts, lib/tree/tree.persist.ts…), registered in lib/base/state_checks.
 */
import { BaseEstimator } from "../base/estimator";
import { StateCheckError, ownState, registerStateCheck, stateCheckFor } from "../base/state_checks";
import { PersistError } from "./errors";

/** A check of one loaded estimator's learned fields; throws PersistError. */
export type StateValidator = (est: Record<string, unknown>, path: string) => void;

/**
 * Register a state check for a class, run by load after the class's learned fields are set.
 * @param className - the registered estimator class name
 * @param check - throws a PersistError (kind "state") when the state is inconsistent
 * @example
 * registerStateValidator("MyModel", (est, path) => { if (!(est.w_ instanceof NDArray)) throw new PersistError("state", path, "…"); });
 */
export function registerStateValidator(className: string, check: StateValidator): void {
  registerStateCheck(className, (s, path) => check(s as Record<string, unknown>, path));
}

function bad(path: string, detail: string): never {
  throw new PersistError("state", path, detail);
}

/**
 * Run the generic checks and the class's own, if any.
 * @param est - the estimator, its learned fields set from the file
 * @param path - where it sits in the file
 * @param maxCount - the largest feature count the file can back (its size in bytes)
 */
export function validateState(est: BaseEstimator, path: string, maxCount: number): void {
  // own fields only: reading a fitted attribute the file did not set would run its NotFittedError getter
  const s = ownState(est);
  const n = s.nFeaturesIn_;
  // every fitted model stores at least a byte per input feature (usually 8: a coefficient, a mean, an importance),
  // so a count above the file size is forged; this bounds classes with no check of their own too
  if (n !== undefined && !(typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= maxCount)) {
    bad(`${path}.nFeaturesIn_`, `expected an integer in [0, ${maxCount}] (a model of ${maxCount} bytes cannot describe more features), ` +
      `received ${String(n)}`);
  }
  const names = s.featureNamesIn_;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names) || !names.every((x) => typeof x === "string") || (n !== undefined && names.length !== n)) {
      bad(`${path}.featureNamesIn_`, `expected ${String(n)} strings`);
    }
  }
  const check = stateCheckFor(est.constructor.name);
  if (!check) return;
  try {
    check(s, path, est);
  } catch (e) {
    if (e instanceof PersistError) throw e;
    if (e instanceof StateCheckError) bad(e.path, e.detail);
    // a check that trips over a value of an unexpected type is still a rejection of the file, not a crash
    bad(path, `the learned fields are inconsistent: ${(e as Error)?.constructor?.name ?? "error"}: ${(e as Error)?.message ?? String(e)}`);
  }
}
