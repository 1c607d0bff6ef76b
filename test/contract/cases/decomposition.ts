import { PCA } from "../../../lib/decomposition";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "PCA", kind: "transformer", make: () => new PCA({ nComponents: 2 }) },
  { name: "PCA(whiten, fraction)", kind: "transformer", make: () => new PCA({ nComponents: 0.9, whiten: true }) },
];
