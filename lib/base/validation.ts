/**
 * Input validation shared by estimators and metrics: turn the accepted input forms (NDArray, nested number
 * arrays) into dense float64 buffers, rejecting bad input with typed errors that say what was expected.
 */
import { InputTypeError, NonFiniteError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { frameToMatrix, seriesValues } from "../frame/adapters";

/**
 * A data frame or series from nodejs-polars or danfojs. Typed structurally so that neither library is a
 * compile-time dependency; recognised at run time by lib/frame.
 */
export interface FrameLike { readonly columns?: unknown; readonly shape?: unknown }
/**
 * A nodejs-polars Series, typed structurally (it has no `shape`, so {@link FrameLike} does not cover it); its
 * values are read through `toArray()` at run time. A danfo Series is a {@link FrameLike}.
 */
export interface PolarsSeriesLike {
  readonly dtype: unknown;
  /** The values, in order. */
  toArray(): ArrayLike<unknown>;
  /** The number of values. */
  len(): number;
}
/** A 2-D input: an NDArray of 2 axes, an array of equal-length number rows, or a polars/danfo DataFrame. */
export type MatrixLike = NDArray | ArrayLike<ArrayLike<number>> | FrameLike;
/** A 1-D input: an NDArray of 1 axis, an array of numbers, or a polars/danfo Series. */
export type VectorLike = NDArray | ArrayLike<number> | FrameLike | PolarsSeriesLike;
/** A target: one output (1-D) or several (2-D), as arrays or a polars/danfo Series or DataFrame. */
export type TargetLike = NDArray | ArrayLike<number> | ArrayLike<ArrayLike<number>> | FrameLike | PolarsSeriesLike;

/** A dense row-major float64 matrix. */
export interface Matrix {
  /** rows×cols elements, row-major. May alias the caller's NDArray buffer: treat as read-only. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Column names, when the input was a data frame. */
  readonly columns?: string[];
}

/** Options of {@link toMatrix}. */
export interface ToMatrixOptions {
  /** Reject NaN / ±Infinity (default true). */
  finite?: boolean;
  /** Minimum number of rows (default 1). */
  minRows?: number;
  /** Minimum number of columns (default 1). */
  minCols?: number;
}

const RESHAPE_HINT = "; reshape your data with .reshape(-1, 1) if it has a single feature " +
  "or .reshape(1, -1) if it contains a single sample";

/**
 * Convert a 2-D input to a row-major float64 matrix, checking type, raggedness, emptiness and finiteness.
 * @param x - NDArray (2-D, any dtype) or nested array of numbers
 * @param name - the argument's name for error messages (e.g. "X")
 * @param options - finiteness and minimum-size checks
 * @example
 * const { data, rows, cols } = toMatrix([[1, 2], [3, 4]], "X"); // rows = 2, cols = 2
 */
export function toMatrix(x: unknown, name = "X", options: ToMatrixOptions = {}): Matrix {
  const { finite = true, minRows = 1, minCols = 1 } = options;
  let data: Float64Array, rows: number, cols: number;
  let columns: string[] | undefined;
  const frame = x instanceof NDArray ? null : frameToMatrix(x, name);
  if (frame) {
    ({ data, rows, cols, columns } = frame);
  } else if (x instanceof NDArray) {
    if (x.ndim !== 2) {
      throw new ShapeError(name, "a 2-D array (samples × features)",
        `an array of shape [${x.shape.join(", ")}]` + (x.ndim === 1 ? RESHAPE_HINT : ""));
    }
    [rows, cols] = x.shape;
    data = x.data instanceof Float64Array ? x.data : Float64Array.from(x.data);
  } else if (isArrayLike(x)) {
    rows = x.length;
    if (rows > 0 && !isArrayLike(x[0])) {
      if (typeof x[0] === "number") {
        throw new ShapeError(name, "a 2-D array (samples × features)", `a 1-D array of length ${rows}` + RESHAPE_HINT);
      }
      throw new InputTypeError(`${name}[0]`, "an array of numbers (one row)", x[0]);
    }
    cols = rows > 0 ? (x[0] as ArrayLike<unknown>).length : 0;
    data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = x[i];
      if (!isArrayLike(row)) throw new InputTypeError(`${name}[${i}]`, "an array of numbers (one row)", row);
      if (row.length !== cols) {
        throw new InputTypeError(`${name}[${i}]`, `a row of length ${cols} like row 0 (ragged rows are not allowed)`,
          row);
      }
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number") throw new InputTypeError(`${name}[${i}][${j}]`, "a number", v);
        data[o + j] = v;
      }
    }
  } else {
    throw new InputTypeError(name, "an NDArray, an array of number rows or a DataFrame", x);
  }
  if (rows < minRows) {
    throw new ShapeError(name, `at least ${minRows} sample(s)`, `shape [${rows}, ${cols}]`);
  }
  if (cols < minCols) {
    throw new ShapeError(name, `at least ${minCols} feature(s)`, `shape [${rows}, ${cols}]`);
  }
  if (finite) checkFinite(data, cols, name);
  return columns ? { data, rows, cols, columns } : { data, rows, cols };
}

