/**
 * Newton's method with exact Hessian solves (Cholesky) and a Wolfe line search — the "newton-cg" solver of
 * LogisticRegression, which scikit-learn runs with inexact conjugate-gradient solves; both stop when
 * max |∇f| ≤ tol, so they reach the same optimum.
 */
import { choleskyRaw, choleskySolveRaw } from "../../array/linalg";
import { wolfeLineSearch } from "./line_search";
import { maxAbs } from "./norms";
import type { Objective } from "./line_search";

/** Writes the Hessian of f at x into H (row-major n×n). */
export type HessianFn = (x: Float64Array, H: Float64Array) => void;

/** Options of {@link minimizeNewton}. */
export interface NewtonOptions {
  /** Maximum Newton iterations. Default 100. */
  maxIter?: number;
  /** Stop when max |∇f| ≤ gtol. Default 1e-4. */
  gtol?: number;
}

/** Outcome of {@link minimizeNewton}. */
export interface NewtonResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  /** Newton iterations done. */
  nIter: number;
  /** True when max |∇f| ≤ gtol was reached, or no step could decrease f beyond rounding. */
  converged: boolean;
  /** Set when the line search failed. */
  lineSearchFailed: boolean;
}

/**
 * Minimize a smooth convex f by damped Newton steps.
 * @param fun - f(x), writing ∇f(x) into its second argument
 * @param hessian - writes ∇²f(x)
 * @param x0 - the start (not modified)
 * @param options - iteration limit and gradient tolerance
 * @example
 * const r = minimizeNewton(
 *   (x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; },
 *   (x, H) => { H[0] = 2; }, new Float64Array(1));
 * r.x[0]; // 3
 */
export function minimizeNewton(fun: Objective, hessian: HessianFn, x0: Float64Array,
  options: NewtonOptions = {}): NewtonResult {
  const maxIter = options.maxIter ?? 100, gtol = options.gtol ?? 1e-4;
  const n = x0.length;
  const x = Float64Array.from(x0), g = new Float64Array(n), H = new Float64Array(n * n);
  const d = new Float64Array(n), xNew = new Float64Array(n), gNew = new Float64Array(n);
  let f = fun(x, g);
  let k = 0;
  let lineSearchFailed = false, roundingLimited = false;
  while (k < maxIter) {
    if (maxAbs(g) <= gtol) break;
    hessian(x, H);
    if (!newtonDirection(H, n, g, d)) { lineSearchFailed = true; break; }
    const ls = wolfeLineSearch(fun, x, f, g, d, 1, xNew, gNew, { c1: 1e-4, c2: 0.9, maxEval: 30 });
    if (!ls.ok) {
      // A predicted decrease (the Newton decrement ½·gᵀH⁻¹g) at the rounding level of f means no step can make
      // measurable progress: the optimum is reached as closely as floating point allows.
      let dec = 0;
      for (let i = 0; i < n; i++) dec -= g[i] * d[i];
      if (0.5 * dec <= 1e-12 * Math.max(1, Math.abs(f))) { roundingLimited = true; break; }
      lineSearchFailed = true;
      break;
    }
    x.set(xNew); g.set(gNew); f = ls.f;
    k++;
  }
  return { x, f, grad: g, nIter: k, converged: roundingLimited || maxAbs(g) <= gtol, lineSearchFailed };
}

/**
 * d = −H⁻¹g by Cholesky; a singular H (flat directions) gets a growing diagonal shift until it factors.
 */
function newtonDirection(H: Float64Array, n: number, g: Float64Array, d: Float64Array): boolean {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(H[i * n + i]));
  let shift = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const A = shift === 0 ? H : Float64Array.from(H);
    if (shift !== 0) for (let i = 0; i < n; i++) A[i * n + i] += shift;
    const L = choleskyRaw(A, n);
    if (L) {
      for (let i = 0; i < n; i++) d[i] = -g[i];
      choleskySolveRaw(L, n, d, 1);
      let ok = true;
      for (let i = 0; i < n; i++) if (!Number.isFinite(d[i])) ok = false;
      if (ok) return true;
    }
    shift = shift === 0 ? Math.max(scale, 1) * 1e-12 : shift * 100;
  }
  return false;
}
