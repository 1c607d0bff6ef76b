/**
 * Declared option constraints (scikit-learn's `_parameter_constraints`): each estimator states, once, what every
 * option accepts — intervals, fixed values, types — and `BaseEstimator.validateParams()` checks them before fit
 * with one OptionError naming the option. The contract suite derives refused values from the same table, so a
 * table and the checks it stands for cannot drift apart.
 */
import { NDArray } from "../array/ndarray";
import { OptionError } from "../errors";
import { RandomState } from "../random/random_state";

/** One way an option may be valid. */
export type Constraint =
  | { readonly kind: "interval"; readonly type: "integer" | "real"; readonly low: number | null; readonly high: number | null;
    readonly closed: "both" | "left" | "right" | "neither" }
  | { readonly kind: "options"; readonly values: readonly (string | number | boolean | null)[] }
  | { readonly kind: "boolean" }
  | { readonly kind: "randomState" }
  | { readonly kind: "array" }
  | { readonly kind: "number" }
  | { readonly kind: "callable" }
  | { readonly kind: "mapping" }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | { readonly kind: "instance"; readonly of: abstract new (...args: any[]) => unknown; readonly what: string }
  | { readonly kind: "method"; readonly name: string; readonly what: string };

/** The constraints of every option of an options interface `O` (each option must have an entry). */
export type ParameterConstraints<O> = { readonly [K in keyof Required<O>]-?: readonly Constraint[] };

/**
 * Numbers in an interval; null bounds are unbounded.
 * @param type - "integer" or "real" (finite numbers)
 * @param low - lower bound or null
 * @param high - upper bound or null
 * @param closed - which bounds belong to the interval
 * @example
 * interval("integer", 1, null, "left"); // an integer ≥ 1
 */
export function interval(type: "integer" | "real", low: number | null, high: number | null,
  closed: "both" | "left" | "right" | "neither"): Constraint {
  return { kind: "interval", type, low, high, closed };
}

/**
 * Exactly one of these values (strings, numbers, booleans or null).
 * @example
 * oneOf("auto", "full");
 */
export function oneOf(...values: (string | number | boolean | null)[]): Constraint {
  return { kind: "options", values };
}

/**
 * An instance of a class (e.g. an estimator), described as `what` in errors.
 * @example
 * instanceOf(BaseEstimator, "an estimator");
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function instanceOf(of: abstract new (...args: any[]) => unknown, what: string): Constraint {
  return { kind: "instance", of, what };
}

/**
 * An object with a method of this name (e.g. a splitter's `split`), described as `what` in errors.
 * @example
 * hasMethod("split", "a splitter (KFold, StratifiedKFold, …)");
 */
export function hasMethod(name: string, what: string): Constraint {
  return { kind: "method", name, what };
}

/** An array of numbers or an NDArray (its values checked where they are used). */
export const ARRAY: Constraint = { kind: "array" };
/** Any number, NaN and ±Infinity included (e.g. a missing-value marker). */
export const NUMBER: Constraint = { kind: "number" };
/** A function (e.g. a scorer). */
export const CALLABLE: Constraint = { kind: "callable" };
/** Values by key: a Map or a plain object (e.g. class weights by label; the values checked where they are used). */
export const MAPPING: Constraint = { kind: "mapping" };
/** true or false. */
export const BOOLEAN: Constraint = { kind: "boolean" };
/** A seed: an integer in [0, 2³²), a RandomState, or null/undefined (the global one). */
export const RANDOM_STATE: Constraint = { kind: "randomState" };

function inInterval(c: Extract<Constraint, { kind: "interval" }>, v: unknown): boolean {
  if (typeof v !== "number" || !Number.isFinite(v)) return false;
  if (c.type === "integer" && !Number.isInteger(v)) return false;
  const lowOk = c.low === null || (c.closed === "both" || c.closed === "left" ? v >= c.low : v > c.low);
  const highOk = c.high === null || (c.closed === "both" || c.closed === "right" ? v <= c.high : v < c.high);
  return lowOk && highOk;
}

/**
 * Whether `v` satisfies one constraint.
 * @example
 * satisfies(interval("real", 0, null, "neither"), 0); // false
 */
