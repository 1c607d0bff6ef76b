/**
 * Householder QR factorization, optionally with column pivoting (LAPACK dgeqp3's strategy), on row-major buffers.
 *
 * The factored form keeps R in the upper triangle and each Householder vector (with an implicit leading 1) below
 * the diagonal, as LAPACK does; Q is applied or formed on demand. With pivoting, |R[0,0]| ≥ |R[1,1]| ≥ … so the
 * numerical rank is the count of diagonal entries above a relative tolerance.
 */

const EPS = 2.220446049250313e-16;

/** A QR factorization in compact (LAPACK-like) form: A[:, perm] = Q·R. */
export interface QRFactors {
  /** m×n row-major: R on and above the diagonal, Householder vectors below it. */
  readonly qr: Float64Array;
  /** The Householder scalars, length min(m, n). */
  readonly tau: Float64Array;
  /** Column permutation: column j of Q·R is column perm[j] of A (identity without pivoting). */
  readonly perm: Int32Array;
  readonly m: number;
  readonly n: number;
  /** Numerical rank: count of |R[i,i]| > tol·|R[0,0]| (meaningful with pivoting). */
  readonly rank: number;
}

/**
 * Factor a row-major m×n matrix by Householder reflections.
 * @param a - the matrix, row-major (copied unless `overwrite`)
 * @param m - rows
 * @param n - columns
 * @param pivoting - choose the column of largest remaining norm at each step (rank-revealing)
 * @param tol - relative tolerance for the rank (default eps·max(m, n))
 * @param overwrite - factor in place in `a`
 * @example
 * const f = householderQR(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2, true);
 * f.rank; // 2
 */
export function householderQR(a: Float64Array, m: number, n: number, pivoting = false, tol?: number,
  overwrite = false): QRFactors {
  const A = overwrite ? a : Float64Array.from(a.subarray(0, m * n));
  const kmax = Math.min(m, n);
  const tau = new Float64Array(kmax);
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  const vn1 = new Float64Array(n), vn2 = new Float64Array(n);
  if (pivoting) {
    for (let j = 0; j < n; j++) vn1[j] = vn2[j] = columnNorm(A, m, n, j, 0);
  }
  const w = new Float64Array(n);
  const tol3z = Math.sqrt(EPS);
  for (let k = 0; k < kmax; k++) {
    if (pivoting) {
      let p = k;
      for (let j = k + 1; j < n; j++) if (vn1[j] > vn1[p]) p = j;
      if (p !== k) {
        for (let i = 0; i < m; i++) { const r = i * n; const t = A[r + k]; A[r + k] = A[r + p]; A[r + p] = t; }
        const tp = perm[k]; perm[k] = perm[p]; perm[p] = tp;
        vn1[p] = vn1[k]; vn2[p] = vn2[k];
      }
    }
    // Reflector for A[k:, k].
    const x0 = A[k * n + k];
    let sig = 0;
    for (let i = k + 1; i < m; i++) { const v = A[i * n + k]; sig += v * v; }
    if (sig === 0) { tau[k] = 0; }
    else {
      const norm = Math.sqrt(x0 * x0 + sig);
      const alpha = x0 <= 0 ? norm : -norm;
      const scale = 1 / (x0 - alpha);
      for (let i = k + 1; i < m; i++) A[i * n + k] *= scale;
      tau[k] = (alpha - x0) / alpha;
      A[k * n + k] = alpha;
      // Apply H = I − τ v vᵀ to the trailing columns: w = vᵀA, A −= τ v w.
      const t = tau[k];
      if (k + 1 < n) {
        w.fill(0, k + 1, n);
        for (let i = k; i < m; i++) {
          const r = i * n;
          const vi = i === k ? 1 : A[r + k];
          if (vi === 0) continue;
          for (let j = k + 1; j < n; j++) w[j] += vi * A[r + j];
        }
        for (let i = k; i < m; i++) {
          const r = i * n;
          const f = t * (i === k ? 1 : A[r + k]);
          if (f === 0) continue;
          for (let j = k + 1; j < n; j++) A[r + j] -= f * w[j];
        }
      }
    }
    if (pivoting) {
      // Downdate the partial column norms; recompute when cancellation makes the downdate unreliable.
      for (let j = k + 1; j < n; j++) {
        if (vn1[j] === 0) continue;
        let t = Math.abs(A[k * n + j]) / vn1[j];
        t = Math.max(0, (1 + t) * (1 - t));
        const t2 = t * (vn1[j] / vn2[j]) ** 2;
        if (t2 <= tol3z) {
          vn1[j] = vn2[j] = columnNorm(A, m, n, j, k + 1);
        } else vn1[j] *= Math.sqrt(t);
      }
    }
  }
  const rtol = tol ?? EPS * Math.max(m, n);
  let rank = 0;
  const r00 = kmax > 0 ? Math.abs(A[0]) : 0;
  for (let i = 0; i < kmax; i++) if (Math.abs(A[i * n + i]) > rtol * r00 && r00 > 0) rank++;
  return { qr: A, tau, perm, m, n, rank };
}

function columnNorm(A: Float64Array, m: number, n: number, j: number, from: number): number {
  let s = 0;
  for (let i = from; i < m; i++) { const v = A[i * n + j]; s += v * v; }
  return Math.sqrt(s);
}

/**
 * Overwrite the m×nrhs row-major matrix `b` with Qᵀ·b (or Q·b when `transpose` is false).
 * @param f - the factorization
 * @param b - m×nrhs row-major right-hand sides, changed in place
 * @param nrhs - number of columns of b
 * @param transpose - true for Qᵀ·b (default), false for Q·b
 * @example
 * const f = householderQR(a, m, n);
 * applyQ(f, y, 1); // y ← Qᵀy
 */
export function applyQ(f: QRFactors, b: Float64Array, nrhs: number, transpose = true): void {
  const { qr: A, tau, m, n } = f;
  const kmax = Math.min(m, n);
  const w = new Float64Array(nrhs);
  for (let s = 0; s < kmax; s++) {
    const k = transpose ? s : kmax - 1 - s;
    const t = tau[k];
    if (t === 0) continue;
    w.fill(0);
    for (let i = k; i < m; i++) {
      const vi = i === k ? 1 : A[i * n + k];
      const r = i * nrhs;
      for (let j = 0; j < nrhs; j++) w[j] += vi * b[r + j];
    }
    for (let i = k; i < m; i++) {
      const fi = t * (i === k ? 1 : A[i * n + k]);
      const r = i * nrhs;
      for (let j = 0; j < nrhs; j++) b[r + j] -= fi * w[j];
    }
  }
}

/**
 * Form the first `cols` columns of Q explicitly (m×cols, row-major).
 * @param f - the factorization
 * @param cols - how many columns (default min(m, n), the thin Q)
 * @example
 * const q = formQ(householderQR(a, m, n)); // m×min(m,n)
 */
export function formQ(f: QRFactors, cols = Math.min(f.m, f.n)): Float64Array {
  const q = new Float64Array(f.m * cols);
  for (let i = 0; i < Math.min(f.m, cols); i++) q[i * cols + i] = 1;
  applyQ(f, q, cols, false);
  return q;
}

/**
 * Extract R (min(m,n)×n, row-major, zeros below the diagonal).
 * @param f - the factorization
 * @example
 * const r = extractR(householderQR(a, m, n));
 */
export function extractR(f: QRFactors): Float64Array {
  const k = Math.min(f.m, f.n), n = f.n;
  const r = new Float64Array(k * n);
  for (let i = 0; i < k; i++) for (let j = i; j < n; j++) r[i * n + j] = f.qr[i * n + j];
  return r;
}
