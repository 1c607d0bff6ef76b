/**
 * Creating arrays: from nested JavaScript arrays or typed arrays, and NumPy's constructors (zeros, ones, full,
 * arange, linspace, eye). Plain numbers become float64 unless a dtype is given (NumPy would pick int64 for integer
 * input; typelearn has no int64 and keeps float64 as the one default so arithmetic never silently truncates).
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { DType, NDArray, TypedData, allocData, shapeSize } from "./ndarray";

/** A number, a boolean, or nested arrays of them: what `array` accepts and `toArray` returns. */
export type NestedArray = number | boolean | ArrayLike<number> | NDArray | NestedArray[];

/** Anything `array()` converts: nested arrays, typed arrays, NDArrays, or a single number. */
export type ArrayInput = NestedArray;

const DTYPES: readonly DType[] = ["float64", "int32", "bool"];

/** Throw OptionError unless `dtype` is one of the supported dtypes. @example checkDType("int32") */
export function checkDType(dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType)) throw new OptionError("dtype", `one of ${DTYPES.map((d) => `"${d}"`).join(", ")}`, dtype);
  return dtype as DType;
}

function isSequence(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

function pathText(path: number[]): string { return path.map((i) => `[${i}]`).join(""); }

/** Infer the shape from the first element at each depth. */
function inferShape(x: unknown): number[] {
  const shape: number[] = [];
  let v = x;
  for (;;) {
    if (v instanceof NDArray) { shape.push(...v.shape); break; }
    if (!isSequence(v)) break;
    shape.push(v.length);
    if (v.length === 0) break;
    v = (v as ArrayLike<unknown>)[0];
  }
  return shape;
}

/** Walk nested input, checking it is rectangular and numeric, writing leaves into `out`. Returns the next index. */
function fill(v: unknown, shape: number[], depth: number, path: number[], out: TypedData, pos: number, flags: { allBool: boolean }): number {
  if (depth === shape.length) {
    if (typeof v === "number") { flags.allBool = false; out[pos] = v; return pos + 1; }
    if (typeof v === "boolean") { out[pos] = v ? 1 : 0; return pos + 1; }
    const where = path.length ? `array element ${pathText(path)}` : "array input";
    if (isSequence(v) || v instanceof NDArray) {
      throw new InputTypeError(`array row ${pathText(path)}`, `a number (all rows nested ${shape.length} deep, like row ${pathText(path.map(() => 0))})`, v);
    }
    throw new InputTypeError(where, "a number or boolean", v);
  }
  if (v instanceof NDArray) {
    const sub = shape.slice(depth);
    if (v.ndim !== sub.length || v.shape.some((d, k) => d !== sub[k])) {
      throw new InputTypeError(`array row ${pathText(path)}`, `an array of shape [${sub.join(", ")}] like row ${pathText(path.map(() => 0))}`, `an NDArray of shape [${v.shape.join(", ")}]`);
    }
    flags.allBool &&= v.dtype === "bool";
    out.set(v.data, pos);
    return pos + v.size;
  }
  if (!isSequence(v)) {
    throw new InputTypeError(`array row ${pathText(path)}`, `an array of length ${shape[depth]} like row ${pathText(path.map(() => 0))}`, v);
  }
  if (v.length !== shape[depth]) {
    throw new InputTypeError(`array row ${pathText(path)}`, `length ${shape[depth]} like row ${pathText(path.map(() => 0))} (ragged nested arrays are not allowed)`, v);
  }
  if (ArrayBuffer.isView(v) && depth === shape.length - 1) {
    flags.allBool = false;
    out.set(v as unknown as ArrayLike<number>, pos);
    return pos + v.length;
  }
  for (let i = 0; i < v.length; i++) {
    path.push(i);
    pos = fill((v as ArrayLike<unknown>)[i], shape, depth + 1, path, out, pos, flags);
    path.pop();
  }
  return pos;
}

/** Copy `src` into a fresh typed array of `dtype` (bool stores 1 for non-zero, NaN included). @example castData([1.5], "int32") */
export function castData(src: ArrayLike<number>, dtype: DType): TypedData {
  const out = allocData(dtype, src.length);
  if (dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else if (dtype === "int32") for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]) | 0;
  else out.set(src);
  return out;
}

/**
 * Create an array from nested arrays, a typed array, an NDArray (copied) or a number (0-d).
 * @param input - rectangular nested arrays of numbers/booleans, a typed array, or an NDArray
 * @param dtype - element type; default float64 (NDArray and Int32Array input keep theirs, all-boolean input is bool)
 * @example
 * array([[1, 2], [3, 4]]);          // float64, shape [2, 2]
 * array([1, 2, 3], "int32");
 */
export function array(input: ArrayInput, dtype?: DType): NDArray {
  if (dtype !== undefined) checkDType(dtype);
  if (input instanceof NDArray) {
    const dt = dtype ?? input.dtype;
    return new NDArray(castData(input.data, dt), input.shape, dt);
  }
  if (ArrayBuffer.isView(input)) {
    const src = input as unknown as ArrayLike<number>;
    const dt = dtype ?? (input instanceof Int32Array ? "int32" : "float64");
    return new NDArray(castData(src, dt), [src.length], dt);
  }
  const shape = inferShape(input);
  const tmp = new Float64Array(shapeSize(shape));
  const flags = { allBool: true };
  fill(input, shape, 0, [], tmp, 0, flags);
  const dt = dtype ?? (flags.allBool && tmp.length > 0 ? "bool" : "float64");
  return new NDArray(dt === "float64" ? tmp : castData(tmp, dt), shape, dt);
}

