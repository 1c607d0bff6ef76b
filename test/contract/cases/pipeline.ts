import { LinearRegression } from "../../../lib/linear";
import { StandardScaler } from "../../../lib/preprocessing/standard_scaler";
import { Pipeline, makePipeline } from "../../../lib/pipeline";
import { LogisticRegression } from "../../../lib/linear/logistic";
import { GridSearchCV, RandomizedSearchCV } from "../../../lib/selection";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "Pipeline(StandardScaler, LinearRegression)", kind: "regressor", make: () => makePipeline(new StandardScaler(), new LinearRegression()), tolerance: 1e-12 },
  { name: "Pipeline(passthrough, LinearRegression)", kind: "regressor", make: () => new Pipeline([["skip", "passthrough"], ["ols", new LinearRegression()]]) },
  // a search's cvResults_ (a CVResults table) is not encodable in specs yet, hence specState: false
  { name: "GridSearchCV(LinearRegression)", kind: "regressor", make: () => new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 3, errorScore: "raise" }),
    unsetAfterFit: ["classes_"], specState: false },
  { name: "RandomizedSearchCV(LogisticRegression)", kind: "classifier", make: () => new RandomizedSearchCV(new LogisticRegression(), { C: [0.1, 1, 10] }, { cv: 3, nIter: 2, randomState: 0, errorScore: "raise" }),
    specState: false },
];
