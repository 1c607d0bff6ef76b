/** The `optim` namespace (PyTorch's `torch.optim`): Adam and SGD. */
export { Adam, SGD, Optimizer } from "./optim";
export type { AdamOptions, SGDOptions } from "./optim";
