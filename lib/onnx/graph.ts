/**
 * An ONNX graph under construction: nodes, constant initializers, typed inputs and outputs, serialized to a
 * ModelProto (IR 8, default-domain opset 17, ai.onnx.ml 3 — what ONNX 1.12's checker and ONNX Runtime both know).
 * Exporters only call node() and constant(); names are made unique here so chained graphs (Pipelines) never clash.
 */
import { ProtoWriter } from "./proto";

/** Tensor element types typelearn writes (TensorProto.DataType codes). */
export const ELEM = { float: 1, int32: 6, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type Elem = keyof typeof ELEM;

/** A node attribute, tagged with its protobuf kind. */
export type Attr =
  | { i: number } | { f: number } | { s: string } | { ints: ArrayLike<number> } | { floats: ArrayLike<number> }
  | { strings: string[] } | { t: TensorValue };

/** A constant tensor. */
export interface TensorValue {
  elem: Elem;
  dims: number[];
  data: ArrayLike<number> | string[];
}

/** The opset versions written. */
export interface Opsets {
  /** Default ("ai.onnx") domain opset (13–17; default 17). */
  opset: number;
  /** ai.onnx.ml opset (3). */
  mlOpset: number;
}

/** A dimension: a fixed size or a symbolic name such as "N". */
export type Dim = number | string;

/** A graph input or output: name, element type, shape. */
export interface ValueInfo {
  name: string;
  elem: Elem;
  dims: Dim[];
}

function tensorProto(name: string, t: TensorValue): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, ELEM[t.elem]);
  w.string(8, name);
  if (t.elem === "string") {
    for (const s of t.data as string[]) w.string(6, s);
  } else {
    const src = t.data as ArrayLike<number>;
    let raw: Uint8Array;
    if (t.elem === "double") raw = new Uint8Array(Float64Array.from(src).buffer);
    else if (t.elem === "float") raw = new Uint8Array(Float32Array.from(src).buffer);
    else if (t.elem === "int64") raw = new Uint8Array(BigInt64Array.from(Array.from(src, (v) => BigInt(v))).buffer);
    else if (t.elem === "int32") raw = new Uint8Array(Int32Array.from(src).buffer);
    else raw = Uint8Array.from(src);
    w.bytes(9, raw);
  }
  return w;
}

function attrProto(name: string, a: Attr): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ("i" in a) w.int(3, a.i).int(20, 2);
  else if ("f" in a) w.float(2, a.f).int(20, 1);
  else if ("s" in a) w.string(4, a.s).int(20, 3);
  else if ("t" in a) w.message(5, tensorProto("", a.t)).int(20, 4);
  else if ("floats" in a) w.packedFloats(7, a.floats).int(20, 6);
  else if ("ints" in a) w.packedInts(8, a.ints).int(20, 7);
  else { for (const s of a.strings) w.string(9, s); w.int(20, 8); }
  return w;
}

function valueInfoProto(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, typeof d === "number" ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, ELEM[v.elem]).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

/** An ONNX graph being built. */
export class Graph {
  private nodes: ProtoWriter[] = [];
  private inits: ProtoWriter[] = [];
  private names = new Set<string>();
  private counter = 0;
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  usesMl = false;

  constructor(readonly opsets: Opsets = { opset: 17, mlOpset: 3 }) {}

  /** A fresh value name starting with `hint`. */
  fresh(hint: string): string {
    let name = hint;
    while (this.names.has(name)) name = `${hint}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  /** Declare a graph input. */
  input(v: ValueInfo): string {
    this.names.add(v.name);
    this.inputs.push(v);
    return v.name;
  }

  /** Declare a graph output: `value` is renamed to `v.name` through an Identity node. */
  output(value: string, v: ValueInfo): void {
    this.names.add(v.name);
    this.op("Identity", [value], {}, { outputs: [v.name] });
    this.outputs.push(v);
  }

  /** A constant tensor (an initializer); returns its name. */
  constant(hint: string, t: TensorValue): string {
    const name = this.fresh(hint);
    this.inits.push(tensorProto(name, t));
    return name;
  }

  /** A double constant of the given dims. */
  doubles(hint: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    return this.constant(hint, { elem: "double", dims, data });
  }

  /** An int64 constant (e.g. axes, shapes). */
  int64s(hint: string, data: number[], dims: number[] = [data.length]): string {
    return this.constant(hint, { elem: "int64", dims, data });
  }

  /**
   * Add a node; returns its output names.
   * @param opType - operator, e.g. "MatMul"
   * @param inputs - input value names ("" for an omitted optional input)
   * @param attrs - attributes
   * @param options - domain ("" or "ai.onnx.ml") and the number or names of outputs
   */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, options: { domain?: string; outputs?: number | string[] } = {}): string[] {
    const outs = Array.isArray(options.outputs) ? options.outputs
      : Array.from({ length: options.outputs ?? 1 }, () => this.fresh(opType.toLowerCase()));
    const w = new ProtoWriter();
    for (const i of inputs) w.string(1, i);
    for (const o of outs) w.string(2, o);
    w.string(3, this.fresh(`${opType}_node`));
    w.string(4, opType);
    for (const [k, a] of Object.entries(attrs)) w.message(5, attrProto(k, a));
    if (options.domain) {
      w.string(7, options.domain);
      if (options.domain === "ai.onnx.ml") this.usesMl = true;
    }
    this.nodes.push(w);
    return outs;
  }

  /** One-output shorthand of op(). */
  op1(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, domain?: string): string {
    return this.op(opType, inputs, attrs, { domain })[0];
  }

  /**
   * Serialize as a ModelProto.
   * @param meta - metadata_props key/value pairs
   * @param producerVersion - typelearn's version
   */
  toModel(meta: Record<string, string>, producerVersion: string, graphName = "typelearn"): Uint8Array {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, graphName);
    for (const t of this.inits) g.message(5, t);
    for (const v of this.inputs) g.message(11, valueInfoProto(v));
    for (const v of this.outputs) g.message(12, valueInfoProto(v));
    const m = new ProtoWriter();
    m.int(1, 8);
    m.string(2, "typelearn");
    m.string(3, producerVersion);
    m.message(7, g);
    m.message(8, new ProtoWriter().string(1, "").int(2, this.opsets.opset));
    if (this.usesMl) m.message(8, new ProtoWriter().string(1, "ai.onnx.ml").int(2, this.opsets.mlOpset));
    for (const [k, v] of Object.entries(meta)) m.message(14, new ProtoWriter().string(1, k).string(2, v));
    return m.finish();
  }
}
