/**
 * lib/selection: model selection. trainTestSplit for now; the shared split machinery (shuffle_split.ts,
 * stratify.ts, indexing.ts) is imported by path by the other splitters of this folder.
 */
export { trainTestSplit, trainTestSplitIndices } from "./split";
export type { TrainTestSplitOptions } from "./split";
export type { Splittable } from "./indexing";
export type { Labels } from "./stratify";
export type { SplitIndices, SplitSize } from "./shuffle_split";
