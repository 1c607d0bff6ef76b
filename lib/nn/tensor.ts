/**
 * `nn`'s tensor: float32 values in a row-major Float32Array, a shape, and — when it takes part in a gradient —
 * the step of the computation that made it, so `loss.backward()` can walk the graph back to the parameters
 * (reverse-mode automatic differentiation, as in PyTorch's autograd). Layers and losses are fused ops with
 * hand-written gradients (see ops.ts and losses.ts), which keeps a training step to a few array passes.
 */
import { NDArray } from "../array/ndarray";
import { displaySymbol, MimeBundle } from "../display";
import { InputTypeError, ShapeError, TypelearnError } from "../errors";
import { tensorBundle } from "./tf_display";
import type { TfTensor } from "./tf_types";

/** What a tensor's values mean: float32 numbers, integer class labels, or booleans (stored as 0/1). */
export type TensorDType = "float32" | "int64" | "bool";

/** One step of the graph: the inputs it read and how to pass a gradient back to them. */
export interface GradNode {
  parents: Tensor[];
  /** Given the gradient of the output, add each parent's gradient through `accumulate`. */
  backward(gradOut: Float32Array, accumulate: (parent: Tensor, grad: Float32Array) => void): void;
}

let gradEnabled = true;

/** True unless inside {@link noGrad}. */
export function isGradEnabled(): boolean { return gradEnabled; }

/**
 * Run `fn` without recording gradients (PyTorch's `with torch.no_grad():`) — for evaluation.
 * @param fn - the work
 * @returns what fn returns
 * @example
 * const testOut = torch.noGrad(() => model.forward(XTestT));
 */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Calling backward() on a tensor that does not need a gradient, or on a non-scalar. */
export class GradError extends TypelearnError {}

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A float32 tensor that can record how it was computed.
 * @example
 * const x = torch.tensor([[1, 2], [3, 4]]);
 * x.shape;        // [2, 2]
 * x.mean().item(); // 2.5
 */
export class Tensor {
  /** The values, row-major. */
  readonly data: Float32Array;
  /** The shape. */
  readonly shape: number[];
  /** What the values mean. */
  readonly dtype: TensorDType;
  /** Whether gradients flow into this tensor (true for parameters). */
  requiresGrad: boolean;
  /** @internal The step that produced this tensor (null for leaves and outside gradient mode). */
  gradNode: GradNode | null = null;
  /** @internal The accumulated gradient of a leaf. */
  gradData: Float32Array | null = null;

