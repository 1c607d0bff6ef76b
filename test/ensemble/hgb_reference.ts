/**
 * Plain reference computations the histogram gradient boosting tests compare the fast paths with, bit for bit.
 */
import { strict as assert } from "assert";
import type { RandomState } from "../../lib/random";

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

/**
 * Binned data for histogram tests, drawn from `rs`: skewed bins so that many samples share a bin (the order of the
 * sums matters) and bin 255 (NaN) occurs; float32-valued gradients and hessians; a permutation of the rows.
 */
export function skewedBins(rs: RandomState, n: number, F: number):
  { xb: Uint8Array; g: Float64Array; h: Float64Array; perm: Int32Array } {
  const xb = new Uint8Array(n * F);
  const u = rs.rand(n * F).data as Float64Array;
  for (let i = 0; i < xb.length; i++) xb[i] = u[i] < 0.05 ? 255 : Math.floor(u[i] * u[i] * 254);
  const g = Float64Array.from(rs.randn(n).data as Float64Array, (v) => Math.fround(v));
  const h = Float64Array.from(rs.rand(n).data as Float64Array, (v) => Math.fround(v * 0.25));
  const perm = rs.permutation(n).data as Int32Array;
  return { xb, g, h, perm };
}
