/**
 * The last check of load: a fitted model predicts one row of zeros with each of its prediction methods, and each
 * answer must have the shape the method promises — one row; predictProba one probability per class, summing to 1;
 * predict a label among classes_ — with finite numbers. State that passed the structural checks but is still
 * inconsistent (a learned field deleted, a pipeline whose steps disagree on widths, weights that make NaN) fails
 * here, inside load, as a PersistError — instead of as garbage or a crash at the first predict (for a served
 * model: a 500 on every request). Typelearn's own refusals of a zero row (an encoder that never saw category 0)
 * are legitimate answers and pass, except shape, non-finite and not-fitted errors, which only inconsistent state
 * produces. Works for any estimator, without knowing its fields.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { NonFiniteError, NotFittedError, ShapeError, TypelearnError } from "../errors";
import { PersistError } from "./errors";

const METHODS = ["predict", "predictProba", "decisionFunction", "transform"];

/** The class labels a classifier promises (undefined for other estimators). */
function classLabels(est: BaseEstimator): unknown[] | undefined {
  let c: unknown;
  try {
    // may be an accessor (Pipeline, searches delegate to a step); an estimator without classes throws or gives undefined
    c = (est as unknown as { classes_?: unknown }).classes_;
  } catch {
    return undefined;
  }
  if (c instanceof NDArray && c.ndim === 1) return Array.from(c.data as ArrayLike<number>);
  if (Array.isArray(c)) return c;
  return undefined;
}

function values(out: unknown): ArrayLike<unknown> | undefined {
  if (out instanceof NDArray) return out.data;
  if (Array.isArray(out)) return out.flat(Infinity);
  return undefined;
}

/** What is wrong with a method's answer to one row, or undefined. */
function outputProblem(method: string, out: unknown, classes: unknown[] | undefined): string | undefined {
  const rows = out instanceof NDArray ? out.shape[0] : Array.isArray(out) ? out.length : undefined;
  if (rows === undefined) return `returned ${out === null ? "null" : typeof out}, expected an NDArray or an array`;
  if (rows !== 1) return `returned ${rows} rows for 1`;
  const v = values(out)!;
  if (method !== "transform") {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "number" && !Number.isFinite(x)) return `returned ${x}`;
    }
  }
  if (method === "predict" && classes && v.length === 1 && !classes.includes(v[0])) {
    return `returned the label ${String(v[0])}, which is not among classes_`;
  }
  if (method === "predictProba") {
    if (!(out instanceof NDArray) || out.ndim !== 2) return "returned no [1, nClasses] matrix";
    if (classes && out.shape[1] !== classes.length) return `returned ${out.shape[1]} probabilities for ${classes.length} classes`;
    let sum = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (!(x >= 0 && x <= 1)) return `returned the probability ${x}`;
      sum += x;
    }
    if (Math.abs(sum - 1) > 1e-6) return `returned probabilities summing to ${sum}`;
  }
  if (method === "transform" && (!(out instanceof NDArray) || out.ndim !== 2)) return "returned no [1, nOutputs] matrix";
  return undefined;
}

function inconsistent(path: string, detail: string): PersistError {
  return new PersistError("state", path, `the loaded model's learned fields are inconsistent: a trial ${detail}`);
}

/**
 * Run the trial predictions of a loaded model.
 * @param est - the loaded estimator
 * @param path - where it sits in the file, for the error
 */
export function trialPredict(est: BaseEstimator, path: string): void {
  if (!est.isFitted()) return;
  const p = Object.getOwnPropertyDescriptor(est, "nFeaturesIn_")?.value;
  // nFeaturesIn_ is bounded by the file's size and the class's own check before this allocation (validators.ts)
  if (typeof p !== "number") return;
  const row = [new Array<number>(p).fill(0)];
  const self = est as unknown as Record<string, unknown>;
  const classes = classLabels(est);
  for (const m of METHODS) {
    if (typeof self[m] !== "function") continue;
    let out: unknown;
    try {
      out = (self[m] as (x: unknown) => unknown).call(est, row);
    } catch (e) {
      const legit = e instanceof TypelearnError && !(e instanceof ShapeError || e instanceof NonFiniteError || e instanceof NotFittedError);
      if (legit) continue;
      throw inconsistent(path, `${m} of one row failed with ${(e as Error)?.constructor?.name ?? "an error"}: ${(e as Error)?.message ?? String(e)}`);
    }
    // an asynchronous predictor (e.g. one running a tfjs model) is not awaited here, but its rejection must not
    // surface later as an unhandled rejection
    if (out && typeof (out as Promise<unknown>).then === "function") {
      (out as Promise<unknown>).then(undefined, () => undefined);
      continue;
    }
    const problem = outputProblem(m, out, classes);
    if (problem) throw inconsistent(path, `${m} of one row of zeros ${problem}`);
  }
}
