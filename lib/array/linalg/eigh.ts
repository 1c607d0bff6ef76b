/**
 * Symmetric eigendecomposition by the cyclic Jacobi method: plane rotations annihilate off-diagonal entries until
 * the matrix is diagonal. Slower than tridiagonal QL for large n (O(n³) per sweep, ~6–10 sweeps), but simple and
 * accurate: eigenvalues to high relative accuracy for well-scaled matrices, eigenvectors orthogonal to ~1e-15.
 */

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 100;

/** Eigen pairs of a symmetric matrix. */
export interface EighRaw {
  /** Eigenvalues in ascending order (NumPy's `eigh` convention). */
  readonly values: Float64Array;
  /** n×n row-major; column k is the unit eigenvector of values[k]. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of a symmetric row-major n×n matrix (only symmetric input is meaningful; the
 * upper triangle is mirrored onto the lower before starting).
 * @param a - the matrix (not modified)
 * @param n - its order
 * @example
 * const { values } = eighRaw(new Float64Array([2, 1, 1, 2]), 2); // [1, 3]
 */
export function eighRaw(a: Float64Array, n: number): EighRaw {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = a[i * n + j];
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let normF = 0;
  for (let i = 0; i < n * n; i++) normF += A[i] * A[i];
  normF = Math.sqrt(normF);
  const floor = EPS * EPS * normF;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        const app = A[p * n + p], aqq = A[q * n + q];
        if (Math.abs(apq) <= Math.max(EPS * Math.sqrt(Math.abs(app * aqq)), floor)) {
          A[p * n + q] = A[q * n + p] = 0;
          continue;
        }
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        A[p * n + p] = app - t * apq;
        A[q * n + q] = aqq + t * apq;
        A[p * n + q] = A[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r === p || r === q) continue;
          const arp = A[r * n + p], arq = A[r * n + q];
          const np = c * arp - s * arq, nq = s * arp + c * arq;
          A[r * n + p] = A[p * n + r] = np;
          A[r * n + q] = A[q * n + r] = nq;
        }
        for (let r = 0; r < n; r++) {
          const vrp = V[r * n + p], vrq = V[r * n + q];
          V[r * n + p] = c * vrp - s * vrq;
          V[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[x * n + x] - A[y * n + y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = A[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + k] = V[r * n + src];
  }
  return { values, vectors };
}
