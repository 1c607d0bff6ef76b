/**
 * "Object matrix" input for the encoders: a 2-D input whose columns may hold strings, numbers or booleans
 * (string[][] or mixed rows, an NDArray, a nodejs-polars / danfojs DataFrame), split into typed columns. It
 * also carries out the feature-count and feature-name checks that BaseEstimator.validateX does for numbers.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, hasFitted } from "../base/estimator";
import { InputTypeError, ShapeError } from "../errors";
import { frameColumns } from "../frame/adapters";
import { CategoricalColumn, toCategoricalColumn } from "./categories";

/** A 2-D input of categorical values. */
export type ObjectMatrixLike =
  | NDArray
  | ArrayLike<ArrayLike<string | number | boolean | null | undefined>>
  | { readonly columns?: unknown; readonly shape?: unknown };

/** A categorical input split into typed columns. */
export interface ObjectMatrix {
  readonly rows: number;
  readonly cols: number;
  /** One typed column per feature. */
  readonly data: CategoricalColumn[];
  /** Column names when the input was a data frame. */
  readonly columns?: string[];
}

const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

const RESHAPE_HINT = "; reshape your data with .reshape(-1, 1) if it has a single feature";

/**
 * Split a 2-D categorical input into typed columns (each column uniformly numbers, strings or booleans).
 * @param X - rows of values, an NDArray or a DataFrame
 * @param name - the argument's name for errors
 * @example
 * toObjectMatrix([["red", 1], ["blue", 2]]).data.map((c) => c.kind); // ["string", "number"]
 */
export function toObjectMatrix(X: unknown, name = "X"): ObjectMatrix {
  let raw: ArrayLike<unknown>[];
  let rows: number;
  let columns: string[] | undefined;
  const frame = X instanceof NDArray ? null : frameColumns(X, name);
  if (frame) {
    raw = frame.values;
    columns = frame.columns;
    rows = raw.length > 0 ? raw[0].length : 0;
  } else if (X instanceof NDArray) {
    if (X.ndim !== 2) {
      throw new ShapeError(name, "a 2-D array (samples × features)",
        `an array of shape [${X.shape.join(", ")}]` + (X.ndim === 1 ? RESHAPE_HINT : ""));
    }
    const [n, p] = X.shape;
    rows = n;
    raw = [];
    for (let j = 0; j < p; j++) {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = X.data[i * p + j];
      raw.push(c);
    }
  } else if (isArrayLike(X)) {
    rows = X.length;
    if (rows > 0 && !isArrayLike(X[0])) {
      if (typeof X[0] === "number" || typeof X[0] === "string") {
        throw new ShapeError(name, "a 2-D array (samples × features)", `a 1-D array of length ${rows}` + RESHAPE_HINT);
      }
      throw new InputTypeError(`${name}[0]`, "an array of values (one row)", X[0]);
    }
    const p = rows > 0 ? (X[0] as ArrayLike<unknown>).length : 0;
    const cols: unknown[][] = Array.from({ length: p }, () => new Array(rows));
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      if (!isArrayLike(row)) throw new InputTypeError(`${name}[${i}]`, "an array of values (one row)", row);
      if (row.length !== p) {
        throw new InputTypeError(`${name}[${i}]`, `a row of length ${p} like row 0 (ragged rows are not allowed)`, row);
      }
      for (let j = 0; j < p; j++) cols[j][i] = row[j];
    }
    raw = cols;
  } else {
    throw new InputTypeError(name, "an array of rows, an NDArray or a DataFrame", X);
  }
  const p = raw.length;
  if (rows < 1) throw new ShapeError(name, "at least 1 sample(s)", `shape [${rows}, ${p}]`);
  if (p < 1) throw new ShapeError(name, "at least 1 feature(s)", `shape [${rows}, ${p}]`);
  const data = raw.map((c, j) => toCategoricalColumn(c, columnLabel(name, j, columns)));
  return columns ? { rows, cols: p, data, columns } : { rows, cols: p, data };
}

/** `X column 2` or `X column 2 ("city")`, for error messages. */
export function columnLabel(name: string, j: number, columns?: readonly string[]): string {
  return columns ? `${name} column ${j} ("${columns[j]}")` : `${name} column ${j}`;
}

/**
 * Record (reset) or check the number and names of features of a categorical input, exactly as
 * BaseEstimator.validateX does for numeric inputs.
 * @param est - the estimator
 * @param m - the converted input
 * @param reset - true in fit
 */
export function checkObjectFeatures(est: BaseEstimator, m: ObjectMatrix, reset: boolean): void {
  const name = est.constructor.name;
  if (reset) {
    est.nFeaturesIn_ = m.cols;
    est.featureNamesIn_ = m.columns ? [...m.columns] : undefined;
    return;
  }
  if (hasFitted(est, "nFeaturesIn_") && m.cols !== est.nFeaturesIn_) {
    const err = new ShapeError("X", `${est.nFeaturesIn_} features, as ${name} saw in fit`, `${m.cols} features`);
    err.message = `X has ${m.cols} features, but ${name} is expecting ${est.nFeaturesIn_} features as input`;
    throw err;
  }
  const seen = est.featureNamesIn_;
  if (seen && m.columns && (m.columns.length !== seen.length || m.columns.some((c, i) => c !== seen[i]))) {
    throw new ShapeError("X feature names", `[${seen.join(", ")}] as seen in fit`, `[${m.columns.join(", ")}]`);
  }
}
