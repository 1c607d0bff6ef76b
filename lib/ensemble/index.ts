/**
 * lib/ensemble: random forests and histogram gradient boosting.
 */
export { RandomForestClassifier, RandomForestRegressor } from "./forest";
export type { RandomForestClassifierOptions, RandomForestRegressorOptions } from "./forest";
export type { BaseForestOptions } from "./forest_base";
export { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "./hist_gradient_boosting";
export type { HistGradientBoostingClassifierOptions, HistGradientBoostingRegressorOptions, HGBCommonOptions } from "./hist_gradient_boosting";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./forest.persist";
import "./hist_gradient_boosting/hgb.persist";
