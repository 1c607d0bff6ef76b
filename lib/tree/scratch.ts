/**
 * Work buffers reused from one tree fit to the next in the same thread (fits are synchronous and never nested),
 * so that fitting a forest of small trees does not allocate and free the same arrays hundreds of times.
 */

const ints: Int32Array[] = [];
const floats: Float32Array[] = [];

/**
 * An Int32Array of at least n entries for slot `slot` (contents left over from earlier fits).
 * @param slot - which buffer (each user takes its own)
 * @param n - entries needed
 * @example
 * const samples = scratchInt32(0, nRows);
 */
export function scratchInt32(slot: number, n: number): Int32Array {
  let b = ints[slot];
  if (b === undefined || b.length < n) ints[slot] = b = new Int32Array(Math.max(n, 16));
  return b;
}

/**
 * A Float32Array of at least n entries for slot `slot` (contents left over from earlier fits).
 * @param slot - which buffer
 * @param n - entries needed
 * @example
 * const xf = scratchFloat32(0, nRows);
 */
export function scratchFloat32(slot: number, n: number): Float32Array {
  let b = floats[slot];
  if (b === undefined || b.length < n) floats[slot] = b = new Float32Array(Math.max(n, 16));
  return b;
}
