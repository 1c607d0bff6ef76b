/**
 * Limited-memory BFGS for smooth unconstrained minimization: the two-loop recursion over the last m curvature
 * pairs, a strong-Wolfe line search, and scipy's L-BFGS-B stopping rules (max |gradient| ≤ gtol, or a relative
 * decrease of f ≤ ftol) so iteration counts and results line up with scikit-learn's lbfgs solvers.
 */
import { wolfeLineSearch } from "./line_search";
import { maxAbs } from "./norms";
import type { Objective } from "./line_search";

export type { Objective } from "./line_search";

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Maximum number of iterations. Default 100. */
  maxIter?: number;
  /** Number of curvature pairs kept. Default 10 (scipy's maxcor). */
  memory?: number;
  /** Stop when max |∇f| ≤ gtol. Default 1e-5. */
  gtol?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol. Default 2.22e-9 (scipy's factr·ε); 0 disables. */
  ftol?: number;
  /** Function evaluations allowed per line search. Default 20 (scipy's maxls). */
  maxLineSearch?: number;
  /** Maximum total function evaluations. Default 15000 (scipy's maxfun). */
  maxFun?: number;
}

/** Why {@link minimizeLbfgs} stopped: 0 converged, 1 iteration/evaluation limit, 2 line search failed. */
export type LbfgsStatus = 0 | 1 | 2;

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** The final point (a new buffer). */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** ∇f(x). */
  grad: Float64Array;
  /** Iterations done. */
  nIter: number;
  /** Function (and gradient) evaluations done. */
  nFev: number;
  status: LbfgsStatus;
  /** A human-readable reason, in scipy's words. */
  message: string;
}

/**
 * Minimize f from x0 with L-BFGS.
 * @param fun - f(x), writing ∇f(x) into its second argument
 * @param x0 - the starting point (not modified)
 * @param options - iteration limits and stopping tolerances
 * @returns the final point, value, gradient, counts and status
 * @example
 * // f(x) = (x0 − 1)² + 10·(x1 + 2)²
 * const r = minimizeLbfgs((x, g) => {
 *   g[0] = 2 * (x[0] - 1); g[1] = 20 * (x[1] + 2);
 *   return (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2;
 * }, new Float64Array(2), { gtol: 1e-10 });
 * r.x; // ≈ [1, -2]
 */
export function minimizeLbfgs(fun: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIter = options.maxIter ?? 100, mem = Math.max(1, options.memory ?? 10);
  const gtol = options.gtol ?? 1e-5, ftol = options.ftol ?? 2.220446049250313e-9;
  const maxLs = options.maxLineSearch ?? 20, maxFun = options.maxFun ?? 15000;
  const n = x0.length;
  const x = Float64Array.from(x0), g = new Float64Array(n);
  const xNew = new Float64Array(n), gNew = new Float64Array(n), d = new Float64Array(n);
  // Curvature pairs in a ring buffer: s_k = x_{k+1} − x_k, y_k = g_{k+1} − g_k, rho_k = 1 / y_kᵀs_k.
  const S = new Float64Array(mem * n), Y = new Float64Array(mem * n);
  const rho = new Float64Array(mem), alpha = new Float64Array(mem);
  let head = 0, count = 0;
  let f = fun(x, g);
  let nFev = 1, nIter = 0;
  const done = (status: LbfgsStatus, message: string): LbfgsResult =>
    ({ x, f, grad: g, nIter, nFev, status, message });
  if (!Number.isFinite(f)) return done(2, "ABNORMAL: the objective is not finite at the starting point");
  if (maxAbs(g) <= gtol) return done(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
  let retried = false;
  while (nIter < maxIter) {
    // Two-loop recursion: d = −H·g with H₀ = γI, γ = sᵀy / yᵀy of the newest pair.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let c = 0; c < count; c++) {
      const k = (head - 1 - c + mem) % mem, o = k * n;
      let a = 0;
      for (let i = 0; i < n; i++) a += S[o + i] * d[i];
      a *= rho[k];
      alpha[k] = a;
      for (let i = 0; i < n; i++) d[i] -= a * Y[o + i];
    }
    let step0 = 1;
    if (count > 0) {
      const k = (head - 1 + mem) % mem, o = k * n;
      let yy = 0;
      for (let i = 0; i < n; i++) yy += Y[o + i] * Y[o + i];
      const gamma = 1 / (rho[k] * yy);
      for (let i = 0; i < n; i++) d[i] *= gamma;
      for (let c = count - 1; c >= 0; c--) {
        const kk = (head - 1 - c + mem) % mem, oo = kk * n;
        let b = 0;
        for (let i = 0; i < n; i++) b += Y[oo + i] * d[i];
        b *= rho[kk];
        const a = alpha[kk];
        for (let i = 0; i < n; i++) d[i] += (a - b) * S[oo + i];
      }
    } else {
      // Steepest descent with a unit-length first step, as L-BFGS-B starts.
      let dn = 0;
      for (let i = 0; i < n; i++) dn += d[i] * d[i];
      step0 = Math.min(1 / Math.sqrt(dn), 1e10);
    }
    const budget = Math.min(maxLs, maxFun - nFev);
    if (budget <= 0) return done(1, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
    const ls = wolfeLineSearch(fun, x, f, g, d, step0, xNew, gNew, { c1: 1e-3, c2: 0.9, maxEval: budget });
    nFev += ls.nEval;
    if (!ls.ok) {
      // Like L-BFGS-B: forget the curvature pairs and retry once from steepest descent before giving up.
      if (count > 0 && !retried) { count = 0; retried = true; continue; }
      return done(2, "ABNORMAL_TERMINATION_IN_LNSRCH");
    }
    retried = false;
    nIter++;
    const fOld = f;
    const o = head * n;
    let sy = 0, yy = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i] - x[i], yi = gNew[i] - g[i];
      S[o + i] = si; Y[o + i] = yi;
      sy += si * yi; yy += yi * yi;
    }
    // Keep the pair only when it carries positive curvature (always true after a Wolfe step, up to rounding).
    if (sy > 2.220446049250313e-16 * yy) {
      rho[head] = 1 / sy;
      head = (head + 1) % mem;
      if (count < mem) count++;
    } else if (count === mem) {
      count--; // the slot just overwritten held the oldest pair
    }
    x.set(xNew); g.set(gNew); f = ls.f;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      return done(0, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
    }
    if (maxAbs(g) <= gtol) return done(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    if (nFev >= maxFun) return done(1, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
  }
  return done(1, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
}
