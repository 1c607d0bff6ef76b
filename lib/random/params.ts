/**
 * Argument handling shared by the samplers: `size` normalisation, scalar checks, and broadcasting of array
 * parameters (loc/scale, low/high) to an output shape, as NumPy's legacy samplers do.
 */
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../errors";
import { NDArray, shapeSize } from "../array/ndarray";
import { broadcastIndex as arrayBroadcastIndex } from "../array/broadcast";

/** An output size: a number of draws, or a shape. */
export type Size = number | readonly number[];
/** A distribution parameter: a number, a (nested) array of numbers, or an NDArray; broadcast against `size`. */
export type Param = number | readonly number[] | readonly (readonly number[])[] | NDArray;
/** A parameter that is an array (the result then has at least the parameter's shape). */
export type ArrayParam = Exclude<Param, number>;

/** Turn `size` into a shape array, or null when absent (meaning: return one plain number). */
export function normalizeSize(size: Size | null | undefined, what = "size"): number[] | null {
  if (size === undefined || size === null) return null;
  const shape = typeof size === "number" ? [size] : Array.isArray(size) ? Array.from(size) : null;
  if (shape === null) throw new InputTypeError(what, "a non-negative integer or an array of them", size);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(what, "non-negative integer dimensions", `[${shape.join(", ")}]`);
    }
  }
  return shape;
}

/** Check that `x` is a finite number. */
export function checkFinite(what: string, x: unknown): number {
  if (typeof x !== "number") throw new InputTypeError(what, "a number", x);
  if (!Number.isFinite(x)) throw new NonFiniteError(what, "value", x);
  return x;
}

/** Check that `x` is an integer that a double holds exactly. */
export function checkInteger(what: string, x: unknown): number {
  if (typeof x !== "number") throw new InputTypeError(what, "an integer", x);
  if (!Number.isSafeInteger(x)) throw new OptionError(what, "an integer in [-(2**53 - 1), 2**53 - 1]", x);
  return x;
}

/** A parameter flattened to row-major values with its shape. */
export interface FlatParam {
  values: Float64Array;
  shape: number[];
}

/** Flatten a number / nested array / NDArray parameter, rejecting ragged arrays and non-finite values. */
export function flattenParam(what: string, p: Param): FlatParam {
  if (typeof p === "number") return { values: Float64Array.of(checkFinite(what, p)), shape: [] };
  if (p instanceof NDArray) {
    const values = Float64Array.from(p.data);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new NonFiniteError(what, i, values[i]);
    }
    return { values, shape: Array.from(p.shape) };
  }
  if (!Array.isArray(p)) throw new InputTypeError(what, "a number, an array of numbers or an NDArray", p);
  if (p.length > 0 && Array.isArray(p[0])) {
    const rows = p as readonly (readonly number[])[];
    const width = rows[0].length;
    const values = new Float64Array(rows.length * width);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!Array.isArray(row) || row.length !== width) {
        throw new ShapeError(what, `rows of length ${width}`, `row ${r} of ${Array.isArray(row) ? `length ${row.length}` : "non-array"}`);
      }
      for (let c = 0; c < width; c++) values[r * width + c] = checkFinite(`${what}[${r}][${c}]`, row[c]);
    }
    return { values, shape: [rows.length, width] };
  }
  const flat = p as readonly number[];
  const values = new Float64Array(flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = checkFinite(`${what}[${i}]`, flat[i]);
  return { values, shape: [flat.length] };
}

/** NumPy broadcast of several shapes; throws ShapeError naming them when incompatible. */
export function broadcastShapes(what: string, shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const o = nd - s.length + k;
      const d = s[k];
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        throw new ShapeError(what, "shapes that broadcast together",
          shapes.map((x) => `[${x.join(", ")}]`).join(" and "));
      }
    }
  }
  return out;
}

/**
 * Index map from each element of `outShape` (row-major) to the element of a parameter of shape `pShape` it
 * reads under broadcasting. Returns null for a scalar parameter (always index 0).
 */
export function broadcastIndex(pShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (shapeSize(pShape) === 1) return null;
  // lib/array's map returns null for equal shapes (the identity); here null means "scalar", so spell it out.
  return arrayBroadcastIndex(pShape, outShape) ?? Int32Array.from({ length: shapeSize(outShape) }, (_, i) => i);
}
