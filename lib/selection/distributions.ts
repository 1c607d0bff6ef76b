/**
 * The scipy.stats distributions RandomizedSearchCV samples from, drawing from a NumPy-compatible RandomState
 * exactly as scipy does (so the same randomState gives scikit-learn's candidates).
 */
import { OptionError } from "../errors";
import { RandomState } from "../random/random_state";
import { checkRandomState } from "../random/global";

/** A distribution a parameter can be sampled from: anything with rvs(randomState). */
export interface Distribution<T = number> {
  rvs(randomState?: number | RandomState | null): T;
}

/** True when `v` has an rvs method (scikit-learn's test for a distribution rather than a list). */
export function isDistribution(v: unknown): v is Distribution<unknown> {
  return typeof v === "object" && v !== null && typeof (v as Distribution).rvs === "function";
}

function finite(what: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new OptionError(what, "a finite number", v);
}

/** scipy.stats.uniform(loc, scale): uniform on [loc, loc + scale]. */
export class Uniform implements Distribution {
  constructor(readonly loc = 0, readonly scale = 1) {
    finite("uniform loc", loc);
    finite("uniform scale", scale);
    if (scale <= 0) throw new OptionError("uniform scale", "a positive number", scale);
  }
  /** One draw: loc + scale·u with u = randomState.uniform(0, 1). */
  rvs(randomState?: number | RandomState | null): number {
    return (checkRandomState(randomState).uniform(0, 1) as number) * this.scale + this.loc;
  }
  toString(): string { return `uniform(loc=${this.loc}, scale=${this.scale})`; }
}

/** scipy.stats.loguniform(a, b): log-uniform on [a, b] (0 < a < b). */
export class LogUniform implements Distribution {
  constructor(readonly a: number, readonly b: number) {
    finite("loguniform a", a);
    finite("loguniform b", b);
    if (!(a > 0 && b > a)) throw new OptionError("loguniform(a, b)", "0 < a < b", `a=${a}, b=${b}`);
  }
  /** One draw by inversion, as scipy: a·(b/a)^u with u = randomState.uniform(). */
  rvs(randomState?: number | RandomState | null): number {
    const u = checkRandomState(randomState).uniform(0, 1) as number;
    return this.a * Math.pow(this.b / this.a, u);
  }
  toString(): string { return `loguniform(a=${this.a}, b=${this.b})`; }
}

/** scipy.stats.randint(low, high): integers in [low, high). */
export class RandInt implements Distribution {
  constructor(readonly low: number, readonly high: number) {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new OptionError("randint(low, high)", "integers with low < high", `low=${low}, high=${high}`);
    }
  }
  /** One draw: randomState.randint(low, high). */
  rvs(randomState?: number | RandomState | null): number {
    return checkRandomState(randomState).randint(this.low, this.high) as number;
  }
  toString(): string { return `randint(low=${this.low}, high=${this.high})`; }
}

/**
 * scipy.stats.uniform: continuous uniform on [loc, loc + scale].
 * @param loc - lower bound (default 0)
 * @param scale - width (default 1)
 * @example
 * new RandomizedSearchCV(model, { alpha: uniform(0, 10) }, { nIter: 20, randomState: 0 });
 */
export function uniform(loc = 0, scale = 1): Uniform { return new Uniform(loc, scale); }

/**
 * scipy.stats.loguniform: log-uniform on [a, b], for scale parameters such as C or alpha.
 * @param a - lower bound, > 0
 * @param b - upper bound, > a
 * @example
 * new RandomizedSearchCV(clf, { C: loguniform(1e-3, 1e3) }, { randomState: 42 });
 */
export function loguniform(a: number, b: number): LogUniform { return new LogUniform(a, b); }

/**
 * scipy.stats.randint: integers in [low, high).
 * @param low - smallest value
 * @param high - one past the largest value
 * @example
 * new RandomizedSearchCV(forest, { maxDepth: randint(2, 12) }, { randomState: 0 });
 */
export function randint(low: number, high: number): RandInt { return new RandInt(low, high); }
