/**
 * Resident training: `nn.fit`'s steps for the most common network — a Sequential of Linear layers with ReLU between
 * them, cross-entropy, Adam — with the weights, their gradients, Adam's moments and every activation kept in the
 * product kernel's memory for a whole epoch. The graph path (ops.ts, dense.ts) copies each weight into that memory
 * and transposes it for every product, copies every result out into a new array and Adam's values in and out; for a
 * 784-256-128-10 MLP in batches of 128 those copies were about 40% of an epoch. Here nothing moves but the batch's rows
 * in; the values leave once, at the end of the epoch, when the parameters, their gradients and the optimizer's moments
 * are written back, so the model is exactly as the graph path leaves it.
 *
 * The arithmetic is the graph path's, bit for bit: the same kernel (each output one sum over the inner dimension in
 * order, whichever operand is which), the same row passes (row_kernels.ts), the same Adam kernel over the same
 * scalars. Weights are kept transposed (Wᵀ, inputs × outputs), the layout the kernel reads, so the forward product
 * x·Wᵀ and the weight gradient (as Wᵀ's gradient xᵀ·g) need no copy; only the input gradient g·W needs W itself,
 * re-laid after each step for the layers after the first (the first layer's is never needed).
 * test/nn/resident.test.ts trains the same networks both ways and compares every bit.
 */
import { MR, NR } from "../wasm/gemm_code";
import { align64, loadEngine, reserve, transposeInMemory } from "../wasm/gemm_memory";
import { adamUpdate, multiply, setGemmHot, settleWorker, SPLIT_MIN_MACS, startGemmPool } from "../wasm/gemm_pool";
import { backend, jsKernelsForced } from "./backend";
import { F32_WASM_MIN_MACS, transpose } from "./gemm";
import { CrossEntropyLoss } from "./losses";
import { Linear, type Module, ReLU, Sequential } from "./modules";
import { Adam, type Optimizer } from "./optim";
import { biasAddRows, biasGradRows, biasReluRows, crossEntropyGradRows, crossEntropyRows, reluGradRows } from "./row_kernels";
import { isGradEnabled, type Parameter, type Tensor } from "./tensor";

let enabled = process.env.TYPELEARN_RESIDENT_TRAINING !== "0";
let stepsTaken = 0;

/**
 * @internal Turn resident training on or off (tests train both ways; `TYPELEARN_RESIDENT_TRAINING=0` starts off).
 * @example
 * setResidentTraining(false);
 */
export function setResidentTraining(on: boolean): void { enabled = on; }

/**
 * @internal Steps resident training has taken in this process (tests assert which path a fit took).
 * @example
 * const before = residentSteps(); nn.fit(model, options); residentSteps() > before; // true
 */
export function residentSteps(): number { return stepsTaken; }

/** The most bytes resident training lays out; a larger batch trains on the graph path (whose products chunk rows). */
const MAX_BYTES = 1 << 30;

/** One Linear layer's places in the memory, as float32 indices (biases −1 when the layer has none). */
interface Layer {
  lin: Linear; nIn: number; nOut: number; np: number; relu: boolean;
  /** Wᵀ and b within the parameter block (the gradient and moment blocks use the same offsets). */
  wt: number; b: number;
  /** W itself (layers after the first, for the input gradient), else −1. */
  w: number;
  /** The layer's output rows and their gradient, each rows × np. */
  h: number; d: number;
  /** The bias sums of a ReLU layer, float64 in the memory (an index of its Float64Array view). */
  db64: number;
}

/** An epoch runner for one fit call. */
export interface ResidentTrainer {
  /** Whether the next epoch can run resident (a parameter frozen, a layer or weight replaced, or the backend changed
   * in between: no). */
  usable(): boolean;
  /**
   * Run one epoch of steps over the rows in `idx` order (or in order) and write everything back.
   * @returns the sum over batches of the batch loss times its rows (what fit averages)
   */
  epoch(idx: Int32Array | null): number;
}

function conditionsHold(params: readonly Parameter[]): boolean {
  return enabled && !jsKernelsForced() && backend() !== "tensorflow" && isGradEnabled() &&
    params.every((p) => p.requiresGrad && p.data.length === p.size);
}

