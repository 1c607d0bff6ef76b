/**
 * The training engine of MLPClassifier / MLPRegressor: scikit-learn's multi-layer perceptron algorithm in float64
 * on typed arrays (blocked GEMM from lib/array/linalg), synchronous, so it runs inside Pipelines, searches and
 * worker threads. It follows scikit-learn 1.2 step for step — Glorot-uniform initial weights drawn from the
 * NumPy-compatible RandomState, the epoch shuffle, mini-batches, the L2 term, Adam / Nesterov-SGD updates and
 * the "no improvement for nIterNoChange epochs" stop — so with the same randomState it retraces scikit-learn's
 * loss curve up to floating-point summation order.
 */
import { gemm64 } from "../array/linalg/gemm";
import { trainMlpFused } from "./mlp_fused";
import { EpochLog } from "./mlp_epochs";

import { NDArray } from "../array/ndarray";
import type { RandomState } from "../random/random_state";

/** Hidden-layer activation. */
export type Activation = "relu" | "logistic" | "tanh" | "identity";
/** Output activation: identity (regression), logistic (binary), softmax (multiclass). */
export type OutActivation = "identity" | "logistic" | "softmax";

/** Weights as trained: coefs[i] is [units[i], units[i+1]] row-major, intercepts[i] is [units[i+1]]. */
export interface Weights { coefs: Float64Array[]; intercepts: Float64Array[]; units: number[] }

/** What {@link trainMlp} needs. */
export interface TrainSpec {
  x: Float64Array; y: Float64Array; n: number; units: number[];
  activation: Activation; out: OutActivation; solver: "adam" | "sgd";
  alpha: number; batchSize: number; lr: number; maxIter: number; shuffle: boolean; tol: number; nIterNoChange: number;
  beta1: number; beta2: number; epsilon: number; momentum: number; nesterov: boolean;
  rs: RandomState;
}

/** What training produced. */
export interface TrainResult extends Weights { lossCurve: number[]; nIter: number; loss: number; bestLoss: number; t: number }

function activate(z: Float64Array, f: Activation | OutActivation, cols: number): void {
  const n = z.length;
  if (f === "relu") for (let i = 0; i < n; i++) { if (z[i] < 0) z[i] = 0; }
  else if (f === "logistic") for (let i = 0; i < n; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  else if (f === "tanh") for (let i = 0; i < n; i++) z[i] = Math.tanh(z[i]);
  else if (f === "softmax") {
    for (let r = 0; r < n; r += cols) {
      let mx = -Infinity, s = 0;
      for (let j = 0; j < cols; j++) if (z[r + j] > mx) mx = z[r + j];
      for (let j = 0; j < cols; j++) { z[r + j] = Math.exp(z[r + j] - mx); s += z[r + j]; }
      for (let j = 0; j < cols; j++) z[r + j] /= s;
    }
  }
}

/**
 * Forward pass: the activations of every layer, input first.
 * @example
 * const acts = forward(w, x, rows, "relu", "softmax");
 */
export function forward(w: Weights, x: Float64Array, m: number, act: Activation, out: OutActivation): Float64Array[] {
  const acts = [x];
  const L = w.coefs.length;
  for (let i = 0; i < L; i++) {
    const fin = w.units[i], fout = w.units[i + 1];
    const z = new Float64Array(m * fout);
    gemm64(acts[i], w.coefs[i], z, m, fin, fout);
    const b = w.intercepts[i];
    for (let r = 0; r < m; r++) for (let j = 0; j < fout; j++) z[r * fout + j] += b[j];
    activate(z, i === L - 1 ? out : act, fout);
    acts.push(z);
  }
  return acts;
}

function derivative(a: Float64Array, delta: Float64Array, f: Activation): void {
  if (f === "relu") for (let i = 0; i < a.length; i++) { if (a[i] === 0) delta[i] = 0; }
  else if (f === "logistic") for (let i = 0; i < a.length; i++) delta[i] *= a[i] * (1 - a[i]);
  else if (f === "tanh") for (let i = 0; i < a.length; i++) delta[i] *= 1 - a[i] * a[i];
}

const EPS = 2.220446049250313e-16;
function xlogy(x: number, y: number): number { return x === 0 ? 0 : x * Math.log(y); }

/** The data loss of predictions p against targets y (scikit-learn's squared_error / log_loss / binary_log_loss). */
export function dataLoss(y: Float64Array, p: Float64Array, m: number, out: OutActivation): number {
  let s = 0;
  if (out === "identity") {
    for (let i = 0; i < p.length; i++) s += (y[i] - p[i]) ** 2;
    return s / p.length / 2;
  }
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], EPS), 1 - EPS);
    s += xlogy(y[i], q);
    if (out === "logistic") s += xlogy(1 - y[i], 1 - q);
  }
  return -s / m;
}

function initWeights(units: number[], act: Activation, rs: RandomState): Weights {
  const coefs: Float64Array[] = [], intercepts: Float64Array[] = [];
  for (let i = 0; i + 1 < units.length; i++) {
    const fin = units[i], fout = units[i + 1];
    const bound = Math.sqrt((act === "logistic" ? 2 : 6) / (fin + fout));
    coefs.push(Float64Array.from((rs.uniform(-bound, bound, [fin, fout]) as NDArray).data as Float64Array));
    intercepts.push(Float64Array.from((rs.uniform(-bound, bound, [fout]) as NDArray).data as Float64Array));
  }
  return { coefs, intercepts, units };
}

