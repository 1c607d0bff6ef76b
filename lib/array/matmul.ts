/**
 * Matrix products: matmul and dot for 1-D and 2-D operands (the shape rules live here; the kernel is linalg's).
 */
import { ShapeError } from "../errors";
import { ArrayInput, asArray } from "./creation";
import { NDArray } from "./ndarray";
import { shapeText, toFloat64 } from "./util";
import { gemm64 } from "./linalg/gemm";

/** The result of a matrix product: a number for 1-D·1-D, an NDArray otherwise. */
export type ProductResult = NDArray | number;

/**
 * Matrix product following NumPy for 1-D and 2-D operands: 1-D·1-D → inner product (number); 2-D×1-D → 1-D;
 * 1-D×2-D → 1-D; 2-D×2-D → 2-D. Float64 unless both operands are integral (then int32).
 * @example
 * matmul(array([[1, 2], [3, 4]]), array([1, 1])); // [3., 7.]
 */
export function matmul(x: ArrayInput, y: ArrayInput): ProductResult {
  const a = asArray(x);
  const b = asArray(y);
  for (const [name, t] of [["first", a], ["second", b]] as const) {
    if (t.ndim < 1 || t.ndim > 2) {
      throw new ShapeError(`matmul ${name} operand`, "a 1-D or 2-D array", `an array of shape ${shapeText(t.shape)}`);
    }
  }
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const k = a.shape[a.ndim - 1];
  const kb = b.shape[0];
  const n = b.ndim === 2 ? b.shape[1] : 1;
  if (k !== kb) {
    throw new ShapeError("matmul", `the first operand's last axis to equal the second operand's first axis (${k})`,
      `shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} (${k} ≠ ${kb})`);
  }
  const intResult = a.dtype !== "float64" && b.dtype !== "float64";
  if (a.ndim === 1 && b.ndim === 1) {
    let s = 0;
    const ad = a.data, bd = b.data;
    for (let i = 0; i < k; i++) s += ad[i] * bd[i];
    return intResult ? s | 0 : s;
  }
  const C = new Float64Array(m * n);
  // C is zeros: accumulating into it (beta 1) rather than overwriting keeps the sign of zero sums as it always was
  gemm64(toFloat64(a.data), toFloat64(b.data), C, m, k, n, { beta: 1 });
  const shape = a.ndim === 1 ? [n] : b.ndim === 1 ? [m] : [m, n];
  return intResult ? new NDArray(Int32Array.from(C, (v) => v | 0), shape, "int32") : new NDArray(C, shape);
}

/**
 * A product result as an NDArray: a number (the 1-D·1-D case) becomes a 0-d array, int32 when both operands are
 * integral arrays.
 * @param r - what matmul or dot returned
 * @param x - the first operand
 * @param y - the second operand
 * @example asProductArray(matmul(u, v), u, v).item()
 */
export function asProductArray(r: ProductResult, x: ArrayInput | number, y: ArrayInput | number): NDArray {
  if (r instanceof NDArray) return r;
  // as matmul and dot compute: integral only when both operands are integral arrays (a bare number scales in float64)
  const dtypeOf = (v: ArrayInput | number) => (typeof v === "number" ? "float64" : asArray(v).dtype);
  const int = dtypeOf(x) !== "float64" && dtypeOf(y) !== "float64";
  return int ? new NDArray(Int32Array.of(r), [], "int32") : new NDArray(Float64Array.of(r), []);
}

/**
 * Dot product: as {@link matmul} for 1-D and 2-D operands; a number operand scales the other.
 * @example dot(array([1, 2]), array([3, 4])); // 11
 */
export function dot(x: ArrayInput | number, y: ArrayInput | number): ProductResult {
  if (typeof x === "number" || typeof y === "number" || asArray(x).ndim === 0 || asArray(y).ndim === 0) {
    const a = asArray(x), b = asArray(y);
    const s = a.ndim === 0 ? a : b;
    const o = a.ndim === 0 ? b : a;
    const v = s.data[0];
    const out = new Float64Array(o.size);
    for (let i = 0; i < out.length; i++) out[i] = o.data[i] * v;
    return o.ndim === 0 ? out[0] : new NDArray(out, o.shape);
  }
  return matmul(x, y);
}
