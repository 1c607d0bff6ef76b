/**
 * The differentiable ops of `nn`, each one pass over the values with its gradient written by hand: the fused
 * linear layer (x·Wᵀ + b, with explicit transposes so both backward products are plain ones), activations,
 * dropout, shape changes and reductions. Also added as Tensor methods (`x.relu()`, `x.squeeze()`, `x.mean()` …).
 */
import { ShapeError, OptionError } from "../errors";
import { gemm32 } from "./gemm";
import { dropoutMask } from "./random";
import { biasAddRows, biasGradRows, biasReluRows } from "./row_kernels";
import { GradNode, isGradEnabled, sizeOf, Tensor, tensor, TensorLike } from "./tensor";

/** Attach a graph step to `out` when gradients are on and some input needs one. */
export function record(out: Tensor, parents: Tensor[], backward: GradNode["backward"]): Tensor {
  if (isGradEnabled() && parents.some((p) => p.requiresGrad)) {
    out.requiresGrad = true;
    out.gradNode = { parents, backward };
  }
  return out;
}

/**
 * y = x·Wᵀ + b (PyTorch's `F.linear`), for x of shape [n, in] or [in].
 * @param x - input
 * @param weight - [out, in]
 * @param bias - [out] or null
 * @param activation - "relu" to fuse max(·, 0) into the same pass (what Sequential does for Linear → ReLU)
 * @example
 * linear(x, layer.weight, layer.bias);
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null, activation: "relu" | null = null): Tensor {
  const [nOut, nIn] = weight.shape;
  const lastDim = x.shape[x.shape.length - 1];
  if (x.ndim < 1 || x.ndim > 2 || lastDim !== nIn) {
    throw new ShapeError("Linear input", `shape [n, ${nIn}] (${nIn} features per row)`, `shape [${x.shape.join(", ")}]`);
  }
  const m = x.ndim === 2 ? x.shape[0] : 1;
  const y = gemm32(x.data, weight.data, m, nIn, nOut, { transB: true });
  const b = bias ? bias.data : new Float32Array(nOut);
  if (activation === "relu") biasReluRows(y, 0, nOut, b, m, nOut, null);
  else if (bias) biasAddRows(y, 0, nOut, bias.data, m, nOut);
  const out = new Tensor(y, x.ndim === 2 ? [m, nOut] : [nOut]);
  const parents = bias ? [x, weight, bias] : [x, weight];
  return record(out, parents, (gOut, acc) => {
    const g = activation === "relu" ? reluMaskGrad(y, gOut) : gOut;
    if (x.requiresGrad) acc(x, gemm32(g, weight.data, m, nOut, nIn));
    if (weight.requiresGrad) acc(weight, gemm32(g, x.data, nOut, m, nIn, { transA: true }));
    if (bias && bias.requiresGrad) acc(bias, biasGradRows(g, 0, nOut, m, nOut));
  });
}

/** max(x, 0) elementwise. @example relu(x); */
export function relu(x: Tensor): Tensor {
  const d = x.data, y = new Float32Array(d.length);
  // (v + |v|) / 2 rather than v > 0 ? v : 0: signs of activations are coin flips, and a branch on them mispredicts.
  for (let i = 0; i < d.length; i++) { const v = d[i]; y[i] = (v + Math.abs(v)) * 0.5; }
  return record(new Tensor(y, x.shape), [x], (g, acc) => acc(x, reluMaskGrad(y, g)));
}

/**
 * g where the ReLU output y is positive, 0 where it is zero, without a branch: y ≥ 0 and is never −0 here, so
 * its bit pattern is non-zero exactly when y > 0, and (b | −b) >>> 31 turns that into 1 or 0.
 */
function reluMaskGrad(y: Float32Array, g: Float32Array): Float32Array {
  const bits = new Int32Array(y.buffer, y.byteOffset, y.length);
  const out = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) { const b = bits[i]; out[i] = g[i] * ((b | -b) >>> 31); }
  return out;
}

/** 1 / (1 + e^−x) elementwise. @example sigmoid(logits); */
export function sigmoid(x: Tensor): Tensor {
  const d = x.data, y = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) y[i] = 1 / (1 + Math.exp(-d[i]));
  return record(new Tensor(y, x.shape), [x], (g, acc) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * y[i] * (1 - y[i]);
    acc(x, gx);
  });
}

