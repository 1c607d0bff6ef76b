/**
 * Thin singular value decomposition by one-sided (Hestenes) Jacobi rotations, preconditioned by a column-pivoted
 * QR. With A·P = Q·R, Jacobi runs on the columns of Rᵀ (the rows of R, contiguous in memory); pivoting grades R's
 * rows so few sweeps are needed, and one-sided Jacobi computes even small singular values to high relative
 * accuracy.
 */
import { transpose } from "./gemm";
import { applyQ, householderQR } from "./qr";

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 80;

/** A thin SVD in raw form: A (m×n) = U·diag(s)·Vt with k = min(m, n). */
export interface SVDRaw {
  /** m×k row-major, orthonormal columns. */
  readonly u: Float64Array;
  /** k singular values, descending, non-negative. */
  readonly s: Float64Array;
  /** k×n row-major, orthonormal rows. */
  readonly vt: Float64Array;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/**
 * Thin SVD of a row-major m×n matrix.
 * @param a - the matrix (not modified)
 * @param m - rows
 * @param n - columns
 * @returns U (m×k), s (k, descending), Vt (k×n) with k = min(m, n)
 * @example
 * const { s } = svdRaw(new Float64Array([3, 0, 0, 4]), 2, 2); // s = [4, 3]
 */
export function svdRaw(a: Float64Array, m: number, n: number): SVDRaw {
  if (m < n) {
    const at = transpose(a, m, n);
    const r = svdTall(at, n, m);
    // Aᵀ = U Σ Vt  ⇒  A = Vtᵀ Σ Uᵀ.
    return { u: transpose(r.vt, m, m), s: r.s, vt: transpose(r.u, n, m), m, n, k: m };
  }
  return svdTall(a, m, n);
}

/** m ≥ n case. */
function svdTall(a: Float64Array, m: number, n: number): SVDRaw {
  const k = n;
  if (n === 0) return { u: new Float64Array(0), s: new Float64Array(0), vt: new Float64Array(0), m, n, k };
  const f = householderQR(a, m, n, true);
  // W: the rows of R (= the columns of Rᵀ), on which the rotations act.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) w[i * n + j] = f.qr[i * n + j];
  // J accumulates the rotations; row c of `jac` is column c of J.
  const jac = new Float64Array(n * n);
  for (let i = 0; i < n; i++) jac[i * n + i] = 1;
  jacobiRows(w, jac, n, n);

  // Now Rᵀ·J = W'ᵀ, so R = J·Σ·U'ᵀ with σ_c = ‖w_c‖ and u'_c = w_c/σ_c; A·P = (Q·J)·Σ·(P·U')ᵀ.
  const sig = new Float64Array(n);
  for (let c = 0; c < n; c++) sig[c] = Math.sqrt(dot(w, c * n, w, c * n, n));
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => sig[y] - sig[x]);
  const s = new Float64Array(n);
  const vt = new Float64Array(n * n);
  // uq = [J; 0] (m×n) sorted, then U = Q·uq.
  const u = new Float64Array(m * n);
  const zero: number[] = [];
  for (let c = 0; c < n; c++) {
    const src = order[c];
    s[c] = sig[src];
    for (let i = 0; i < n; i++) u[i * n + c] = jac[src * n + i];
    if (s[c] > 1e-300) {
      const inv = 1 / s[c];
      for (let j = 0; j < n; j++) vt[c * n + f.perm[j]] = w[src * n + j] * inv;
    } else {
      s[c] = 0;
      zero.push(c);
    }
  }
  if (zero.length > 0) completeRows(vt, n, n, zero);
  applyQ(f, u, n, false);
  return { u, s, vt, m, n, k };
}

/**
 * Rotate pairs of rows of `w` (r rows of length len) until they are mutually orthogonal, applying each rotation to
 * the rows of `acc` (r rows of length r) too.
 */
function jacobiRows(w: Float64Array, acc: Float64Array, r: number, len: number): void {
  const tol = EPS * Math.sqrt(len);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < r - 1; i++) {
      const oi = i * len;
      for (let j = i + 1; j < r; j++) {
        const oj = j * len;
        const alpha = dot(w, oi, w, oi, len);
        const beta = dot(w, oj, w, oj, len);
        if (alpha === 0 || beta === 0) continue;
        const gamma = dot(w, oi, w, oj, len);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, oi, oj, len, c, s);
        rotate(acc, i * r, j * r, r, c, s);
      }
    }
    if (!rotated) return;
  }
}

function rotate(x: Float64Array, oi: number, oj: number, len: number, c: number, s: number): void {
  for (let p = 0; p < len; p++) {
    const xi = x[oi + p], xj = x[oj + p];
    x[oi + p] = c * xi - s * xj;
    x[oj + p] = s * xi + c * xj;
  }
}

function dot(x: Float64Array, ox: number, y: Float64Array, oy: number, len: number): number {
  let s = 0;
  for (let p = 0; p < len; p++) s += x[ox + p] * y[oy + p];
  return s;
}

/** Fill rows `missing` of the r×len matrix `q` so that all its rows are orthonormal (Gram–Schmidt on unit vectors). */
export function completeRows(q: Float64Array, r: number, len: number, missing: number[]): void {
  const have = new Uint8Array(r).fill(1);
  for (const i of missing) have[i] = 0;
  const v = new Float64Array(len);
  let cand = 0;
  for (const target of missing) {
    for (; cand < len; cand++) {
      v.fill(0); v[cand] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < r; i++) {
          if (!have[i]) continue;
          const d = dot(q, i * len, v, 0, len);
          for (let p = 0; p < len; p++) v[p] -= d * q[i * len + p];
        }
      }
      const nv = Math.sqrt(dot(v, 0, v, 0, len));
      if (nv > 0.5) {
        for (let p = 0; p < len; p++) q[target * len + p] = v[p] / nv;
        have[target] = 1;
        cand++;
        break;
      }
    }
  }
}
