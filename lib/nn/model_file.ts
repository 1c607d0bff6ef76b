/**
 * The files of a saved network: `model.json` (format version, class name, the architecture when the network is
 * built from nn's own layers, and a table of tensors) and `weights.bin` (the float32 values, little-endian, in table
 * order). Only the format: which layers exist and how they are rebuilt is modules.ts's and serialize.ts's business,
 * so Module.save can write files without this file knowing any layer.
 */
import * as fs from "fs";
import * as path from "path";
import { TypelearnError } from "../errors";
import type { Module } from "./modules";
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
  | { type: "Softmax"; dim: number }
  | { type: "Sequential"; layers: LayerConfig[] };

/** A saved model directory is missing, damaged, or does not fit the network it is loaded into. */
export class ModelFileError extends TypelearnError {}

/** What model.json holds. */
export interface ModelJson {
  format: string; version: number; className: string; architecture: LayerConfig | null;
  tensors: Array<{ name: string; shape: number[]; dtype: "float32"; offset: number; length: number }>;
}

/**
 * Write a network's architecture (null for a custom Module subclass) and weights to `dir` (created if needed).
 * @param model - the network
 * @param architecture - its layers as data (modules.ts's moduleConfig)
 * @param dir - target directory
 * @example
 * await writeModelFiles(model, moduleConfig(model), "/tmp/cancer-net");
 */
export async function writeModelFiles(model: Module, architecture: LayerConfig | null, dir: string): Promise<void> {
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
    architecture, tensors };
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.writeFile(path.join(dir, "weights.bin"), bytes);
  await fs.promises.writeFile(path.join(dir, "model.json"), JSON.stringify(json, null, 1) + "\n");
}

/**
 * Read and check what {@link writeModelFiles} wrote: the parsed model.json and the weights as a state dict.
 * @example
 * const { json, state } = await readModelFiles("/tmp/cancer-net");
 */
export async function readModelFiles(dir: string): Promise<{ json: ModelJson; state: Record<string, Tensor> }> {
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

