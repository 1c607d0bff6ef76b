/**
 * Metrics: regression (meanSquaredError, meanAbsoluteError, r2Score).
 */
export { meanSquaredError, meanAbsoluteError, r2Score } from "./regression";
export type { TargetLike, Multioutput, RegressionMetricOptions, MSEOptions, R2Options } from "./regression";