/** tanh elementwise. @example tanh(x); */
export function tanh(x: Tensor): Tensor {
  const d = x.data, y = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) y[i] = Math.tanh(d[i]);
  return record(new Tensor(y, x.shape), [x], (g, acc) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * (1 - y[i] * y[i]);
    acc(x, gx);
  });
}

/**
 * Inverted dropout: in training, zero each element with probability p and scale the rest by 1/(1−p); otherwise
 * return x unchanged.
 * @example
 * dropout(h, 0.3, model.training);
 */
export function dropout(x: Tensor, p: number, training: boolean): Tensor {
  if (!(p >= 0 && p <= 1)) throw new OptionError("dropout p", "a probability in [0, 1]", p);
  if (!training || p === 0) return x;
  const d = x.data, n = d.length;
  const mask = dropoutMask(n, p, p === 1 ? 0 : 1 / (1 - p));
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = d[i] * mask[i];
  return record(new Tensor(y, x.shape), [x], (g, acc) => {
    const gx = new Float32Array(n);
    for (let i = 0; i < n; i++) gx[i] = g[i] * mask[i];
    acc(x, gx);
  });
}

/**
 * Softmax along `dim` (PyTorch's `torch.softmax(x, dim)`): exp(x − max) / Σ exp(x − max) over that axis, for a
 * tensor of any rank. The max is subtracted so large scores do not overflow, and the difference is rounded to
 * float32 as PyTorch and ONNX Runtime compute it (for a score 40 below the max that rounding alone moves the result
 * by ~2e-6 relative); exp and the slice's sum are then taken in double precision and rounded once. The gradient is y ⊙ (g − Σ g ⊙ y) along the same axis.
 * @param x - scores
 * @param dim - the axis to normalise (negative counts from the end)
 * @example
 * softmax(logits, 1); // each row sums to 1
 */
export function softmax(x: Tensor, dim: number): Tensor {
  const k = Number.isInteger(dim) ? (dim < 0 ? dim + x.ndim : dim) : NaN;
  if (!(k >= 0 && k < Math.max(1, x.ndim))) {
    throw new OptionError("softmax dim", `an integer axis in [${-Math.max(1, x.ndim)}, ${Math.max(1, x.ndim)})`, dim);
  }
  // [outer, n, inner] view: the axis has n values spaced `inner` apart
  const n = x.ndim === 0 ? 1 : x.shape[k];
  const inner = x.ndim === 0 ? 1 : sizeOf(x.shape.slice(k + 1));
  const outer = n * inner === 0 ? 0 : x.size / (n * inner);
  const d = x.data, y = new Float32Array(x.size);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < inner; r++) {
      const base = o * n * inner + r;
      let max = -Infinity;
      for (let j = 0; j < n; j++) { const v = d[base + j * inner]; if (v > max) max = v; }
      let total = 0;
      for (let j = 0; j < n; j++) total += Math.exp(Math.fround(d[base + j * inner] - max));
      for (let j = 0; j < n; j++) y[base + j * inner] = Math.exp(Math.fround(d[base + j * inner] - max)) / total;
    }
  }
  return record(new Tensor(y, x.shape), [x], (g, acc) => {
    const gx = new Float32Array(y.length);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < inner; r++) {
        const base = o * n * inner + r;
        let dot = 0;
        for (let j = 0; j < n; j++) dot += g[base + j * inner] * y[base + j * inner];
        for (let j = 0; j < n; j++) { const i = base + j * inner; gx[i] = y[i] * (g[i] - dot); }
      }
    }
    acc(x, gx);
  });
}

/** The same values under another shape (one dimension may be −1). @example x.reshape(-1, 1); */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1);
  const fill = shape.length - known.length;
  const s = [...shape];
  if (fill > 1) throw new ShapeError("reshape", "at most one -1", `[${shape.join(", ")}]`);
  if (fill === 1) s[s.indexOf(-1)] = x.size / Math.max(1, sizeOf(known));
  if (sizeOf(s) !== x.size || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError("reshape", `a shape with ${x.size} elements`, `[${shape.join(", ")}]`);
  }
  return record(new Tensor(x.data, s, { dtype: x.dtype }), [x], (g, acc) => acc(x, g));
}

