/**
 * Makes `X[0]` on an NDArray throw instead of reading undefined. The kernel's type check refuses such a cell, but
 * with `%typecheck off` (or in plain JavaScript) `X[0]` would silently give undefined — and `X[0] = 1` would
 * silently add a property. Accessors on NDArray.prototype for the integer keys catch both.
 *
 * Why accessors on the prototype and not a Proxy: integer keys are V8 "elements", kept apart from named
 * properties, so these accessors leave every `.data` / `.shape` / method lookup and every constructor exactly as
 * fast as before (measured: construction, methods, instanceof, missing-property reads unchanged), whereas a Proxy
 * around each array, or in its prototype chain, costs ~100 ns per `instanceof` or missing-property read. The price
 * is one accessor per key (~1-6 µs each to define, ~50-100 bytes): keys 0..1023 and −1..−16 (Python's negative
 * indices) at load; when an array with more rows (or elements, 1-D) is made, the range doubles to cover it, up
 * to 4096 keys. An index past that on a larger array is not caught at run time (the type check still refuses it).
 */
import { IndexAccessError } from "../errors";

/** Keys guarded at load. */
const INITIAL = 1024;
/**
 * The most keys ever guarded. Defining accessors costs ~3-6 µs per key on a loaded machine (16 384 keys took
 * 50-140 ms), paid once when an array that long is first made; 4096 covers every guide data set's rows and keeps
 * that pause to ~10-30 ms. A loop over rows starts at 0, so it is caught whatever its length.
 */
export const MAX_GUARDED = 4096;
/** Negative keys (Python's X[-1]) guarded. */
const NEGATIVE = 16;

function refuse(key: string): never { throw new IndexAccessError(key); }

let proto: object | null = null;
/** How many non-negative keys are guarded so far (read by the NDArray constructor to decide whether to grow). */
export const guarded = { keys: 0 };

/** Accessors that refuse reads and writes of each of `keys` on the prototype. */
function guardKeys(keys: string[]): void {
  const props: PropertyDescriptorMap = {};
  for (const key of keys) {
    const f = (): never => refuse(key);
    props[key] = { get: f, set: f, configurable: true, enumerable: false };
  }
  Object.defineProperties(proto, props);
}

function define(from: number, to: number): void {
  guardKeys(Array.from({ length: to - from }, (_, i) => String(from + i)));
  guarded.keys = to;
}

/**
 * Guard `prototype`'s integer keys 0..1023 and −1..−16 (called once, by ndarray.ts).
 * @param prototype - NDArray.prototype
 * @example installIndexGuard(NDArray.prototype);
 */
export function installIndexGuard(prototype: object): void {
  proto = prototype;
  define(0, INITIAL);
  guardKeys(Array.from({ length: NEGATIVE }, (_, i) => String(-(i + 1))));
}

/**
 * Extend the guard to cover keys below `n` (doubling, capped at MAX_GUARDED).
 * @param n - the length of a new array's first axis
 * @example if (shape[0] > guarded.keys) growIndexGuard(shape[0]);
 */
export function growIndexGuard(n: number): void {
  if (!proto || guarded.keys >= MAX_GUARDED) return;
  let to = guarded.keys;
  while (to < n && to < MAX_GUARDED) to *= 2;
  define(guarded.keys, Math.min(to, MAX_GUARDED));
}
