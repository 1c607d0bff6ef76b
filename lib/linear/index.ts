/**
 * Linear models: LinearRegression, Ridge, LogisticRegression, and the optimizers they use (L-BFGS, Newton).
 */
export { LinearRegression } from "./linear_regression";
export type { LinearRegressionOptions } from "./linear_regression";
export { solveOLS } from "./ols";
export type { OLSSolution } from "./ols";
export { Ridge } from "./ridge";
export type { RidgeOptions, RidgeSolver } from "./ridge";
export { LogisticRegression } from "./logistic";
export type { LogisticRegressionOptions, ClassWeight } from "./logistic";
export { minimizeLbfgs } from "./optim/lbfgs";
export type { LbfgsOptions, LbfgsResult, LbfgsStatus, Objective } from "./optim/lbfgs";
export { minimizeNewton } from "./optim/newton";
export type { NewtonOptions, NewtonResult, HessianFn } from "./optim/newton";
export { wolfeLineSearch } from "./optim/line_search";
export type { LineSearchOptions, LineSearchResult } from "./optim/line_search";
export { setWarningSink } from "./optim/warnings";
export type { WarningSink } from "./optim/warnings";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./linear.persist";
