/**
 * The `torch` namespace: the few top-level PyTorch helpers a guide uses — making tensors, seeding, evaluating
 * without gradients — plus `ready()`, which loads tfjs, picks its backend and starts the products' second thread.
 */
import "./ops";
export { tensor, noGrad, Tensor } from "./tensor";
export { manualSeed } from "./random";
export { ready } from "./backend";
