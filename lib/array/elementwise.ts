/**
 * Element-wise arithmetic, comparisons and math functions with NumPy broadcasting.
 * Dtype rules: float64 wins; int32 (and bool, promoted to int32) arithmetic stays int32 with wrap-around; divide
 * and the math functions (sqrt, exp, log) always give float64; comparisons give bool.
 */
import { InputTypeError } from "../errors";
import { OP, OpCode, binaryOp, broadcastIndex, broadcastShapes } from "./broadcast";
import { asArray } from "./creation";
import { DType, NDArray, allocData } from "./ndarray";
import { Operand, operandKind, promoteTypes } from "./util";

/** Anything element-wise functions accept: an NDArray, a number or nested arrays. */
export type ArrayLikeInput = Operand | number[] | number[][];

function norm(x: ArrayLikeInput): Operand { return typeof x === "number" ? x : asArray(x); }

function arithDtype(a: Operand, b: Operand): DType {
  const ka = operandKind(a, b instanceof NDArray ? b.dtype : null);
  const kb = operandKind(b, a instanceof NDArray ? a.dtype : null);
  const t = promoteTypes(ka, kb);
  return t === "bool" ? "int32" : t;
}

function arith(what: string, op: OpCode, x: ArrayLikeInput, y: ArrayLikeInput): NDArray {
  const a = norm(x);
  const b = norm(y);
  return binaryOp(what, op, a, b, op === OP.div ? "float64" : arithDtype(a, b));
}

/** Element-wise a + b with broadcasting. @example add(array([1, 2]), 10) // [11., 12.] */
export function add(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("add", OP.add, a, b); }
/** Element-wise a − b with broadcasting. @example subtract(array([[1, 2]]), array([1, 1])) */
export function subtract(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("subtract", OP.sub, a, b); }
/** Element-wise a × b with broadcasting. @example multiply(array([1, 2]), 3) */
export function multiply(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("multiply", OP.mul, a, b); }
/** Element-wise true division (always float64). @example divide(array([1, 2]), 4) // [0.25, 0.5] */
export function divide(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("divide", OP.div, a, b); }
/** Element-wise maximum (NaN propagates). @example maximum(array([1, 5]), 3) // [3., 5.] */
export function maximum(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("maximum", OP.max, a, b); }
/** Element-wise minimum (NaN propagates). @example minimum(array([1, 5]), 3) // [1., 3.] */
export function minimum(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return arith("minimum", OP.min, a, b); }

/**
 * Element-wise a ** b. Integer bases with integer exponents stay int32, so negative exponents there are refused
 * (as in NumPy); cast to float64 first.
 * @example power(array([1, 2, 3]), 2) // [1., 4., 9.]
 */
export function power(x: ArrayLikeInput, y: ArrayLikeInput): NDArray {
  const a = norm(x);
  const b = norm(y);
  const dt = arithDtype(a, b);
  if (dt === "int32") {
    const exps = typeof b === "number" ? [b] : b.data;
    for (let i = 0; i < exps.length; i++) {
      if (exps[i] < 0) throw new InputTypeError("power exponent", "non-negative integers for an integer base (use astype(\"float64\"))", exps[i]);
    }
  }
  return binaryOp("power", OP.pow, a, b, dt);
}

function compare(what: string, op: OpCode, x: ArrayLikeInput, y: ArrayLikeInput): NDArray {
  return binaryOp(what, op, norm(x), norm(y), "bool");
}
/** a == b element-wise → bool. @example equal(array([1, 2]), 2) // [False, True] */
export function equal(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("equal", OP.eq, a, b); }
/** a != b element-wise → bool. @example notEqual(array([1, 2]), 2) */
export function notEqual(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("notEqual", OP.ne, a, b); }
/** a < b element-wise → bool. @example less(array([1, 2]), 2) */
export function less(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("less", OP.lt, a, b); }
/** a <= b element-wise → bool. @example lessEqual(array([1, 2]), 2) */
export function lessEqual(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("lessEqual", OP.le, a, b); }
/** a > b element-wise → bool. @example greater(array([1, 2]), 1) */
export function greater(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("greater", OP.gt, a, b); }
/** a >= b element-wise → bool. @example greaterEqual(array([1, 2]), 2) */
export function greaterEqual(a: ArrayLikeInput, b: ArrayLikeInput): NDArray { return compare("greaterEqual", OP.ge, a, b); }