/** Alias of {@link array}: build an NDArray from nested plain arrays. @example fromArray([[1, 2]]) */
export function fromArray(input: ArrayInput, dtype?: DType): NDArray { return array(input, dtype); }

/** Convert any operand to an NDArray without copying an NDArray. @example asArray([1, 2]) */
export function asArray(x: ArrayInput): NDArray { return x instanceof NDArray ? x : array(x); }

/** What toArray returns: a number (or boolean) for a 0-d array, else nested plain arrays of them. */
export type NestedList = number | boolean | NestedList[];

/**
 * Nested plain arrays of the elements (booleans for a bool array); a 0-d array gives its number.
 * @example
 * toArray(eye(2)); // [[1, 0], [0, 1]]
 */
export function toArray(a: NDArray): NestedList {
  const conv = a.dtype === "bool" ? (x: number) => x !== 0 : (x: number) => x;
  if (a.ndim === 0) return conv(a.data[0]);
  const build = (depth: number, off: number, stride: number): NestedList[] => {
    const n = a.shape[depth];
    const res: NestedList[] = new Array(n);
    if (depth === a.ndim - 1) { for (let i = 0; i < n; i++) res[i] = conv(a.data[off + i]); return res; }
    const sub = stride / (n || 1);
    for (let i = 0; i < n; i++) res[i] = build(depth + 1, off + i * sub, sub);
    return res;
  };
  return build(0, 0, a.size);
}

/**
 * The elements of a 1-D array as a plain number[] (a bool array gives 0 and 1).
 * @param a - a 1-D array
 * @example
 * toArray1d(arange(3)); // [0, 1, 2]
 */
export function toArray1d(a: NDArray): number[] {
  if (a.ndim !== 1) throw new ShapeError("toArray1d", "a 1-D array", `shape [${a.shape.join(", ")}]`);
  return Array.from(a.data);
}

/**
 * The rows of a 2-D array as plain number[][] (a bool array gives 0 and 1).
 * @param a - a 2-D array
 * @example
 * toArray2d(eye(2)); // [[1, 0], [0, 1]]
 */
export function toArray2d(a: NDArray): number[][] {
  if (a.ndim !== 2) throw new ShapeError("toArray2d", "a 2-D array", `shape [${a.shape.join(", ")}]`);
  const [n, p] = a.shape;
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(a.data.subarray(i * p, (i + 1) * p));
  return rows;
}

function checkShape(shape: number | readonly number[]): number[] {
  const s = typeof shape === "number" ? [shape] : Array.from(shape);
  if (s.some((d) => !Number.isInteger(d) || d < 0)) throw new OptionError("shape", "non-negative integer axis lengths", `[${s.join(", ")}]`);
  return s;
}

/**
 * An array of `value` everywhere.
 * @param shape - axis lengths (a number for 1-D)
 * @param value - fill value
 * @param dtype - default float64
 * @example full([2, 2], 7); // [[7., 7.], [7., 7.]]
 */
export function full(shape: number | readonly number[], value: number, dtype: DType = "float64"): NDArray {
  checkDType(dtype);
  const s = checkShape(shape);
  const data = allocData(dtype, shapeSize(s));
  data.fill(dtype === "bool" ? (value !== 0 ? 1 : 0) : value);
  return new NDArray(data, s, dtype);
}

/** An array of zeros. @param shape - axis lengths @param dtype - default float64 @example zeros([2, 3]) */
export function zeros(shape: number | readonly number[], dtype: DType = "float64"): NDArray { return full(shape, 0, dtype); }

/** An array of ones. @param shape - axis lengths @param dtype - default float64 @example ones(3) */
export function ones(shape: number | readonly number[], dtype: DType = "float64"): NDArray { return full(shape, 1, dtype); }

/**
 * Evenly spaced values in [start, stop) with `step`, like NumPy: `arange(5)` is [0, 1, 2, 3, 4]. All-integer
 * arguments give int32, otherwise float64.
 * @param start - first value (or the stop when `stop` is omitted)
 * @param stop - end, excluded
 * @param step - spacing, non-zero (default 1)
 * @param dtype - overrides the inferred dtype
 * @example arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): NDArray {
  if (stop === undefined) { stop = start; start = 0; }
  for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new OptionError(`arange ${name}`, "a finite number", v);
  }
  if (step === 0) throw new OptionError("arange step", "a non-zero number", step);
  const dt = dtype ? checkDType(dtype) : Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step) ? "int32" : "float64";
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocData(dt, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new NDArray(data, [n], dt);
}

/**
 * `num` evenly spaced float64 values from `start` to `stop` (included unless `endpoint` is false).
 * @example linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num = 50, endpoint = true): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new OptionError("linspace num", "a non-negative integer", num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = div > 0 ? delta / div : NaN;
  const data = new Float64Array(num);
  for (let i = 0; i < num; i++) {
    data[i] = div === 0 ? i * delta + start : step === 0 ? (i / div) * delta + start : i * step + start;
  }
  if (endpoint && num > 1) data[num - 1] = stop;
  return new NDArray(data, [num]);
}

/**
 * A 2-D array with ones on the k-th diagonal and zeros elsewhere.
 * @param n - rows
 * @param m - columns (default n)
 * @param k - diagonal offset: 0 main, positive above, negative below
 * @example eye(3); // identity 3×3
 */
export function eye(n: number, m?: number, k = 0, dtype: DType = "float64"): NDArray {
  const cols = m ?? n;
  const a = zeros([n, cols], dtype);
  if (!Number.isInteger(k)) throw new OptionError("eye k", "an integer", k);
  for (let i = 0; i < n; i++) {
    const j = i + k;
    if (j >= 0 && j < cols) a.data[i * cols + j] = 1;
  }
  return a;
}
