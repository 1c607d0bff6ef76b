/**
 * The process-global RandomState behind `np.random.*` module functions, and sklearn's check_random_state.
 */
import { InputTypeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { RandomState, RandomStateState, Seed, Shuffleable } from "./random_state";
import { ArrayParam, Param, Size } from "./params";
import { NumericTypedArray } from "./convert";

const globalState = new RandomState();

/**
 * The RandomState that the module functions (`random.seed`, `random.rand`, …) draw from, like NumPy's
 * hidden `np.random.mtrand._rand`.
 * @example
 * getGlobalRandomState().rand();
 */
export function getGlobalRandomState(): RandomState {
  return globalState;
}

/**
 * Turn a seed into a RandomState as scikit-learn's check_random_state: nothing → the global instance,
 * an integer → a new RandomState(seed), a RandomState → itself.
 * @param seed - undefined / null, an integer in [0, 2^32), or a RandomState
 * @example
 * checkRandomState(42).permutation(10); // the same as new RandomState(42).permutation(10)
 */
export function checkRandomState(seed?: number | RandomState | null): RandomState {
  if (seed === undefined || seed === null) return globalState;
  if (seed instanceof RandomState) return seed;
  if (typeof seed === "number") return new RandomState(seed);
  throw new InputTypeError("randomState", "an integer seed, a RandomState, or undefined", seed);
}

/** Re-seed the global generator (np.random.seed). @param s - seed @example seed(42) */
export function seed(s?: Seed | null): void { globalState.seed(s); }
/** State of the global generator (np.random.get_state). @example const st = getState(); */
export function getState(): RandomStateState { return globalState.getState(); }
/** Restore the global generator (np.random.set_state). @param s - a state from getState @example setState(st) */
export function setState(s: RandomStateState): void { globalState.setState(s); }

/** Uniform [0, 1) floats, shape as arguments (np.random.rand). @param dims - axis lengths @example rand(3) */
export function rand(): number;
export function rand(d0: number, ...dims: number[]): NDArray;
export function rand(...dims: number[]): number | NDArray {
  return globalState.randomSample(dims.length === 0 ? null : dims);
}

/** Standard normal draws, shape as arguments (np.random.randn). @param dims - axis lengths @example randn(2, 2) */
export function randn(): number;
export function randn(d0: number, ...dims: number[]): NDArray;
export function randn(...dims: number[]): number | NDArray {
  return globalState.standardNormal(dims.length === 0 ? null : dims);
}

/** Uniform [0, 1) floats (np.random.random_sample). @param size - draws or shape @example randomSample([2, 2]) */
export function randomSample(): number;
export function randomSample(size: Size): NDArray;
export function randomSample(size?: Size | null): number | NDArray { return globalState.randomSample(size); }

/** Standard normal draws (np.random.standard_normal). @param size - draws or shape @example standardNormal(5) */
export function standardNormal(): number;
export function standardNormal(size: Size): NDArray;
export function standardNormal(size?: Size | null): number | NDArray { return globalState.standardNormal(size); }

/**
 * Random integers in [low, high) (np.random.randint).
 * @param low - lowest value (or the exclusive bound when high is omitted)
 * @param high - exclusive upper bound
 * @param size - draws or shape; omit for one number
 * @example
 * seed(42); randint(800, 3500, 200);
 */
export function randint(low: number, high?: number | null): number;
export function randint(low: number, high: number | null | undefined, size: Size): NDArray;
export function randint(low: number, high?: number | null, size?: Size | null): number | NDArray {
  return globalState.randint(low, high, size);
}

/**
 * Normal draws (np.random.normal).
 * @param loc - mean(s)
 * @param scale - standard deviation(s)
 * @param size - draws or shape
 * @example
 * normal(0, 15000, [200, 1]);
 */
export function normal(loc?: number, scale?: number): number;
export function normal(loc: Param | undefined, scale: Param | undefined, size: Size): NDArray;
export function normal(loc: ArrayParam, scale?: Param): NDArray;
export function normal(loc: Param | undefined, scale: ArrayParam): NDArray;
export function normal(loc?: Param, scale?: Param, size?: Size | null): number | NDArray {
  return globalState.normal(loc, scale, size);
}

/**
 * Uniform draws in [low, high) (np.random.uniform).
 * @param low - lower bound(s)
 * @param high - upper bound(s)
 * @param size - draws or shape
 * @example
 * uniform(0, 10, 3);
 */
export function uniform(low?: number, high?: number): number;
export function uniform(low: Param | undefined, high: Param | undefined, size: Size): NDArray;
export function uniform(low: ArrayParam, high?: Param): NDArray;
export function uniform(low: Param | undefined, high: ArrayParam): NDArray;
export function uniform(low?: Param, high?: Param, size?: Size | null): number | NDArray {
  return globalState.uniform(low, high, size);
}

/** A permutation of 0..n-1 or a shuffled copy (np.random.permutation). @param x - n or an array @example permutation(10) */
export function permutation(x: number | NDArray | readonly number[] | readonly (readonly number[])[] | NumericTypedArray): NDArray {
  return globalState.permutation(x);
}

/** Shuffle in place along the first axis (np.random.shuffle). @param x - array @example shuffle(arr) */
export function shuffle(x: Shuffleable): void { globalState.shuffle(x); }

/**
 * Random sample from a population (np.random.choice).
 * @param a - population size or 1-D array
 * @param size - draws or shape
 * @param replace - with replacement (default true)
 * @param p - probabilities
 * @example
 * choice(10, 3, false);
 */
export function choice(a: number | NDArray | readonly number[] | NumericTypedArray): number;
export function choice(a: number | NDArray | readonly number[] | NumericTypedArray, size: Size, replace?: boolean,
  p?: readonly number[] | NDArray | Float64Array | null): NDArray;
export function choice(a: number | NDArray | readonly number[] | NumericTypedArray, size?: Size | null, replace?: boolean,
  p?: readonly number[] | NDArray | Float64Array | null): number | NDArray {
  return globalState.choice(a, size, replace, p);
}

/**
 * The `np.random` namespace: module functions on the global generator plus RandomState.
 * @example
 * random.seed(42);
 * const sizes = random.randint(800, 3500, 200);
 * const rs = new random.RandomState(0);
 */
export const random = {
  seed, getState, setState, rand, randn, randomSample, random: randomSample, standardNormal, randint, normal,
  uniform, permutation, shuffle, choice, RandomState, getGlobalRandomState, checkRandomState,
};
