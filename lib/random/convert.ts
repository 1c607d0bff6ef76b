/**
 * Conversions between plain JS arrays and NDArray used by permutation / choice, plus the typed-array union the
 * in-place shuffle accepts.
 */
import { InputTypeError, NonFiniteError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";

/** Any JS typed array whose elements are numbers. */
export type NumericTypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;

/** True when `x` is a numeric typed array (not a DataView, not a BigInt array). */
export function isNumericTypedArray(x: unknown): x is NumericTypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) &&
    !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/** True when every value is an integer in the int32 range (so NumPy would hold it in an integer dtype). */
function allInt32(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return false;
  }
  return true;
}

/**
 * Convert a number[] / number[][] / typed array / NDArray into an NDArray (NDArray inputs are returned as is).
 * Plain arrays of int32-range integers become int32 (as NumPy makes them integer), others float64.
 */
export function toNDArray(what: string, x: unknown): NDArray {
  if (x instanceof NDArray) return x;
  if (x instanceof Float64Array) return new NDArray(x.slice());
  if (x instanceof Int32Array) return new NDArray(x.slice());
  if (isNumericTypedArray(x)) {
    return allInt32(x) ? new NDArray(Int32Array.from(x)) : new NDArray(Float64Array.from(x));
  }
  if (!Array.isArray(x)) throw new InputTypeError(what, "an NDArray, a typed array or an array of numbers", x);
  let flat: number[];
  let shape: number[];
  if (x.length > 0 && Array.isArray(x[0])) {
    const width = (x[0] as unknown[]).length;
    flat = [];
    for (let r = 0; r < x.length; r++) {
      const row = x[r];
      if (!Array.isArray(row) || row.length !== width) {
        throw new ShapeError(what, `rows of length ${width}`, `row ${r} of ${Array.isArray(row) ? `length ${row.length}` : "non-array"}`);
      }
      for (const v of row) flat.push(v as number);
    }
    shape = [x.length, width];
  } else {
    flat = x as number[];
    shape = [x.length];
  }
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== "number") throw new InputTypeError(`${what} element ${i}`, "a number", v);
    if (Number.isNaN(v)) throw new NonFiniteError(what, i, v);
  }
  return allInt32(flat) ? new NDArray(Int32Array.from(flat), shape) : new NDArray(Float64Array.from(flat), shape);
}

/** An int32 NDArray 0..n-1. */
export function arange32(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
