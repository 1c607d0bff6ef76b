/**
 * Sample-axis access shared by the splitters: how many samples an input holds and how to gather a subset of
 * them into a value of the same kind (NDArray rows, typed-array elements, plain-array entries).
 */
import { InputTypeError, ShapeError } from "../errors";
import { NDArray, takeRows } from "../array/ndarray";
import { NumericTypedArray, isNumericTypedArray } from "../random/convert";

export type { NumericTypedArray };
export { isNumericTypedArray };


/** Inputs a splitter can index along their first axis. */
export type Splittable = NDArray | readonly unknown[] | NumericTypedArray;


/** True when `x` is something `takeSamples` can index. */
export function isSplittable(x: unknown): x is Splittable {
  return x instanceof NDArray || Array.isArray(x) || isNumericTypedArray(x);
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
  throw new InputTypeError(what, "an NDArray, a typed array or an array", x);
}

/**
 * Gather samples by index into a new value of the same kind: NDArray rows (same dtype), a typed array of the
 * same type, or a plain array (nested arrays are copied, so the result never aliases the input's rows).
 * @param x - the input
 * @param indices - sample indices, each in [0, numSamples(x))
 * @example
 * takeSamples([10, 20, 30], Int32Array.of(2, 0)); // [30, 10]
 */
export function takeSamples<T extends Splittable>(x: T, indices: Int32Array): T {
  if (x instanceof NDArray) return takeRows(x, indices) as T;
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
