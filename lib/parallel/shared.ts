/**
 * Float64 data in a SharedArrayBuffer: copied once, then handed to every task zero-copy (postMessage shares a
 * SharedArrayBuffer instead of cloning it).
 */
import { InputTypeError } from "../errors";

/** A Float64Array living in shared memory, as plain data that crosses to workers. */
export interface SharedFloat64 {
  readonly kind: "SharedFloat64";
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
}

/**
 * Copy `a` into shared memory once (no copy when it already lives in a SharedArrayBuffer).
 * @param a - the data
 * @example
 * const X = shareArray(matrix.data);
 * runTasks("fitAndScore", folds.map((f) => ({ X, ...f })), -1);
 */
export function shareArray(a: Float64Array): SharedFloat64 {
  if (!(a instanceof Float64Array)) throw new InputTypeError("shareArray", "a Float64Array", a);
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.length * 8 === a.buffer.byteLength) {
    return { kind: "SharedFloat64", buffer: a.buffer, length: a.length };
  }
  const buffer = new SharedArrayBuffer(a.length * 8);
  new Float64Array(buffer).set(a);
  return { kind: "SharedFloat64", buffer, length: a.length };
}

/**
 * A Float64Array view of shared data (no copy; treat as read-only, other tasks see the same memory).
 * @param s - what shareArray returned (possibly after crossing to a worker)
 * @example
 * const data = sharedView(payload.X);
 */
export function sharedView(s: SharedFloat64): Float64Array {
  if (!s || s.kind !== "SharedFloat64" || !(s.buffer instanceof SharedArrayBuffer)) {
    throw new InputTypeError("sharedView", "a SharedFloat64 from shareArray", s);
  }
  return new Float64Array(s.buffer, 0, s.length);
}

/** True for a value made by shareArray. */
export function isShared(v: unknown): v is SharedFloat64 {
  return typeof v === "object" && v !== null && (v as SharedFloat64).kind === "SharedFloat64";
}
