/**
 * lib/pipeline: Pipeline and makePipeline.
 */
export { Pipeline, makePipeline } from "./pipeline";
export type { Step, PipelineOptions } from "./pipeline";
