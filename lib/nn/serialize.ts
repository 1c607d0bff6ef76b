/**
 * Saving and loading networks without tfjs-node: a directory with `model.json` (format version, class name, the
 * architecture when the network is built from nn's own layers, and a table of tensors) and `weights.bin` (the
 * float32 values, little-endian, in table order). Loading rebuilds a Sequential-built network from the
 * architecture; a custom Module subclass is loaded into a fresh instance the caller passes, as PyTorch's
 * `load_state_dict` does. Loading runs no stored code.
 */
import { Dropout, Linear, Module, moduleConfig, ReLU, Sequential, Sigmoid, Softmax, Tanh } from "./modules";
import { type LayerConfig, ModelFileError, readModelFiles, writeModelFiles } from "./model_file";
import type { Tensor } from "./tensor";

export { MODEL_FORMAT, MODEL_VERSION, ModelFileError, type LayerConfig } from "./model_file";
export { moduleConfig } from "./modules";

/**
 * Write a network's architecture (when it has one) and weights to `dir` (created if needed).
 * @param model - the network
 * @param dir - target directory
 * @example
 * await saveModel(model, "/tmp/cancer-net");
 */
export function saveModel(model: Module, dir: string): Promise<void> {
  return writeModelFiles(model, moduleConfig(model), dir);
}

/** Build the layers a config describes (weights are then overwritten by the saved ones). */
export function buildModule(c: LayerConfig): Module {
  switch (c?.type) {
    case "Linear": return new Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
    case "ReLU": return new ReLU();
    case "Sigmoid": return new Sigmoid();
    case "Tanh": return new Tanh();
    case "Dropout": return new Dropout(c.p);
    case "Softmax": return new Softmax(c.dim);
    case "Sequential": return new Sequential(...c.layers.map(buildModule));
    default: throw new ModelFileError(`model.json: unknown layer ${JSON.stringify(c)}`);
  }
}

/**
 * Read the weights saved in `dir` as a state dict (name → Tensor).
 * @example
 * net.loadStateDict(await loadStateDict("/tmp/cancer-net"));
 */
export async function loadStateDict(dir: string): Promise<Record<string, Tensor>> {
  return (await readModelFiles(dir)).state;
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
  const { json, state } = await readModelFiles(dir);
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
