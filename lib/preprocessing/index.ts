/**
 * Preprocessing: StandardScaler, MinMaxScaler, SimpleImputer, OneHotEncoder, LabelEncoder.
 */
export { StandardScaler } from "./standard_scaler";
export type { StandardScalerOptions } from "./standard_scaler";
export { MinMaxScaler } from "./min_max_scaler";
export type { MinMaxScalerOptions } from "./min_max_scaler";
export { SimpleImputer } from "./simple_imputer";
export type { SimpleImputerOptions, ImputeStrategy } from "./simple_imputer";
export { OneHotEncoder } from "./one_hot_encoder";
export type { OneHotEncoderOptions } from "./one_hot_encoder";
export { LabelEncoder } from "./label_encoder";
export type { LabelInput } from "./label_encoder";
export { UnknownCategoryError } from "./categories";
export type { Category } from "./categories";
export type { ObjectMatrixLike } from "./object_matrix";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./preprocessing.persist";
