/**
 * PyTorch-shaped modules: a Module base (children and parameters found among its fields, as PyTorch's
 * `__setattr__` finds them; train()/eval(); stateDict()/loadStateDict(); a repr and a parameter table), and the
 * layers Linear, ReLU, Sigmoid, Tanh, Dropout and Sequential.
 */
import { displaySymbol, escapeHtml, MimeBundle } from "../display";
import { OptionError, ShapeError } from "../errors";
import { dropout, linear, relu, sigmoid, softmax, tanh } from "./ops";
import { denseRelu } from "./dense";
import { type LayerConfig, writeModelFiles } from "./model_file";
import { uniformFill } from "./random";
import { Parameter, Tensor, tensor, TensorLike } from "./tensor";

/** What loadStateDict reports (PyTorch's `_IncompatibleKeys`). */
export interface LoadResult { missingKeys: string[]; unexpectedKeys: string[] }

/**
 * Base class of every layer and network. A subclass keeps its layers and parameters in fields and implements
 * `forward`.
 * @example
 * class CancerClassifier extends nn.Module {
 *   network = new nn.Sequential(new nn.Linear(30, 1), new nn.Sigmoid());
 *   forward(x: TensorLike) { return this.network.forward(x).squeeze(); }
 * }
 */
export abstract class Module {
  /** True in training mode (dropout active), false after eval(). */
  training = true;

  /** Compute the output (PyTorch's `model(x)`). */
  abstract forward(x: TensorLike, ...rest: unknown[]): Tensor;

  /** Alias of forward, for code written as `model.call(x)`. @example model.call(x); */
  call(x: TensorLike, ...rest: unknown[]): Tensor { return this.forward(x, ...rest); }

  /** The direct sub-modules by field name, in definition order. */
  namedChildren(): Array<[string, Module]> {
    return Object.entries(this).filter(([, v]) => v instanceof Module) as Array<[string, Module]>;
  }

