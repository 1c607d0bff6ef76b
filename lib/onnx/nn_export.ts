/**
 * nn nets (Sequential and its layers) as float32 ONNX graphs, the precision the nets compute in: Linear as Gemm
 * (transB, PyTorch's weight layout), ReLU / Sigmoid / Tanh / Softmax as their operators; Dropout is the identity
 * at inference and is left out.
 */
import { Graph } from "./graph";
import { OnnxExportError } from "./errors";

interface ModuleLike {
  constructor: { name: string };
  namedChildren(): Array<[string, ModuleLike]>;
}

interface LinearLike extends ModuleLike {
  inFeatures: number;
  outFeatures: number;
  weight: { data: Float32Array; shape: readonly number[] };
  bias: { data: Float32Array } | null;
}

/** The input width of a net: the first Linear's inFeatures. */
export function netInputWidth(m: ModuleLike): number | null {
  if (m.constructor.name === "Linear") return (m as LinearLike).inFeatures;
  for (const [, c] of m.namedChildren()) {
    const w = netInputWidth(c);
    if (w !== null) return w;
  }
  return null;
}

/**
 * Write module `m` applied to float value `x`; returns the output name and its width (null when unchanged).
 * @param g - the graph
 * @param x - float input value
 * @param m - the module
 * @param width - the input width
 */
export function exportModule(g: Graph, x: string, m: ModuleLike, width: number): { name: string; width: number } {
  switch (m.constructor.name) {
    case "Sequential": {
      let h = { name: x, width };
      for (const [, c] of m.namedChildren()) h = exportModule(g, h.name, c, h.width);
      return h;
    }
    case "Linear": {
      const l = m as LinearLike;
      const W = g.constant("weight", { elem: "float", dims: [l.outFeatures, l.inFeatures], data: l.weight.data });
      const ins = [x, W];
      if (l.bias) ins.push(g.constant("bias", { elem: "float", dims: [l.outFeatures], data: l.bias.data }));
      return { name: g.op1("Gemm", ins, { transB: { i: 1 } }), width: l.outFeatures };
    }
    case "ReLU": return { name: g.op1("Relu", [x]), width };
    case "Sigmoid": return { name: g.op1("Sigmoid", [x]), width };
    case "Tanh": return { name: g.op1("Tanh", [x]), width };
    case "Softmax": {
      const dim = (m as unknown as { dim?: number }).dim ?? -1;
      return { name: g.op1("Softmax", [x], { axis: { i: dim } }), width };
    }
    case "Dropout": return { name: x, width };
    default: {
      // A custom Module wrapping one child (the guide's `network` pattern) is exported as that child: its forward
      // may only reshape (e.g. squeeze) the child's output. Anything richer cannot be read without running it.
      const children = m.namedChildren();
      if (children.length === 1) return exportModule(g, x, children[0][1], width);
      throw new OnnxExportError(m.constructor.name, "no ONNX exporter for this nn layer (Linear, ReLU, Sigmoid, Tanh, Softmax, Dropout, Sequential and a Module wrapping one of them are exported)");
    }
  }
}
