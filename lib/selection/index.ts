/**
 * lib/selection: model selection: trainTestSplit, the cross-validation splitters, crossValidate / crossValScore,
 * GridSearchCV / RandomizedSearchCV; the shared split machinery (shuffle_split.ts,
 * stratify.ts, indexing.ts) is imported by path by the other splitters of this folder.
 */
export { trainTestSplit, trainTestSplitIndices } from "./split";
export type { TrainTestSplitOptions } from "./split";
export type { Splittable } from "./indexing";
export type { Labels } from "./stratify";
export type { SplitIndices, SplitSize } from "./shuffle_split";
export { KFold, StratifiedKFold } from "./kfold";
export type { KFoldOptions } from "./kfold";
export { ShuffleSplit, StratifiedShuffleSplit } from "./shuffle_splitters";
export type { ShuffleSplitOptions } from "./shuffle_splitters";
export type { CrossValidator, TrainTest } from "./splitter";
export { checkCv, isClassifier, isRegressor } from "./check_cv";
export type { CVOption } from "./check_cv";
export { getScorer, SCORER_NAMES } from "./scoring";
export type { Scorer, Scoring } from "./scoring";
export { crossValidate, crossValScore } from "./cross_validate";
export type { CrossValidateOptions, CrossValidateResult, CrossValScoreOptions } from "./cross_validate";
export { FitFailedError } from "./fit_score";
export { GridSearchCV, RandomizedSearchCV, BaseSearchCV } from "./search";
export type { SearchOptions, GridSearchCVOptions, RandomizedSearchCVOptions } from "./search";
export { CVResults } from "./cv_results";
export { parameterGrid, parameterSampler } from "./param_grid";
export type { ParamGridInput, ParamDistributionsInput } from "./param_grid";
export { uniform, loguniform, randint, Uniform, LogUniform, RandInt } from "./distributions";
export type { Distribution } from "./distributions";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./search.persist";
