import { HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "../../../lib/ensemble/hist_gradient_boosting";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "HistGradientBoostingClassifier", kind: "classifier", allowsNaN: true,
    make: () => new HistGradientBoostingClassifier({ maxIter: 10, minSamplesLeaf: 5, randomState: 0 }) },
  { name: "HistGradientBoostingClassifier(earlyStopping)", kind: "classifier", allowsNaN: true,
    make: () => new HistGradientBoostingClassifier({ maxIter: 15, minSamplesLeaf: 5, earlyStopping: true, randomState: 1 }) },
  { name: "HistGradientBoostingClassifier(predictProba)", kind: "classifier", allowsNaN: true, method: "predictProba",
    make: () => new HistGradientBoostingClassifier({ maxIter: 5, minSamplesLeaf: 5, categoricalFeatures: [], randomState: 0 }) },
  { name: "HistGradientBoostingRegressor", kind: "regressor", allowsNaN: true,
    make: () => new HistGradientBoostingRegressor({ maxIter: 10, minSamplesLeaf: 5, randomState: 0 }) },
  { name: "HistGradientBoostingRegressor(absolute_error)", kind: "regressor", allowsNaN: true,
    make: () => new HistGradientBoostingRegressor({ loss: "absolute_error", maxIter: 10, minSamplesLeaf: 5, randomState: 0 }) },
];
