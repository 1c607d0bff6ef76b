/**
 * Column reductions over a row-major matrix, blocked for speed: rows are taken a cache-sized block at a time
 * and four columns are accumulated in registers. Each column is still summed row by row in order, so the
 * results are bit-identical to NumPy's `X.sum(axis=0)` on a C-ordered array with two or more columns.
 */

/** Rows per block: about 256 KB of the matrix, so a block stays in cache while its columns are swept. */
function blockRows(p: number): number {
  return Math.max(1, Math.floor(32768 / Math.max(p, 1)));
}

/**
 * Add each column's sum to `out` (length p).
 * @param x - row-major n×p elements
 * @param n - rows
 * @param p - columns
 * @param out - accumulators, one per column
 * @example
 * const s = new Float64Array(2); columnSums(Float64Array.of(1, 2, 3, 4), 2, 2, s); // s = [4, 6]
 */
export function columnSums(x: Float64Array, n: number, p: number, out: Float64Array): void {
  const B = blockRows(p);
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      let a = out[j], b = out[j + 1], c = out[j + 2], d = out[j + 3];
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) {
        a += x[o]; b += x[o + 1]; c += x[o + 2]; d += x[o + 3];
      }
      out[j] = a; out[j + 1] = b; out[j + 2] = c; out[j + 3] = d;
    }
    for (; j < p; j++) {
      let a = out[j];
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) a += x[o];
      out[j] = a;
    }
  }
}

/**
 * For each column j, add Σ(x − t[j]) to `corr` and Σ(x − t[j])² to `sq`.
 * @param x - row-major n×p elements
 * @param n - rows
 * @param p - columns
 * @param t - the centre of each column (its mean)
 * @param corr - accumulators of deviations
 * @param sq - accumulators of squared deviations
 */
export function centeredSums(x: Float64Array, n: number, p: number, t: Float64Array, corr: Float64Array, sq: Float64Array): void {
  const B = blockRows(p);
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const ta = t[j], tb = t[j + 1], tc = t[j + 2], td = t[j + 3];
      let ca = corr[j], cb = corr[j + 1], cc = corr[j + 2], cd = corr[j + 3];
      let sa = sq[j], sb = sq[j + 1], sc = sq[j + 2], sd = sq[j + 3];
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) {
        const da = x[o] - ta, db = x[o + 1] - tb, dc = x[o + 2] - tc, dd = x[o + 3] - td;
        ca += da; cb += db; cc += dc; cd += dd;
        sa += da * da; sb += db * db; sc += dc * dc; sd += dd * dd;
      }
      corr[j] = ca; corr[j + 1] = cb; corr[j + 2] = cc; corr[j + 3] = cd;
      sq[j] = sa; sq[j + 1] = sb; sq[j + 2] = sc; sq[j + 3] = sd;
    }
    for (; j < p; j++) {
      const tj = t[j];
      let c = corr[j], s = sq[j];
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) {
        const d = x[o] - tj;
        c += d; s += d * d;
      }
      corr[j] = c; sq[j] = s;
    }
  }
}

/**
 * out = (x − mean[j]) / scale[j], column by column in cache-sized row blocks. Returns false when some x is NaN
 * or ±Infinity (detected on the way: x·0 is 0 for every finite x).
 * @param x - row-major n×p elements
 * @param n - rows
 * @param p - columns
 * @param mean - subtracted per column (zeros to skip centring: x − 0 is exact)
 * @param scale - divisor per column (ones to skip scaling: x / 1 is exact)
 * @param out - n×p output
 */
export function standardize(x: Float64Array, n: number, p: number, mean: Float64Array, scale: Float64Array, out: Float64Array): boolean {
  const B = blockRows(p);
  let chk = 0;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const ma = mean[j], mb = mean[j + 1], mc = mean[j + 2], md = mean[j + 3];
      const sa = scale[j], sb = scale[j + 1], sc = scale[j + 2], sd = scale[j + 3];
      let ka = 0, kb = 0, kc = 0, kd = 0;
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) {
        const a = x[o], b = x[o + 1], c = x[o + 2], d = x[o + 3];
        ka += a * 0; kb += b * 0; kc += c * 0; kd += d * 0;
        out[o] = (a - ma) / sa; out[o + 1] = (b - mb) / sb; out[o + 2] = (c - mc) / sc; out[o + 3] = (d - md) / sd;
      }
      chk += ka + kb + kc + kd;
    }
    for (; j < p; j++) {
      const mj = mean[j], sj = scale[j];
      let k = 0;
      for (let o = i0 * p + j, e = i1 * p; o < e; o += p) {
        const a = x[o];
        k += a * 0;
        out[o] = (a - mj) / sj;
      }
      chk += k;
    }
  }
  return chk === 0;
}
