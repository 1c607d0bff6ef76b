/** Clustering: KMeans, and the k-means building blocks (seeding, a single Lloyd run). */
export { KMeans } from "./kmeans";
export type { KMeansOptions } from "./kmeans";
export { kmeansSingleRun, assignLabels, inertiaOf } from "./lloyd";
export type { KMeansRunOptions, KMeansRunResult } from "./lloyd";
export { kmeansPlusPlus, randomCenters, rowSquaredNorms } from "./init";
export type { PlusPlusResult } from "./init";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./kmeans.persist";
