/**
 * Shape manipulation and indexing: reshape, ravel/flatten, transpose, concatenate/vstack/hstack, take, row and
 * column access, slicing rows, dtype casts. Reshape, ravel, sliceRows and row share memory with their source
 * (like NumPy views); the others copy.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { ArrayInput, asArray, castData, checkDType } from "./creation";
import { DType, NDArray, allocData, shapeSize } from "./ndarray";
import { normalizeAxis, promoteTypes, shapeText, splitAt } from "./util";

/** Flatten `reshape(2, 3)` / `reshape([2, 3])` argument forms into one list. */
function shapeArgs(args: (number | readonly number[])[]): number[] {
  return args.length === 1 && typeof args[0] !== "number" ? Array.from(args[0]) : (args as number[]);
}

/**
 * A view of `a` with a new shape holding the same elements; one axis may be -1 (inferred).
 * @example reshape(arange(6), 2, -1); // shape [2, 3]
 */
export function reshape(x: ArrayInput, ...shape: (number | readonly number[])[]): NDArray {
  const a = asArray(x);
  const s = shapeArgs(shape);
  let unknown = -1;
  let known = 1;
  for (let k = 0; k < s.length; k++) {
    const d = s[k];
    if (d === -1) {
      if (unknown >= 0) throw new OptionError("reshape shape", "at most one -1", `(${s.join(", ")})`);
      unknown = k;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new OptionError("reshape shape", "non-negative integers or one -1", `(${s.join(", ")})`);
    } else known *= d;
  }
  if (unknown >= 0) {
    if (known === 0 || a.size % known !== 0) {
      throw new ShapeError("reshape", `a shape whose size divides ${a.size}`, `cannot reshape array of size ${a.size} into shape (${s.join(", ")})`);
    }
    s[unknown] = a.size / known;
  } else if (known !== a.size) {
    throw new ShapeError("reshape", `a shape of size ${a.size}`, `cannot reshape array of size ${a.size} into shape (${s.join(", ")})`);
  }
  return new NDArray(a.data, s, a.dtype);
}

/** A 1-D view of all elements (shares memory). @example ravel(eye(2)); // [1, 0, 0, 1] */
export function ravel(x: ArrayInput): NDArray {
  const a = asArray(x);
  return new NDArray(a.data, [a.size], a.dtype);
}

/** A 1-D copy of all elements. @example flatten(eye(2)); // [1, 0, 0, 1] */
export function flatten(x: ArrayInput): NDArray {
  const a = asArray(x);
  return new NDArray(a.data.slice(), [a.size], a.dtype);
}

/** A copy of `a`. @example copy(a).set(0, 0) leaves `a` unchanged */
export function copy(x: ArrayInput): NDArray {
  const a = asArray(x);
  return new NDArray(a.data.slice(), a.shape, a.dtype);
}

/** A copy converted to `dtype` (int32 truncates toward zero; bool is "non-zero"). @example astype(array([1.7]), "int32") */
export function astype(x: ArrayInput, dtype: DType): NDArray {
  const a = asArray(x);
  checkDType(dtype);
  return new NDArray(castData(a.data, dtype), a.shape, dtype);
}

/**
 * Permute the axes (default: reverse them). A copy in row-major order.
 * @param axes - a permutation of 0..ndim-1 (negative allowed)
 * @example transpose(array([[1, 2, 3]])).shape; // [3, 1]
 */
export function transpose(x: ArrayInput, axes?: readonly number[]): NDArray {
  const a = asArray(x);
  const nd = a.ndim;
  const perm = axes ? axes.map((ax) => normalizeAxis(ax, nd, "transpose axes")) : Array.from({ length: nd }, (_, k) => nd - 1 - k);
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new OptionError("transpose axes", `a permutation of ${nd} axes`, `[${(axes ?? []).join(", ")}]`);
  }
  const shape = perm.map((k) => a.shape[k]);
  const out = allocData(a.dtype, a.size);
  const src = a.data;
  if (nd === 2 && perm[0] === 1) {
    const [r, c] = a.shape;
    const B = 32;
    for (let i0 = 0; i0 < r; i0 += B) {
      for (let j0 = 0; j0 < c; j0 += B) {
        const i1 = Math.min(i0 + B, r), j1 = Math.min(j0 + B, c);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * r + i] = src[i * c + j];
      }
    }
    return new NDArray(out, shape, a.dtype);
  }
  const srcStrides = a.strides;
  const st = perm.map((k) => srcStrides[k]);
  const counter = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = src[off];
    for (let k = nd - 1; k >= 0; k--) {
      counter[k]++;
      off += st[k];
      if (counter[k] < shape[k]) break;
      off -= st[k] * shape[k];
      counter[k] = 0;
    }
  }
  return new NDArray(out, shape, a.dtype);
}

