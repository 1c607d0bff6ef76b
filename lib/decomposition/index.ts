/** Dimensionality reduction: PCA. */
export { PCA } from "./pca";
export type { PCAOptions } from "./pca";
