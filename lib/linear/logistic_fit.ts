/**
 * The fitting core of LogisticRegression: class weights, the binary / one-vs-rest / multinomial problems, the
 * solvers and their convergence warnings. Works on encoded labels (0 … K−1) and raw buffers.
 */
import { OptionError } from "../errors";
import type { Label } from "../metrics/labels";
import { BinaryLogLoss, LossData, MultinomialLogLoss } from "./logistic_loss";
import { minimizeLbfgs } from "./optim/lbfgs";
import { minimizeNewton } from "./optim/newton";
import { sagaLogistic } from "./optim/saga";
import { warn } from "./optim/warnings";

/** A class-weight option: none, "balanced", or weights by label (a Map or a plain object keyed by label text). */
export type ClassWeight = null | "balanced" | Map<Label, number> | Record<string, number>;

/** What {@link fitLogistic} needs. */
export interface LogisticProblem {
  x: Float64Array;
  m: number;
  n: number;
  /** Class index per sample. */
  y: Int32Array;
  /** The sorted classes. */
  classes: readonly Label[];
  /** Sample weights (ones when none were given). */
  sw: Float64Array;
  l2: number;
  /** L1 strength (1/C)·l1Ratio; only the "saga" solver takes one. */
  l1?: number;
  fitIntercept: boolean;
  solver: "lbfgs" | "newton-cg" | "saga";
  /** For "saga": the sample order of one epoch (m indices drawn with replacement). */
  epochOrder?: () => ArrayLike<number>;
  multiClass: "ovr" | "multinomial";
  classWeight: ClassWeight;
  maxIter: number;
  tol: number;
}

/** Fitted parameters: rows × n weights, rows intercepts, iterations per solved problem. */
export interface LogisticSolution {
  coef: Float64Array;
  intercept: Float64Array;
  rows: number;
  nIter: Int32Array;
}

/** Weights by class from a user map, scikit-learn's rules: missing classes get 1. */
export function classWeightsFromMap(cw: Map<Label, number> | Record<string, number>, classes: readonly Label[]): Float64Array {
  const entries: [string | number, unknown][] = cw instanceof Map ? [...cw.entries()] : Object.entries(cw);
  const out = new Float64Array(classes.length).fill(1);
  const unweighted: Label[] = [];
  let matched = 0;
  classes.forEach((c, i) => {
    const hit = entries.find(([k]) => k === c || String(k) === String(c));
    if (!hit) { unweighted.push(c); return; }
    const v = hit[1];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new OptionError(`classWeight[${String(c)}]`, "a finite number ≥ 0", v);
    }
    out[i] = v;
    matched++;
  });
  if (unweighted.length > 0 && matched !== entries.length) {
    throw new OptionError("classWeight", `weights keyed by the classes [${classes.join(", ")}]`,
      `keys [${entries.map(([k]) => String(k)).join(", ")}] (classes [${unweighted.join(", ")}] are not in classWeight)`);
  }
  return out;
}

/**
 * scipy's relative-decrease stopping test (factr·ε = 2.22e-9), which scikit-learn leaves at its default, at
 * tol ≥ 1e-4; tightened with tol below that, so that a small tol reaches the optimum on ill-conditioned data
 * (scikit-learn's lbfgs cannot be made to: its ftol is not exposed).
 */
function ftolFor(tol: number): number {
  return 2.220446049250313e-9 * Math.min(1, tol / 1e-4) ** 1.5;
}

/** n / (nClasses · count) for each class present in codes (0 … k−1). */
function balanced(codes: ArrayLike<number>, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) out[c] = codes.length / (k * counts[c]);
  return out;
}

/**
 * Solve the problem: one multinomial fit, or one binary fit per positive class (a single one for 2 classes).
 * Emits at most one ConvergenceWarning per call.
 */
