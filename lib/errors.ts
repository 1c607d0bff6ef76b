/**
 * Typed errors for bad input. Every error names what was expected and what came, so a notebook user sees the
 * cause at the call they made rather than a crash deep inside an algorithm.
 */

/** Base class of every error typelearn throws on purpose. */
export class TypelearnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument had the wrong shape, length or number of features. */
export class ShapeError extends TypelearnError {
  /**
   * @param what - what was being checked, e.g. "X" or "y length"
   * @param expected - a description of the expected shape or size
   * @param received - a description of what came
   */
  constructor(readonly what: string, readonly expected: string, readonly received: string) {
    super(`${what}: expected ${expected}, received ${received}`);
  }
}

/** A value was not a finite number where one is required (NaN or ±Infinity). */
export class NonFiniteError extends TypelearnError {
  constructor(readonly what: string, readonly index: number | string, readonly value: number) {
    super(`${what}: expected finite numbers, received ${value} at ${index}` +
      " (remove or impute missing values first, e.g. with SimpleImputer)");
  }
}

/** An option or argument value was unknown or out of range. */
export class OptionError extends TypelearnError {
  constructor(readonly option: string, readonly expected: string, readonly received: unknown) {
    super(`${option}: expected ${expected}, received ${describeValue(received)}`);
  }
}

/** A method that needs a fitted estimator was called before `fit`. */
export class NotFittedError extends TypelearnError {
  constructor(readonly estimator: string, readonly method: string = "this method") {
    super(`This ${estimator} instance is not fitted yet: call fit() before ${method}.`);
  }
}

/** A value had the wrong type (e.g. a string where a number was required, or a ragged nested array). */
export class InputTypeError extends TypelearnError {
  constructor(readonly what: string, readonly expected: string, readonly received: unknown) {
    super(`${what}: expected ${expected}, received ${describeValue(received)}`);
  }
}

/**
 * `X[0]` on an NDArray: JavaScript has no operator overloading, so `[i]` would read a missing property
 * (undefined) instead of an element or a row; the message names the calls that do what NumPy's `X[i]` does.
 */
export class IndexAccessError extends TypelearnError {
  /** @param key - the index as written, e.g. "0" or "-1" */
  constructor(readonly key: string) {
    super(`NDArray has no [i] indexing (X[${key}] would be undefined): use X.get(${key}) for an element ` +
      `(X.get(i, j) in 2-D), X.row(${key}) for a row, or X.slice(start, end) for a range.`);
  }
}

/** A short, readable description of any value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as { length: number }).length}`;
  if (typeof v === "function") return "a function";
  const name = (v as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}
