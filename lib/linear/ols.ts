/**
 * Ordinary least squares for (already centered) data, fast and accurate.
 *
 * The fast path forms the Gram matrix XᵀX with the symmetric GEMM kernel (one pass over X, ~n²m flops instead of a
 * QR's 2n²m with level-2 memory traffic), equilibrates it to unit diagonal and solves by Cholesky, then applies
 * iterative refinement on the true residual (corrected semi-normal equations). This is accurate to a few ulps ×
 * κ(X)² per step, so it is only taken when the equilibrated condition number is modest; rank-deficient or
 * ill-conditioned problems go to the pivoted-QR + SVD solver, which returns the minimum-norm solution exactly
 * as SciPy's `lstsq` (gelsd) does, with singular values below eps·σ_max treated as zero.
 */
import { gemm64, gram } from "../array/linalg/gemm";
import { choleskyRaw, choleskySolveRaw } from "../array/linalg/cholesky";
import { svdRaw } from "../array/linalg/svd";
import { lstsqRaw } from "../array/linalg/lstsq";

const EPS = 2.220446049250313e-16;
/** Largest κ(Xs)² (equilibrated) for which the normal equations are trusted; beyond it, QR + SVD. */
const MAX_GRAM_COND = 1e8;

/** Solution of min ‖X·B − Y‖. */
export interface OLSSolution {
  /** n×t row-major coefficients. */
  readonly coef: Float64Array;
  /** Effective rank of X (singular values above eps·σ_max, SciPy's default cutoff). */
  readonly rank: number;
  /** Singular values of X, descending. */
  readonly singular: Float64Array;
  /** Which solver ran: "cholesky" (normal equations + refinement) or "qr-svd". */
  readonly method: "cholesky" | "qr-svd";
}

/**
 * Least-squares coefficients of row-major X (m×n) against Y (m×t).
 * @param x - design matrix, m×n (not modified)
 * @param m - samples
 * @param n - features
 * @param y - targets, m×t (not modified)
 * @param t - number of targets
 * @example
 * const { coef } = solveOLS(xc, m, n, yc, 1);
 */
export function solveOLS(x: Float64Array, m: number, n: number, y: Float64Array, t: number): OLSSolution {
  const fast = m >= n ? tryNormalEquations(x, m, n, y, t) : null;
  if (fast) return fast;
  const r = lstsqRaw(x, m, n, y, t, EPS);
  return { coef: r.x, rank: r.rank, singular: r.s, method: "qr-svd" };
}

function tryNormalEquations(x: Float64Array, m: number, n: number, y: Float64Array, t: number): OLSSolution | null {
  const g = gram(x, m, n);
  const d = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (!(g[j * n + j] > 0)) return null;
    d[j] = 1 / Math.sqrt(g[j * n + j]);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] *= d[i] * d[j];
  const L = choleskyRaw(g, n);
  if (!L) return null;
  // Condition of the equilibrated X from its triangular factor Rs = Lᵀ.
  const rs = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) rs[i * n + j] = L[j * n + i];
  const ss = svdRaw(rs, n, n).s;
  const cond2 = (ss[0] / ss[n - 1]) ** 2;
  if (!(cond2 < MAX_GRAM_COND)) return null;
  // Singular values of X = those of Rs·D⁻¹ (X = Q·Rs·D⁻¹), computed accurately by one-sided Jacobi.
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) rs[i * n + j] /= d[j];
  const singular = svdRaw(rs, n, n).s;
  let rank = 0;
  for (let i = 0; i < n; i++) if (singular[i] > EPS * singular[0]) rank++;
  if (rank < n) return null;

  // β = D·Gs⁻¹·D·XᵀY, then refine with the residual.
  const coef = new Float64Array(n * t);
  const rhs = new Float64Array(n * t);
  const resid = new Float64Array(t <= 8 ? 0 : m * t);
  const steps = cond2 < 1e4 ? 1 : 2;
  for (let it = 0; it <= steps; it++) {
    // rhs = Xᵀ·(Y − X·β) (β = 0 on the first pass).
    if (t <= 8) residualProduct(x, m, n, y, t, coef, rhs, it > 0);
    else {
      resid.set(y.subarray(0, m * t));
      if (it > 0) gemm64(x, coef, resid, m, n, t, { alpha: -1, beta: 1 });
      gemm64(x, resid, rhs, n, m, t, { transA: true });
    }
    for (let j = 0; j < n; j++) for (let q = 0; q < t; q++) rhs[j * t + q] *= d[j];
    choleskySolveRaw(L, n, rhs, t);
    for (let j = 0; j < n; j++) for (let q = 0; q < t; q++) coef[j * t + q] += rhs[j * t + q] * d[j];
  }
  return { coef, rank, singular, method: "cholesky" };
}

/**
 * rhs = Xᵀ·(Y − X·β) in a single pass over the rows of X (for few targets, where GEMM's 4-wide tiles would be
 * mostly padding and two passes would double the memory traffic).
 */
function residualProduct(x: Float64Array, m: number, n: number, y: Float64Array, t: number, coef: Float64Array,
  rhs: Float64Array, useCoef: boolean): void {
  rhs.fill(0);
  const r = new Float64Array(t);
  for (let i = 0; i < m; i++) {
    const xo = i * n;
    for (let q = 0; q < t; q++) {
      let s = y[i * t + q];
      if (useCoef) for (let j = 0; j < n; j++) s -= x[xo + j] * coef[j * t + q];
      r[q] = s;
    }
    if (t === 1) {
      const r0 = r[0];
      for (let j = 0; j < n; j++) rhs[j] += x[xo + j] * r0;
    } else {
      for (let j = 0; j < n; j++) {
        const xij = x[xo + j];
        for (let q = 0; q < t; q++) rhs[j * t + q] += xij * r[q];
      }
    }
  }
}
