/**
 * Data-frame adapters: nodejs-polars and danfojs DataFrames/Series become plain columns of numbers plus their
 * names, recognised by shape rather than by import, so neither library is loaded unless the user loaded it.
 */
import { InputTypeError } from "../errors";

/** A frame's columns as numbers (row-major matrix) with their names. */
export interface FrameMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
  columns: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object";

/** True for a nodejs-polars DataFrame. */
export function isPolarsDataFrame(v: unknown): v is Obj {
  return isObj(v) && typeof v.getColumns === "function" && Array.isArray(v.columns) && typeof v.toRecords === "function";
}

/** True for a nodejs-polars Series. */
export function isPolarsSeries(v: unknown): v is Obj {
  return isObj(v) && typeof v.toArray === "function" && typeof v.len === "function" && "dtype" in v && !Array.isArray(v.columns);
}

/** True for a danfojs DataFrame. */
export function isDanfoDataFrame(v: unknown): v is Obj {
  return isObj(v) && "$data" in v && Array.isArray(v.columns) && Array.isArray(v.shape) && (v.shape as number[]).length === 2 &&
    (v.constructor as { name?: string })?.name === "DataFrame";
}

/** True for a danfojs Series. */
export function isDanfoSeries(v: unknown): v is Obj {
  return isObj(v) && "$data" in v && Array.isArray(v.values) && (v.constructor as { name?: string })?.name === "Series";
}

/** True for any supported frame or series. */
export function isFrameLike(v: unknown): boolean {
  return isPolarsDataFrame(v) || isPolarsSeries(v) || isDanfoDataFrame(v) || isDanfoSeries(v);
}

function numericColumn(values: ArrayLike<unknown>, name: string, column: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") out[i] = v;
    else if (v === null || v === undefined) out[i] = NaN; // a missing value; finiteness is checked by the caller
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else if (typeof v === "bigint") out[i] = Number(v);
    else throw new InputTypeError(`${name} column "${column}" row ${i}`, "a number (encode categorical columns first, e.g. with OneHotEncoder)", v);
  }
  return out;
}

/** Column arrays and names of a frame, or null when `v` is not a frame. */
export function frameColumns(v: unknown, name = "X"): { columns: string[]; values: ArrayLike<unknown>[] } | null {
  if (isPolarsDataFrame(v)) {
    const series = (v.getColumns as () => Obj[])();
    return { columns: series.map((s) => String(s.name)), values: series.map((s) => (s.toArray as () => unknown[])()) };
  }
  if (isDanfoDataFrame(v)) {
    const columns = (v.columns as unknown[]).map(String);
    const rows = v.values as unknown[][];
    const values = columns.map((_, j) => rows.map((r) => r[j]));
    return { columns, values };
  }
  if (isPolarsSeries(v) || isDanfoSeries(v)) {
    throw new InputTypeError(name, "a 2-D input (a DataFrame, not a Series)", v);
  }
  return null;
}

/**
 * A frame as a row-major float64 matrix with column names, or null when `v` is not a frame.
 * @param v - a nodejs-polars or danfojs DataFrame
 * @param name - the argument's name for errors
 * @example
 * frameToMatrix(pl.DataFrame({ a: [1, 2], b: [3, 4] }))?.columns; // ["a", "b"]
 */
export function frameToMatrix(v: unknown, name = "X"): FrameMatrix | null {
  const f = frameColumns(v, name);
  if (!f) return null;
  const cols = f.columns.length;
  const rows = cols > 0 ? f.values[0].length : 0;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = numericColumn(f.values[j], name, f.columns[j]);
    for (let i = 0; i < rows; i++) data[i * cols + j] = col[i];
  }
  return { data, rows, cols, columns: f.columns };
}

/**
 * A Series' values as a plain array (numbers, strings or nulls), or null when `v` is not a Series.
 * @example
 * seriesValues(pl.Series("y", [0, 1, 1])); // [0, 1, 1]
 */
export function seriesValues(v: unknown): unknown[] | null {
  if (isPolarsSeries(v)) return Array.from((v.toArray as () => ArrayLike<unknown>)());
  if (isDanfoSeries(v)) return (v.values as unknown[]).slice();
  return null;
}
