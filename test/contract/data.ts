/**
 * The data the contract suite fits its examples on, by the name a registration gives (`ContractData`):
 * deterministic, small, and shaped for the role (a regressor's y is a linear target, a classifier's the blob).
 */
import type { ContractData } from "../../lib/base/registry";
import { RandomState } from "../../lib/random";
import type { EstimatorKind } from "./types";

/** Two Gaussian blobs in 4 features; y is the blob (0/1), or a linear target for regressors. */
function blobs(kind: EstimatorKind): { X: number[][]; y: number[] } {
  const rs = new RandomState(0);
  const n = 60, p = 4;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push((rs.standardNormal() as number) + (c ? 2.5 : -1) * (j % 2 ? 1 : 0.5));
    X.push(row);
    y.push(kind === "regressor" ? row[0] * 2 - row[1] + 0.1 * (rs.standardNormal() as number) : c);
  }
  return { X, y };
}

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

/** Small integer categories (0…3, 0…2, 0…4) in 3 features: categorical data as number[][]. */
function categories(): { X: number[][] } {
  const rs = new RandomState(7);
  const X: number[][] = [];
  for (let i = 0; i < 40; i++) X.push([i % 4, rs.randint(0, 3), (i * 3) % 5]);
  return { X };
}

/** Data with a few missing values (for imputers). */
function missing(): { X: number[][] } {
  const rs = new RandomState(3);
  const X: number[][] = [];
  for (let i = 0; i < 30; i++) {
    X.push([0, 1, 2].map((j) => ((i + j) % 7 === 0 ? NaN : Math.round((rs.standardNormal() as number) * 100) / 10)));
  }
  return { X };
}

/**
 * The named data set for an estimator of role `kind`.
 * @param name - the registration's `data` (default "blobs")
 * @param kind - the estimator's role
 */
export function contractData(name: ContractData | undefined, kind: EstimatorKind): { X: number[][]; y?: number[] } {
  switch (name ?? "blobs") {
    case "blobs": return blobs(kind);
    case "three-classes": return threeClasses();
    case "categories": return categories();
    case "missing": return missing();
  }
}