/**
 * A resident runner for this fit call, or null when the model, loss, optimizer or data are not the shape it
 * serves (the graph path then trains, with the same results).
 * @param model - the network
 * @param loss - the loss object
 * @param optimizer - the optimizer
 * @param x - inputs [n, features]
 * @param y - n class indices
 * @param batch - rows per step
 * @example
 * const resident = residentTrainer(model, options.loss, options.optimizer, x, y, batch);
 * if (resident?.usable()) total = resident.epoch(idx);
 */
export function residentTrainer(model: Module, loss: unknown, optimizer: Optimizer, x: Tensor, y: Tensor,
  batch: number): ResidentTrainer | null {
  // Exactly these classes: a subclass may override forward or step.
  if (classOf(model) !== Sequential || classOf(loss) !== CrossEntropyLoss || classOf(optimizer) !== Adam) return null;
  const children = model.namedChildren().map(([, m]) => m);
  if (children.length % 2 === 0) return null;
  const lins: Linear[] = [];
  for (let i = 0; i < children.length; i++) {
    if (classOf(children[i]) !== (i % 2 === 0 ? Linear : ReLU)) return null;
    if (i % 2 === 0) lins.push(children[i] as Linear);
  }
  const n = x.shape[0];
  if (x.ndim !== 2 || x.requiresGrad || x.shape[1] !== lins[0].inFeatures || y.size !== n || n < 1) return null;
  for (let l = 1; l < lins.length; l++) if (lins[l].inFeatures !== lins[l - 1].outFeatures) return null;
  // The optimizer must update exactly these parameters, each once (else the graph path's zeroGrad and step differ).
  const own = paramsOf(lins);
  const slot = new Map(optimizer.params.map((p, k) => [p, k]));
  if (slot.size !== own.length || optimizer.params.length !== own.length || own.some((p) => !slot.has(p))) return null;
  const adamOpt = optimizer as Adam;
  const { m: moments1, v: moments2, onKernel } = adamOpt.moments();
  if (!onKernel || !conditionsHold(own)) return null;
  // Every product must be one the graph path sends to the kernel, in the last (smallest) batch too.
  const mMax = Math.min(batch, n), mLast = n % batch || mMax;
  if (lins.some((l) => mLast * l.inFeatures * l.outFeatures < F32_WASM_MIN_MACS)) return null;
  const e = loadEngine();
  if (!e) return null;

  // The layout, in floats: parameter, gradient and moment blocks of one size, W copies, the batch, each layer's
  // output and gradient rows, scratch for a weight gradient whose shape the kernel's tiles do not fit.
  const al = (floats: number): number => align64(4 * floats) / 4;
  let nP = 0;
  const layers: Layer[] = lins.map((lin, l) => {
    const nIn = lin.inFeatures, nOut = lin.outFeatures;
    const wt = nP;
    nP += nIn * nOut;
    const b = lin.bias ? nP : -1;
    if (lin.bias) nP += nOut;
    return { lin, nIn, nOut, np: Math.ceil(nOut / NR) * NR, relu: l < lins.length - 1, wt, b, w: -1, h: 0, d: 0, db64: 0 };
  });
  const mp = Math.ceil(mMax / MR) * MR, nIn0 = layers[0].nIn;
  const block = al(nP + NR) + 16, P = 0, G = block, M = 2 * block, V = 3 * block;
  let at = 4 * block;
  for (const L of layers.slice(1)) { L.w = at; at += al(L.nOut * L.nIn + NR); }
  const X = at;
  at += al(mp * nIn0 + MR);
  for (const L of layers) { L.h = at; at += al(mp * L.np); L.d = at; at += al(mp * L.np); L.db64 = at / 2; at += al(2 * L.nOut); }
  // zeros standing in for a missing bias
  const zeros = at, widest = Math.max(...layers.map((L) => L.nOut));
  at += al(widest);
  const scratch = at;
  at += al(Math.max(0, ...layers.map((L) => (L.nIn % MR || L.nOut % NR ? Math.ceil(L.nIn / MR) * MR * L.np : 0))));
  const endBytes = 4 * at + 64;
  if (endBytes > MAX_BYTES) return null;
  if (lins.some((l) => mMax * l.inFeatures * l.outFeatures >= SPLIT_MIN_MACS)) void startGemmPool();

  const labels = new Float32Array(mMax);
  let t = 0;
  const xd = x.data, yd = y.data;
  const reduction = (loss as CrossEntropyLoss).reduction;
  let f = e.f32, f64 = e.f64, bits = new Int32Array(f.buffer);
  const rows = e.rows;

  /** Copy the parameters and moments in, Wᵀ for each weight (and W itself for the input gradients). */
  function load(): void {
    f.fill(0, zeros, zeros + widest);
    for (const L of layers) {
      const kw = slot.get(L.lin.weight)!;
      transpose(L.lin.weight.data, L.nOut, L.nIn, f.subarray(P + L.wt));
      transpose(moments1[kw], L.nOut, L.nIn, f.subarray(M + L.wt));
      transpose(moments2[kw], L.nOut, L.nIn, f.subarray(V + L.wt));
      if (L.w >= 0) f.set(L.lin.weight.data, L.w);
      if (L.lin.bias) {
        const kb = slot.get(L.lin.bias)!;
        f.set(L.lin.bias.data, P + L.b); f.set(moments1[kb], M + L.b); f.set(moments2[kb], V + L.b);
      }
    }
  }

  /** Write the parameters, moments and (after a step) the last step's gradients back, in their own layouts. */
  function store(grads: boolean): void {
    for (const L of layers) {
      const kw = slot.get(L.lin.weight)!;
      const region = (at: number): Float32Array => f.subarray(at + L.wt, at + L.wt + L.nIn * L.nOut);
      transpose(region(P), L.nIn, L.nOut, L.lin.weight.data);
      transpose(region(M), L.nIn, L.nOut, moments1[kw]);
      transpose(region(V), L.nIn, L.nOut, moments2[kw]);
      L.lin.weight.gradData = grads ? transpose(region(G), L.nIn, L.nOut) : null;
      if (L.lin.bias) {
        const kb = slot.get(L.lin.bias)!, nb = L.nOut;
        L.lin.bias.data.set(f.subarray(P + L.b, P + L.b + nb));
        moments1[kb].set(f.subarray(M + L.b, M + L.b + nb));
        moments2[kb].set(f.subarray(V + L.b, V + L.b + nb));
        L.lin.bias.gradData = grads ? f.slice(G + L.b, G + L.b + nb) : null;
      }
    }
  }

  /** One step on rows from…to−1 (of idx, or in order); returns the batch loss as the graph path's loss.item(). */
  function step(idx: Int32Array | null, from: number, to: number): number {
    const m = to - from, mpm = Math.ceil(m / MR) * MR;
    for (let r = 0; r < m; r++) {
      const src = idx ? idx[from + r] : from + r;
      f.set(xd.subarray(src * nIn0, src * nIn0 + nIn0), X + r * nIn0);
      labels[r] = yd[src];
    }
    // forward: h = relu(a·Wᵀ + b), the last layer without relu
    let a = X, lda = nIn0;
    for (const L of layers) {
      multiply(e!, 4 * a, 4 * lda, 4, 4 * (P + L.wt), 4 * L.nOut, 4 * L.h, 4 * L.np, mpm, L.np / NR, L.nIn, m * L.nIn * L.nOut);
      // four columns at a time in WebAssembly, the last nOut % 4 here (the same arithmetic)
      const bAt = L.b >= 0 ? P + L.b : zeros, n4 = L.nOut & ~3, tail = f.subarray(bAt + n4, bAt + L.nOut);
      if (L.relu) {
        rows.biasRelu(4 * L.h, 4 * L.np, 4 * bAt, m, n4);
        if (n4 < L.nOut) biasReluRows(f, L.h + n4, L.np, tail, m, L.nOut - n4, null);
      } else if (L.b >= 0) {
        rows.biasAdd(4 * L.h, 4 * L.np, 4 * bAt, m, n4);
        if (n4 < L.nOut) biasAddRows(f, L.h + n4, L.np, tail, m, L.nOut - n4);
      }
      a = L.h; lda = L.np;
    }
    const top = layers[layers.length - 1], c = top.nOut;
    const sum = crossEntropyRows(f, top.h, top.np, m, c, labels, 0, f, top.d, top.np);
    const scale = reduction === "mean" ? 1 / m : 1;
    crossEntropyGradRows(f, top.d, top.np, m, c, labels, 0, scale, f, top.d, top.np);
    // backward, last layer first: bias gradient (through relu), Wᵀ's gradient aᵀ·d, the input gradient d·W
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      if (L.relu) {
        const n4 = L.nOut & ~3;
        f64.fill(0, L.db64, L.db64 + L.nOut);
        rows.reluGrad(4 * L.d, 4 * L.np, 4 * L.h, 4 * L.np, 8 * L.db64, m, n4);
        if (n4 < L.nOut) {
          reluGradRows(f, L.d + n4, L.np, bits, L.h + n4, L.np, 1, f, L.d + n4, L.np, m, L.nOut - n4,
            f64.subarray(L.db64 + n4, L.db64 + L.nOut));
        }
        if (L.b >= 0) for (let j = 0; j < L.nOut; j++) f[G + L.b + j] = f64[L.db64 + j];
      } else if (L.b >= 0) {
        f.set(biasGradRows(f, L.d, L.np, m, L.nOut), G + L.b);
      }
      const a0 = l === 0 ? X : layers[l - 1].h, lda0 = l === 0 ? nIn0 : layers[l - 1].np;
      const direct = L.nIn % MR === 0 && L.nOut % NR === 0;
      const c0 = direct ? G + L.wt : scratch, ldc = direct ? L.nOut : L.np;
      multiply(e!, 4 * a0, 4, 4 * lda0, 4 * L.d, 4 * L.np, 4 * c0, 4 * ldc, Math.ceil(L.nIn / MR) * MR, L.np / NR, m,
        L.nIn * m * L.nOut);
      if (!direct) for (let i = 0; i < L.nIn; i++) f.copyWithin(G + L.wt + i * L.nOut, scratch + i * L.np, scratch + i * L.np + L.nOut);
      if (l > 0) {
        const below = layers[l - 1];
        multiply(e!, 4 * L.d, 4 * L.np, 4, 4 * L.w, 4 * L.nIn, 4 * below.d, 4 * below.np, mpm, below.np / NR, L.nOut,
          m * L.nOut * L.nIn);
      }
    }
    const s = adamOpt.stepScalars(++t);
    adamUpdate(e!, 4 * P, 4 * G, 4 * M, 4 * V, Math.ceil(nP / 4) * 4, [s.b1, 1 - s.b1, s.b2, 1 - s.b2, s.stepSize,
      s.sqrtBc2, s.eps, s.wd]);
    for (const L of layers) if (L.w >= 0) transposeInMemory(e!, P + L.wt, L.nIn, L.nOut, L.w);
    stepsTaken++;
    return Math.fround(sum * scale);
  }

  // What the layout was built for: an epoch callback that swaps a layer, a weight or the optimizer's list sends
  // the next epochs to the graph path, which reads the model as it is.
  const sameShape = (): boolean => {
    const now = model.namedChildren();
    if (now.length !== children.length || now.some(([, m], i) => m !== children[i])) return false;
    const params = paramsOf(lins);
    return params.length === own.length && params.every((p, i) => p === own[i]) &&
      optimizer.params.length === own.length && optimizer.params.every((p) => slot.has(p));
  };

  return {
    usable: () => sameShape() && conditionsHold(own),
    epoch(idx: Int32Array | null): number {
      settleWorker();
      if (!reserve(e, endBytes)) throw new RangeError(`resident training: ${endBytes} bytes of WebAssembly memory could not be had`);
      if (f !== e.f32) { f = e.f32; f64 = e.f64; bits = new Int32Array(f.buffer); }
      load();
      // The step count, like the values, is committed when the epoch ends or fails: an epoch cut off mid-way (a cell
      // interrupted, where no finally runs) leaves the model and optimizer as they were before it, consistent.
      t = adamOpt.t;
      let total = 0, steps = 0, failed = false;
      setGemmHot(true);
      try {
        for (let from = 0; from < n; from += batch) {
          const to = Math.min(n, from + batch);
          total += step(idx, from, to) * (to - from);
          steps++;
        }
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        setGemmHot(false);
        // The graph path clears the gradients at the start of a step, so a failed step leaves none.
        store(steps > 0 && !failed);
        adamOpt.t = t;
      }
      return total;
    },
  };
}

function classOf(o: unknown): unknown { return (o as object | null)?.constructor; }

/** The layers' parameters in order: each weight, then its bias when it has one. */
function paramsOf(lins: readonly Linear[]): Parameter[] {
  return lins.flatMap((l) => (l.bias ? [l.weight, l.bias] : [l.weight]));
}
