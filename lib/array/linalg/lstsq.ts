/**
 * Linear least squares min ‖A·X − B‖ with the minimum-norm solution for rank-deficient A, as NumPy and SciPy
 * return it. A column-pivoted Householder QR reduces A to a small triangle R; the SVD of R then gives the
 * pseudo-inverse with singular values below rcond·σ_max treated as zero.
 */
import { applyQ, householderQR } from "./qr";
import { svdRaw } from "./svd";

const EPS = 2.220446049250313e-16;

/** The result of a least-squares solve (NumPy's `lstsq` tuple as an object). */
export interface LstsqRaw {
  /** n×nrhs row-major solution. */
  readonly x: Float64Array;
  /** Per-column squared residual norms when rank = n < m; otherwise empty (as NumPy). */
  readonly residuals: Float64Array;
  /** Effective rank of A. */
  readonly rank: number;
  /** Singular values of A, descending. */
  readonly s: Float64Array;
}

/**
 * Least-squares solution of A·X ≈ B for row-major A (m×n) and B (m×nrhs).
 * @param a - the coefficient matrix (not modified)
 * @param m - rows of A and B
 * @param n - columns of A
 * @param b - right-hand sides, m×nrhs (not modified)
 * @param nrhs - number of right-hand sides
 * @param rcond - relative cutoff for small singular values (default eps·max(m, n), NumPy's default)
 * @example
 * const { x } = lstsqRaw(new Float64Array([1, 1, 1, 2, 1, 3]), 3, 2, new Float64Array([1, 2, 2]), 1);
 */
export function lstsqRaw(a: Float64Array, m: number, n: number, b: Float64Array, nrhs: number,
  rcond?: number): LstsqRaw {
  const cut = rcond ?? EPS * Math.max(m, n);
  if (m >= n) {
    const f = householderQR(a, m, n, true);
    const c = Float64Array.from(b.subarray(0, m * nrhs));
    applyQ(f, c, nrhs, true);
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = f.qr[i * n + j];
    const sv = svdRaw(r, n, n);
    const rank = countRank(sv.s, cut);
    // z = Vtᵀ Σ⁺ Uᵀ c[:n], then undo the column permutation.
    const z = pinvApply(sv.u, sv.s, sv.vt, n, c, nrhs, rank);
    const x = new Float64Array(n * nrhs);
    for (let j = 0; j < n; j++) for (let q = 0; q < nrhs; q++) x[f.perm[j] * nrhs + q] = z[j * nrhs + q];
    let residuals = new Float64Array(0);
    if (rank === n && m > n) {
      residuals = new Float64Array(nrhs);
      for (let i = n; i < m; i++) for (let q = 0; q < nrhs; q++) residuals[q] += c[i * nrhs + q] ** 2;
    }
    return { x, residuals, rank, s: sv.s };
  }
  // m < n: Aᵀ·P = Q·R, so (PᵀA) = Rᵀ·Qᵀ; solve Rᵀ·z = Pᵀb in the min-norm sense and set x = Q·[z; 0].
  const at = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
  const f = householderQR(at, n, m, true, undefined, true);
  const rt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) rt[j * m + i] = f.qr[i * m + j];
  const bp = new Float64Array(m * nrhs);
  for (let i = 0; i < m; i++) for (let q = 0; q < nrhs; q++) bp[i * nrhs + q] = b[f.perm[i] * nrhs + q];
  const sv = svdRaw(rt, m, m);
  const rank = countRank(sv.s, cut);
  const z = pinvApply(sv.u, sv.s, sv.vt, m, bp, nrhs, rank);
  const x = new Float64Array(n * nrhs);
  x.set(z);
  applyQ(f, x, nrhs, false);
  return { x, residuals: new Float64Array(0), rank, s: sv.s };
}

function countRank(s: Float64Array, cut: number): number {
  let rank = 0;
  const thr = s.length > 0 ? cut * s[0] : 0;
  for (let i = 0; i < s.length; i++) if (s[i] > thr) rank++;
  return rank;
}

/** z = Vtᵀ·diag(1/s[:rank])·Uᵀ·c[:rows of U], for square k×k factors (U: k×k, Vt: k×k). */
function pinvApply(u: Float64Array, s: Float64Array, vt: Float64Array, k: number, c: Float64Array,
  nrhs: number, rank: number): Float64Array {
  const t = new Float64Array(rank * nrhs);
  for (let r = 0; r < rank; r++) {
    const inv = 1 / s[r];
    for (let i = 0; i < k; i++) {
      const uir = u[i * k + r] * inv;
      if (uir === 0) continue;
      for (let q = 0; q < nrhs; q++) t[r * nrhs + q] += uir * c[i * nrhs + q];
    }
  }
  const z = new Float64Array(k * nrhs);
  for (let r = 0; r < rank; r++) {
    for (let j = 0; j < k; j++) {
      const v = vt[r * k + j];
      for (let q = 0; q < nrhs; q++) z[j * nrhs + q] += v * t[r * nrhs + q];
    }
  }
  return z;
}
