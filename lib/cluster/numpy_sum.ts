/**
 * NumPy's float64 summation orders, reproduced so that sums which steer random choices (the k-means++ potential)
 * round exactly as in scikit-learn. `np.sum` of a contiguous 1-D array adds 8192-element blocks in sequence, each
 * block summed pairwise (eight interleaved accumulators below 128 elements, halving above).
 */

const BLOCK = 8192;
const PW_BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let r = 0;
    for (let i = 0; i < n; i++) r += a[start + i];
    return r;
  }
  if (n <= PW_BLOCK) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const o = start + i;
      r0 += a[o]; r1 += a[o + 1]; r2 += a[o + 2]; r3 += a[o + 3];
      r4 += a[o + 4]; r5 += a[o + 5]; r6 += a[o + 6]; r7 += a[o + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * Sum of `n` contiguous values from `start`, in exactly NumPy's order (`np.sum` of a float64 1-D array).
 * @param a - the values
 * @param start - first index (default 0)
 * @param n - how many (default: to the end)
 * @example
 * npSum(new Float64Array([0.1, 0.2, 0.3])); // 0.6000000000000001, as np.sum
 */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  let res = 0;
  for (let s = 0; s < n; s += BLOCK) res += pairwise(a, start + s, Math.min(BLOCK, n - s));
  return res;
}
