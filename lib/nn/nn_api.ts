/**
 * The `nn` namespace (PyTorch's `torch.nn`): layers, losses, the tensor type, the training helper and the engine
 * switch. Exported from typelearn as `nn`, so a notebook writes `new nn.Linear(30, 64)`.
 */
export { Module, Linear, ReLU, Sigmoid, Tanh, Softmax, Dropout, Sequential } from "./modules";
export type { LoadResult } from "./modules";
export { BCELoss, CrossEntropyLoss, MSELoss } from "./losses";
export type { Reduction } from "./losses";
export { Tensor, Parameter, GradError } from "./tensor";
export type { TensorLike, TensorDType } from "./tensor";
export { fit, accuracy } from "./train";
export type { FitOptions, LossFn } from "./train";
export { Progress, lossCurveBundle, lossCurveChart } from "./progress";
export type { EpochMetrics, EpochRecord } from "./progress";
export { ready, backend } from "./backend";
export { productEngine } from "./gemm";
export type { BackendName } from "./backend";
export { ModelFileError } from "./serialize";
export { toTf, fromTf } from "./convert";
import * as F from "./ops";
/** Functional forms of the ops (PyTorch's `torch.nn.functional`). */
export const functional = { linear: F.linear, relu: F.relu, sigmoid: F.sigmoid, tanh: F.tanh, softmax: F.softmax, dropout: F.dropout };
