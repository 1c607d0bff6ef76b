import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../../lib/tree";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "DecisionTreeClassifier", kind: "classifier", make: () => new DecisionTreeClassifier({ randomState: 0 }) },
  {
    name: "DecisionTreeClassifier(predictProba, maxFeatures sqrt)", kind: "classifier", method: "predictProba",
    make: () => new DecisionTreeClassifier({ maxFeatures: "sqrt", maxDepth: 3, randomState: 1 }),
  },
  { name: "DecisionTreeRegressor", kind: "regressor", make: () => new DecisionTreeRegressor({ randomState: 0 }) },
  {
    name: "DecisionTreeRegressor(maxLeafNodes)", kind: "regressor",
    make: () => new DecisionTreeRegressor({ maxLeafNodes: 5, criterion: "friedman_mse", randomState: 0 }),
  },
];