  /**
   * @param data - the values (kept, not copied)
   * @param shape - the shape; its product must equal data.length
   * @param options - requiresGrad, dtype
   */
  constructor(data: Float32Array, shape: readonly number[], options: { requiresGrad?: boolean; dtype?: TensorDType } = {}) {
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError("Tensor data", `${sizeOf(shape)} values for shape [${shape.join(", ")}]`, `${data.length} values`);
    }
    this.data = data;
    this.shape = [...shape];
    this.dtype = options.dtype ?? "float32";
    this.requiresGrad = options.requiresGrad ?? false;
  }

  /** Number of elements. */
  get size(): number { return this.data.length; }
  /** Number of dimensions. */
  get ndim(): number { return this.shape.length; }

  /** The gradient accumulated by backward() (null before, or after zeroGrad). */
  get grad(): Tensor | null { return this.gradData ? new Tensor(this.gradData, this.shape) : null; }
  set grad(g: Tensor | null) { this.gradData = g ? g.data.slice() : null; }

  /**
   * Compute the gradient of this scalar with respect to every tensor it depends on that requires one; leaves
   * accumulate into `.grad` (PyTorch's `loss.backward()`).
   * @example
   * const loss = criterion.forward(model.forward(x), y);
   * loss.backward();
   */
  backward(): void {
    if (!this.requiresGrad) {
      throw new GradError("backward(): this tensor does not require a gradient (was it computed inside noGrad, " +
        "or from tensors without parameters?)");
    }
    if (this.size !== 1) throw new ShapeError("backward()", "a scalar (one element) to start from", `shape [${this.shape.join(", ")}]`);
    const order = topoOrder(this);
    const grads = new Map<Tensor, Float32Array>([[this, Float32Array.of(1)]]);
    const accumulate = (p: Tensor, g: Float32Array): void => {
      if (!p.requiresGrad) return;
      const have = grads.get(p);
      if (!have) grads.set(p, g);
      else for (let i = 0; i < have.length; i++) have[i] += g[i];
    };
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      if (t.gradNode) t.gradNode.backward(g, accumulate);
      else if (t.gradData) for (let j = 0; j < g.length; j++) t.gradData[j] += g[j];
      else t.gradData = g === this.data ? g.slice() : g;
    }
  }

  /** The only value of a one-element tensor, as a number. @example loss.item(); // 0.0683 */
  item(): number {
    if (this.size !== 1) throw new ShapeError("item()", "a tensor with one element", `shape [${this.shape.join(", ")}]`);
    return this.data[0];
  }

  /** A tensor sharing these values, cut from the graph. @example const w = layer.weight.detach(); */
  detach(): Tensor { return new Tensor(this.data, this.shape, { dtype: this.dtype }); }

  /** A copy with its own values (not part of the graph). */
  clone(): Tensor { return new Tensor(this.data.slice(), this.shape, { dtype: this.dtype }); }

  /** The values as a float64 NDArray (int32 for int64 tensors, bool for bool). @example out.numpy().mean(); */
  numpy(): NDArray {
    if (this.dtype === "int64") return new NDArray(Int32Array.from(this.data), this.shape, "int32");
    if (this.dtype === "bool") return new NDArray(Uint8Array.from(this.data), this.shape, "bool");
    return new NDArray(Float64Array.from(this.data), this.shape, "float64");
  }

  /** The values as nested JavaScript arrays. @example torch.tensor([[1, 2]]).toArray(); // [[1, 2]] */
  toArray(): number | unknown[] {
    const build = (dim: number, at: number): number | unknown[] => {
      if (dim === this.shape.length) return this.data[at];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, at + i * stride));
    };
    return build(0, 0);
  }

  /** The tensor's values in one tf.Tensor (loads tfjs). @example const t = out.toTf(); */
  toTf(): TfTensor {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tf = (require("./backend") as typeof import("./backend")).tfjs();
    return tf.tensor(this.data.slice(), this.shape, this.dtype === "float32" ? "float32" : this.dtype === "bool" ? "bool" : "int32");
  }

  /** PyTorch-style repr plus an HTML table. */
  [displaySymbol](): MimeBundle {
    const extra = this.requiresGrad ? ", requiresGrad" : "";
    return tensorBundle("Tensor", this.data, this.shape, this.dtype, extra);
  }

  /** console.log shows the same text. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this[displaySymbol]()["text/plain"]; }
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: Array<[Tensor, number]> = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const parents = top[0].gradNode?.parents ?? [];
    if (top[1] < parents.length) {
      const p = parents[top[1]++];
      if (!seen.has(p) && p.requiresGrad) { seen.add(p); stack.push([p, 0]); }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order;
}

/** A trainable tensor: a module's weight or bias. */
export class Parameter extends Tensor {
  constructor(data: Float32Array, shape: readonly number[]) { super(data, shape, { requiresGrad: true }); }
}

/** What `torch.tensor` and every layer accept: a Tensor, an NDArray, nested numbers, or a tf.Tensor. */
export type TensorLike = Tensor | NDArray | number | readonly number[] | readonly (readonly number[])[] | { dataSync(): ArrayLike<number>; shape: number[] };

/**
 * Make a tensor from data (values copied to float32; a Tensor is returned as is).
 * @param x - Tensor, NDArray, nested numbers, or a tf.Tensor
 * @param options - dtype: "int64" for class labels
 * @example
 * const XTrainT = torch.tensor(XTrainScaled);
 */
export function tensor(x: TensorLike, options: { dtype?: TensorDType; requiresGrad?: boolean } = {}): Tensor {
  if (x instanceof Tensor) return x;
  let data: Float32Array, shape: number[];
  if (x instanceof NDArray) {
    data = Float32Array.from(x.data as ArrayLike<number>);
    shape = [...x.shape];
  } else if (typeof x === "number") {
    data = Float32Array.of(x);
    shape = [];
  } else if (Array.isArray(x)) {
    ({ data, shape } = fromNested(x));
  } else if (x && typeof (x as { dataSync?: unknown }).dataSync === "function") {
    const t = x as { dataSync(): ArrayLike<number>; shape: number[] };
    data = Float32Array.from(t.dataSync());
    shape = [...t.shape];
  } else if (ArrayBuffer.isView(x)) {
    data = Float32Array.from(x as unknown as ArrayLike<number>);
    shape = [data.length];
  } else {
    throw new InputTypeError("tensor(x)", "a Tensor, NDArray, nested array of numbers or tf.Tensor", x);
  }
  return new Tensor(data, shape, options);
}

function fromNested(x: readonly unknown[]): { data: Float32Array; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0]; }
  const data = new Float32Array(sizeOf(shape));
  let at = 0;
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") throw new InputTypeError("tensor(x) element", "a number", v);
      data[at++] = Number(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new ShapeError("tensor(x)", `a regular nested array of shape [${shape.join(", ")}]`, "a ragged array");
    }
    for (const e of v) walk(e, dim + 1);
  };
  walk(x, 0);
  return { data, shape };
}
