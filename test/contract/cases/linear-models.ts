import { LogisticRegression, Ridge } from "../../../lib/linear";
import { RandomState } from "../../../lib/random";
import type { ContractCase } from "../types";

/** Three overlapping Gaussian blobs in 4 features, labels 0, 1, 2. */
function threeClasses(): { X: number[][]; y: number[] } {
  const rs = new RandomState(3);
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    X.push([0, 1, 2, 3].map((j) => (rs.standardNormal() as number) + (j === c ? 2 : 0) - (j === 3 && c === 2 ? 1 : 0)));
    y.push(c);
  }
  return { X, y };
}

export const cases: ContractCase[] = [
  { name: "Ridge", kind: "regressor", make: () => new Ridge({ alpha: 0.5 }) },
  { name: "LogisticRegression", kind: "classifier", make: () => new LogisticRegression() },
  {
    name: "LogisticRegression(3 classes, predictProba)", kind: "classifier",
    make: () => new LogisticRegression({ C: 2 }), data: threeClasses, method: "predictProba", tolerance: 1e-12,
  },
];
