/**
 * ParameterGrid and ParameterSampler: the candidate lists of GridSearchCV and RandomizedSearchCV, in
 * scikit-learn's order (keys sorted, the last key cycling fastest) and with its random draws.
 */
import { InputTypeError, OptionError } from "../errors";
import { Params } from "../base/estimator";
import { RandomState } from "../random/random_state";
import { checkRandomState } from "../random/global";
import { isDistribution } from "./distributions";

/** A grid: parameter name → list of values; or a list of such grids. */
export type ParamGridInput = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];
/** Distributions: parameter name → list of values or a distribution (with rvs); or a list of such objects. */
export type ParamDistributionsInput = Record<string, unknown> | readonly Record<string, unknown>[];

function compareKeys(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

function asList<T>(what: string, g: T | readonly T[]): T[] {
  const list = Array.isArray(g) ? [...(g as T[])] : [g as T];
  if (list.length === 0) throw new OptionError(what, "at least one parameter grid (an object of value lists)", "an empty list");
  list.forEach((p, i) => {
    if (p === null || typeof p !== "object" || Array.isArray(p)) {
      throw new InputTypeError(`${what}[${i}]`, "an object mapping parameter names to values", p);
    }
  });
  return list;
}

/**
 * Every combination of a parameter grid, in scikit-learn's order.
 * @param grid - { name: values[] } or a list of such objects (each expanded in turn)
 * @returns the candidate parameter objects
 * @example
 * parameterGrid({ b: [1, 2], a: [true, false] });
 * // [{a: true, b: 1}, {a: true, b: 2}, {a: false, b: 1}, {a: false, b: 2}]
 */
export function parameterGrid(grid: ParamGridInput): Params[] {
  const out: Params[] = [];
  for (const p of asList("paramGrid", grid)) {
    const keys = Object.keys(p).sort(compareKeys);
    for (const k of keys) {
      const v = (p as Record<string, unknown>)[k];
      if (!Array.isArray(v)) {
        throw new InputTypeError(`paramGrid "${k}"`, "an array of values to try", v);
      }
      if (v.length === 0) throw new OptionError(`paramGrid "${k}"`, "a non-empty array of values", "an empty array");
    }
    const lists = keys.map((k) => (p as Record<string, unknown[]>)[k]);
    const total = lists.reduce((t, l) => t * l.length, 1);
    for (let idx = 0; idx < total; idx++) {
      const c: Params = {};
      let rest = idx;
      for (let j = keys.length - 1; j >= 0; j--) {
        const len = lists[j].length;
        c[keys[j]] = lists[j][rest % len];
        rest = Math.floor(rest / len);
      }
      // keys in sorted order, as Python's dict built from sorted items
      const ordered: Params = {};
      for (const k of keys) ordered[k] = c[k];
      out.push(ordered);
    }
  }
  return out;
}

/**
 * scikit-learn's sample_without_replacement(n, k) with method "auto": a permutation prefix when
 * 0.01 < k/n < 0.99, else tracking selection (k/n < 0.2) or reservoir sampling.
 * @param nPopulation - population size
 * @param nSamples - how many distinct indices to draw
 * @param rng - the RandomState
 * @example
 * sampleWithoutReplacement(10, 3, new RandomState(0));
 */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: RandomState): Int32Array {
  if (nSamples > nPopulation) throw new OptionError("nSamples", `at most nPopulation=${nPopulation}`, nSamples);
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return (rng.permutation(nPopulation).data as Int32Array).slice(0, nSamples);
  const out = new Int32Array(nSamples);
  if (ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(nPopulation) as number;
      while (selected.has(j)) j = rng.randint(nPopulation) as number;
      selected.add(j);
      out[i] = j;
    }
    return out;
  }
  for (let i = 0; i < nSamples; i++) out[i] = i;
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1) as number;
    if (j < nSamples) out[j] = i;
  }
  return out;
}

/**
 * The candidates RandomizedSearchCV tries (scikit-learn's ParameterSampler): when every value is a list, nIter
 * grid points drawn without replacement; otherwise, nIter times, pick a grid (rng.choice) and, key by key in
 * sorted order, draw from each distribution (rvs) or pick from each list (rng.randint).
 * @param distributions - { name: values[] | distribution } or a list of such objects
 * @param nIter - number of candidates
 * @param randomState - seed or RandomState
 * @example
 * parameterSampler({ alpha: loguniform(1e-3, 1), fitIntercept: [true, false] }, 5, 0);
 */
export function parameterSampler(distributions: ParamDistributionsInput, nIter: number,
  randomState?: number | RandomState | null): Params[] {
  if (!Number.isInteger(nIter) || nIter < 1) throw new OptionError("nIter", "an integer ≥ 1", nIter);
  const list = asList("paramDistributions", distributions);
  for (const [i, p] of list.entries()) {
    for (const [k, v] of Object.entries(p)) {
      if (!isDistribution(v) && !Array.isArray(v)) {
        throw new InputTypeError(`paramDistributions${list.length > 1 ? `[${i}]` : ""} "${k}"`,
          "an array of values or a distribution with rvs (uniform, loguniform, randint)", v);
      }
      if (Array.isArray(v) && v.length === 0) throw new OptionError(`paramDistributions "${k}"`, "a non-empty array", "an empty array");
    }
  }
  const rng = checkRandomState(randomState);
  const allLists = list.every((p) => Object.values(p).every((v) => !isDistribution(v)));
  if (allLists) {
    const grid = parameterGrid(list as Record<string, unknown[]>[]);
    let n = nIter;
    if (grid.length < nIter) {
      process.emitWarning(`The total space of parameters ${grid.length} is smaller than nIter=${nIter}. Running ` +
        `${grid.length} iterations. For exhaustive searches, use GridSearchCV.`, "UserWarning");
      n = grid.length;
    }
    return Array.from(sampleWithoutReplacement(grid.length, n, rng), (i) => grid[i]);
  }
  const out: Params[] = [];
  for (let it = 0; it < nIter; it++) {
    const dist = list[rng.choice(list.length) as number];
    const c: Params = {};
    for (const k of Object.keys(dist).sort(compareKeys)) {
      const v = dist[k];
      c[k] = isDistribution(v) ? v.rvs(rng) : (v as unknown[])[rng.randint((v as unknown[]).length) as number];
    }
    out.push(c);
  }
  return out;
}