/** A target: 1-D (one output) or 2-D (several outputs), as a row-major rows×cols matrix. */
export interface Target extends Matrix {
  /** True when the input was 1-D (cols = 1). */
  readonly is1d: boolean;
}

/**
 * Convert a target (1-D or 2-D) to a row-major float64 matrix.
 * @param y - NDArray (1-D or 2-D), array of numbers or array of number rows
 * @param name - the argument's name for error messages
 * @param finite - reject NaN / ±Infinity (default true)
 * @example
 * toTarget([1, 2, 3]).is1d;        // true
 * toTarget([[1, 2], [3, 4]]).cols; // 2
 */
export function toTarget(y: unknown, name = "y", finite = true): Target {
  const series = y instanceof NDArray ? null : seriesValues(y);
  if (series) y = series;
  if (y instanceof NDArray) {
    if (y.ndim === 1) {
      const data = y.data instanceof Float64Array ? y.data : Float64Array.from(y.data);
      if (finite) checkFinite(data, 1, name);
      return { data, rows: y.shape[0], cols: 1, is1d: true };
    }
    if (y.ndim !== 2) {
      throw new ShapeError(name, "a 1-D or 2-D array", `an array of shape [${y.shape.join(", ")}]`);
    }
    const m = toMatrix(y, name, { finite, minRows: 0, minCols: 0 });
    return { ...m, is1d: false };
  }
  const frame = frameToMatrix(y, name);
  if (frame) {
    if (finite) checkFinite(frame.data, frame.cols, name);
    return { ...frame, is1d: false };
  }
  if (isArrayLike(y)) {
    if (y.length > 0 && isArrayLike(y[0])) return { ...toMatrix(y, name, { finite, minRows: 0, minCols: 0 }), is1d: false };
    return { data: toVector(y, name, finite), rows: y.length, cols: 1, is1d: true };
  }
  throw new InputTypeError(name, "an NDArray or an array of numbers", y);
}

/**
 * Convert a 1-D input to a Float64Array.
 * @param v - NDArray (1-D) or array of numbers
 * @param name - the argument's name for error messages
 * @param finite - reject NaN / ±Infinity (default true)
 * @example
 * toVector([1, 2, 3], "sampleWeight"); // Float64Array [1, 2, 3]
 */
export function toVector(v: unknown, name = "x", finite = true): Float64Array {
  const series = v instanceof NDArray ? null : seriesValues(v);
  if (series) v = series.map((e) => (e === null || e === undefined ? NaN : e));
  let data: Float64Array;
  if (v instanceof NDArray) {
    if (v.ndim !== 1) throw new ShapeError(name, "a 1-D array", `an array of shape [${v.shape.join(", ")}]`);
    data = v.data instanceof Float64Array ? v.data : Float64Array.from(v.data);
  } else if (isArrayLike(v)) {
    data = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (typeof e !== "number") {
        throw new InputTypeError(`${name}[${i}]`, isArrayLike(e) ? "a number (a 1-D array)" : "a number", e);
      }
      data[i] = e;
    }
  } else {
    throw new InputTypeError(name, "an NDArray or an array of numbers", v);
  }
  if (finite) checkFinite(data, 1, name);
  return data;
}

/**
 * Throw NonFiniteError at the first NaN or ±Infinity, naming its row (and column when cols > 1).
 * @param data - row-major elements
 * @param cols - row length
 * @param name - the argument's name
 * @example
 * checkFinite(new Float64Array([1, NaN]), 2, "X"); // throws: X … NaN at row 0, column 1
 */
export function checkFinite(data: ArrayLike<number>, cols: number, name: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      const r = cols > 0 ? Math.floor(i / cols) : i;
      const where = cols > 1 ? `row ${r}, column ${i - r * cols}` : `index ${i}`;
      throw new NonFiniteError(name, where, v);
    }
  }
}

/**
 * Throw ShapeError unless all lengths are equal.
 * @param lengths - pairs of [name, length]
 * @example
 * checkConsistentLength(["X", 10], ["y", 9]); // throws ShapeError
 */
export function checkConsistentLength(...lengths: [string, number][]): void {
  const [n0, l0] = lengths[0];
  for (const [n, l] of lengths.slice(1)) {
    if (l !== l0) {
      throw new ShapeError(`${n} length`, `${l0} samples (the number of rows of ${n0})`, `${l}`);
    }
  }
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