export function fitLogistic(p: LogisticProblem): LogisticSolution {
  const { m, n, y, classes, fitIntercept } = p;
  const K = classes.length;
  const userCw = p.classWeight !== null && p.classWeight !== "balanced" ? classWeightsFromMap(p.classWeight, classes) : null;
  const base = Float64Array.from(p.sw);
  if (userCw) for (let i = 0; i < m; i++) base[i] *= userCw[y[i]];
  let failure: string | null = null;
  const solve = (size: number, lossGrad: (w: Float64Array, g: Float64Array) => number,
    hessian: (w: Float64Array, H: Float64Array) => void,
    target: { y: ArrayLike<number>; K: number; sw: Float64Array }): { w: Float64Array; nIter: number } => {
    if (p.solver === "saga") {
      const r = sagaLogistic({ x: p.x, m, n, K: target.K, y: target.y, sw: target.sw, alpha: p.l2, beta: p.l1 ?? 0,
        fitIntercept, maxIter: p.maxIter, tol: p.tol, epochOrder: p.epochOrder! });
      if (!r.converged && failure === null) {
        failure = "The max_iter was reached which means the coef_ did not converge (saga). Increase maxIter.";
      }
      // The losses' layout: rows of n weights then the intercept only when fitting one.
      const q = fitIntercept ? n + 1 : n, rows = size / q;
      const w = new Float64Array(size);
      for (let k = 0; k < rows; k++) for (let j = 0; j < q; j++) w[k * q + j] = r.w[k * (n + 1) + j];
      return { w, nIter: r.nIter };
    }
    if (p.solver === "lbfgs") {
      const r = minimizeLbfgs(lossGrad, new Float64Array(size), { maxIter: p.maxIter, gtol: p.tol, ftol: ftolFor(p.tol) });
      if (r.status !== 0 && failure === null) {
        failure = `lbfgs failed to converge (status=${r.status}):\n${r.message}.\n\n` +
          "Increase the number of iterations (maxIter) or scale the data as shown in:\n" +
          "    https://scikit-learn.org/stable/modules/preprocessing.html\n" +
          "Please also refer to the documentation for alternative solver options:\n" +
          "    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression";
      }
      return { w: r.x, nIter: Math.min(r.nIter, p.maxIter) };
    }
    const r = minimizeNewton(lossGrad, hessian, new Float64Array(size), { maxIter: p.maxIter, gtol: p.tol });
    if (!r.converged && failure === null) {
      failure = r.lineSearchFailed ? "newton-cg: the line search failed; the solution may be inaccurate."
        : "newton-cg failed to converge. Increase the number of iterations (maxIter).";
    }
    return { w: r.x, nIter: r.nIter };
  };
  const data = (sw: Float64Array): LossData => ({ x: p.x, m, n, sw, l2: p.l2, fitIntercept });
  let out: LogisticSolution;
  if (p.multiClass === "multinomial") {
    const sw = base;
    if (p.classWeight === "balanced") {
      const cw = balanced(y, K);
      for (let i = 0; i < m; i++) sw[i] *= cw[y[i]];
    }
    const loss = new MultinomialLogLoss(data(sw), y, K);
    const { w, nIter } = solve(loss.size, loss.lossGrad, loss.hessian, { y, K, sw });
    const q = loss.stride;
    // scikit-learn keeps only the positive class's row for 2 classes.
    const first = K === 2 ? 1 : 0, rows = K - first;
    const coef = new Float64Array(rows * n), intercept = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < n; j++) coef[r * n + j] = w[(r + first) * q + j];
      intercept[r] = fitIntercept ? w[(r + first) * q + n] : 0;
    }
    out = { coef, intercept, rows, nIter: Int32Array.of(nIter) };
  } else {
    const positives = K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
    const rows = positives.length;
    const coef = new Float64Array(rows * n), intercept = new Float64Array(rows), iters = new Int32Array(rows);
    const yb = new Float64Array(m);
    positives.forEach((pos, r) => {
      for (let i = 0; i < m; i++) yb[i] = y[i] === pos ? 1 : 0;
      const sw = Float64Array.from(base);
      if (p.classWeight === "balanced") {
        const cw = balanced(yb, 2);
        for (let i = 0; i < m; i++) sw[i] *= cw[yb[i]];
      }
      const loss = new BinaryLogLoss(data(sw), yb);
      const { w, nIter } = solve(loss.size, loss.lossGrad, loss.hessian, { y: yb, K: 1, sw });
      coef.set(w.subarray(0, n), r * n);
      intercept[r] = fitIntercept ? w[n] : 0;
      iters[r] = nIter;
    });
    out = { coef, intercept, rows, nIter: iters };
  }
  if (failure !== null) warn("ConvergenceWarning", failure);
  return out;
}
