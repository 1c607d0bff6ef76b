/**
 * Optimizers with PyTorch's update rules and defaults: Adam (bias-corrected moments, L2 `weightDecay` added to
 * the gradient) and SGD (momentum, dampening, Nesterov). They update the parameters' float32 values in place.
 */
import { OptionError } from "../errors";
import type { Parameter } from "./tensor";
import { wasmAdam, type AdamScalars, type WasmAdam } from "./wasm_adam";

function positive(name: string, v: number, allowZero = false): number {
  if (!(typeof v === "number" && (allowZero ? v >= 0 : v > 0) && Number.isFinite(v))) {
    throw new OptionError(name, allowZero ? "a non-negative number" : "a positive number", v);
  }
  return v;
}

/** Base of the optimizers: the parameters and zeroGrad. */
export abstract class Optimizer {
  /** The parameters updated by step(). */
  readonly params: Parameter[];
  /** The learning rate (may be changed between steps). */
  lr: number;
  constructor(params: Iterable<Parameter>, lr: number) {
    this.params = [...params];
    if (!this.params.length) throw new OptionError("optimizer params", "at least one parameter", this.params);
    this.lr = positive("lr", lr, true);
  }
  /** Clear every parameter's gradient (PyTorch's `optimizer.zero_grad()`). @example optimizer.zeroGrad(); */
  zeroGrad(): void { for (const p of this.params) p.gradData = null; }
  /** Update the parameters from their gradients. @example optimizer.step(); */
  abstract step(): void;
}

/** Options of {@link Adam}. */
export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number }

/**
 * Adam (Kingma & Ba): per-parameter steps from bias-corrected running means of the gradient and its square.
 * @example
 * const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
 */
export class Adam extends Optimizer {
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  /** Steps taken. */
  t = 0;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** The WebAssembly SIMD update (null: the JavaScript loop, where WebAssembly is unavailable). */
  private readonly kernel: WasmAdam | null;

  constructor(params: Iterable<Parameter>, options: AdamOptions = {}) {
    super(params, options.lr ?? 1e-3);
    this.betas = options.betas ?? [0.9, 0.999];
    for (const b of this.betas) if (!(b >= 0 && b < 1)) throw new OptionError("Adam betas", "two numbers in [0, 1)", this.betas);
    this.eps = positive("Adam eps", options.eps ?? 1e-8, true);
    this.weightDecay = positive("Adam weightDecay", options.weightDecay ?? 0, true);
    this.kernel = wasmAdam(this.params.map((p) => p.size));
    this.m = this.kernel ? this.kernel.m : this.params.map((p) => new Float32Array(p.size));
    this.v = this.kernel ? this.kernel.v : this.params.map((p) => new Float32Array(p.size));
  }

  step(): void {
    const s = this.stepScalars(++this.t);
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      const g = p.gradData;
      if (!g) continue;
      if (this.kernel && p.data.length === p.size) this.kernel.update(k, p.data, g, s);
      else adamJs(p.data, g, this.m[k], this.v[k], s);
    }
  }

  /** @internal The scalars of step number t (step() and resident training, resident.ts, share them). */
  stepScalars(t: number): AdamScalars {
    const [b1, b2] = this.betas;
    const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
    return { b1, b2, stepSize: this.lr / bc1, sqrtBc2: Math.sqrt(bc2), eps: this.eps, wd: this.weightDecay };
  }

  /** @internal The moments by parameter, and whether step() runs on the WebAssembly kernel (resident.ts). */
  moments(): { m: Float32Array[]; v: Float32Array[]; onKernel: boolean } {
    return { m: this.m, v: this.v, onKernel: this.kernel !== null };
  }
}

/**
 * One Adam update in JavaScript (the fallback of the WebAssembly kernel; same formula, in doubles).
 * @example
 * adamJs(w, g, m, v, { b1: 0.9, b2: 0.999, stepSize: 1e-3 / (1 - 0.9), sqrtBc2: Math.sqrt(1 - 0.999), eps: 1e-8, wd: 0 });
 */
export function adamJs(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
  const { b1, b2, stepSize, sqrtBc2, eps, wd } = s;
  const c1 = 1 - b1, c2 = 1 - b2, n = w.length;
  // A plain indexed loop with everything in locals: this runs over every parameter every step.
  for (let i = 0; i < n; i++) {
    const gi = wd === 0 ? g[i] : g[i] + wd * w[i];
    const mi = b1 * m[i] + c1 * gi, vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= stepSize * (mi / (Math.sqrt(vi) / sqrtBc2 + eps));
  }
}

/** Options of {@link SGD}. */
export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean }

/**
 * Stochastic gradient descent, optionally with momentum (PyTorch's formulation: the buffer starts as the first
 * gradient).
 * @example
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  private readonly buf: (Float32Array | null)[];

  constructor(params: Iterable<Parameter>, options: SGDOptions = {}) {
    super(params, options.lr ?? 1e-3);
    this.momentum = positive("SGD momentum", options.momentum ?? 0, true);
    this.dampening = positive("SGD dampening", options.dampening ?? 0, true);
    this.weightDecay = positive("SGD weightDecay", options.weightDecay ?? 0, true);
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new OptionError("SGD nesterov", "momentum > 0 and dampening 0", { momentum: this.momentum, dampening: this.dampening });
    }
    this.buf = this.params.map(() => null);
  }

  step(): void {
    const { momentum: mu, dampening: damp, weightDecay: wd, lr } = this;
    this.params.forEach((p, k) => {
      const g0 = p.gradData;
      if (!g0) return;
      const w = p.data;
      const g = wd ? g0.map((x, i) => x + wd * w[i]) : g0;
      let d: Float32Array = g;
      if (mu) {
        let b = this.buf[k];
        if (!b) b = this.buf[k] = g.slice();
        else for (let i = 0; i < b.length; i++) b[i] = mu * b[i] + (1 - damp) * g[i];
        d = this.nesterov ? g.map((x, i) => x + mu * b![i]) : b;
      }
      for (let i = 0; i < w.length; i++) w[i] -= lr * d[i];
    });
  }
}
