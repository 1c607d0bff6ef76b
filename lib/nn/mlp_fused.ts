/**
 * MLPClassifier / MLPRegressor's training loop without per-batch staging or allocation. On the guide's data (455
 * rows, batches of 200, layers of 64 and 32) a batch is ~2 M multiply-adds, so the general loop in mlp_core.ts spent
 * more time copying operands into the WebAssembly memory and back, allocating ~15 arrays per batch and collecting
 * them than multiplying. Here every activation, delta, weight (and its transpose) and weight gradient lives in the
 * product kernel's memory for the whole fit, laid out as the kernel reads it (rows padded to 4 columns), and the
 * products call the float64 kernel in place.
 *
 * Each product takes the path lib/array/linalg/gemm.ts would give it — the WebAssembly kernel from
 * F64_WASM_MIN_MACS multiply-adds (in depth chunks of 256 for Aᵀ·B, summed the same way), else the in-order
 * JavaScript sum — and every elementwise step is the general loop's, in its order, so the loss curve and weights
 * equal mlp_core.ts's general path bit for bit (test/nn/mlp_fused.test.ts).
 */
import { F64_WASM_MIN_MACS } from "../array/linalg/gemm";
import { loadEngine, reserve, type Engine } from "../wasm/gemm_memory";
import { settleWorker } from "../wasm/gemm_pool";
import type { Activation, OutActivation, TrainResult, TrainSpec, Weights } from "./mlp_core";
import { EpochLog } from "./mlp_epochs";
import { reluKernels } from "./mlp_wasm_relu";

let fusedOn = process.env.TYPELEARN_MLP_FUSED !== "0";
/**
 * Turn the fused loop on or off (tests compare it with the general one; `TYPELEARN_MLP_FUSED=0` starts it off).
 * @example
 * setMlpFused(false); // MLPClassifier.fit takes mlp_core.ts's general loop
 */
export function setMlpFused(on: boolean): void { fusedOn = on; }

let fusedFits = 0;
/**
 * How many fits took the fused loop so far (tests assert which loop ran).
 * @example
 * const before = mlpFusedFits(); clf.fit(X, y); mlpFusedFits() > before; // true with WebAssembly
 */
export function mlpFusedFits(): number { return fusedFits; }

/** Depth of one kernel pass over Aᵀ, as in lib/array/linalg/gemm.ts (its partial products are summed into C). */
const WASM_KC = 256;
/** Depth of one slab of the JavaScript kernel, likewise. */
const JS_KC = 256;
/** The most bytes the fit stages (beyond it the general loop runs, chunking its products). */
const MAX_BYTES = 256 * 1024 * 1024;

const pad4 = (n: number): number => (n + 3) & ~3;

/** The staged layout: element offsets into the float64 view of the kernel's memory. */
interface Layout { act: number[]; delta: number[]; w: number[]; wt: number[]; gw: number[]; b: number[]; tmp: number; ld: number[]; end: number }

function layout(units: number[], rows: number): Layout {
  const L = units.length - 1, ld = units.map(pad4), rp = pad4(rows);
  let o = 0;
  // 8 spare values after each region: the kernel reads whole 4-wide panels and 4-row tiles (results in padding only).
  const take = (n: number): number => { const at = o; o += Math.ceil((n + 8) / 8) * 8; return at; };
  const act = units.map((_, l) => take(rp * ld[l]));
  const delta = units.map((_, l) => (l === 0 ? -1 : take(rp * ld[l])));
  const w: number[] = [], wt: number[] = [], gw: number[] = [], b: number[] = [];
  let tmpSize = 0;
  for (let l = 0; l < L; l++) {
    w.push(take(ld[l] * ld[l + 1]));
    wt.push(l === 0 ? -1 : take(ld[l + 1] * ld[l]));
    gw.push(take(ld[l] * ld[l + 1]));
    b.push(take(ld[l + 1]));
    tmpSize = Math.max(tmpSize, ld[l] * ld[l + 1]);
  }
  const tmp = take(tmpSize);
  return { act, delta, w, wt, gw, b, tmp, ld, end: o };
}

/**
 * Train like mlp_core.ts's general loop from the initial weights w, on the staged layout; null (nothing consumed
 * from s.rs) when the fused loop is off, WebAssembly is unavailable or the layout would not fit.
 * @example
 * const r = trainMlpFused(spec, initialWeights) ?? trainGeneral(spec, initialWeights);
 */
