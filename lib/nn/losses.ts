/**
 * Loss functions with PyTorch's semantics and defaults (mean reduction): BCELoss on probabilities,
 * CrossEntropyLoss on raw scores with integer class targets, MSELoss. Each is one fused op: the value and the
 * gradient with respect to the input are computed in one pass each.
 */
import { OptionError, ShapeError } from "../errors";
import { crossEntropyGradRows, crossEntropyRows } from "./row_kernels";
import { isGradEnabled, Tensor, tensor, TensorLike } from "./tensor";

/** How per-element losses are combined. */
export type Reduction = "mean" | "sum";

function checkReduction(r: unknown): Reduction {
  if (r !== "mean" && r !== "sum") throw new OptionError("reduction", '"mean" or "sum"', r);
  return r;
}

function scalarLoss(value: number, input: Tensor, grad: () => Float32Array): Tensor {
  const out = new Tensor(Float32Array.of(value), []);
  if (isGradEnabled() && input.requiresGrad) {
    out.requiresGrad = true;
    out.gradNode = {
      parents: [input],
      backward: (g, acc) => {
        const gi = grad();
        if (g[0] !== 1) for (let i = 0; i < gi.length; i++) gi[i] *= g[0];
        acc(input, gi);
      },
    };
  }
  return out;
}

function sameSize(input: Tensor, target: Tensor, what: string): void {
  if (input.size !== target.size) {
    throw new ShapeError(`${what} target`, `${input.size} values, the size of the input [${input.shape.join(", ")}]`,
      `shape [${target.shape.join(", ")}]`);
  }
}

/** Base of the losses: options and the PyTorch-style call. */
abstract class Loss {
  readonly reduction: Reduction;
  constructor(options: { reduction?: Reduction } = {}) { this.reduction = checkReduction(options.reduction ?? "mean"); }
  /** The loss of `input` against `target`, a scalar tensor. */
  abstract forward(input: Tensor, target: TensorLike): Tensor;
  /** Alias of forward (PyTorch's `criterion(outputs, y)`). */
  call(input: Tensor, target: TensorLike): Tensor { return this.forward(input, target); }
  toString(): string { return `${this.constructor.name}()`; }
}

/**
 * Binary cross-entropy of probabilities p against targets y in [0, 1]: −[y·log p + (1−y)·log(1−p)], with each log
 * clamped at −100 as PyTorch does.
 * @example
 * const criterion = new nn.BCELoss();
 * const loss = criterion.forward(outputs, yTrainT);
 */
export class BCELoss extends Loss {
  forward(input: Tensor, target: TensorLike): Tensor {
    const y = tensor(target);
    sameSize(input, y, "BCELoss");
    const p = input.data, t = y.data, n = p.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) throw new OptionError("BCELoss input", "probabilities in [0, 1] (apply a Sigmoid)", p[i]);
      s -= t[i] * Math.max(Math.log(p[i]), -100) + (1 - t[i]) * Math.max(Math.log(1 - p[i]), -100);
    }
    const scale = this.reduction === "mean" ? 1 / n : 1;
    return scalarLoss(s * scale, input, () => {
      const g = new Float32Array(n);
      for (let i = 0; i < n; i++) g[i] = scale * (p[i] - t[i]) / Math.max(p[i] * (1 - p[i]), 1e-12);
      return g;
    });
  }
}

/**
 * Cross-entropy of raw scores [n, classes] against integer class indices [n]: log Σ exp(x) − x[target]
 * (softmax and negative log-likelihood in one step, stable for large scores).
 * @example
 * const loss = new nn.CrossEntropyLoss().forward(logits, torch.tensor(labels, { dtype: "int64" }));
 */
export class CrossEntropyLoss extends Loss {
  forward(input: Tensor, target: TensorLike): Tensor {
    const y = tensor(target);
    if (input.ndim !== 2) throw new ShapeError("CrossEntropyLoss input", "scores of shape [n, classes]", `shape [${input.shape.join(", ")}]`);
    const [n, c] = input.shape;
    if (y.size !== n) throw new ShapeError("CrossEntropyLoss target", `${n} class indices`, `shape [${y.shape.join(", ")}]`);
    const probs = new Float32Array(n * c);
    const s = crossEntropyRows(input.data, 0, c, n, c, y.data, 0, probs, 0, c);
    const scale = this.reduction === "mean" ? 1 / n : 1;
    return scalarLoss(s * scale, input, () => {
      const g = new Float32Array(n * c);
      crossEntropyGradRows(probs, 0, c, n, c, y.data, 0, scale, g, 0, c);
      return g;
    });
  }
}

/**
 * Mean squared error (x − y)².
 * @example
 * const loss = new nn.MSELoss().forward(pred, yT);
 */
export class MSELoss extends Loss {
  forward(input: Tensor, target: TensorLike): Tensor {
    const y = tensor(target);
    sameSize(input, y, "MSELoss");
    const x = input.data, t = y.data, n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] - t[i]) ** 2;
    const scale = this.reduction === "mean" ? 1 / n : 1;
    return scalarLoss(s * scale, input, () => {
      const g = new Float32Array(n);
      for (let i = 0; i < n; i++) g[i] = 2 * scale * (x[i] - t[i]);
      return g;
    });
  }
}
