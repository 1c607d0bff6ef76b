/**
 * NDArray: a dense, row-major, n-dimensional array over a typed array. Float64 is the default dtype; int32 holds
 * integer data (labels, indices, counts) and bool holds comparison results.
 */
import { InputTypeError, ShapeError } from "../errors";
import { MimeBundle, displaySymbol } from "../mime_bundle";
import * as C from "./creation";
import * as E from "./elementwise";
import * as F from "./format";
import * as H from "./html";
import * as M from "./manipulation";
import * as P from "./matmul";
import * as R from "./reduce";
import * as S from "./sorting";
import * as ST from "./stats";
import { guarded, growIndexGuard, installIndexGuard } from "./index_guard";

/** The second operand of arithmetic and comparison methods: an array, a number, or nested number arrays. */
export type OtherOperand = NDArray | number | number[] | number[][];

/** Element types an NDArray can hold. */
export type DType = "float64" | "int32" | "bool";
/** The typed array behind each dtype. */
export type TypedData = Float64Array | Int32Array | Uint8Array;

/** Allocate a zeroed typed array of `n` elements for `dtype`. */
export function allocData(dtype: DType, n: number): TypedData {
  switch (dtype) {
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

/** The number of elements a shape holds. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A dense row-major array.
 *
 * @example
 * const a = np.array([[1, 2], [3, 4]]);
 * a.shape;        // [2, 2]
 * a.get(1, 0);    // 3
 */
export class NDArray {
  /** The elements in row-major order. */
  readonly data: TypedData;
  /** The length of each axis. */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: DType;

  /**
   * Wrap a typed array (no copy) with a shape.
   * @param data - elements in row-major order; its length must equal the product of `shape`
   * @param shape - axis lengths (defaults to one axis of `data.length`)
   * @param dtype - defaults to the dtype matching the typed array
   */
  constructor(data: TypedData, shape?: readonly number[], dtype?: DType) {
    const inferred: DType = data instanceof Float64Array ? "float64" : data instanceof Int32Array ? "int32" : "bool";
    this.dtype = dtype ?? inferred;
    if (dtype && dtype !== inferred) {
      throw new InputTypeError("NDArray data", `a typed array for dtype ${dtype}`, data);
    }
    const s = shape ? Array.from(shape) : [data.length];
    for (const d of s) {
      if (!Number.isInteger(d) || d < 0) throw new ShapeError("NDArray shape", "non-negative integer axis lengths", `[${s.join(", ")}]`);
    }
    if (shapeSize(s) !== data.length) {
      throw new ShapeError("NDArray", `${shapeSize(s)} elements for shape [${s.join(", ")}]`, `${data.length} elements`);
    }
    this.data = data;
    this.shape = Object.freeze(s);
    // X[i] throws for every row index of every array made so far (index_guard.ts): one comparison per array
    if (s[0] > guarded.keys) growIndexGuard(s[0]);
  }

  /** Number of axes. */
  get ndim(): number { return this.shape.length; }
  /** Total number of elements. */
  get size(): number { return this.data.length; }

  /** Row-major strides in elements. */
  get strides(): number[] {
    const st = new Array<number>(this.shape.length);
    let acc = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) { st[i] = acc; acc *= this.shape[i]; }
    return st;
  }

  /** Flat offset of a full index, with negative indices counted from the end. */
  offset(idx: readonly number[]): number {
    if (idx.length !== this.shape.length) {
      throw new ShapeError("index", `${this.shape.length} indices`, `${idx.length}`);
    }
    let off = 0;
    for (let k = 0; k < idx.length; k++) {
      let i = idx[k];
      const n = this.shape[k];
      if (i < 0) i += n;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new ShapeError(`index on axis ${k}`, `an integer in [${-n}, ${n})`, String(idx[k]));
      }
      off = off * n + i;
    }
    return off;
  }

  /** Read one element by its full index. */
  get(...idx: number[]): number { return this.data[this.offset(idx)]; }

  /** Write one element by its full index (the array is mutable, like NumPy's). */
  set(value: number, ...idx: number[]): this { this.data[this.offset(idx)] = value; return this; }

  // ---- element access -------------------------------------------------------------------------------------

  /**
   * One element as a number: no argument for a size-1 array, one flat index (negative from the end), or a full
   * index. Bool elements read as 0/1.
   * @example array([[1, 2], [3, 4]]).item(3); // 4
   */
  item(...idx: number[]): number {
    if (idx.length === 0) {
      if (this.size !== 1) throw new ShapeError("item()", "an array of size 1", `size ${this.size}`);
      return this.data[0];
    }
    if (idx.length === 1 && this.ndim !== 1) {
      const n = this.size;
      const i = idx[0];
      if (!Number.isInteger(i) || i < -n || i >= n) throw new ShapeError("item flat index", `an integer in [${-n}, ${n})`, String(i));
      return this.data[i < 0 ? i + n : i];
    }
    return this.get(...idx);
  }

  /** Row `i` of a 2-D array as a 1-D view. @example eye(2).row(0); // [1., 0.] */
  row(i: number): NDArray { return M.row(this, i); }
  /** Column `j` of a 2-D array as a 1-D copy. @example eye(2).col(1); // [0., 1.] */
  col(j: number): NDArray { return M.col(this, j); }
  /** Entries at `indices` along `axis` (default 0). @example a.take([2, 0]) */
  take(indices: ArrayLike<number> | NDArray, axis = 0): NDArray { return M.take(this, indices, axis); }
  /** Rows start..end-1 as a view (negative bounds count from the end). @example a.sliceRows(0, 10) */
  sliceRows(start = 0, end?: number): NDArray { return M.sliceRows(this, start, end); }
  /**
   * Python's `a[start:end:step]` along axis 0: elements of a 1-D array, rows of an n-D one. Negative bounds count
   * from the end and bounds are clamped, as in Python; a step of 1 gives a view, another step a copy.
   * @param start - first index (default 0, or the last one for a negative step)
   * @param end - one past the last index (default: the end)
   * @param step - stride, non-zero (default 1)
   * @example proba.argmax(1).slice(0, 10); // the first ten predictions, like a[0:10]
   */
  slice(start?: number, end?: number, step?: number): NDArray { return M.slice(this, start, end, step); }

  // ---- shape ------------------------------------------------------------------------------------------------

  /** Same elements, new shape (one axis may be -1); shares memory. @example arange(6).reshape(2, 3) */
  reshape(...shape: (number | readonly number[])[]): NDArray { return M.reshape(this, ...shape); }
  /** A 1-D copy. @example eye(2).flatten() */
  flatten(): NDArray { return M.flatten(this); }
  /** A 1-D view. @example eye(2).ravel() */
  ravel(): NDArray { return M.ravel(this); }
  /**
   * Permute axes (default: reverse), as a copy. Accepts `transpose()`, `transpose([1, 0])` or `transpose(1, 0)`.
   * @example array([[1, 2, 3]]).transpose().shape; // [3, 1]
   */
  transpose(...axes: (number | readonly number[])[]): NDArray {
    const perm = axes.length === 0 ? undefined : axes.length === 1 && typeof axes[0] !== "number" ? axes[0] : (axes as number[]);
    return M.transpose(this, perm);
  }
  /** The transpose (axes reversed). @example eye(2).T */
  get T(): NDArray { return M.transpose(this); }
  /** A copy converted to `dtype`. @example array([1.5]).astype("int32") */
  astype(dtype: DType): NDArray { return M.astype(this, dtype); }
  /** A deep copy. @example const b = a.copy(); */
  copy(): NDArray { return M.copy(this); }
  /** Nested plain arrays of the elements. @example eye(2).toArray(); // [[1, 0], [0, 1]] */
  toArray(): C.NestedList { return C.toArray(this); }
  /** A 1-D array's elements as number[] (ShapeError otherwise). @example np.arange(3).toArray1d(); // [0, 1, 2] */
  toArray1d(): number[] { return C.toArray1d(this); }
  /** A 2-D array's rows as number[][] (ShapeError otherwise). @example X.toArray2d().map((row) => row[0]) */
  toArray2d(): number[][] { return C.toArray2d(this); }

  // ---- arithmetic and comparisons (broadcasting) ------------------------------------------------------------

  /** this + other. @example a.add(1) */
  add(other: OtherOperand): NDArray { return E.add(this, other); }
  /** this − other. @example a.sub(a.mean(0)) */
  sub(other: OtherOperand): NDArray { return E.subtract(this, other); }
  /** this × other. @example a.mul(150) */
  mul(other: OtherOperand): NDArray { return E.multiply(this, other); }
  /** this / other (float64). @example a.div(a.std(0)) */
  div(other: OtherOperand): NDArray { return E.divide(this, other); }
  /** this ** other. @example a.pow(2) */
  pow(other: OtherOperand): NDArray { return E.power(this, other); }
  /** −this. @example a.neg() */
  neg(): NDArray { return E.negative(this); }
  /** |this|. @example a.abs() */
  abs(): NDArray { return E.abs(this); }
  /** Square root. @example a.sqrt() */
  sqrt(): NDArray { return E.sqrt(this); }
  /** e ** this. @example a.exp() */
  exp(): NDArray { return E.exp(this); }
  /** Natural logarithm. @example a.log() */
  log(): NDArray { return E.log(this); }
  /** this == other → bool. @example y.eq(1) */
  eq(other: OtherOperand): NDArray { return E.equal(this, other); }
  /** this != other → bool. @example y.ne(1) */
  ne(other: OtherOperand): NDArray { return E.notEqual(this, other); }
  /** this < other → bool. @example x.lt(0) */
  lt(other: OtherOperand): NDArray { return E.less(this, other); }
  /** this <= other → bool. @example x.le(0) */
  le(other: OtherOperand): NDArray { return E.lessEqual(this, other); }
  /** this > other → bool. @example x.gt(0) */
  gt(other: OtherOperand): NDArray { return E.greater(this, other); }
  /** this >= other → bool. @example x.ge(0) */
  ge(other: OtherOperand): NDArray { return E.greaterEqual(this, other); }
  /**
   * Matrix product, always an NDArray so products chain; two 1-D operands give a 0-d array (`.item()` reads it).
   * @example X.matmul(w).add(b)
   */
  matmul(other: NDArray | number[] | number[][]): NDArray { return P.asProductArray(P.matmul(this, other), this, other); }
  /** Dot product, always an NDArray (0-d for two 1-D operands). @example u.dot(v).item() */
  dot(other: NDArray | number | number[] | number[][]): NDArray { return P.asProductArray(P.dot(this, other), this, other); }

  // ---- reductions -------------------------------------------------------------------------------------------

  /** Sum of all elements, or along `axis`. @example a.sum(0) */
  sum(axis?: null): number;
  sum(axis: number): NDArray;
  sum(axis?: number | null): number | NDArray { return R.sum(this, axis); }
  /** Mean of all elements, or along `axis`. @example a.mean(0) */
  mean(axis?: null): number;
  mean(axis: number): NDArray;
  mean(axis?: number | null): number | NDArray { return R.mean(this, axis); }
  /** Variance with `ddof` delta degrees of freedom, overall or along `axis`. @example a.var(0, 1) */
  var(axis?: null, ddof?: number): number;
  var(axis: number, ddof?: number): NDArray;
  var(axis?: number | null, ddof = 0): number | NDArray { return R.variance(this, axis, ddof); }
  /** Standard deviation with `ddof`, overall or along `axis`. @example a.std(0) */
  std(axis?: null, ddof?: number): number;
  std(axis: number, ddof?: number): NDArray;
  std(axis?: number | null, ddof = 0): number | NDArray { return R.std(this, axis, ddof); }
  /** Minimum, overall or along `axis`. @example a.min() */
  min(axis?: null): number;
  min(axis: number): NDArray;
  min(axis?: number | null): number | NDArray { return R.min(this, axis); }
  /** Maximum, overall or along `axis`. @example a.max(1) */
  max(axis?: null): number;
  max(axis: number): NDArray;
  max(axis?: number | null): number | NDArray { return R.max(this, axis); }
  /** Flat index of the minimum, or int32 indices along `axis`. @example a.argmin() */
  argmin(axis?: null): number;
  argmin(axis: number): NDArray;
  argmin(axis?: number | null): number | NDArray { return R.argmin(this, axis); }
  /** Flat index of the maximum, or int32 indices along `axis`. @example proba.argmax(1) */
  argmax(axis?: null): number;
  argmax(axis: number): NDArray;
  argmax(axis?: number | null): number | NDArray { return R.argmax(this, axis); }
  /** Cumulative sum, flattened or along `axis` (NumPy's `a.cumsum(axis)`). @example np.arange(4).cumsum() */
  cumsum(axis?: number | null): NDArray { return ST.cumsum(this, axis); }
  /** Round half to even to `decimals` places, as NumPy's `a.round(decimals)`. @example scores.round(4) */
  round(decimals = 0): NDArray { return E.round(this, decimals); }
  /** Values limited to [min, max] (either may be null), as NumPy's `a.clip(min, max)`. @example p.clip(1e-15, 1) */
  clip(min: OtherOperand | null, max: OtherOperand | null): NDArray { return E.clip(this, min, max); }
  /** Stable sorting indices along `axis` (default last), int32. @example a.argsort() */
  argsort(axis = -1): NDArray { return S.argsort(this, axis); }

  /**
   * Iterate like NumPy: the numbers of a 1-D array, the rows (as (n−1)-D views) of an n-D one. Typed `any`, as
   * NumPy's own stubs type it, because the number of axes is known only at run time.
   * @example for (const k of np.arange(1, 11)) scores.push(k * k);
   */
  *[Symbol.iterator](): IterableIterator<any> {
    if (this.ndim === 0) throw new ShapeError("iteration", "an array of at least one dimension", "a 0-d array (use .item())");
    if (this.ndim === 1) {
      const d = this.data;
      for (let i = 0; i < d.length; i++) yield d[i];
      return;
    }
    const n = this.shape[0];
    const rowShape = this.shape.slice(1);
    const len = n === 0 ? 0 : this.size / n;
    for (let i = 0; i < n; i++) yield new NDArray(this.data.subarray(i * len, (i + 1) * len), rowShape, this.dtype);
  }

  // ---- display ----------------------------------------------------------------------------------------------

  /** NumPy's `str(a)`. @example String(array([1, 2.5])); // "[1.  2.5]" */
  toString(): string { return F.formatStr(this); }
  /** NumPy's `repr(a)`. @example array([1, 2]).repr(); // "array([1., 2.])" */
  repr(): string { return F.formatRepr(this); }
  /** Jupyter MIME bundle: the repr as text, an HTML table. */
  [displaySymbol](): MimeBundle { return { "text/plain": this.repr(), "text/html": H.arrayToHtml(this) }; }
  /** Node's console.log / util.inspect show the repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.repr(); }
}

installIndexGuard(NDArray.prototype);

/**
 * Gather rows (entries along axis 0) of `a` in the order of `indices`, into a new array of the same dtype.
 * @param a - source array of any number of axes
 * @param indices - row indices into `a`, each in [0, a.shape[0])
 */
export function takeRows(a: NDArray, indices: ArrayLike<number>): NDArray {
  const n0 = a.shape[0] ?? 0;
  const rowLen = n0 === 0 ? 0 : a.size / n0;
  const out = allocData(a.dtype, indices.length * rowLen);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= n0) {
      throw new ShapeError("row index", `an integer in [0, ${n0})`, String(i));
    }
    out.set(a.data.subarray(i * rowLen, (i + 1) * rowLen), r * rowLen);
  }
  return new NDArray(out, [indices.length, ...a.shape.slice(1)], a.dtype);
}
