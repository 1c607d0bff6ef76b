/**
 * lib/ensemble: random forests and histogram gradient boosting.
 */
export { RandomForestClassifier, RandomForestRegressor } from "./forest";
export type { RandomForestClassifierOptions, RandomForestRegressorOptions } from "./forest";
export type { BaseForestOptions } from "./forest_base";
export { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "./hist_gradient_boosting";
export type { HistGradientBoostingClassifierOptions, HistGradientBoostingRegressorOptions, HGBCommonOptions } from "./hist_gradient_boosting";