export function satisfies(c: Constraint, v: unknown): boolean {
  switch (c.kind) {
    case "interval": return inInterval(c, v);
    // undefined (an option unset through setParams) counts as null where null is allowed
    case "options": return c.values.some((o) => Object.is(o, v) || (o === null && v === undefined));
    case "boolean": return typeof v === "boolean";
    case "array": return Array.isArray(v) || v instanceof NDArray;
    case "number": return typeof v === "number";
    case "callable": return typeof v === "function";
    case "mapping": return v instanceof Map ||
      (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype);
    case "instance": return v instanceof c.of;
    case "method":
      return typeof v === "object" && v !== null && typeof (v as Record<string, unknown>)[c.name] === "function";
    case "randomState":
      return v === null || v === undefined || v instanceof RandomState ||
        (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 2 ** 32);
  }
}

/**
 * A constraint in words, for the OptionError.
 * @example
 * describeConstraint(interval("integer", 1, null, "left")); // "an integer ≥ 1"
 */
export function describeConstraint(c: Constraint): string {
  switch (c.kind) {
    case "interval": {
      const what = c.type === "integer" ? "an integer" : "a number";
      const lo = c.closed === "both" || c.closed === "left" ? "[" : "(";
      const hi = c.closed === "both" || c.closed === "right" ? "]" : ")";
      if (c.low !== null && c.high !== null) return `${what} in ${lo}${c.low}, ${c.high}${hi}`;
      if (c.low !== null) return `${what} ${lo === "[" ? "≥" : ">"} ${c.low}`;
      if (c.high !== null) return `${what} ${hi === "]" ? "≤" : "<"} ${c.high}`;
      return c.type === "integer" ? "an integer" : "a finite number";
    }
    case "options": return c.values.length === 1 ? JSON.stringify(c.values[0]) : `one of ${c.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "boolean": return "a boolean";
    case "array": return "an array";
    case "number": return "a number";
    case "callable": return "a function";
    case "mapping": return "a Map or an object of values by key";
    case "instance": case "method": return c.what;
    case "randomState": return "an integer seed in [0, 2³²), a RandomState or null";
  }
}

/**
 * Check every option of `est` against its table; the first option that satisfies none of its constraints throws
 * an OptionError naming it and listing what it accepts.
 * @param est - the estimator (its options are its fields)
 * @param table - the estimator's constraints
 * @example
 * checkParams(ridge, Ridge.parameterConstraints);
 */
export function checkParams(est: object, table: Readonly<Record<string, readonly Constraint[]>>): void {
  const self = est as Record<string, unknown>;
  for (const [name, cs] of Object.entries(table)) {
    const v = self[name];
    if (!cs.some((c) => satisfies(c, v))) throw new OptionError(name, cs.map(describeConstraint).join(" or "), v);
  }
}

/** Values near each constraint's edges, and of the wrong types: the pool invalid values are drawn from. */
function probes(c: Constraint): unknown[] {
  switch (c.kind) {
    case "interval": {
      const out: unknown[] = [];
      if (c.low !== null) out.push(c.low, c.low - 1, c.low - 0.5);
      if (c.high !== null) out.push(c.high, c.high + 1, c.high + 0.5);
      out.push((c.low ?? 0) + 0.5, Infinity);
      return out;
    }
    case "options": return [...c.values.map((v) => (typeof v === "string" ? `${v}-typo` : v)), "not-an-option"];
    case "boolean": return ["true", 1];
    case "array": return ["1, 2"];
    case "number": return ["1", null];
    case "callable": return ["() => 0"];
    case "mapping": return [[1, 2], "{}"];
    case "instance": return [{}, "an instance"];
    case "method": return [{ [`${c.name}-typo`]: () => [] }, c.name];
    case "randomState": return [-1, 1.5, "42"];
  }
}

/**
 * Values the table refuses for `name`: edges of its intervals, near-miss strings, wrong types — each satisfying
 * none of the option's constraints. What the contract suite feeds every estimator to check the table is enforced.
 * @param table - an estimator's constraints
 * @param name - one of its options
 * @example
 * invalidValues(Ridge.parameterConstraints, "alpha"); // [-1, -0.5, Infinity, "not-an-option", …]
 */
export function invalidValues(table: Readonly<Record<string, readonly Constraint[]>>, name: string): unknown[] {
  const cs = table[name] ?? [];
  const pool = [...cs.flatMap(probes), NaN, "not-an-option", { not: "an option" }];
  const out: unknown[] = [];
  for (const v of pool) {
    if (cs.some((c) => satisfies(c, v))) continue;
    if (out.some((o) => Object.is(o, v) || (typeof o === "object" && typeof v === "object"))) continue;
    out.push(v);
  }
  return out;
}