/**
 * Train from scratch; returns the weights and the loss curve. Runs the fused loop of mlp_fused.ts (the same
 * arithmetic, staged once in the product kernel's memory) when it can, else {@link trainMlpGeneral}.
 * @example
 * const r = trainMlp({ x, y, n, units: [4, 100, 1], activation: "relu", out: "logistic", solver: "adam", … });
 */
export function trainMlp(s: TrainSpec): TrainResult {
  const w = initWeights(s.units, s.activation, s.rs);
  return trainMlpFused(s, w) ?? trainMlpGeneral(s, w);
}

/**
 * The general training loop from initial weights w (updated in place): products through gemm64, new arrays per
 * batch. The fused loop must give what this one gives.
 * @example
 * const r = trainMlpGeneral(spec, initialWeights);
 */
export function trainMlpGeneral(s: TrainSpec, w: Weights): TrainResult {
  const L = w.coefs.length, nIn = s.units[0], nOut = s.units[L];
  const params = [...w.coefs, ...w.intercepts];
  const m1 = params.map((p) => new Float64Array(p.length)), m2 = params.map((p) => new Float64Array(p.length));
  let idx = Int32Array.from({ length: s.n }, (_, i) => i);
  const epochs = new EpochLog(s);
  let step = 0;
  for (let it = 0; it < s.maxIter; it++) {
    if (s.shuffle) {
      const perm = Int32Array.from({ length: s.n }, (_, i) => i);
      s.rs.shuffle(perm);
      idx = perm.map((p) => idx[p]);
    }
    let acc = 0;
    for (let start = 0; start < s.n; start += s.batchSize) {
      const m = Math.min(s.n, start + s.batchSize) - start;
      const xb = new Float64Array(m * nIn), yb = new Float64Array(m * nOut);
      for (let r = 0; r < m; r++) {
        const src = idx[start + r];
        xb.set(s.x.subarray(src * nIn, src * nIn + nIn), r * nIn);
        yb.set(s.y.subarray(src * nOut, src * nOut + nOut), r * nOut);
      }
      const acts = forward(w, xb, m, s.activation, s.out);
      let loss = dataLoss(yb, acts[L], m, s.out);
      let sq = 0;
      for (const c of w.coefs) for (let i = 0; i < c.length; i++) sq += c[i] * c[i];
      loss += 0.5 * s.alpha * sq / m;
      const grads = backprop(w, acts, yb, m, s);
      update(params, grads, m1, m2, s, ++step);
      acc += loss * m;
    }
    if (epochs.end(acc)) break;
  }
  return { ...w, ...epochs.result() };
}

function backprop(w: Weights, acts: Float64Array[], y: Float64Array, m: number, s: TrainSpec): Float64Array[] {
  const L = w.coefs.length;
  const coefGrads: Float64Array[] = new Array(L), interceptGrads: Float64Array[] = new Array(L);
  let delta = acts[L].slice();
  for (let i = 0; i < delta.length; i++) delta[i] -= y[i];
  for (let layer = L - 1; layer >= 0; layer--) {
    const fin = w.units[layer], fout = w.units[layer + 1];
    const g = new Float64Array(fin * fout);
    gemm64(acts[layer], delta, g, fin, m, fout, { transA: true });
    const c = w.coefs[layer];
    for (let i = 0; i < g.length; i++) g[i] = (g[i] + s.alpha * c[i]) / m;
    const gb = new Float64Array(fout);
    for (let r = 0; r < m; r++) for (let j = 0; j < fout; j++) gb[j] += delta[r * fout + j];
    for (let j = 0; j < fout; j++) gb[j] /= m;
    coefGrads[layer] = g;
    interceptGrads[layer] = gb;
    if (layer > 0) {
      const prev = new Float64Array(m * fin);
      gemm64(delta, c, prev, m, fout, fin, { transB: true });
      derivative(acts[layer], prev, s.activation);
      delta = prev;
    }
  }
  return [...coefGrads, ...interceptGrads];
}

function update(params: Float64Array[], grads: Float64Array[], m1: Float64Array[], m2: Float64Array[], s: TrainSpec, t: number): void {
  if (s.solver === "adam") {
    const lr = s.lr * Math.sqrt(1 - s.beta2 ** t) / (1 - s.beta1 ** t);
    params.forEach((p, k) => {
      const g = grads[k], m = m1[k], v = m2[k];
      for (let i = 0; i < p.length; i++) {
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
        p[i] += -lr * m[i] / (Math.sqrt(v[i]) + s.epsilon);
      }
    });
  } else {
    params.forEach((p, k) => {
      const g = grads[k], vel = m1[k];
      for (let i = 0; i < p.length; i++) {
        vel[i] = s.momentum * vel[i] - s.lr * g[i];
        p[i] += s.nesterov ? s.momentum * vel[i] - s.lr * g[i] : vel[i];
      }
    });
  }
}
