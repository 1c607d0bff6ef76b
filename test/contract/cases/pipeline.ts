import { LinearRegression } from "../../../lib/linear";
import { StandardScaler } from "../../../lib/preprocessing/standard_scaler";
import { Pipeline, makePipeline } from "../../../lib/pipeline";
import { GridSearchCV } from "../../../lib/selection";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "Pipeline(StandardScaler, LinearRegression)", kind: "regressor", make: () => makePipeline(new StandardScaler(), new LinearRegression()), tolerance: 1e-12 },
  { name: "Pipeline(passthrough, LinearRegression)", kind: "regressor", make: () => new Pipeline([["skip", "passthrough"], ["ols", new LinearRegression()]]) },
  { name: "GridSearchCV(LinearRegression)", kind: "regressor", make: () => new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 3, errorScore: "raise" }) },
];
