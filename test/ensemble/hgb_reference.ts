/**
 * Plain reference computations the histogram gradient boosting tests compare the fast paths with, bit for bit.
 */
import { strict as assert } from "assert";

/** Bins per feature the tests build histograms for. */
export const NBINS = 256;

/** Naive histogram: per feature, per sample in partition order, [g, h, c] sums (h omitted when constant). */
export function naiveHist(xb: Uint8Array, n: number, F: number, idx: Int32Array, start: number, stop: number,
  g: Float64Array, h: Float64Array, constantHessian: boolean): Float64Array {
  const out = new Float64Array(F * NBINS * 4);
  for (let f = 0; f < F; f++) {
    for (let i = start; i < stop; i++) {
      const s = idx[i], p = 4 * (f * NBINS + xb[f * n + s]);
      out[p] += g[s];
      if (!constantHessian) out[p + 1] += h[s];
      out[p + 2] += 1;
    }
  }
  return out;
}

/** Asserts two arrays hold the same bits (NaN and -0 included), naming the first differing index. */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${what}: index ${i}: ${a[i]} vs ${b[i]}`);
}
