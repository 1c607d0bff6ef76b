/**
 * lib/pipeline: Pipeline and makePipeline.
 */
export { Pipeline, makePipeline } from "./pipeline";
export type { Step, PipelineOptions } from "./pipeline";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./pipeline.persist";
