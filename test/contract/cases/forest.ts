import { RandomForestClassifier, RandomForestRegressor } from "../../../lib/ensemble";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "RandomForestClassifier", kind: "classifier", make: () => new RandomForestClassifier({ nEstimators: 5, randomState: 0 }),
    unsetAfterFit: ["oobScore_", "oobDecisionFunction_"] },
  {
    name: "RandomForestClassifier(predictProba, oobScore)", kind: "classifier", method: "predictProba",
    make: () => new RandomForestClassifier({ nEstimators: 8, maxDepth: 4, oobScore: true, randomState: 3 }),
  },
  { name: "RandomForestRegressor", kind: "regressor", make: () => new RandomForestRegressor({ nEstimators: 5, randomState: 0 }),
    unsetAfterFit: ["oobScore_", "oobPrediction_"] },
];
