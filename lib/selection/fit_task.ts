/**
 * Registers the "fitAndScore" task (loaded by the main thread through lib/selection and by every pool worker).
 */
import { registerTask } from "../parallel/tasks";
import { runFitTask } from "./fit_score";

registerTask("fitAndScore", runFitTask);
