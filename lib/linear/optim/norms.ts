/**
 * Vector norms the optimizers stop on.
 */

/**
 * The infinity norm max |v_i|, Infinity when some entry is NaN (so a NaN gradient never looks converged).
 * @param v - a vector
 * @returns max |v_i| (0 for an empty vector)
 * @example
 * maxAbs(Float64Array.of(1, -3, 2)); // 3
 */
export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (!(a <= m)) m = a !== a ? Infinity : a;
  }
  return m;
}
