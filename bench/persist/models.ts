/**
 * The models bench/persist dumps and loads, built the same way by the bench itself (warm rows) and by each fresh
 * child process (cold rows): the data come from a float64 file the bench writes once (X row-major, then y), which
 * the Python side reads too, so both sides fit equal models on equal data.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator } from "../../lib/base/estimator";
import { HistGradientBoostingClassifier, RandomForestClassifier } from "../../lib/ensemble";
import { LogisticRegression } from "../../lib/linear";

/** Which estimator a row dumps (the Python side fits scikit-learn's of the same name and options). */
export type ModelKind = "forest" | "logistic" | "hgb";

/** One row of the bench: a model kind, its options and its data. */
export interface ModelSpec {
  /** The row's label. */
  name: string;
  kind: ModelKind;
  n: number;
  p: number;
  /** Forest: the trees' maxDepth (null: full depth). */
  maxDepth: number | null;
}

/**
 * Read the bench's data file.
 * @param file - float64 values: n·p of X (row-major), then n of y
 * @param n - rows
 * @param p - columns
 * @returns X and y as NDArrays
 */
export function readData(file: string, n: number, p: number): { X: NDArray; y: NDArray } {
  const buf = fs.readFileSync(file);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  return { X: new NDArray(Float64Array.from(all.subarray(0, n * p)), [n, p]), y: new NDArray(Float64Array.from(all.subarray(n * p, n * p + n)), [n]) };
}

/**
 * Fit the row's model (what a notebook does before its one dump).
 * @param spec - the row
 * @param X - its data
 * @param y - its labels
 * @returns the fitted estimator
 */
export function fitModel(spec: ModelSpec, X: NDArray, y: NDArray): BaseEstimator {
  switch (spec.kind) {
    case "forest": return new RandomForestClassifier({ nEstimators: 100, maxDepth: spec.maxDepth, randomState: 0 }).fit(X, y);
    case "logistic": return new LogisticRegression({ maxIter: 1000 }).fit(X, y);
    case "hgb": return new HistGradientBoostingClassifier({ maxIter: 100, earlyStopping: false, randomState: 0 }).fit(X, y);
  }
}

/**
 * How big the fitted model is, for the table: a forest's node count, HGB's trees and nodes, a linear model's
 * coefficients.
 * @param model - a model fitModel returned
 * @returns a short description
 */
export function modelSize(model: BaseEstimator): string {
  if (model instanceof RandomForestClassifier) {
    return `${(model.estimators_ ?? []).reduce((acc, t) => acc + (t.tree_?.nodeCount ?? 0), 0)} nodes`;
  }
  if (model instanceof LogisticRegression) return `${(model.coef_ as NDArray).size} coefficients`;
  if (model instanceof HistGradientBoostingClassifier) {
    const trees = model.predictors_.flat();
    return `${trees.length} trees, ${trees.reduce((acc, t) => acc + t.feature.length, 0)} nodes`;
  }
  return "";
}
