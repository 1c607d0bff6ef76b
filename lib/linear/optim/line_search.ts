/**
 * A line search satisfying the strong Wolfe conditions (Nocedal & Wright, "Numerical Optimization", 2nd ed.,
 * algorithms 3.5 and 3.6): bracket a step with sufficient decrease and a small enough slope, then shrink the
 * bracket by safeguarded cubic interpolation.
 */

/** f(x) with its gradient written into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link wolfeLineSearch}. */
export interface LineSearchOptions {
  /** Sufficient-decrease constant (Armijo), 0 < c1 < c2. Default 1e-4. */
  c1?: number;
  /** Curvature constant, c1 < c2 < 1. Default 0.9. */
  c2?: number;
  /** Maximum number of function evaluations. Default 20. */
  maxEval?: number;
  /** Largest step tried. Default 1e10. */
  maxStep?: number;
}

/** Outcome of {@link wolfeLineSearch}. */
export interface LineSearchResult {
  /** True when the accepted step satisfies both Wolfe conditions (or at least sufficient decrease, see below). */
  ok: boolean;
  /** The accepted step length (0 on failure). */
  step: number;
  /** f at the accepted point. */
  f: number;
  /** Number of function evaluations used. */
  nEval: number;
}

/**
 * Search along d from x for a step a with f(x + a·d) ≤ f(x) + c1·a·∇f(x)ᵀd and |∇f(x + a·d)ᵀd| ≤ c2·|∇f(x)ᵀd|.
 * On success `xNew` and `gNew` hold the accepted point and its gradient. When the evaluation budget runs out, the
 * best point with sufficient decrease is accepted (ok = true) if there is one; otherwise ok = false and xNew/gNew
 * are unspecified.
 * @param fun - the objective
 * @param x - the current point (not modified)
 * @param f0 - f(x)
 * @param g0 - ∇f(x) (not modified)
 * @param d - a descent direction (∇f(x)ᵀd < 0)
 * @param step0 - the first step tried
 * @param xNew - output buffer, the accepted point
 * @param gNew - output buffer, its gradient
 * @param options - constants and budget
 * @example
 * const r = wolfeLineSearch(fun, x, f, g, d, 1, xNew, gNew);
 * if (r.ok) { x.set(xNew); g.set(gNew); }
 */
export function wolfeLineSearch(fun: Objective, x: Float64Array, f0: number, g0: Float64Array, d: Float64Array,
  step0: number, xNew: Float64Array, gNew: Float64Array, options: LineSearchOptions = {}): LineSearchResult {
  const c1 = options.c1 ?? 1e-4, c2 = options.c2 ?? 0.9, maxEval = options.maxEval ?? 20;
  const maxStep = options.maxStep ?? 1e10;
  const n = x.length;
  const dphi0 = dot(g0, d, n);
  if (!(dphi0 < 0)) return { ok: false, step: 0, f: f0, nEval: 0 };
  // The best point with sufficient decrease seen so far (the "lo" end of the bracket), kept for a fallback.
  const xLo = new Float64Array(n), gLo = new Float64Array(n);
  let haveLo = false;
  let nEval = 0;
  const evalAt = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + a * d[i];
    const f = fun(xNew, gNew);
    nEval++;
    return [f, dot(gNew, d, n)];
  };
  const keepLo = () => { xLo.set(xNew); gLo.set(gNew); haveLo = true; };
  const fallback = (aLo: number, fLo: number): LineSearchResult => {
    if (haveLo && aLo > 0) { xNew.set(xLo); gNew.set(gLo); return { ok: true, step: aLo, f: fLo, nEval }; }
    return { ok: false, step: 0, f: f0, nEval };
  };

  // Bracketing phase.
  let aPrev = 0, fPrev = f0, dPrev = dphi0;
  let a = Math.min(step0, maxStep);
  let aLo = 0, fLo = f0, dLo = dphi0, aHi = 0, fHi = 0, dHi = 0;
  let bracketed = false;
  while (nEval < maxEval) {
    const [f, dphi] = evalAt(a);
    if (!Number.isFinite(f) || f > f0 + c1 * a * dphi0 || (nEval > 1 && f >= fPrev)) {
      aLo = aPrev; fLo = fPrev; dLo = dPrev; aHi = a; fHi = f; dHi = dphi;
      bracketed = true;
      break;
    }
    if (Math.abs(dphi) <= -c2 * dphi0) return { ok: true, step: a, f, nEval };
    keepLo();
    if (dphi >= 0) {
      aLo = a; fLo = f; dLo = dphi; aHi = aPrev; fHi = fPrev; dHi = dPrev;
      bracketed = true;
      break;
    }
    if (a >= maxStep) return fallback(a, f);
    aPrev = a; fPrev = f; dPrev = dphi;
    a = Math.min(4 * a, maxStep);
  }
  if (!bracketed) return fallback(aPrev, fPrev);

  // Zoom phase: [aLo, aHi] brackets a Wolfe point; aLo has sufficient decrease and the lower f.
  while (nEval < maxEval) {
    const lo = Math.min(aLo, aHi), hi = Math.max(aLo, aHi), width = hi - lo;
    if (width <= 1e-16 * Math.max(1, hi)) break;
    let aj = Number.isFinite(fHi) ? cubicMin(aLo, fLo, dLo, aHi, fHi, dHi) : NaN;
    if (!(aj > lo + 0.1 * width && aj < hi - 0.1 * width)) aj = lo + 0.5 * width;
    const [f, dphi] = evalAt(aj);
    if (!Number.isFinite(f) || f > f0 + c1 * aj * dphi0 || f >= fLo) {
      aHi = aj; fHi = f; dHi = dphi;
    } else {
      if (Math.abs(dphi) <= -c2 * dphi0) return { ok: true, step: aj, f, nEval };
      keepLo();
      if (dphi * (aHi - aLo) >= 0) { aHi = aLo; fHi = fLo; dHi = dLo; }
      aLo = aj; fLo = f; dLo = dphi;
    }
  }
  return fallback(aLo, fLo);
}

/** Minimizer of the cubic interpolating f and f' at a and b (NaN when it has none). */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
