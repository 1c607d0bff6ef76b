/**
 * Linear models: LinearRegression (more to come: Ridge, LogisticRegression).
 */
export { LinearRegression } from "./linear_regression";
export type { LinearRegressionOptions } from "./linear_regression";
export { solveOLS } from "./ols";
export type { OLSSolution } from "./ols";
