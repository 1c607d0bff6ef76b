/**
 * Checks of a loaded estimator's learned fields, registered by each model family next to the model (e.g.
 * lib/linear/linear.persist.ts), so whatever loads learned state from outside (lib/persist) knows no model's
 * layout. A check sees the estimator's own fields and says whether every declared count (nFeaturesIn_, nClasses_,
 * a node count…) agrees with the stored arrays, and every array with the others, before predict trusts them. The
 * helpers below throw StateCheckError; the loader turns it into its own error type (PersistError).
 */
import { NDArray } from "../array/ndarray";
import { TypelearnError } from "../errors";

/** A learned field is missing, of the wrong type, out of bounds or inconsistent with another. */
export class StateCheckError extends TypelearnError {
  /**
   * @param path - where, e.g. "model.steps[1][1](LogisticRegression).coef_"
   * @param detail - what was expected and what came
   */
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`);
  }
}

/** An estimator's own learned fields (never its prototype's: nothing inherited is looked up). */
export type LearnedState = Readonly<Record<string, unknown>>;

/**
 * A check of one class's learned state; throws StateCheckError (or the loader's error) when it is inconsistent.
 * @param state - the estimator's own fields (an unfitted estimator has none ending in `_`)
 * @param path - where the estimator sits, prefix of the error paths
 * @param est - the estimator itself (its options are already validated by its constructor)
 */
export type StateCheck = (state: LearnedState, path: string, est: object) => void;

const checks = new Map<string, StateCheck>();

/**
 * Register the learned-state check of a class (each model family does this once, beside the model).
 * @param className - the registered estimator class name
 * @param check - throws StateCheckError when the state is inconsistent
 * @example
 * registerStateCheck("StandardScaler", (s, path) => { const p = features(s, path); vector(s, "mean_", p, path); });
 */
export function registerStateCheck(className: string, check: StateCheck): void {
  checks.set(className, check);
}

/** The check registered for `className`, if any. */
export function stateCheckFor(className: string): StateCheck | undefined {
  return checks.get(className);
}

/** The own fields of an estimator (a Map-free snapshot: inherited accessors are never run or seen). */
export function ownState(est: object): LearnedState {
  const out: Record<string, unknown> = Object.create(null);
  // keys, not entries: a load runs this for every tree, where an array per field added up to kilobytes per tree
  const keys = Object.keys(est);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = (est as Record<string, unknown>)[keys[i]];
  return out;
}

/** Throw a StateCheckError. */
export function bad(path: string, detail: string): never {
  throw new StateCheckError(path, detail);
}

/** A short description of a value for an error message. */
export function describeState(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (v instanceof NDArray) return `an NDArray of shape [${v.shape.join(", ")}] (${v.dtype})`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `a ${(v as object).constructor?.name ?? "null-prototype object"}`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

/** Whether the estimator holds any learned field (a saved unfitted estimator holds none and needs no check). */
export function isFittedState(s: LearnedState): boolean {
  return Object.keys(s).some((k) => k.endsWith("_"));
}

/** Largest count a model file may declare for anything it allocates from (features, classes, nodes, outputs). */
export const MAX_COUNT = 2 ** 31 - 1;

/**
 * An integer field in [lo, hi].
 * @param required - false: an absent field passes and gives undefined
 */
export function intField(s: LearnedState, key: string, path: string, lo: number, hi: number, required = true): number {
  const v = s[key];
  if (v === undefined && !required) return undefined as unknown as number;
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    bad(`${path}.${key}`, `expected an integer in [${lo}, ${hi}], received ${describeState(v)}`);
  }
  return v;
}

/** nFeaturesIn_: a positive integer (every check ties it to a stored array before anything allocates from it). */
export function features(s: LearnedState, path: string): number {
  return intField(s, "nFeaturesIn_", path, 1, MAX_COUNT);
}

/** Every element of a float array is finite. */
export function finiteValues(a: ArrayLike<number>, path: string): void {
  // a typed array answers with three native scans: a first load runs this over every node of every tree, in code
  // not yet optimized, where a JavaScript loop costs several times more
  if (a instanceof Float64Array || a instanceof Float32Array) {
    if (!a.includes(NaN) && !a.includes(Infinity) && !a.includes(-Infinity)) return;
  } else if (ArrayBuffer.isView(a)) {
    return; // integers are finite
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) bad(path, `expected finite numbers, received ${a[i]} at index ${i}`);
  }
}

/** Options of {@link ndField}. */
export interface NDFieldOptions {
  /** Expected shape; null for an axis of any length. */
  shape: (number | null)[];
  /** Allowed dtypes (default float64). */
  dtype?: NDArray["dtype"][];
  /** Every element finite (default true for float64). */
  finite?: boolean;
  /** An absent field passes and gives undefined (default false). */
  optional?: boolean;
}

/** An NDArray field of the expected shape and dtype. */
export function ndField(s: LearnedState, key: string, path: string, o: NDFieldOptions): NDArray {
  const v = s[key];
  const where = `${path}.${key}`;
  if (v === undefined && o.optional) return undefined as unknown as NDArray;
  const dtypes = o.dtype ?? ["float64"];
  const want = `[${o.shape.map((d) => d ?? "any").join(", ")}]`;
  if (!(v instanceof NDArray) || !dtypes.includes(v.dtype) || v.ndim !== o.shape.length ||
    o.shape.some((d, i) => d !== null && v.shape[i] !== d)) {
    bad(where, `expected an NDArray of shape ${want} (${dtypes.join(" or ")}), received ${describeState(v)}`);
  }
  if (o.finite ?? v.dtype === "float64") finiteValues(v.data, where);
  return v;
}

/** A typed-array field of the expected class and length. */
export function typedField<T extends ArrayBufferView>(s: LearnedState, key: string, path: string,
  Ctor: new (n: number) => T, length: number | null): T {
  const v = s[key];
  if (!(v instanceof Ctor) || (length !== null && (v as unknown as ArrayLike<number>).length !== length)) {
    bad(`${path}.${key}`, `expected a ${Ctor.name}${length === null ? "" : ` of length ${length}`}, received ${describeState(v)}`);
  }
  return v;
}

/**
 * A classifier's classes_: an NDArray of numbers (1-D) or an array of strings, distinct, at least `min` of them.
 * @returns the number of classes
 */
export function classesField(s: LearnedState, path: string, min: number, key = "classes_"): number {
  const v = s[key];
  const where = `${path}.${key}`;
  let labels: ArrayLike<unknown>;
  if (v instanceof NDArray) {
    if (v.ndim !== 1) bad(where, `expected a 1-D NDArray of labels, received ${describeState(v)}`);
    finiteValues(v.data, where);
    labels = v.data;
  } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    labels = v;
  } else {
    bad(where, `expected the class labels (a 1-D NDArray or an array of strings), received ${describeState(v)}`);
  }
  if (labels.length < min) bad(where, `expected at least ${min} classes, received ${labels.length}`);
  if (new Set(Array.from(labels)).size !== labels.length) bad(where, "expected distinct class labels, received duplicates");
  return labels.length;
}

/** `a` equals `b` (two declared counts that must agree). */
export function agree(a: unknown, b: unknown, path: string, what: string): void {
  if (a !== b) bad(path, `expected ${what} = ${describeState(b)}, received ${describeState(a)}`);
}