/** Apply `f` to every element into a new array of `dtype`. */
function unary(x: ArrayLikeInput, dtype: DType | null, f: (v: number) => number): NDArray {
  const a = asArray(x as NDArray);
  const dt = dtype ?? a.dtype;
  const src = a.data;
  const out = allocData(dt, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new NDArray(out, a.shape, dt);
}

/** Square root (float64; negative values give NaN). @example sqrt(array([4, 9])) // [2., 3.] */
export function sqrt(a: ArrayLikeInput): NDArray { return unary(a, "float64", Math.sqrt); }
/** e to the power of each element (float64). @example exp(array([0])) // [1.] */
export function exp(a: ArrayLikeInput): NDArray { return unary(a, "float64", Math.exp); }
/** Natural logarithm (float64; 0 → -inf, negatives → NaN). @example log(array([1])) // [0.] */
export function log(a: ArrayLikeInput): NDArray { return unary(a, "float64", Math.log); }
/** Absolute value, keeping the dtype. @example abs(array([-1, 2])) // [1., 2.] */
export function abs(a: ArrayLikeInput): NDArray { return unary(a, null, Math.abs); }
/** Negation (bool arrays become int32). @example negative(array([1, -2])) // [-1., 2.] */
export function negative(a: ArrayLikeInput): NDArray {
  const arr = asArray(a as NDArray);
  return unary(arr, arr.dtype === "bool" ? "int32" : null, (v) => -v);
}
/** True where the element is neither NaN nor ±Infinity. @example isfinite(array([1, NaN])) // [True, False] */
export function isfinite(a: ArrayLikeInput): NDArray { return unary(a, "bool", (v) => (Number.isFinite(v) ? 1 : 0)); }
/** True where the element is NaN. @example isnan(array([1, NaN])) // [False, True] */
export function isnan(a: ArrayLikeInput): NDArray { return unary(a, "bool", (v) => (v !== v ? 1 : 0)); }

/**
 * Choose elements from `a` where `cond` is true and from `b` elsewhere, broadcasting all three.
 * @param cond - condition (any dtype; non-zero counts as true)
 * @param a - values where true
 * @param b - values where false
 * @example where(array([1, 0, 1], "bool"), 1, 0) // int32 [1, 0, 1]
 */
export function where(cond: ArrayLikeInput, a: ArrayLikeInput, b: ArrayLikeInput): NDArray {
  const c = asArray(cond as NDArray);
  const x = norm(a);
  const y = norm(b);
  const kx = operandKind(x, y instanceof NDArray ? y.dtype : null);
  const ky = operandKind(y, x instanceof NDArray ? x.dtype : null);
  const dt = promoteTypes(kx, ky);
  const xs = x instanceof NDArray ? x : new NDArray(Float64Array.of(x), []);
  const ys = y instanceof NDArray ? y : new NDArray(Float64Array.of(y), []);
  const shape = broadcastShapes("where", c.shape, xs.shape, ys.shape);
  const ic = broadcastIndex(c.shape, shape);
  const ix = broadcastIndex(xs.shape, shape);
  const iy = broadcastIndex(ys.shape, shape);
  const n = shape.reduce((p, d) => p * d, 1);
  const out = allocData(dt, n);
  const cd = c.data, xd = xs.data, yd = ys.data;
  for (let i = 0; i < n; i++) {
    const ci = ic ? ic[i] : i;
    out[i] = cd[ci] !== 0 ? xd[ix ? ix[i] : i] : yd[iy ? iy[i] : i];
  }
  return new NDArray(out, shape, dt);
}

/**
 * Limit values to [min, max], as NumPy's `np.clip` (`minimum(maximum(a, min), max)`, so NaN stays NaN); either
 * bound may be null. Bounds broadcast.
 * @example clip(array([-2, 0.5, 3]), 0, 1) // [0., 0.5, 1.]
 */
export function clip(a: ArrayLikeInput, min: ArrayLikeInput | null, max: ArrayLikeInput | null): NDArray {
  if (min === null && max === null) throw new InputTypeError("clip bounds", "a min, a max or both", "null and null");
  let out = asArray(a as NDArray);
  if (min !== null) out = maximum(out, min);
  if (max !== null) out = minimum(out, max);
  return out;
}

/** Round half to even (C's rint, NumPy's rounding). @example rint(2.5) // 2 */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Round to `decimals` places as NumPy does: halves go to the even neighbour (`round(2.5)` is 2), computed as
 * `rint(a × 10^d) / 10^d` (negative `decimals` round to tens, hundreds …). Integer arrays stay as they are for
 * decimals ≥ 0.
 * @example round(array([0.125, 2.5, 3.5]), 2) // [0.12, 2.5, 3.5]
 */
export function round(a: ArrayLikeInput, decimals = 0): NDArray {
  if (!Number.isInteger(decimals)) throw new InputTypeError("round decimals", "an integer", decimals);
  const arr = asArray(a as NDArray);
  if (arr.dtype !== "float64" && decimals >= 0) return new NDArray(arr.data.slice(), arr.shape, arr.dtype);
  const f = 10 ** Math.abs(decimals);
  const dt: DType = arr.dtype === "float64" ? "float64" : arr.dtype === "bool" ? "int32" : arr.dtype;
  return decimals >= 0 ? unary(arr, dt, (v) => rint(v * f) / f) : unary(arr, dt, (v) => rint(v / f) * f);
}