export function trainMlpFused(s: TrainSpec, w0: Weights): TrainResult | null {
  if (!fusedOn) return null;
  const e = loadEngine();
  if (!e) return null;
  const units = s.units, L = units.length - 1, nIn = units[0], nOut = units[L];
  const lay = layout(units, s.batchSize);
  if (lay.end * 8 > MAX_BYTES) return null;
  settleWorker();
  if (!reserve(e, lay.end * 8)) return null;
  fusedFits++;
  const f = e.f64;
  f.fill(0, 0, lay.end);
  const { act, delta, w, wt, gw, tmp, ld } = lay;
  const relu = s.activation === "relu" ? reluKernels(e.memory) : null;
  for (let l = 0; l < L; l++) {
    const fin = units[l], fout = units[l + 1], c = w0.coefs[l];
    for (let i = 0; i < fin; i++) for (let j = 0; j < fout; j++) {
      f[w[l] + i * ld[l + 1] + j] = c[i * fout + j];
      if (l > 0) f[wt[l] + j * ld[l] + i] = c[i * fout + j];
    }
  }
  // Biases live in the memory too (zero-padded rows), where the ReLU kernel reads them.
  const bias = w0.intercepts.map((b0, l) => { const v = f.subarray(lay.b[l], lay.b[l] + b0.length); v.set(b0); return v; });
  const gb = bias.map((b) => new Float64Array(b.length));
  const m1 = w0.coefs.map((c) => new Float64Array(c.length)), m2 = w0.coefs.map((c) => new Float64Array(c.length));
  const b1 = bias.map((b) => new Float64Array(b.length)), b2 = bias.map((b) => new Float64Array(b.length));
  const yb = new Float64Array(s.batchSize * nOut);
  let idx = Int32Array.from({ length: s.n }, (_, i) => i), next = new Int32Array(s.n);
  const perm = new Int32Array(s.n);
  const epochs = new EpochLog(s);
  let step = 0;
  // The L2 term's sum of squares runs on across the layers, as the general loop's does.
  let sq = 0;
  for (let l = 0; l < L; l++) sq = sumSquares(f, w[l], units[l], units[l + 1], ld[l + 1], sq);
  for (let it = 0; it < s.maxIter; it++) {
    if (s.shuffle) {
      for (let i = 0; i < s.n; i++) perm[i] = i;
      s.rs.shuffle(perm);
      for (let i = 0; i < s.n; i++) next[i] = idx[perm[i]];
      const swap = idx; idx = next; next = swap;
    }
    let acc = 0;
    for (let start = 0; start < s.n; start += s.batchSize) {
      const m = Math.min(s.n, start + s.batchSize) - start;
      gather(f, act[0], ld[0], s.x, nIn, yb, s.y, nOut, idx, start, m);
      for (let l = 0; l < L; l++) {
        product(e, f, act[l], ld[l], 1, w[l], ld[l + 1], act[l + 1], ld[l + 1], m, units[l], units[l + 1], tmp, false);
        if (relu && l < L - 1) relu.biasRelu(8 * act[l + 1], 8 * ld[l + 1], m, 8 * lay.b[l]);
        else biasActivate(f, act[l + 1], ld[l + 1], m, units[l + 1], bias[l], l === L - 1 ? s.out : s.activation);
      }
      const loss = dataLossStrided(yb, f, act[L], ld[L], m, nOut, s.out) + 0.5 * s.alpha * sq / m;
      // Backward: the output delta, then per layer the weight gradient (Aᵀ·delta) and the delta below it.
      outputDelta(f, act[L], delta[L], ld[L], yb, m, nOut);
      for (let l = L - 1; l >= 0; l--) {
        const fin = units[l], fout = units[l + 1];
        product(e, f, act[l], 1, ld[l], delta[l + 1], ld[l + 1], gw[l], ld[l + 1], fin, m, fout, tmp, true);
        columnSums(f, delta[l + 1], ld[l + 1], m, fout, gb[l]);
        if (l > 0) {
          product(e, f, delta[l + 1], ld[l + 1], 1, wt[l], ld[l], delta[l], ld[l], m, fout, fin, tmp, false);
          if (relu) relu.reluMask(8 * act[l], 8 * delta[l], 8 * m * ld[l]);
          else derivative(f, act[l], delta[l], ld[l], m, fin, s.activation);
        }
      }
      step++;
      sq = 0;
      for (let l = 0; l < L; l++) {
        sq = updateCoefs(f, w[l], l > 0 ? wt[l] : -1, gw[l], units[l], units[l + 1], ld[l], ld[l + 1], m1[l], m2[l], m, s, step, sq);
      }
      for (let l = 0; l < L; l++) updateBias(bias[l], gb[l], b1[l], b2[l], m, s, step);
      acc += loss * m;
    }
    if (epochs.end(acc)) break;
  }
  const coefs = units.slice(0, L).map((fin, l) => {
    const fout = units[l + 1], c = new Float64Array(fin * fout);
    for (let i = 0; i < fin; i++) for (let j = 0; j < fout; j++) c[i * fout + j] = f[w[l] + i * ld[l + 1] + j];
    return c;
  });
  return { coefs, intercepts: bias.map((b) => b.slice()), units, ...epochs.result() };
}

