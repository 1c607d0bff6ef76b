/**
 * The exact decomposition behind PCA: singular values and right singular vectors of a mean-centred matrix, by one
 * of two routes that agree with LAPACK's SVD to ~1e-12 where it matters.
 *
 * - accurate route: Householder QR of the centred data, then a Jacobi SVD of the small triangular factor (or a
 *   Jacobi SVD of the whole matrix when it is wide). Cost ~2·m·p² flops, relative accuracy even for tiny singular
 *   values.
 * - fast route, for tall data (m ≥ 4p, m·p² large): eigendecomposition of the Gram matrix XcᵀXc, formed with the
 *   tiled GEMM (~m·p² flops at GEMM speed). Its eigenvalues carry absolute errors ~eps·λmax, so the result is used
 *   only when every eigenvalue the caller keeps is ≥ 1e-5·λmax; otherwise the caller falls back to the accurate route.
 */
import { eighRaw, extractR, gram, householderQR, svdRaw } from "../array/linalg";

/** Singular values (descending, length min(m, p)) and right singular vectors (rows of vt, min(m, p)×p). */
export interface CentredSVD {
  s: Float64Array;
  vt: Float64Array;
}

/** Relative floor on the kept eigenvalues for the Gram route to be trusted. */
export const GRAM_RELATIVE_FLOOR = 1e-5;

/**
 * Whether the Gram route is worth trying for an m×p matrix.
 * @param m - rows
 * @param p - columns
 * @example
 * useGramRoute(50000, 100); // true
 */
export function useGramRoute(m: number, p: number): boolean {
  return m >= 4 * p && m * p * p >= 2e7;
}

/**
 * Accurate SVD (values and right vectors) of a centred m×p matrix.
 * @param xc - row-major m×p, not modified
 * @param m - rows
 * @param p - columns
 * @example
 * const { s, vt } = centredSvdAccurate(xc, m, p);
 */
export function centredSvdAccurate(xc: Float64Array, m: number, p: number): CentredSVD {
  if (m >= p) {
    const r = extractR(householderQR(xc, m, p, false));
    const d = svdRaw(r, p, p);
    return { s: d.s, vt: d.vt };
  }
  const d = svdRaw(xc, m, p);
  return { s: d.s, vt: d.vt };
}

/**
 * SVD of a centred tall m×p matrix through the eigenvectors of its Gram matrix.
 * @param xc - row-major m×p, not modified
 * @param m - rows
 * @param p - columns
 * @example
 * const { s, vt } = centredSvdGram(xc, m, p);
 */
export function centredSvdGram(xc: Float64Array, m: number, p: number): CentredSVD {
  const { values, vectors } = eighRaw(gram(xc, m, p), p);
  const s = new Float64Array(p), vt = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    const src = p - 1 - c; // eigh is ascending
    s[c] = Math.sqrt(Math.max(values[src], 0));
    for (let j = 0; j < p; j++) vt[c * p + j] = vectors[j * p + src];
  }
  return { s, vt };
}
