/**
 * Saving and loading networks without tfjs-node: a directory with `model.json` (format version, class name, the
 * architecture when the network is built from nn's own layers, and a table of tensors) and `weights.bin` (the
 * float32 values, little-endian, in table order). Loading rebuilds a Sequential-built network from the
 * architecture; a custom Module subclass is loaded into a fresh instance the caller passes, as PyTorch's
 * `load_state_dict` does. Loading runs no stored code.
 */
import * as fs from "fs";
import * as path from "path";
import { TypelearnError } from "../errors";
import { Dropout, Linear, Module, ReLU, Sequential, Sigmoid, Tanh } from "./modules";
import { Tensor } from "./tensor";

/** The format name written into model.json. */
export const MODEL_FORMAT = "typelearn.nn";
/** The format version this code writes and reads. */
export const MODEL_VERSION = 1;

/** A layer described as data. */
export type LayerConfig =
  | { type: "Linear"; inFeatures: number; outFeatures: number; bias: boolean }
  | { type: "ReLU" | "Sigmoid" | "Tanh" }
  | { type: "Dropout"; p: number }
  | { type: "Sequential"; layers: LayerConfig[] };

/** A saved model directory is missing, damaged, or does not fit the network it is loaded into. */
export class ModelFileError extends TypelearnError {}

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
    case Sequential: {
      const layers = m.namedChildren().map(([, c]) => moduleConfig(c));
      return layers.every((l) => l !== null) ? { type: "Sequential", layers: layers as LayerConfig[] } : null;
    }
    default: return null;
  }
}

/** Build the layers a config describes (weights are then overwritten by the saved ones). */
export function buildModule(c: LayerConfig): Module {
  switch (c?.type) {
    case "Linear": return new Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
    case "ReLU": return new ReLU();
    case "Sigmoid": return new Sigmoid();
    case "Tanh": return new Tanh();
    case "Dropout": return new Dropout(c.p);
    case "Sequential": return new Sequential(...c.layers.map(buildModule));
    default: throw new ModelFileError(`model.json: unknown layer ${JSON.stringify(c)}`);
  }
}

interface ModelJson {
  format: string; version: number; className: string; architecture: LayerConfig | null;
  tensors: Array<{ name: string; shape: number[]; dtype: "float32"; offset: number; length: number }>;
}

/**
 * Write a network's architecture (when it has one) and weights to `dir` (created if needed).
 * @param model - the network
 * @param dir - target directory
 * @example
 * await saveModel(model, "/tmp/cancer-net");
 */
export async function saveModel(model: Module, dir: string): Promise<void> {
  const params = model.namedParameters();
  let offset = 0;
  const tensors = params.map(([name, p]) => {
    const e = { name, shape: [...p.shape], dtype: "float32" as const, offset, length: p.size };
    offset += p.size;
    return e;
  });
  const all = new Float32Array(offset);
  params.forEach(([, p], i) => all.set(p.data, tensors[i].offset));
  const bytes = Buffer.alloc(all.length * 4);
  for (let i = 0; i < all.length; i++) bytes.writeFloatLE(all[i], i * 4);
  const json: ModelJson = { format: MODEL_FORMAT, version: MODEL_VERSION, className: model.constructor.name,
    architecture: moduleConfig(model), tensors };
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.writeFile(path.join(dir, "weights.bin"), bytes);
  await fs.promises.writeFile(path.join(dir, "model.json"), JSON.stringify(json, null, 1) + "\n");
}

/**
 * Read the weights saved in `dir` as a state dict (name → Tensor).
 * @example
 * net.loadStateDict(await loadStateDict("/tmp/cancer-net"));
 */
export async function loadStateDict(dir: string): Promise<Record<string, Tensor>> {
  return (await readModel(dir)).state;
}

async function readModel(dir: string): Promise<{ json: ModelJson; state: Record<string, Tensor> }> {
  let json: ModelJson, bytes: Buffer;
  try {
    json = JSON.parse(await fs.promises.readFile(path.join(dir, "model.json"), "utf8")) as ModelJson;
    bytes = await fs.promises.readFile(path.join(dir, "weights.bin"));
  } catch (e) {
    throw new ModelFileError(`${dir}: expected a saved model (model.json and weights.bin): ${(e as Error).message}`);
  }
  if (json.format !== MODEL_FORMAT || json.version !== MODEL_VERSION) {
    throw new ModelFileError(`${dir}/model.json: expected format ${MODEL_FORMAT} version ${MODEL_VERSION}, ` +
      `received ${json.format} version ${json.version}`);
  }
  const state: Record<string, Tensor> = {};
  for (const t of json.tensors) {
    if ((t.offset + t.length) * 4 > bytes.length) {
      throw new ModelFileError(`${dir}/weights.bin: ${bytes.length} bytes, too short for tensor ${t.name}`);
    }
    const data = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) data[i] = bytes.readFloatLE((t.offset + i) * 4);
    state[t.name] = new Tensor(data, t.shape);
  }
  return { json, state };
}

/**
 * Load a saved network: rebuilt from its architecture, or into `into` (a fresh instance of a custom Module
 * subclass). The result is in eval mode, ready to predict.
 * @param dir - what saveModel wrote
 * @param into - a network of the same structure to fill (required for custom Module subclasses)
 * @example
 * const loaded = await loadModel("/tmp/cancer-net", new CancerClassifier(30));
 */
export async function loadModel<M extends Module = Module>(dir: string, into?: M): Promise<M> {
  const { json, state } = await readModel(dir);
  let model: Module;
  if (into) model = into;
  else if (json.architecture) model = buildModule(json.architecture);
  else {
    throw new ModelFileError(`${dir}: the network is a custom ${json.className} (its forward is code, not data): ` +
      `pass a fresh instance, e.g. loadModel(dir, new ${json.className}(…))`);
  }
  model.loadStateDict(state);
  return model.eval() as M;
}
