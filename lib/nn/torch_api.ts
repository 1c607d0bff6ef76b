/**
 * The `torch` namespace: the few top-level PyTorch helpers a guide uses — making tensors, seeding, evaluating
 * without gradients — plus `ready()` to switch matrix products to a tfjs backend.
 */
import "./ops";
export { tensor, noGrad, Tensor } from "./tensor";
export { manualSeed } from "./random";
export { ready } from "./backend";