  /**
   * Every parameter with its dotted name (`network.0.weight`), own ones first, then each child's.
   * @example
   * model.namedParameters().map(([n, p]) => `${n}: [${p.shape}]`);
   */
  namedParameters(prefix = ""): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) out.push([prefix + k, v]);
    for (const [k, child] of this.namedChildren()) out.push(...child.namedParameters(`${prefix}${k}.`));
    return out;
  }

  /** Every parameter (what an optimizer updates). @example new optim.Adam(model.parameters(), { lr: 1e-3 }); */
  parameters(): Parameter[] { return this.namedParameters().map(([, p]) => p); }

  /** The number of trainable values. @example model.numParameters(); // 4097 */
  numParameters(): number { return this.parameters().reduce((s, p) => s + p.size, 0); }

  /** Set training mode (dropout on) here and in every child. Returns this. @example model.train(); */
  train(mode = true): this {
    this.training = mode;
    for (const [, c] of this.namedChildren()) c.train(mode);
    return this;
  }

  /** Set evaluation mode (dropout off). Returns this. @example model.eval(); */
  eval(): this { return this.train(false); }

  /**
   * Copies of the parameters by dotted name (PyTorch's `state_dict()`).
   * @example
   * Object.keys(model.stateDict()); // ["network.0.weight", "network.0.bias", …]
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, p] of this.namedParameters()) out[k] = p.clone();
    return out;
  }

  /**
   * Copy values into the parameters by name; shapes must match. With `strict` (default) every key must match too.
   * @param state - name → Tensor (or anything `torch.tensor` accepts)
   * @returns the missing and unexpected keys (empty when strict succeeded)
   * @example
   * loaded.loadStateDict(model.stateDict());
   */
  loadStateDict(state: Record<string, TensorLike>, options: { strict?: boolean } = {}): LoadResult {
    const own = new Map(this.namedParameters());
    const missingKeys = [...own.keys()].filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !own.has(k));
    if ((options.strict ?? true) && (missingKeys.length || unexpectedKeys.length)) {
      throw new OptionError(`${this.constructor.name}.loadStateDict keys`,
        `exactly [${[...own.keys()].join(", ")}]`,
        `missing [${missingKeys.join(", ")}], unexpected [${unexpectedKeys.join(", ")}]`);
    }
    for (const [k, p] of own) {
      if (!(k in state)) continue;
      const t = tensor(state[k]);
      if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
        throw new ShapeError(`loadStateDict "${k}"`, `shape [${p.shape.join(", ")}]`, `shape [${t.shape.join(", ")}]`);
      }
      p.data.set(t.data);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Save architecture and weights to a directory (see saveModel).
   * @example
   * await model.save("/tmp/cancer-net");
   */
  save(dir: string): Promise<void> {
    return writeModelFiles(this, moduleConfig(this), dir);
  }

  /** The arguments shown in the repr, e.g. `in_features=30, out_features=64, bias=True`. */
  extraRepr(): string { return ""; }

  /** PyTorch's module repr. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (!children.length) return head + ")";
    const lines = children.map(([k, c]) => `  (${k}): ${c.toString().split("\n").join("\n  ")}`);
    return `${head}\n${lines.join("\n")}\n)`;
  }

  /** The repr, and an HTML table of parameter names, shapes and counts. */
  [displaySymbol](): MimeBundle {
    // JupyterLab and the classic Notebook right-align every table cell: the name and shape columns say left.
    const left = 'style="text-align:left"';
    const rows = this.namedParameters().map(([k, p]) =>
      `<tr><td ${left}>${escapeHtml(k)}</td><td ${left}>[${p.shape.join(", ")}]</td><td style="text-align:right">${p.size.toLocaleString("en-US")}</td></tr>`);
    const total = this.numParameters();
    const html = `<pre>${escapeHtml(this.toString())}</pre><table class="typelearn-module"><thead><tr><th ${left}>parameter</th>` +
      `<th ${left}>shape</th><th>count</th></tr></thead><tbody>${rows.join("")}</tbody><tfoot><tr><td colspan="2" ${left}>total ` +
      `(${this.training ? "training" : "eval"} mode)</td><td style="text-align:right">${total.toLocaleString("en-US")}</td></tr></tfoot></table>`;
    return { "text/plain": `${this.toString()}\n${total} parameters`, "text/html": html };
  }

  /** console.log shows the repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

/**
 * A fully connected layer y = x·Wᵀ + b; W is [outFeatures, inFeatures] as in PyTorch, both initialised
 * U(−1/√in, 1/√in) (PyTorch's default: kaiming-uniform with a = √5 for W, the same bound for b).
 * @example
 * manualSeed(0);
 * const fc = new nn.Linear(30, 64);
 * fc.forward(torch.tensor(XTrainScaled)).shape; // [455, 64]
 */
export class Linear extends Module {
  /** [outFeatures, inFeatures]. */
  weight: Parameter;
  /** [outFeatures], or null without bias. */
  bias: Parameter | null;

