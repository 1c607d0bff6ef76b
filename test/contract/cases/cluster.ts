import { KMeans } from "../../../lib/cluster";
import type { ContractCase } from "../types";

export const cases: ContractCase[] = [
  { name: "KMeans", kind: "clusterer", make: () => new KMeans({ randomState: 0, nClusters: 2, nInit: 2 }) },
  { name: "KMeans(transform)", kind: "clusterer", method: "transform",
    make: () => new KMeans({ randomState: 0, nClusters: 2, nInit: 2, init: "random" }) },
];
