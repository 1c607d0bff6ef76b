/**
 * Whole-array comparisons: allclose (with broadcasting, as NumPy) and arrayEqual (shape and values). Both also
 * take string labels (what a classifier over string classes predicts), compared element by element.
 */
import { InputTypeError, ShapeError } from "../errors";
import { broadcastIndex, broadcastShapes } from "./broadcast";
import { ArrayInput, asArray } from "./creation";

/** What the comparisons take: numbers (any NDArray input) or string labels. */
export type CompareInput = ArrayInput | readonly string[];

function isStrings(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === "string");
}

/** Equal string labels, position by position; null when neither side holds strings. */
function stringsEqual(fn: string, x: unknown, y: unknown, strict: boolean): boolean | null {
  const sx = isStrings(x), sy = isStrings(y);
  if (!sx && !sy) return null;
  if (!(sx && sy)) {
    if (!strict) return false;
    throw new InputTypeError(`${fn} arguments`, "two numeric arrays or two arrays of string labels", sx ? y : x);
  }
  const a = x as readonly string[], b = y as readonly string[];
  if (a.length !== b.length) {
    if (!strict) return false;
    throw new ShapeError(`${fn} arguments`, "label arrays of the same length", `lengths ${a.length} and ${b.length}`);
  }
  return a.every((v, i) => v === b[i]);
}

/**
 * True when every |a − b| ≤ atol + rtol·|b| (broadcasting a and b); infinities must match exactly. Two arrays of
 * string labels are close when equal position by position (a string array against numbers is an InputTypeError).
 * @param rtol - relative tolerance (default 1e-5)
 * @param atol - absolute tolerance (default 1e-8)
 * @param equalNan - count NaN == NaN as close
 * @example allclose(array([1, 2]), array([1, 2 + 1e-9])); // true
 */
export function allclose(x: CompareInput | number, y: CompareInput | number, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
  const labels = stringsEqual("allclose", x, y, true);
  if (labels !== null) return labels;
  const a = asArray(x as ArrayInput);
  const b = asArray(y as ArrayInput);
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
 * True when `a` and `b` have the same shape and equal elements (dtype may differ); string labels compare equal
 * position by position (and never equal to numbers).
 * @param equalNan - count NaN == NaN as equal
 * @example arrayEqual(array([1, 2]), array([1, 2], "int32")); // true
 */
export function arrayEqual(x: CompareInput | number, y: CompareInput | number, equalNan = false): boolean {
  const labels = stringsEqual("arrayEqual", x, y, false);
  if (labels !== null) return labels;
  const a = asArray(x as ArrayInput);
  const b = asArray(y as ArrayInput);
  if (a.ndim !== b.ndim || a.shape.some((d, k) => d !== b.shape[k])) return false;
  for (let i = 0; i < a.size; i++) {
    const u = a.data[i], v = b.data[i];
    if (u !== v && !(equalNan && u !== u && v !== v)) return false;
  }
  return true;
}