/** Drop dimensions of size 1 (all, or only `dim`). @example model.forward(x).squeeze(); // [n, 1] → [n] */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const k = dim < 0 ? dim + x.ndim : dim;
  if (x.shape[k] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== k));
}

/** Insert a dimension of size 1 at `dim`. @example y.unsqueeze(1); // [n] → [n, 1] */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const k = dim < 0 ? dim + x.ndim + 1 : dim;
  const s = [...x.shape];
  s.splice(k, 0, 1);
  return reshape(x, s);
}

/** The mean of all elements, as a scalar tensor. @example loss.mean(); */
export function mean(x: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  const n = x.size;
  return record(new Tensor(Float32Array.of(s / n), []), [x], (g, acc) => acc(x, new Float32Array(n).fill(g[0] / n)));
}

/** The sum of all elements, as a scalar tensor. @example x.sum(); */
export function sum(x: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  const n = x.size;
  return record(new Tensor(Float32Array.of(s), []), [x], (g, acc) => acc(x, new Float32Array(n).fill(g[0])));
}

type Operand = Tensor | number;

function binary(a: Tensor, b: Operand, name: string, f: (u: number, v: number) => number,
  grads?: (u: number, v: number, g: number) => [number, number]): Tensor {
  const bt = typeof b === "number" ? null : b;
  if (bt && bt.size !== a.size && bt.size !== 1) {
    throw new ShapeError(name, `operands of the same shape [${a.shape.join(", ")}] (or a scalar)`, `shape [${bt.shape.join(", ")}]`);
  }
  const n = a.size, y = new Float32Array(n);
  const bv = (i: number): number => (bt ? (bt.size === 1 ? bt.data[0] : bt.data[i]) : (b as number));
  for (let i = 0; i < n; i++) y[i] = f(a.data[i], bv(i));
  const out = new Tensor(y, a.shape);
  if (!grads) return out;
  return record(out, bt ? [a, bt] : [a], (g, acc) => {
    const ga = new Float32Array(n), gb = new Float32Array(bt ? bt.size : 0);
    for (let i = 0; i < n; i++) {
      const [da, db] = grads(a.data[i], bv(i), g[i]);
      ga[i] = da;
      if (bt) { if (bt.size === 1) gb[0] += db; else gb[i] = db; }
    }
    acc(a, ga);
    if (bt) acc(bt, gb);
  });
}

/** Elementwise a + b (b a tensor of the same shape or a number). @example x.add(1); */
export function add(a: Tensor, b: Operand): Tensor { return binary(a, b, "add", (u, v) => u + v, (_u, _v, g) => [g, g]); }
/** Elementwise a − b. @example x.sub(y); */
export function sub(a: Tensor, b: Operand): Tensor { return binary(a, b, "sub", (u, v) => u - v, (_u, _v, g) => [g, -g]); }
/** Elementwise a · b. @example x.mul(2); */
export function mul(a: Tensor, b: Operand): Tensor { return binary(a, b, "mul", (u, v) => u * v, (u, v, g) => [g * v, g * u]); }
/** Elementwise a / b. @example x.div(2); */
export function div(a: Tensor, b: Operand): Tensor {
  return binary(a, b, "div", (u, v) => u / v, (u, v, g) => [g / v, -g * u / (v * v)]);
}

function compare(a: Tensor, b: Operand | TensorLike, name: string, f: (u: number, v: number) => boolean): Tensor {
  const bt = typeof b === "number" || b instanceof Tensor ? b : tensor(b);
  const out = binary(a, bt, name, (u, v) => (f(u, v) ? 1 : 0));
  return new Tensor(out.data, out.shape, { dtype: "bool" });
}

/** a ≥ b elementwise (a bool tensor). @example (out.ge(0.5)); */
export function ge(a: Tensor, b: Operand): Tensor { return compare(a, b, "ge", (u, v) => u >= v); }
/** a > b elementwise. */
export function gt(a: Tensor, b: Operand): Tensor { return compare(a, b, "gt", (u, v) => u > v); }
/** a ≤ b elementwise. */
export function le(a: Tensor, b: Operand): Tensor { return compare(a, b, "le", (u, v) => u <= v); }
/** a < b elementwise. */
export function lt(a: Tensor, b: Operand): Tensor { return compare(a, b, "lt", (u, v) => u < v); }
/** a = b elementwise (b may be any tensor-like data). @example preds.eq(yTestT).float().mean(); */
export function eq(a: Tensor, b: Operand | TensorLike): Tensor { return compare(a, b, "eq", (u, v) => u === v); }

