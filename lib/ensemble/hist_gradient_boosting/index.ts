/**
 * Histogram-based gradient boosting (scikit-learn 1.2's HistGradientBoostingClassifier / Regressor): binning,
 * histograms, split finding, leaf-wise growth, flat-array predictors and the two estimators.
 */
export { HistGradientBoostingClassifier } from "./classifier";
export type { HistGradientBoostingClassifierOptions } from "./classifier";
export { HistGradientBoostingRegressor } from "./regressor";
export type { HistGradientBoostingRegressorOptions } from "./regressor";
export type { HGBCommonOptions } from "./options";
export type { TreeArrays } from "./predictor";
export type { BinMapperState } from "./binning";
