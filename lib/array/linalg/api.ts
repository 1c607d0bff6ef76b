/**
 * NDArray-level linear algebra (NumPy's `np.linalg` and `@`): validates input, calls the raw Float64Array
 * routines and wraps the results.
 */
import { ShapeError, TypelearnError } from "../../errors";
import { NDArray } from "../ndarray";
import { toMatrix, toTarget, MatrixLike } from "../../base/validation";
import { gemm64 } from "./gemm";
import { extractR, formQ, householderQR } from "./qr";
import { svdRaw } from "./svd";
import { eighRaw } from "./eigh";
import { lstsqRaw } from "./lstsq";
import { choleskyRaw } from "./cholesky";

/** A matrix had no solution of the requested kind (e.g. Cholesky of a non-positive-definite matrix). */
export class LinAlgError extends TypelearnError {}

function mat(a: MatrixLike, name: string) {
  return toMatrix(a, name, { minRows: 0, minCols: 0 });
}

function square(a: MatrixLike, name: string) {
  const m = mat(a, name);
  if (m.rows !== m.cols) throw new ShapeError(name, "a square matrix", `shape [${m.rows}, ${m.cols}]`);
  return m;
}

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ instead of A. */
  transA?: boolean;
  /** Use Bᵀ instead of B. */
  transB?: boolean;
}

/**
 * Matrix product op(A)·op(B) of 2-D arrays by the blocked GEMM kernel.
 * @param a - left matrix (NDArray 2-D or number[][])
 * @param b - right matrix
 * @param options - transA / transB to multiply by a transpose without forming it
 * @returns a new float64 NDArray
 * @example
 * matmul(np.array([[1, 2], [3, 4]]), np.array([[5], [6]])); // [[17], [39]]
 * matmul(X, X, { transA: true });                            // XᵀX
 */
export function matmul(a: MatrixLike, b: MatrixLike, options: MatmulOptions = {}): NDArray {
  const { transA = false, transB = false } = options;
  const A = mat(a, "A"), B = mat(b, "B");
  const m = transA ? A.cols : A.rows, k = transA ? A.rows : A.cols;
  const kb = transB ? B.cols : B.rows, n = transB ? B.rows : B.cols;
  if (k !== kb) {
    throw new ShapeError("matmul", `op(B) with ${k} rows to match op(A)'s ${k} columns`, `${kb} rows`);
  }
  const c = new Float64Array(m * n);
  gemm64(A.data, B.data, c, m, k, n, { transA, transB });
  return new NDArray(c, [m, n]);
}

/** Result of {@link qr}: A[:, P] = Q·R. */
export interface QRResult {
  /** m×k orthonormal columns, k = min(m, n). */
  Q: NDArray;
  /** k×n upper triangular. */
  R: NDArray;
  /** int32 column permutation (the identity without pivoting). */
  P: NDArray;
  /** Numerical rank from R's diagonal (reliable with pivoting). */
  rank: number;
}

/**
 * Reduced Householder QR factorization, optionally with column pivoting (SciPy's `qr(a, pivoting=True)`).
 * @param a - m×n matrix
 * @param options - pivoting (default false); tol: relative rank tolerance (default eps·max(m, n))
 * @example
 * const { Q, R, P, rank } = qr(A, { pivoting: true });
 */
export function qr(a: MatrixLike, options: { pivoting?: boolean; tol?: number } = {}): QRResult {
  const A = mat(a, "A");
  const f = householderQR(A.data, A.rows, A.cols, options.pivoting ?? false, options.tol);
  const k = Math.min(A.rows, A.cols);
  return {
    Q: new NDArray(formQ(f), [A.rows, k]),
    R: new NDArray(extractR(f), [k, A.cols]),
    P: new NDArray(Int32Array.from(f.perm), [A.cols]),
    rank: f.rank,
  };
}

