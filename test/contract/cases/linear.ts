import { LinearRegression } from "../../../lib/linear";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "LinearRegression", kind: "regressor", make: () => new LinearRegression() },
  { name: "LinearRegression(fitIntercept=false)", kind: "regressor", make: () => new LinearRegression({ fitIntercept: false }) },
];