/**
 * Join arrays along an existing axis; all other axes must match. The dtype is the common promoted dtype.
 * @example concatenate([array([[1, 2]]), array([[3, 4]])], 0).shape; // [2, 2]
 */
export function concatenate(inputs: readonly ArrayInput[], axis = 0): NDArray {
  if (inputs.length === 0) throw new InputTypeError("concatenate", "at least one array", inputs);
  const arrs = inputs.map(asArray);
  const nd = arrs[0].ndim;
  if (nd === 0) throw new ShapeError("concatenate", "arrays of at least one dimension", "0-d arrays");
  const ax = normalizeAxis(axis, nd);
  let dtype: DType = arrs[0].dtype;
  let total = 0;
  arrs.forEach((a, i) => {
    if (a.ndim !== nd || a.shape.some((d, k) => k !== ax && d !== arrs[0].shape[k])) {
      throw new ShapeError(`concatenate array ${i}`, `a shape matching ${shapeText(arrs[0].shape)} except on axis ${ax}`, shapeText(a.shape));
    }
    dtype = promoteTypes(dtype, a.dtype);
    total += a.shape[ax];
  });
  const shape = arrs[0].shape.slice();
  shape[ax] = total;
  const out = allocData(dtype, shapeSize(shape));
  const [outer, , inner] = splitAt(shape, ax);
  let pos = 0;
  for (let o = 0; o < outer; o++) {
    for (const a of arrs) {
      const block = a.shape[ax] * inner;
      out.set(a.data.subarray(o * block, (o + 1) * block), pos);
      pos += block;
    }
  }
  return new NDArray(out, shape, dtype);
}

/** Stack arrays as rows (1-D arrays become rows of a 2-D result). @example vstack([array([1, 2]), array([3, 4])]).shape; // [2, 2] */
export function vstack(inputs: readonly ArrayInput[]): NDArray {
  const arrs = inputs.map(asArray).map((a) => (a.ndim === 0 ? reshape(a, 1, 1) : a.ndim === 1 ? reshape(a, 1, a.size) : a));
  return concatenate(arrs, 0);
}

/** Stack arrays column-wise (1-D arrays are joined end to end). @example hstack([array([1]), array([2, 3])]); // [1, 2, 3] */
export function hstack(inputs: readonly ArrayInput[]): NDArray {
  const arrs = inputs.map(asArray).map((a) => (a.ndim === 0 ? reshape(a, 1) : a));
  return concatenate(arrs, arrs.length > 0 && arrs[0].ndim === 1 ? 0 : 1);
}

/**
 * Gather entries along `axis` (default 0, i.e. rows; NumPy's default flattens first — pass the result of
 * ravel for that). Negative indices count from the end.
 * @param indices - integer indices (array or NDArray of any shape)
 * @example take(array([[1, 2], [3, 4]]), [1, 1]); // [[3, 4], [3, 4]]
 */
export function take(x: ArrayInput, indices: ArrayLike<number> | NDArray, axis = 0): NDArray {
  const a = asArray(x);
  const ax = normalizeAxis(axis, a.ndim);
  const idx = indices instanceof NDArray ? indices : asArray(Array.from(indices));
  const [outer, n, inner] = splitAt(a.shape, ax);
  const m = idx.size;
  const out = allocData(a.dtype, outer * m * inner);
  const src = a.data;
  const resolved = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    const i = idx.data[t];
    if (!Number.isInteger(i) || i < -n || i >= n) {
      throw new ShapeError(`take index ${t} on axis ${ax}`, `an integer in [${-n}, ${n})`, String(i));
    }
    resolved[t] = i < 0 ? i + n : i;
  }
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < m; t++) {
      const from = (o * n + resolved[t]) * inner;
      out.set(src.subarray(from, from + inner), (o * m + t) * inner);
    }
  }
  const shape = [...a.shape.slice(0, ax), ...idx.shape, ...a.shape.slice(ax + 1)];
  return new NDArray(out, shape, a.dtype);
}

