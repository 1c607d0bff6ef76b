/**
 * Learned-state checks of the multi-layer perceptrons, run when a model file is loaded (lib/base/state_checks):
 * coefs_ chain from nFeaturesIn_ inputs to nOutputs_ outputs (each layer's input width the previous one's output
 * width), one finite intercept per unit, nLayers_ layers, and for a classifier one output for two classes, one per
 * class otherwise. Registered when lib/nn loads, as the MLP classes are.
 */
import { NDArray } from "../array/ndarray";
import {
  LearnedState, agree, bad, classesField, describeState, features, isFittedState, registerStateCheck,
} from "../base/state_checks";

const OUT_ACTIVATIONS = ["identity", "logistic", "softmax"];

/** @returns the number of outputs, or undefined when unfitted */
function checkLayers(s: LearnedState, path: string): number | undefined {
  if (!isFittedState(s)) return undefined;
  const p = features(s, path);
  const coefs = s.coefs_, intercepts = s.intercepts_;
  if (coefs === undefined) return undefined;
  if (!Array.isArray(coefs) || coefs.length < 1) bad(`${path}.coefs_`, `expected one weight matrix per layer, received ${describeState(coefs)}`);
  if (!Array.isArray(intercepts) || intercepts.length !== coefs.length) {
    bad(`${path}.intercepts_`, `expected ${coefs.length} intercept vectors (one per weight matrix), received ${describeState(intercepts)}`);
  }
  let width = p;
  coefs.forEach((c, i) => {
    const where = `${path}.coefs_[${i}]`;
    if (!(c instanceof NDArray) || c.dtype !== "float64" || c.ndim !== 2 || c.shape[0] !== width || c.shape[1] < 1) {
      bad(where, `expected an NDArray of shape [${width}, any] (float64), received ${describeState(c)}`);
    }
    for (let j = 0; j < c.data.length; j++) if (!Number.isFinite(c.data[j])) bad(where, `expected finite weights, received ${c.data[j]}`);
    width = c.shape[1];
    const b = intercepts[i];
    if (!(b instanceof NDArray) || b.dtype !== "float64" || b.ndim !== 1 || b.shape[0] !== width) {
      bad(`${path}.intercepts_[${i}]`, `expected an NDArray of shape [${width}] (float64), received ${describeState(b)}`);
    }
    for (let j = 0; j < b.data.length; j++) if (!Number.isFinite(b.data[j])) bad(`${path}.intercepts_[${i}]`, `expected finite values, received ${b.data[j]}`);
  });
  agree(s.nLayers_, coefs.length + 1, `${path}.nLayers_`, "the number of weight matrices + 1");
  agree(s.nOutputs_, width, `${path}.nOutputs_`, "the last weight matrix's width");
  if (!OUT_ACTIVATIONS.includes(s.outActivation_ as string)) {
    bad(`${path}.outActivation_`, `expected one of ${OUT_ACTIVATIONS.join(", ")}, received ${describeState(s.outActivation_)}`);
  }
  return width;
}

function checkClassifier(s: LearnedState, path: string): void {
  const out = checkLayers(s, path);
  if (out === undefined) return;
  const K = classesField(s, path, 2);
  agree(out, K === 2 ? 1 : K, `${path}.nOutputs_`, `the outputs for ${K} classes`);
  agree(s.outActivation_, K === 2 ? "logistic" : "softmax", `${path}.outActivation_`, `the output activation for ${K} classes`);
}

function checkRegressor(s: LearnedState, path: string): void {
  const out = checkLayers(s, path);
  if (out === undefined) return;
  agree(s.outActivation_, "identity", `${path}.outActivation_`, "the regressor's output activation");
  if (s.is1d_ !== undefined && typeof s.is1d_ !== "boolean") bad(`${path}.is1d_`, `expected a boolean, received ${describeState(s.is1d_)}`);
  if (s.is1d_ === true && out !== 1) bad(`${path}.is1d_`, `expected false with ${out} outputs`);
}

registerStateCheck("MLPClassifier", checkClassifier);
registerStateCheck("MLPRegressor", checkRegressor);
