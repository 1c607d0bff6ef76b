/**
 * NumPy broadcasting: the shape rule, and one strided kernel that runs every binary element-wise operation.
 * Same-shape and scalar operands take a single flat loop; other shapes loop over the last axis with strides
 * (0 on broadcast axes), so the inner loop always runs over typed arrays without per-element objects.
 */
import { ShapeError } from "../errors";
import { DType, NDArray, TypedData, allocData, shapeSize } from "./ndarray";
import { Operand, shapeText } from "./util";

/** Binary operation codes understood by {@link binaryKernel}. */
export const OP = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, eq: 5, ne: 6, lt: 7, le: 8, gt: 9, ge: 10, max: 11, min: 12,
} as const;
/** One of the {@link OP} codes. */
export type OpCode = (typeof OP)[keyof typeof OP];

/**
 * The shape that `shapes` broadcast to, following NumPy: axes are aligned from the right and each pair must be
 * equal or contain a 1.
 * @param what - the operation, for the error message
 * @example
 * broadcastShapes("add", [3, 1], [4]); // [3, 4]
 */
export function broadcastShapes(what: string, ...shapes: (readonly number[])[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const j = ndim - s.length + k;
      const d = s[k];
      if (d === out[j] || d === 1) continue;
      if (out[j] === 1) { out[j] = d; continue; }
      throw new ShapeError(`${what}: operands could not be broadcast together`,
        "shapes equal or 1 on each axis (aligned from the right)", shapes.map(shapeText).join(" and "));
    }
  }
  return out;
}

/** Element strides of an array of `shape` viewed as `outShape` (0 on broadcast axes). @example broadcastStrides([3, 1], [3, 4]); // [1, 0] */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = new Array<number>(outShape.length).fill(0);
  let acc = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const j = outShape.length - shape.length + k;
    st[j] = shape[k] === 1 ? 0 : acc;
    acc *= shape[k];
  }
  return st;
}

/**
 * Flat offsets into an array of `shape` for every element of `outShape` in row-major order, or null when the
 * shapes are equal (the identity).
 * @example broadcastIndex([2], [2, 2]); // Int32Array [0, 1, 0, 1]
 */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (shape.length === outShape.length && shape.every((d, k) => d === outShape[k])) return null;
  const n = shapeSize(outShape);
  const idx = new Int32Array(n);
  const st = broadcastStrides(shape, outShape);
  const nd = outShape.length;
  const counter = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = off;
    for (let k = nd - 1; k >= 0; k--) {
      counter[k]++;
      off += st[k];
      if (counter[k] < outShape[k]) break;
      off -= st[k] * outShape[k];
      counter[k] = 0;
    }
  }
  return idx;
}

/** Integer power with int32 wrap-around, like NumPy's int32 `**`. */
function ipow(base: number, exp: number): number {
  let result = 1;
  let b = base | 0;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e >>>= 1;
  }
  return result;
}

/** NumPy's maximum/minimum propagate NaN. */
function fmax(x: number, y: number): number { return x !== x || y !== y ? NaN : x > y ? x : y; }
function fmin(x: number, y: number): number { return x !== x || y !== y ? NaN : x < y ? x : y; }

/**
 * Run `op` over `n` elements: out[oo + i] = a[oa + i*sa] op b[ob + i*sb]. `intMul` selects wrap-around integer
 * multiplication and power (for int32 outputs).
 */