/**
 * Rows start..end-1 (Python slice semantics: negatives count from the end, bounds are clamped) as a view.
 * @example sliceRows(arange(5), 1, -1); // [1, 2, 3]
 */
export function sliceRows(x: ArrayInput, start = 0, end?: number): NDArray {
  const a = asArray(x);
  if (a.ndim === 0) throw new ShapeError("sliceRows", "an array of at least one dimension", "a 0-d array");
  const n = a.shape[0];
  const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  for (const v of [start, end]) if (v !== undefined && !Number.isInteger(v)) throw new OptionError("sliceRows bound", "an integer", v);
  const s = clamp(start);
  const e = Math.max(s, end === undefined ? n : clamp(end));
  const rowLen = n === 0 ? 0 : a.size / n;
  return new NDArray(a.data.subarray(s * rowLen, e * rowLen), [e - s, ...a.shape.slice(1)], a.dtype);
}

/**
 * Python's `a[start:end:step]` along axis 0 (elements of a 1-D array, rows of an n-D one): negative bounds count
 * from the end, bounds are clamped; step 1 gives a view, any other step a copy.
 * @example slice(arange(10), 0, 10, 3); // [0, 3, 6, 9]
 */
export function slice(x: ArrayInput, start?: number, end?: number, step = 1): NDArray {
  const a = asArray(x);
  if (a.ndim === 0) throw new ShapeError("slice", "an array of at least one dimension", "a 0-d array");
  for (const v of [start, end]) {
    if (v !== undefined && v !== null && !Number.isInteger(v)) throw new OptionError("slice bound", "an integer", v);
  }
  if (!Number.isInteger(step) || step === 0) throw new OptionError("slice step", "a non-zero integer", step);
  if (step === 1) return sliceRows(a, start ?? 0, end ?? undefined);
  const n = a.shape[0];
  // CPython's PySlice_AdjustIndices: clamp to [0, n] going forward, to [-1, n-1] going backward.
  const lo = step > 0 ? 0 : -1, hi = step > 0 ? n : n - 1;
  const adjust = (v: number | undefined, dflt: number) => {
    if (v === undefined || v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(hi, Math.max(lo, w));
  };
  const s = adjust(start, step > 0 ? 0 : n - 1);
  const e = adjust(end, step > 0 ? n : -1);
  const idx: number[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) idx.push(i);
  return take(a, idx, 0);
}

function check2d(what: string, a: NDArray): void {
  if (a.ndim !== 2) throw new ShapeError(what, "a 2-D array", `an array of shape ${shapeText(a.shape)}`);
}

/** Row `i` of a 2-D array as a 1-D view (negative counts from the end). @example row(eye(2), 1); // [0, 1] */
export function row(x: ArrayInput, i: number): NDArray {
  const a = asArray(x);
  check2d("row", a);
  const [r, c] = a.shape;
  if (!Number.isInteger(i) || i < -r || i >= r) throw new ShapeError("row index", `an integer in [${-r}, ${r})`, String(i));
  const k = i < 0 ? i + r : i;
  return new NDArray(a.data.subarray(k * c, (k + 1) * c), [c], a.dtype);
}

/** Column `j` of a 2-D array as a 1-D copy (negative counts from the end). @example col(eye(2), 0); // [1, 0] */
export function col(x: ArrayInput, j: number): NDArray {
  const a = asArray(x);
  check2d("col", a);
  const [r, c] = a.shape;
  if (!Number.isInteger(j) || j < -c || j >= c) throw new ShapeError("col index", `an integer in [${-c}, ${c})`, String(j));
  const k = j < 0 ? j + c : j;
  const out = allocData(a.dtype, r);
  for (let i = 0; i < r; i++) out[i] = a.data[i * c + k];
  return new NDArray(out, [r], a.dtype);
}
