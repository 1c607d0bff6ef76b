/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix, and triangular solves with it.
 */

/**
 * Lower-triangular Cholesky factor of a symmetric row-major n×n matrix (its lower triangle is read).
 * @param a - the matrix (not modified)
 * @param n - its order
 * @returns L (n×n row-major, zeros above the diagonal), or null when A is not numerically positive definite
 * @example
 * choleskyRaw(new Float64Array([4, 2, 2, 3]), 2); // [2, 0, 1, 1.4142…]
 */
export function choleskyRaw(a: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    const rj = j * n;
    for (let p = 0; p < j; p++) d -= L[rj + p] * L[rj + p];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= L[ri + p] * L[rj + p];
      L[ri + j] = s * inv;
    }
  }
  return L;
}

/**
 * Solve (L·Lᵀ)·X = B in place for an n×nrhs row-major B, given the Cholesky factor L.
 * @param L - the factor from {@link choleskyRaw}
 * @param n - order
 * @param b - right-hand sides, overwritten by the solution
 * @param nrhs - number of right-hand sides
 * @example
 * const L = choleskyRaw(g, n)!; choleskySolveRaw(L, n, rhs, 1);
 */
export function choleskySolveRaw(L: Float64Array, n: number, b: Float64Array, nrhs: number): void {
  for (let c = 0; c < nrhs; c++) {
    for (let i = 0; i < n; i++) {
      let s = b[i * nrhs + c];
      for (let p = 0; p < i; p++) s -= L[i * n + p] * b[p * nrhs + c];
      b[i * nrhs + c] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i * nrhs + c];
      for (let p = i + 1; p < n; p++) s -= L[p * n + i] * b[p * nrhs + c];
      b[i * nrhs + c] = s / L[i * n + i];
    }
  }
}
