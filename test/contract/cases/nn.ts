import { MLPClassifier, MLPRegressor } from "../../../lib/nn";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "MLPClassifier", kind: "classifier", make: () => new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 50, randomState: 0 }) },
  {
    name: "MLPClassifier(predictProba)", kind: "classifier", method: "predictProba", tolerance: 1e-12,
    make: () => new MLPClassifier({ hiddenLayerSizes: [5, 4], activation: "tanh", maxIter: 30, randomState: 1 }),
  },
  { name: "MLPRegressor", kind: "regressor", make: () => new MLPRegressor({ hiddenLayerSizes: [8], maxIter: 50, randomState: 0 }), tolerance: 1e-12 },
];
