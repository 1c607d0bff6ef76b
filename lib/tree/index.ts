/**
 * lib/tree: decision trees (scikit-learn's sklearn.tree), fitted trees as flat typed arrays.
 */
export { DecisionTreeClassifier } from "./classifier";
export type { DecisionTreeClassifierOptions } from "./classifier";
export { DecisionTreeRegressor } from "./regressor";
export type { DecisionTreeRegressorOptions } from "./regressor";
export type { BaseTreeOptions } from "./base";
export type { MaxFeatures } from "./params";
export type { TreeClassWeight } from "./class_weight";
export type { TreeArrays } from "./tree_struct";
export { exportText } from "./export_text";
export type { ExportTextOptions } from "./export_text";

// learned-state checks run when a model file is loaded (kept beside the models, see lib/base/state_checks)
import "./tree.persist";
