/**
 * Sample-axis access shared by the splitters: how many samples an input holds and how to gather a subset of
 * them into a value of the same kind (NDArray rows, typed-array elements, plain-array entries, data-frame rows).
 */
import { InputTypeError, ShapeError } from "../errors";
import { NDArray, takeRows } from "../array/ndarray";
import { NumericTypedArray, isNumericTypedArray } from "../random/convert";
import type { FrameLike, PolarsSeriesLike } from "../base/validation";
import { isDanfoDataFrame, isDanfoSeries, isFrameLike, isPolarsDataFrame, isPolarsSeries } from "../frame/adapters";
import { loadPolars } from "../frame/lazy";

export type { NumericTypedArray };
export { isNumericTypedArray };


/**
 * Inputs a splitter can index along their first axis: arrays, and nodejs-polars / danfojs DataFrames and Series
 * (typed structurally, so neither library is a compile-time dependency).
 */
export type Splittable = NDArray | readonly unknown[] | NumericTypedArray | FrameLike | PolarsSeriesLike;

/** What the splitters accept, in error messages. */
export const SPLITTABLE = "an NDArray, a typed array, an array, or a polars/danfo DataFrame or Series";

/** True when `x` is something `takeSamples` can index. */
export function isSplittable(x: unknown): x is Splittable {
  return x instanceof NDArray || Array.isArray(x) || isNumericTypedArray(x) || isFrameLike(x);
}

/**
 * Number of samples (length of the first axis) of an input.
 * @param x - an NDArray with at least one axis, a typed array or a plain array
 * @param what - the argument's name for error messages
 * @example
 * numSamples([[1, 2], [3, 4]], "X"); // 2
 */
export function numSamples(x: Splittable, what: string): number {
  if (x instanceof NDArray) {
    if (x.ndim === 0) throw new ShapeError(what, "an array with at least one axis", "a 0-d NDArray");
    return x.shape[0];
  }
  if (Array.isArray(x) || isNumericTypedArray(x)) return x.length;
  if (isPolarsDataFrame(x)) return x.height as number;
  if (isPolarsSeries(x)) return (x.len as () => number)();
  if (isDanfoDataFrame(x) || isDanfoSeries(x)) return (x.shape as number[])[0];
  throw new InputTypeError(what, SPLITTABLE, x);
}

/**
 * Gather samples by index into a new value of the same kind: NDArray rows (same dtype), a typed array of the
 * same type, a plain array (nested arrays are copied, so the result never aliases the input's rows), or a frame's
 * rows (polars: same column names and dtypes; danfo: the rows keep their index labels, as pandas' do).
 * @param x - the input
 * @param indices - sample indices, each in [0, numSamples(x))
 * @example
 * takeSamples([10, 20, 30], Int32Array.of(2, 0)); // [30, 10]
 */
export function takeSamples<T extends Splittable>(x: T, indices: Int32Array): T {
  if (x instanceof NDArray) return takeRows(x, indices) as T;
  if (isFrameLike(x)) return takeFrameRows(x, indices) as T;
  if (isNumericTypedArray(x)) {
    const Ctor = x.constructor as new (n: number) => NumericTypedArray;
    const out = new Ctor(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = x[indices[i]];
    return out as T;
  }
  const arr = x as readonly unknown[];
  const out = new Array<unknown>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = arr[indices[i]];
    out[i] = Array.isArray(v) ? v.slice() : v;
  }
  return out as unknown as T;
}

/** A frame's or series' rows by index, as a frame or series of the same library and kind. */
function takeFrameRows(x: unknown, indices: Int32Array): unknown {
  const rows = Array.from(indices);
  if (isPolarsSeries(x)) return (x.gather as (i: number[]) => unknown)(rows);
  if (isPolarsDataFrame(x)) {
    // polars' DataFrame has no row gather; its columns do, and a frame of them keeps names and dtypes
    const columns = (x.getColumns as () => { gather(i: number[]): unknown }[])().map((c) => c.gather(rows));
    return loadPolars().DataFrame(columns as never);
  }
  if (isDanfoDataFrame(x)) return (x.iloc as (s: { rows: number[] }) => unknown)({ rows });
  return (x as { iloc(r: number[]): unknown }).iloc(rows);
}
