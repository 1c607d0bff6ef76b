/**
 * Whole-array comparisons: allclose (with broadcasting, as NumPy) and arrayEqual (shape and values).
 */
import { broadcastIndex, broadcastShapes } from "./broadcast";
import { ArrayInput, asArray } from "./creation";

/**
 * True when every |a − b| ≤ atol + rtol·|b| (broadcasting a and b); infinities must match exactly.
 * @param rtol - relative tolerance (default 1e-5)
 * @param atol - absolute tolerance (default 1e-8)
 * @param equalNan - count NaN == NaN as close
 * @example allclose(array([1, 2]), array([1, 2 + 1e-9])); // true
 */
export function allclose(x: ArrayInput | number, y: ArrayInput | number, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
  const a = asArray(x);
  const b = asArray(y);
  const shape = broadcastShapes("allclose", a.shape, b.shape);
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const n = shape.reduce((p, d) => p * d, 1);
  for (let i = 0; i < n; i++) {
    const u = a.data[ia ? ia[i] : i];
    const v = b.data[ib ? ib[i] : i];
    if (u === v) continue;
    if (u !== u || v !== v) {
      if (equalNan && u !== u && v !== v) continue;
      return false;
    }
    if (!Number.isFinite(u) || !Number.isFinite(v)) return false;
    if (!(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}

/**
 * True when `a` and `b` have the same shape and equal elements (dtype may differ).
 * @param equalNan - count NaN == NaN as equal
 * @example arrayEqual(array([1, 2]), array([1, 2], "int32")); // true
 */
export function arrayEqual(x: ArrayInput | number, y: ArrayInput | number, equalNan = false): boolean {
  const a = asArray(x);
  const b = asArray(y);
  if (a.ndim !== b.ndim || a.shape.some((d, k) => d !== b.shape[k])) return false;
  for (let i = 0; i < a.size; i++) {
    const u = a.data[i], v = b.data[i];
    if (u !== v && !(equalNan && u !== u && v !== v)) return false;
  }
  return true;
}