  /**
   * @param inFeatures - size of each input row
   * @param outFeatures - size of each output row
   * @param options - bias (default true)
   */
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: { bias?: boolean } = {}) {
    super();
    for (const [n, v] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new OptionError(`Linear ${n}`, "a positive integer", v);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = new Parameter(uniformFill(new Float32Array(outFeatures * inFeatures), -bound, bound), [outFeatures, inFeatures]);
    this.bias = options.bias === false ? null : new Parameter(uniformFill(new Float32Array(outFeatures), -bound, bound), [outFeatures]);
  }

  forward(x: TensorLike): Tensor { return linear(tensor(x), this.weight, this.bias); }
  extraRepr(): string { return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`; }
}

/** max(x, 0). @example new nn.ReLU().forward(torch.tensor([-1, 2])); // [0, 2] */
export class ReLU extends Module {
  forward(x: TensorLike): Tensor { return relu(tensor(x)); }
}

/** The logistic function, mapping scores to probabilities. @example new nn.Sigmoid().forward(torch.tensor([0])); // [0.5] */
export class Sigmoid extends Module {
  forward(x: TensorLike): Tensor { return sigmoid(tensor(x)); }
}

/** tanh. @example new nn.Tanh().forward(torch.tensor([0])); // [0] */
export class Tanh extends Module {
  forward(x: TensorLike): Tensor { return tanh(tensor(x)); }
}

/**
 * Softmax along `dim` (PyTorch's `nn.Softmax(dim)`): turns each slice of scores along that axis into probabilities
 * that sum to 1. The axis is required, as PyTorch's implicit choice is deprecated; for a batch of rows use dim 1
 * (or −1). Exported to ONNX as its Softmax operator (axis = dim).
 * @example
 * const net = new nn.Sequential(new nn.Linear(4, 3), new nn.Softmax(1));
 * net.forward(torch.tensor([[1, 2, 3, 4]])).sum(); // 1
 */
export class Softmax extends Module {
  /** @param dim - the axis to normalise (negative counts from the end) */
  constructor(readonly dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new OptionError("Softmax dim", "an integer axis, e.g. new nn.Softmax(1) for rows", dim);
  }
  forward(x: TensorLike): Tensor { return softmax(tensor(x), this.dim); }
  extraRepr(): string { return `dim=${this.dim}`; }
}

/**
 * In training mode zeroes each value with probability p and scales the rest by 1/(1−p); in eval mode passes x
 * through.
 * @example
 * new nn.Dropout(0.3);
 */
export class Dropout extends Module {
  /** @param p - the probability of zeroing a value (default 0.5) */
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new OptionError("Dropout p", "a probability in [0, 1]", p);
  }
  forward(x: TensorLike): Tensor { return dropout(tensor(x), this.p, this.training); }
  extraRepr(): string { return `p=${this.p}, inplace=False`; }
}

/**
 * Modules applied one after the other; the children are named 0, 1, 2 … (so state keys read `0.weight`).
 * @example
 * const net = new nn.Sequential(new nn.Linear(30, 64), new nn.ReLU(), new nn.Linear(64, 1));
 * net[0]; // the first Linear
 */
export class Sequential extends Module {
  [index: number]: Module;
  /** @param modules - the layers in order */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new OptionError(`Sequential layer ${i}`, "an nn.Module", m);
      this[i] = m;
    });
  }
  /** The number of layers. */
  get length(): number { return this.namedChildren().length; }
  forward(x: TensorLike): Tensor {
    let h = tensor(x);
    const layers = this.namedChildren().map(([, m]) => m);
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i];
      // Linear → ReLU (→ Dropout) runs as one fused op: one pass over the output, one over its gradient.
      if (m.constructor === Linear && layers[i + 1]?.constructor === ReLU) {
        const l = m as Linear;
        const drop = layers[i + 2]?.constructor === Dropout ? layers[i + 2] as Dropout : null;
        h = denseRelu(h, l.weight, l.bias, drop && drop.training ? drop.p : 0);
        i += drop ? 2 : 1;
      } else {
        h = m.forward(h);
      }
    }
    return h;
  }
}

/**
 * The architecture of a network built from nn's layers, or null for a custom Module subclass.
 * @example
 * moduleConfig(new nn.Sequential(new nn.Linear(2, 1))); // { type: "Sequential", layers: [{ type: "Linear", … }] }
 */
export function moduleConfig(m: Module): LayerConfig | null {
  switch (m.constructor) {
    case Linear: { const l = m as Linear; return { type: "Linear", inFeatures: l.inFeatures, outFeatures: l.outFeatures, bias: !!l.bias }; }
    case ReLU: return { type: "ReLU" };
    case Sigmoid: return { type: "Sigmoid" };
    case Tanh: return { type: "Tanh" };
    case Dropout: return { type: "Dropout", p: (m as Dropout).p };
    case Softmax: return { type: "Softmax", dim: (m as Softmax).dim };
    case Sequential: {
      const layers = m.namedChildren().map(([, c]) => moduleConfig(c));
      return layers.every((l) => l !== null) ? { type: "Sequential", layers: layers as LayerConfig[] } : null;
    }
    default: return null;
  }
}
