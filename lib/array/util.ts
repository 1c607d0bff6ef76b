/**
 * Small shared helpers of the array family: axis normalisation, dtype promotion, shape text.
 */
import { OptionError } from "../errors";
import { DType, NDArray } from "./ndarray";

/** A value an array operation accepts as its second operand. */
export type Operand = NDArray | number;

/** Order of dtypes for promotion: bool < int32 < float64. */
const RANK: Record<DType, number> = { bool: 0, int32: 1, float64: 2 };

/**
 * The dtype both `a` and `b` can be stored in without losing values (NumPy's promotion over our three dtypes).
 * @example promoteTypes("int32", "float64"); // "float64"
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype an operand contributes to promotion. Plain numbers follow NumPy 1.x's value-based casting: an integer
 * keeps an int32 or bool array integral (as int32), anything else (fractions, NaN, ±Infinity) makes float64.
 * @param x - an array or a number
 * @param arrayPartner - the dtype of the other operand when it is an array
 * @example operandKind(2, "int32"); // "int32"
 */
export function operandKind(x: Operand, arrayPartner: DType | null): DType {
  if (x instanceof NDArray) return x.dtype;
  if (Number.isInteger(x)) return arrayPartner === "float64" ? "float64" : "int32";
  return "float64";
}

/** Shape as NumPy prints it in messages. @example shapeText([3]); // "(3,)" */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * Resolve a possibly negative axis against `ndim`, throwing OptionError when out of range.
 * @param axis - axis index, negative counts from the end
 * @param ndim - number of axes of the array
 * @example normalizeAxis(-1, 2); // 1
 */
export function normalizeAxis(axis: number, ndim: number, what = "axis"): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new OptionError(what, `an integer in [${-ndim}, ${ndim}) for an array of ${ndim} dimension(s)`, axis);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Split `shape` around `axis` into (outer, n, inner) element counts. @example splitAt([2, 3, 4], 1); // [2, 3, 4] */
export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k];
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k];
  return [outer, shape[axis], inner];
}

/** `data` as a Float64Array (no copy when it already is one and `copy` is false). @example toFloat64(new Int32Array([1])) */
export function toFloat64(data: ArrayLike<number>, copy = false): Float64Array {
  if (data instanceof Float64Array && !copy) return data;
  return Float64Array.from(data);
}