/** The index of the largest value along the last axis of a 2-D tensor (int64). @example logits.argmax(1); */
export function argmax(x: Tensor, dim = -1): Tensor {
  const k = dim < 0 ? dim + x.ndim : dim;
  if (x.ndim !== 2 || k !== 1) throw new ShapeError("argmax", "a 2-D tensor and dim 1", `shape [${x.shape.join(", ")}], dim ${dim}`);
  const [m, n] = x.shape, out = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (x.data[i * n + j] > x.data[i * n + best]) best = j;
    out[i] = best;
  }
  return new Tensor(out, [m], { dtype: "int64" });
}

// ---- the same ops as methods ----
declare module "./tensor" {
  interface Tensor {
    /** max(x, 0). */ relu(): Tensor;
    /** The logistic sigmoid. */ sigmoid(): Tensor;
    /** tanh. */ tanh(): Tensor;
    /** Softmax along `dim`. */ softmax(dim: number): Tensor;
    /** Reshape (one −1 allowed). */ reshape(...shape: number[]): Tensor;
    /** Alias of reshape (PyTorch's view). */ view(...shape: number[]): Tensor;
    /** Drop size-1 dimensions. */ squeeze(dim?: number): Tensor;
    /** Insert a size-1 dimension. */ unsqueeze(dim: number): Tensor;
    /** Mean of all elements. */ mean(): Tensor;
    /** Sum of all elements. */ sum(): Tensor;
    /** Elementwise +. */ add(b: Tensor | number): Tensor;
    /** Elementwise −. */ sub(b: Tensor | number): Tensor;
    /** Elementwise ·. */ mul(b: Tensor | number): Tensor;
    /** Elementwise /. */ div(b: Tensor | number): Tensor;
    /** ≥ (bool). */ ge(b: Tensor | number): Tensor;
    /** > (bool). */ gt(b: Tensor | number): Tensor;
    /** ≤ (bool). */ le(b: Tensor | number): Tensor;
    /** < (bool). */ lt(b: Tensor | number): Tensor;
    /** = (bool). */ eq(b: Tensor | number | TensorLike): Tensor;
    /** Index of the largest value per row. */ argmax(dim?: number): Tensor;
    /** The values as float32 (bool and int64 tensors become 0/1 or the integers). */ float(): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  relu(this: Tensor) { return relu(this); },
  sigmoid(this: Tensor) { return sigmoid(this); },
  tanh(this: Tensor) { return tanh(this); },
  softmax(this: Tensor, dim: number) { return softmax(this, dim); },
  reshape(this: Tensor, ...shape: number[]) { return reshape(this, shape.flat()); },
  view(this: Tensor, ...shape: number[]) { return reshape(this, shape.flat()); },
  squeeze(this: Tensor, dim?: number) { return squeeze(this, dim); },
  unsqueeze(this: Tensor, dim: number) { return unsqueeze(this, dim); },
  mean(this: Tensor) { return mean(this); },
  sum(this: Tensor) { return sum(this); },
  add(this: Tensor, b: Operand) { return add(this, b); },
  sub(this: Tensor, b: Operand) { return sub(this, b); },
  mul(this: Tensor, b: Operand) { return mul(this, b); },
  div(this: Tensor, b: Operand) { return div(this, b); },
  ge(this: Tensor, b: Operand) { return ge(this, b); },
  gt(this: Tensor, b: Operand) { return gt(this, b); },
  le(this: Tensor, b: Operand) { return le(this, b); },
  lt(this: Tensor, b: Operand) { return lt(this, b); },
  eq(this: Tensor, b: Operand | TensorLike) { return eq(this, b); },
  argmax(this: Tensor, dim?: number) { return argmax(this, dim); },
  float(this: Tensor) { return this.dtype === "float32" ? this : new Tensor(this.data, this.shape); },
});
