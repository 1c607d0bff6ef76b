/** Dimensionality reduction: PCA. */
export { PCA } from "./pca";
export type { PCAOptions } from "./pca";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./pca.persist";
