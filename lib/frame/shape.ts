/**
 * NumPy/pandas-style shapes for everything typelearn takes as data: nodejs-polars reports `df.shape` as
 * `{ height, width }`, which reads oddly beside `X.shape` → `[569, 30]` in the same notebook; `shapeOf` gives
 * `[rows, cols]` for both without touching polars' prototypes.
 */
import { InputTypeError } from "../errors";
import { isDanfoDataFrame, isDanfoSeries, isPolarsDataFrame, isPolarsSeries } from "./adapters";

/**
 * The shape of a frame, series, array or tensor as NumPy prints it: `[rows, cols]` for a polars or danfo
 * DataFrame, `[length]` for a series, the axis lengths of an NDArray/tensor, and `[n]` / `[n, m]` for plain
 * (rectangular) JavaScript arrays.
 * @param v - a polars/danfo DataFrame or Series, an NDArray, a tensor, or a plain array
 * @returns a new array of axis lengths
 * @throws InputTypeError when `v` has no shape (a number, a ragged nested array, an object without one)
 * @example
 * shapeOf(loadBreastCancer({ asFrame: true }).frame); // [569, 31]  (df.shape is { height: 569, width: 31 })
 */
export function shapeOf(v: unknown): number[] {
  if (isPolarsDataFrame(v)) return [Number(v.height), Number(v.width)];
  if (isPolarsSeries(v)) return [Number((v.len as () => number)())];
  if (isDanfoDataFrame(v)) return [...(v.shape as number[])];
  // danfojs reports a Series as [n, 1]; pandas (and this helper) as [n].
  if (isDanfoSeries(v)) return [(v.values as unknown[]).length];
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const shape = (v as { shape?: unknown }).shape;
    if (Array.isArray(shape) && shape.every((n) => Number.isInteger(n) && n >= 0)) return [...shape];
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return [(v as unknown as ArrayLike<number>).length];
  }
  if (Array.isArray(v)) {
    if (v.length === 0 || !v.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
      if (v.some((r) => Array.isArray(r))) throw new InputTypeError("shapeOf", "a rectangular array (every row an array)", v);
      return [v.length];
    }
    const width = (v[0] as ArrayLike<unknown>).length;
    const ragged = v.findIndex((r) => (r as ArrayLike<unknown>).length !== width);
    if (ragged >= 0) throw new InputTypeError(`shapeOf row ${ragged}`, `length ${width} like row 0 (a rectangular array)`, v[ragged]);
    return [v.length, width];
  }
  throw new InputTypeError("shapeOf", "a DataFrame, Series, NDArray, tensor or array", v);
}