function binaryKernel(op: OpCode, a: TypedData, oa: number, sa: number, b: TypedData, ob: number, sb: number,
  out: TypedData, oo: number, n: number, intMul: boolean): void {
  switch (op) {
    case OP.add: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] + b[ob + i * sb]; break;
    case OP.sub: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] - b[ob + i * sb]; break;
    case OP.mul:
      if (intMul) for (let i = 0; i < n; i++) out[oo + i] = Math.imul(a[oa + i * sa], b[ob + i * sb]);
      else for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] * b[ob + i * sb];
      break;
    case OP.div: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] / b[ob + i * sb]; break;
    case OP.pow:
      if (intMul) for (let i = 0; i < n; i++) out[oo + i] = ipow(a[oa + i * sa], b[ob + i * sb]);
      else for (let i = 0; i < n; i++) out[oo + i] = Math.pow(a[oa + i * sa], b[ob + i * sb]);
      break;
    case OP.eq: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] === b[ob + i * sb] ? 1 : 0; break;
    case OP.ne: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] !== b[ob + i * sb] ? 1 : 0; break;
    case OP.lt: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] < b[ob + i * sb] ? 1 : 0; break;
    case OP.le: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] <= b[ob + i * sb] ? 1 : 0; break;
    case OP.gt: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] > b[ob + i * sb] ? 1 : 0; break;
    case OP.ge: for (let i = 0; i < n; i++) out[oo + i] = a[oa + i * sa] >= b[ob + i * sb] ? 1 : 0; break;
    case OP.max: for (let i = 0; i < n; i++) out[oo + i] = fmax(a[oa + i * sa], b[ob + i * sb]); break;
    case OP.min: for (let i = 0; i < n; i++) out[oo + i] = fmin(a[oa + i * sa], b[ob + i * sb]); break;
  }
}

/** Data and shape of an operand; numbers become 0-d float64 data. */
function parts(x: Operand): [TypedData, readonly number[]] {
  return x instanceof NDArray ? [x.data, x.shape] : [Float64Array.of(x), []];
}

/**
 * Apply a binary operation with broadcasting and return a new array of `outDtype`.
 * @param what - the public operation name, for error messages
 * @param op - the {@link OP} code
 * @param outDtype - dtype of the result
 * @example binaryOp("add", OP.add, a, 1, "float64")
 */
export function binaryOp(what: string, op: OpCode, a: Operand, b: Operand, outDtype: DType): NDArray {
  const [ad, ash] = parts(a);
  const [bd, bsh] = parts(b);
  const intMul = outDtype === "int32";
  const sameShape = ash.length === bsh.length && ash.every((d, k) => d === bsh[k]);
  if (sameShape) {
    const out = allocData(outDtype, ad.length);
    binaryKernel(op, ad, 0, 1, bd, 0, 1, out, 0, ad.length, intMul);
    return new NDArray(out, ash, outDtype);
  }
  const shape = broadcastShapes(what, ash, bsh);
  const n = shapeSize(shape);
  const out = allocData(outDtype, n);
  if (n === 0) return new NDArray(out, shape, outDtype);
  if (bd.length === 1) {
    binaryKernel(op, ad, 0, ad.length === 1 ? 0 : 1, bd, 0, 0, out, 0, n, intMul);
    return new NDArray(out, shape, outDtype);
  }
  if (ad.length === 1) {
    binaryKernel(op, ad, 0, 0, bd, 0, 1, out, 0, n, intMul);
    return new NDArray(out, shape, outDtype);
  }
  // General case: the last axis is the inner loop; an odometer walks the outer axes.
  const nd = shape.length;
  const sa = broadcastStrides(ash, shape);
  const sb = broadcastStrides(bsh, shape);
  const inner = shape[nd - 1];
  const isa = sa[nd - 1];
  const isb = sb[nd - 1];
  const counter = new Array<number>(nd).fill(0);
  let oa = 0;
  let ob = 0;
  for (let oo = 0; oo < n; oo += inner) {
    binaryKernel(op, ad, oa, isa, bd, ob, isb, out, oo, inner, intMul);
    for (let k = nd - 2; k >= 0; k--) {
      counter[k]++;
      oa += sa[k];
      ob += sb[k];
      if (counter[k] < shape[k]) break;
      oa -= sa[k] * shape[k];
      ob -= sb[k] * shape[k];
      counter[k] = 0;
    }
  }
  return new NDArray(out, shape, outDtype);
}
