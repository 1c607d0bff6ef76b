/**
 * typelearn: the public entry. Everything exported here is also a global in typelearn notebooks, so the list is
 * kept deliberate: NumPy-style free functions are reached through `np` rather than exported one by one.
 */
export * from "./errors";
export { display, updateDisplay, clearOutput, input, mime, displaySymbol, isDisplayable, toMimeBundle } from "./display";
export type { MimeBundle, Displayable, DisplayOptions } from "./display";
export { fmt } from "./format";
export { NDArray, LinAlgError } from "./array";
export type { DType, TypedData, NestedArray, ArrayInput } from "./array";
export { np } from "./np";
export { RandomState, checkRandomState } from "./random";
export * from "./selection";
export { LinearRegression, Ridge, LogisticRegression } from "./linear";
export type { LinearRegressionOptions, RidgeOptions, LogisticRegressionOptions, ClassWeight } from "./linear";
export * from "./metrics";
export * from "./preprocessing";
export * from "./pipeline";
export { runTasks, registerTask, shareArray, sharedView, isShared, effectiveJobs, cpuCount, addWorkerModule,
  shutdownPool, poolStats, WorkerDiedError } from "./parallel";
export type { SharedFloat64, RunTasksOptions } from "./parallel";
export { toSpec, fromSpec, SpecError } from "./base/spec";
export type { EstimatorSpec } from "./base/spec";
export { BaseEstimator } from "./base/estimator";
export { DecisionTreeClassifier, DecisionTreeRegressor, exportText } from "./tree";
export type { DecisionTreeClassifierOptions, DecisionTreeRegressorOptions, ExportTextOptions, MaxFeatures } from "./tree";
export { RandomForestClassifier, RandomForestRegressor, HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "./ensemble";
export type { RandomForestClassifierOptions, RandomForestRegressorOptions, HistGradientBoostingClassifierOptions,
  HistGradientBoostingRegressorOptions } from "./ensemble";
export { KMeans } from "./cluster";
export type { KMeansOptions } from "./cluster";
export { PCA } from "./decomposition";
export type { PCAOptions } from "./decomposition";
export * from "./datasets";
export { nn, optim, torch, manualSeed, saveModel, loadModel, loadStateDict, tf, MLPClassifier, MLPRegressor } from "./nn";
export type { MLPClassifierOptions, MLPRegressorOptions } from "./nn";
