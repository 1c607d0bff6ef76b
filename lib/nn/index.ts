/**
 * Neural networks: a PyTorch-shaped API (`nn`, `optim`, `torch`) on float32 tensors with hand-written fused
 * gradients, their matrix products on typelearn's WebAssembly SIMD kernel (two threads) or, with tfjs-node installed
 * and `await nn.ready()`, on native TensorFlow; tfjs itself (wasm backend by default) for the `tf` namespace;
 * save/load to a directory; and scikit-learn-style MLPClassifier / MLPRegressor that run synchronously in float64
 * (products on the same kernel's float64 form; usable in Pipelines, searches and worker threads).
 * Nothing here loads tfjs until it is used.
 */
import "./ops";
import { tfjs, Tfjs } from "./backend";
export type { TfModule, TfTensor } from "./tf_types";
export * as nn from "./nn_api";
export * as optim from "./optim_api";
export * as torch from "./torch_api";
export { manualSeed } from "./random";
export { saveModel, loadModel, loadStateDict } from "./serialize";
export { tensorBundle } from "./tf_display";
export { MLPClassifier, MLPRegressor } from "./mlp";
export type { MLPClassifierOptions, MLPRegressorOptions } from "./mlp";

/**
 * The tfjs module (`@tensorflow/tfjs`), loaded on first use. Its tensors display like NDArrays. Typed loosely on
 * purpose (see tf_types.ts); `import * as tf from "@tensorflow/tfjs"` gives the full typings.
 * @example
 * const t = tf.tensor([[1, 2], [3, 4]]);
 * t.matMul(t);
 */
export const tf: Tfjs = new Proxy({} as Tfjs, {
  get: (_t, k) => (tfjs() as unknown as Record<string | symbol, unknown>)[k],
  has: (_t, k) => k in tfjs(),
  ownKeys: () => Reflect.ownKeys(tfjs()),
  getOwnPropertyDescriptor: (_t, k) => {
    const d = Reflect.getOwnPropertyDescriptor(tfjs(), k);
    return d ? { ...d, configurable: true } : undefined;
  },
});

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./mlp.persist";
