/**
 * SAGA (Defazio, Bach & Lacoste-Julien, 2014) for L1 / elastic-net / L2 penalized logistic regression — the solver
 * scikit-learn offers for `penalty="l1"` and `"elasticnet"`. Minimizes
 *   (1/m) Σᵢ swᵢ·logloss(yᵢ, xᵢ·W + b) + (α/m)·½‖W‖² + (β/m)·‖W‖₁
 * (scikit-learn's scaling; equal to Σ swᵢ·loss + (1/C)·penalty), one sample at a time with a memory of each
 * sample's last gradient, the L1 part by its proximal step (soft thresholding), the intercept unpenalized.
 * Stops, as scikit-learn's sag_fast does, when an epoch changes no weight by more than tol × the largest weight.
 */

/** A logistic problem for SAGA. */
export interface SagaProblem {
  /** Samples, row-major m×n. */
  x: Float64Array;
  m: number;
  n: number;
  /** K = 1: binary, y holds 0/1; K ≥ 2: multinomial (softmax), y holds class codes 0 … K−1. */
  K: number;
  y: ArrayLike<number>;
  /** Weight per sample. */
  sw: Float64Array;
  /** L2 strength α (on the summed loss: (1/C)·(1 − l1Ratio)). */
  alpha: number;
  /** L1 strength β (on the summed loss: (1/C)·l1Ratio). */
  beta: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  /** m sample indices in [0, m) for one epoch (drawn with replacement, as scikit-learn's saga does). */
  epochOrder: () => ArrayLike<number>;
}

/** SAGA's result: K rows of [w_0 … w_{n−1}, b], epochs run, and whether the tol test was met. */
export interface SagaResult {
  w: Float64Array;
  nIter: number;
  converged: boolean;
}

/**
 * Run SAGA from zero weights.
 * @param p - data, penalty, stopping rule and sampling order
 * @example sagaLogistic({ x, m, n, K: 1, y, sw, alpha: 0, beta: 1, fitIntercept: true, maxIter: 100, tol: 1e-4, epochOrder })
 */
export function sagaLogistic(p: SagaProblem): SagaResult {
  const { x, m, n, K, y, sw, fitIntercept } = p;
  const q = n + 1;
  const alphaS = p.alpha / m, betaS = p.beta / m;
  let maxSq = 0, maxSw = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += x[i * n + j] * x[i * n + j];
    if (s > maxSq) maxSq = s;
    if (sw[i] > maxSw) maxSw = sw[i];
  }
  // scikit-learn's get_auto_step_size(is_saga=True), with the loss's Lipschitz constant scaled by the largest
  // sample weight so that weighted problems keep a stable step.
  const L = 0.25 * (maxSq + (fitIntercept ? 1 : 0)) * Math.max(1, maxSw) + alphaS;
  const step = 1 / (2 * L + Math.min(2 * m * alphaS, L));
  const W = new Float64Array(K * q);
  const prev = new Float64Array(K * q);
  const mem = new Float64Array(m * K);
  const sumG = new Float64Array(K * q);
  const seen = new Uint8Array(m);
  const z = new Float64Array(K), g = new Float64Array(K);
  let nSeen = 0, epoch = 0, converged = false;
  const shrink = step * betaS;
  while (epoch < p.maxIter) {
    prev.set(W);
    const order = p.epochOrder();
    for (let t = 0; t < m; t++) {
      const i = order[t];
      const xi = i * n;
      for (let k = 0; k < K; k++) {
        let s = W[k * q + n];
        for (let j = 0; j < n; j++) s += x[xi + j] * W[k * q + j];
        z[k] = s;
      }
      if (K === 1) {
        const pr = z[0] >= 0 ? 1 / (1 + Math.exp(-z[0])) : Math.exp(z[0]) / (1 + Math.exp(z[0]));
        g[0] = sw[i] * (pr - y[i]);
      } else {
        let mx = -Infinity, tot = 0;
        for (let k = 0; k < K; k++) if (z[k] > mx) mx = z[k];
        for (let k = 0; k < K; k++) { z[k] = Math.exp(z[k] - mx); tot += z[k]; }
        for (let k = 0; k < K; k++) g[k] = sw[i] * (z[k] / tot - (y[i] === k ? 1 : 0));
      }
      if (!seen[i]) { seen[i] = 1; nSeen++; }
      for (let k = 0; k < K; k++) {
        const delta = g[k] - mem[i * K + k];
        mem[i * K + k] = g[k];
        const row = k * q;
        // w ← prox(w − step·(∇fᵢ(w) − ∇fᵢ(φᵢ) + mean memory + α·w)): the correction uses the old memory,
        // the mean the updated one (scikit-learn's variant, which also averages over the samples seen so far).
        for (let j = 0; j < n; j++) {
          const xij = x[xi + j];
          const avgBefore = sumG[row + j] / nSeen;
          sumG[row + j] += delta * xij;
          let w = W[row + j] - step * (delta * xij + avgBefore + alphaS * W[row + j]);
          if (shrink > 0) w = w > shrink ? w - shrink : w < -shrink ? w + shrink : 0;
          W[row + j] = w;
        }
        if (fitIntercept) {
          const avgBefore = sumG[row + n] / nSeen;
          sumG[row + n] += delta;
          W[row + n] -= step * (delta + avgBefore);
        }
      }
    }
    epoch++;
    let maxChange = 0, maxWeight = 0;
    for (let r = 0; r < W.length; r++) {
      const c = Math.abs(W[r] - prev[r]);
      if (c > maxChange) maxChange = c;
      if (Math.abs(W[r]) > maxWeight) maxWeight = Math.abs(W[r]);
    }
    if ((maxWeight !== 0 && maxChange / maxWeight <= p.tol) || (maxWeight === 0 && maxChange === 0)) {
      converged = true;
      break;
    }
  }
  return { w: W, nIter: epoch, converged };
}
