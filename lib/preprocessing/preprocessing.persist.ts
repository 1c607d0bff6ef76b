/**
 * Learned-state checks of the preprocessing transformers, run when a model file is loaded
 * (lib/base/state_checks): one statistic per feature seen in fit (which ties nFeaturesIn_ to stored numbers),
 * finite where transform divides or adds by it, a category list per feature for the encoder.
 */
import { NDArray } from "../array/ndarray";
import {
  LearnedState, bad, describeState, features, isFittedState, ndField,
  registerStateCheck,
} from "../base/state_checks";

/**
 * nSamplesSeen_: a non-negative number (or one per feature). Nothing is allocated from it — partialFit only adds
 * to it — so it is not bounded further.
 */
function samplesSeen(s: LearnedState, p: number, path: string): void {
  const n = s.nSamplesSeen_;
  if (n === undefined || (typeof n === "number" && n >= 0)) return;
  ndField(s, "nSamplesSeen_", path, { shape: [p], dtype: ["float64", "int32"], finite: false });
}

/**
 * A per-feature statistic that may be null (StandardScaler without mean or std). NaN is what fit learns from a
 * column with no observed value, so it passes; ±Infinity never comes out of fit. `positive`: a scale transform
 * divides by (0 or a negative one is forged).
 */
function statistic(s: LearnedState, key: string, p: number, path: string, positive = false): void {
  if (s[key] === null || s[key] === undefined) return;
  const v = ndField(s, key, path, { shape: [p], finite: false });
  for (let i = 0; i < p; i++) {
    const x = v.data[i];
    if (x === Infinity || x === -Infinity || (positive && x <= 0)) {
      bad(`${path}.${key}`, `expected ${positive ? "positive" : "finite"} numbers (or NaN), received ${x} at index ${i}`);
    }
  }
}

function checkStandardScaler(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  statistic(s, "mean_", p, path);
  statistic(s, "var_", p, path);
  statistic(s, "scale_", p, path, true);
  samplesSeen(s, p, path);
}

function checkMinMaxScaler(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  for (const k of ["dataMin_", "dataMax_", "dataRange_", "scale_", "min_"]) statistic(s, k, p, path);
  samplesSeen(s, p, path);
}

function checkSimpleImputer(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  statistic(s, "statistics_", p, path);
}

function checkOneHotEncoder(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const p = features(s, path);
  const cats = s.categories_;
  if (cats === undefined) return;
  if (!Array.isArray(cats) || cats.length !== p) bad(`${path}.categories_`, `expected ${p} category lists (nFeaturesIn_), received ${describeState(cats)}`);
  cats.forEach((c, j) => {
    const where = `${path}.categories_[${j}]`;
    if (!Array.isArray(c) || c.length < 1 || !(c.every((x) => typeof x === "string") || c.every((x) => typeof x === "number"))) {
      bad(where, `expected a non-empty list of numbers or of strings, received ${describeState(c)}`);
    }
    if (new Set<unknown>(c).size !== c.length) bad(where, "expected distinct categories");
  });
  const drop = s.dropIdx_;
  if (drop === null || drop === undefined) return;
  if (!Array.isArray(drop) || drop.length !== p) bad(`${path}.dropIdx_`, `expected null or ${p} indices, received ${describeState(drop)}`);
  drop.forEach((d, j) => {
    if (d !== null && !(Number.isInteger(d) && d >= 0 && d < (cats[j] as unknown[]).length)) {
      bad(`${path}.dropIdx_[${j}]`, `expected null or an index into categories_[${j}], received ${describeState(d)}`);
    }
  });
}

function checkLabelEncoder(s: LearnedState, path: string): void {
  if (!isFittedState(s)) return;
  const c = s.classes_;
  if (c === undefined) return;
  if (!((c instanceof NDArray && c.ndim === 1) || (Array.isArray(c) && c.every((x) => typeof x === "string")))) {
    bad(`${path}.classes_`, `expected a 1-D NDArray or an array of strings, received ${describeState(c)}`);
  }
}

registerStateCheck("StandardScaler", checkStandardScaler);
registerStateCheck("MinMaxScaler", checkMinMaxScaler);
registerStateCheck("SimpleImputer", checkSimpleImputer);
registerStateCheck("OneHotEncoder", checkOneHotEncoder);
registerStateCheck("LabelEncoder", checkLabelEncoder);