/** Result of {@link svd}: A = U·diag(S)·Vt. */
export interface SVDResult {
  /** m×k, orthonormal columns. */
  U: NDArray;
  /** k singular values, descending. */
  S: NDArray;
  /** k×n, orthonormal rows. */
  Vt: NDArray;
}

/**
 * Thin singular value decomposition (NumPy's `svd(a, full_matrices=False)`), by QR-preconditioned one-sided
 * Jacobi.
 * @param a - m×n matrix
 * @example
 * const { U, S, Vt } = svd(np.array([[3, 0], [0, 4]])); // S = [4, 3]
 */
export function svd(a: MatrixLike): SVDResult {
  const A = mat(a, "A");
  const r = svdRaw(A.data, A.rows, A.cols);
  return { U: new NDArray(r.u, [A.rows, r.k]), S: new NDArray(r.s, [r.k]), Vt: new NDArray(r.vt, [r.k, A.cols]) };
}

/** Result of {@link eigh}. */
export interface EighResult {
  /** Eigenvalues, ascending. */
  eigenvalues: NDArray;
  /** Column k is the unit eigenvector of eigenvalues[k]. */
  eigenvectors: NDArray;
}

/**
 * Eigendecomposition of a symmetric matrix (NumPy's `eigh`; the upper triangle is used).
 * @param a - n×n symmetric matrix
 * @example
 * const { eigenvalues } = eigh(np.array([[2, 1], [1, 2]])); // [1, 3]
 */
export function eigh(a: MatrixLike): EighResult {
  const A = square(a, "A");
  const r = eighRaw(A.data, A.rows);
  return { eigenvalues: new NDArray(r.values, [A.rows]), eigenvectors: new NDArray(r.vectors, [A.rows, A.rows]) };
}

/** Result of {@link lstsq}, NumPy's tuple as an object. */
export interface LstsqResult {
  /** Solution: shape [n] for 1-D b, [n, k] for 2-D b. */
  x: NDArray;
  /** Squared residual norms per column when rank = n < m, else empty. */
  residuals: NDArray;
  rank: number;
  /** Singular values of A, descending. */
  s: NDArray;
}

/**
 * Least-squares solution of A·x ≈ b; the minimum-norm one when A is rank-deficient (as NumPy's `lstsq`).
 * @param a - m×n coefficient matrix
 * @param b - right-hand side(s), length m or m×k
 * @param rcond - singular values below rcond·σ_max count as zero (default eps·max(m, n))
 * @example
 * const { x, rank } = lstsq(np.array([[1, 1], [1, 2], [1, 3]]), [1, 2, 2]);
 */
export function lstsq(a: MatrixLike, b: MatrixLike | ArrayLike<number> | NDArray, rcond?: number): LstsqResult {
  const A = mat(a, "A");
  const B = toTarget(b, "b");
  if (B.rows !== A.rows) throw new ShapeError("lstsq b", `${A.rows} rows (A's rows)`, `${B.rows}`);
  const r = lstsqRaw(A.data, A.rows, A.cols, B.data, B.cols, rcond);
  return {
    x: new NDArray(r.x, B.is1d ? [A.cols] : [A.cols, B.cols]),
    residuals: new NDArray(r.residuals, [r.residuals.length]),
    rank: r.rank,
    s: new NDArray(r.s, [r.s.length]),
  };
}

/**
 * Lower-triangular Cholesky factor L of a symmetric positive-definite matrix, A = L·Lᵀ.
 * @param a - n×n symmetric positive-definite matrix (the lower triangle is read)
 * @throws LinAlgError when A is not positive definite
 * @example
 * cholesky(np.array([[4, 2], [2, 3]])); // [[2, 0], [1, 1.414…]]
 */
export function cholesky(a: MatrixLike): NDArray {
  const A = square(a, "A");
  const L = choleskyRaw(A.data, A.rows);
  if (!L) throw new LinAlgError("cholesky: expected a symmetric positive-definite matrix, received one that is not");
  return new NDArray(L, [A.rows, A.rows]);
}