/** Rows idx[start…start+m) of x into the staged input (row stride ld) and of y into yb. */
function gather(f: Float64Array, a0: number, ld: number, x: Float64Array, nIn: number, yb: Float64Array,
  y: Float64Array, nOut: number, idx: Int32Array, start: number, m: number): void {
  for (let r = 0; r < m; r++) {
    const src = idx[start + r], xs = src * nIn, xd = a0 + r * ld, ys = src * nOut, yd = r * nOut;
    for (let j = 0; j < nIn; j++) f[xd + j] = x[xs + j];
    for (let j = 0; j < nOut; j++) yb[yd + j] = y[ys + j];
  }
}

/**
 * C (m × n, row stride ldc) = A·B where A[i][p] = f[a + i·rsA + p·psA] and B[p][j] = f[b + p·rsB + j], on the path
 * gemm64 would take: the WebAssembly kernel from F64_WASM_MIN_MACS multiply-adds (Aᵀ products, `depthChunks`, in
 * passes of 256 summed into C through tmp), else sums in order over p in slabs of 256.
 */
function product(e: Engine, f: Float64Array, a: number, rsA: number, psA: number, b: number, rsB: number, c: number,
  ldc: number, m: number, k: number, n: number, tmp: number, depthChunks: boolean): void {
  if (m * n * k >= F64_WASM_MIN_MACS) {
    const mp = pad4(m), panels = pad4(n) >> 2;
    if (!depthChunks || k <= WASM_KC) {
      e.gemm64(8 * a, 8 * rsA, 8 * psA, 8 * b, 32, 8 * rsB, 8 * c, 8 * ldc, 0, mp, 0, panels, k);
      return;
    }
    for (let i = 0; i < m; i++) f.fill(0, c + i * ldc, c + i * ldc + n);
    for (let p0 = 0; p0 < k; p0 += WASM_KC) {
      const kc = Math.min(WASM_KC, k - p0);
      e.gemm64(8 * (a + p0 * psA), 8 * rsA, 8 * psA, 8 * (b + p0 * rsB), 32, 8 * rsB, 8 * tmp, 8 * ldc, 0, mp, 0, panels, kc);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) f[c + i * ldc + j] += f[tmp + i * ldc + j];
    }
    return;
  }
  if (k <= JS_KC) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0, ai = a + i * rsA, bi = b + j;
        for (let p = 0; p < k; p++, ai += psA, bi += rsB) sum += f[ai] * f[bi];
        f[c + i * ldc + j] = 0 + sum;
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let cij = 0;
      for (let p0 = 0; p0 < k; p0 += JS_KC) {
        const p1 = Math.min(k, p0 + JS_KC);
        let sum = 0, ai = a + i * rsA + p0 * psA, bi = b + p0 * rsB + j;
        for (let p = p0; p < p1; p++, ai += psA, bi += rsB) sum += f[ai] * f[bi];
        cij += sum;
      }
      f[c + i * ldc + j] = cij;
    }
  }
}

/** z += bias, then the activation, over the m × n real entries (softmax per row); one pass where it can. */
function biasActivate(f: Float64Array, z: number, ld: number, m: number, n: number, bias: Float64Array,
  act: Activation | OutActivation): void {
  if (act === "relu") {
    for (let r = 0, o = z; r < m; r++, o += ld) {
      for (let j = 0; j < n; j++) { const v = f[o + j] + bias[j]; f[o + j] = v < 0 ? 0 : v; }
    }
    return;
  }
  for (let r = 0, o = z; r < m; r++, o += ld) {
    for (let j = 0; j < n; j++) f[o + j] += bias[j];
    if (act === "logistic") for (let j = 0; j < n; j++) f[o + j] = 1 / (1 + Math.exp(-f[o + j]));
    else if (act === "tanh") for (let j = 0; j < n; j++) f[o + j] = Math.tanh(f[o + j]);
    else if (act === "softmax") {
      let mx = -Infinity, sum = 0;
      for (let j = 0; j < n; j++) if (f[o + j] > mx) mx = f[o + j];
      for (let j = 0; j < n; j++) { f[o + j] = Math.exp(f[o + j] - mx); sum += f[o + j]; }
      for (let j = 0; j < n; j++) f[o + j] /= sum;
    }
  }
}

const EPS = 2.220446049250313e-16;
function xlogy(x: number, y: number): number { return x === 0 ? 0 : x * Math.log(y); }

/** mlp_core.ts's dataLoss over the staged output (row stride ld), in the same order. */
function dataLossStrided(y: Float64Array, f: Float64Array, p: number, ld: number, m: number, n: number,
  out: OutActivation): number {
  let s = 0;
  if (out === "identity") {
    for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) s += (y[r * n + j] - f[p + r * ld + j]) ** 2;
    return s / (m * n) / 2;
  }
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      const yi = y[r * n + j], q = Math.min(Math.max(f[p + r * ld + j], EPS), 1 - EPS);
      s += xlogy(yi, q);
      if (out === "logistic") s += xlogy(1 - yi, 1 - q);
    }
  }
  return -s / m;
}

function outputDelta(f: Float64Array, p: number, d: number, ld: number, y: Float64Array, m: number, n: number): void {
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) f[d + r * ld + j] = f[p + r * ld + j] - y[r * n + j];
}

function columnSums(f: Float64Array, d: number, ld: number, m: number, n: number, out: Float64Array): void {
  out.fill(0);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) out[j] += f[d + r * ld + j];
}

function derivative(f: Float64Array, a: number, d: number, ld: number, m: number, n: number, act: Activation): void {
  if (act === "relu") {
    for (let r = 0, ao = a, dd = d; r < m; r++, ao += ld, dd += ld) for (let j = 0; j < n; j++) if (f[ao + j] === 0) f[dd + j] = 0;
    return;
  }
  for (let r = 0; r < m; r++) {
    const ao = a + r * ld, dd = d + r * ld;
    if (act === "logistic") for (let j = 0; j < n; j++) f[dd + j] *= f[ao + j] * (1 - f[ao + j]);
    else if (act === "tanh") for (let j = 0; j < n; j++) f[dd + j] *= 1 - f[ao + j] * f[ao + j];
  }
}

/** sq plus the layer's sum of squares, added on in order. */
function sumSquares(f: Float64Array, w: number, fin: number, fout: number, ld: number, sq: number): number {
  for (let i = 0; i < fin; i++) for (let j = 0; j < fout; j++) sq += f[w + i * ld + j] * f[w + i * ld + j];
  return sq;
}

/**
 * One Adam / SGD step of a layer's weights from its raw gradient (Aᵀ·delta, then + alpha·W and / m as
 * mlp_core.ts's backprop does), keeping the transposed copy current; returns sq with the new weights' squares
 * added on (the next batch's L2 term, summed in the general loop's order).
 */
function updateCoefs(f: Float64Array, w: number, wt: number, gw: number, fin: number, fout: number, ldIn: number,
  ldOut: number, mm: Float64Array, vv: Float64Array, m: number, s: TrainSpec, t: number, sq: number): number {
  const alpha = s.alpha;
  if (s.solver === "adam") {
    const lr = s.lr * Math.sqrt(1 - s.beta2 ** t) / (1 - s.beta1 ** t), beta1 = s.beta1, beta2 = s.beta2, eps = s.epsilon;
    for (let i = 0; i < fin; i++) {
      for (let j = 0; j < fout; j++) {
        const k = i * fout + j, o = w + i * ldOut + j, c = f[o];
        const g = (f[gw + i * ldOut + j] + alpha * c) / m;
        mm[k] = beta1 * mm[k] + (1 - beta1) * g;
        vv[k] = beta2 * vv[k] + (1 - beta2) * g * g;
        const p = c + -lr * mm[k] / (Math.sqrt(vv[k]) + eps);
        f[o] = p;
        if (wt >= 0) f[wt + j * ldIn + i] = p;
        sq += p * p;
      }
    }
    return sq;
  }
  const mom = s.momentum, lr = s.lr, nesterov = s.nesterov;
  for (let i = 0; i < fin; i++) {
    for (let j = 0; j < fout; j++) {
      const k = i * fout + j, o = w + i * ldOut + j, c = f[o];
      const g = (f[gw + i * ldOut + j] + alpha * c) / m;
      mm[k] = mom * mm[k] - lr * g;
      const p = c + (nesterov ? mom * mm[k] - lr * g : mm[k]);
      f[o] = p;
      if (wt >= 0) f[wt + j * ldIn + i] = p;
      sq += p * p;
    }
  }
  return sq;
}

function updateBias(b: Float64Array, gb: Float64Array, mm: Float64Array, vv: Float64Array, m: number, s: TrainSpec,
  t: number): void {
  if (s.solver === "adam") {
    const lr = s.lr * Math.sqrt(1 - s.beta2 ** t) / (1 - s.beta1 ** t);
    for (let j = 0; j < b.length; j++) {
      const g = gb[j] / m;
      mm[j] = s.beta1 * mm[j] + (1 - s.beta1) * g;
      vv[j] = s.beta2 * vv[j] + (1 - s.beta2) * g * g;
      b[j] += -lr * mm[j] / (Math.sqrt(vv[j]) + s.epsilon);
    }
    return;
  }
  for (let j = 0; j < b.length; j++) {
    const g = gb[j] / m;
    mm[j] = s.momentum * mm[j] - s.lr * g;
    b[j] += s.nesterov ? s.momentum * mm[j] - s.lr * g : mm[j];
  }
}
