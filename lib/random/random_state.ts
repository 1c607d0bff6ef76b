/**
 * RandomState: NumPy's legacy `np.random.RandomState`, bit for bit (MT19937 + the legacy samplers), so a seed
 * gives the same numbers as NumPy.
 */
import { randomFillSync } from "crypto";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { NDArray, shapeSize, takeRows } from "../array/ndarray";
import { MT19937, MT_N } from "./mt19937";
import {
  ArrayParam, Param, Size, broadcastIndex, broadcastShapes, checkFinite, checkInteger, flattenParam, normalizeSize,
} from "./params";
import { NumericTypedArray, arange32, isNumericTypedArray, toNDArray } from "./convert";
import { choiceIndices } from "./choice";
import { libmLog } from "./libm_log";

/** A seed: an integer in [0, 2^32) (init_genrand) or a non-empty array of such integers (init_by_array). */
export type Seed = number | readonly number[];

/** The full generator state, as NumPy's `get_state()` tuple ("MT19937", key, pos, has_gauss, cached_gaussian). */
export interface RandomStateState {
  algorithm: "MT19937";
  /** The 624 state words. */
  key: Uint32Array;
  /** Position of the next word, 0..624. */
  pos: number;
  /** Whether a second Gaussian from the last polar pair is cached. */
  hasGauss: boolean;
  /** The cached Gaussian (0 when none). */
  cachedGaussian: number;
}

/** What `shuffle` accepts: an NDArray (rows shuffled), a JS array, or a typed array. */
export type Shuffleable = NDArray | unknown[] | NumericTypedArray;

/**
 * A seeded pseudo-random generator reproducing NumPy's legacy RandomState.
 *
 * @example
 * const rs = new RandomState(42);
 * rs.rand();               // 0.3745401188473625, as np.random.RandomState(42).rand()
 * rs.randint(800, 3500, 3); // NDArray int32 [3]
 */
export class RandomState {
  private readonly bits = new MT19937();
  private hasGauss = false;
  private gauss = 0;

  /**
   * @param seed - an integer in [0, 2^32), an array of them, or nothing for a seed from OS entropy
   */
  constructor(seed?: Seed | null) {
    this.seed(seed);
  }

  /**
   * Re-seed the generator exactly as NumPy's `seed` (integers: init_genrand; arrays: init_by_array).
   * @param seed - an integer in [0, 2^32), an array of them, or nothing for OS entropy
   * @example
   * rs.seed(0); rs.rand(); // 0.5488135039273248
   */
  seed(seed?: Seed | null): void {
    if (seed === undefined || seed === null) {
      this.bits.initByArray(randomFillSync(new Uint32Array(MT_N)));
    } else if (typeof seed === "number") {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new OptionError("seed", "an integer in [0, 2**32 - 1] (as NumPy's RandomState)", seed);
      }
      this.bits.initGenrand(seed);
    } else if (Array.isArray(seed) || isNumericTypedArray(seed)) {
      this.bits.initByArray(seed as ArrayLike<number>);
    } else {
      throw new InputTypeError("seed", "an integer in [0, 2**32 - 1] or an array of them", seed);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  /**
   * A copy of the full state, restorable with `setState`.
   * @example
   * const s = rs.getState(); const a = rs.rand(); rs.setState(s); rs.rand() === a; // true
   */
  getState(): RandomStateState {
    return { algorithm: "MT19937", key: this.bits.mt.slice(), pos: this.bits.pos, hasGauss: this.hasGauss,
      cachedGaussian: this.gauss };
  }

  /**
   * Restore a state from `getState` (or NumPy's get_state fields; `key` may be a plain number array).
   * @param state - algorithm "MT19937", 624 key words, pos in [0, 624], hasGauss, cachedGaussian
   * @example
   * rs.setState(other.getState());
   */
  setState(state: { algorithm?: string; key: ArrayLike<number>; pos: number; hasGauss?: boolean; cachedGaussian?: number }): void {
    if (state === null || typeof state !== "object") throw new InputTypeError("state", "a RandomStateState object", state);
    if (state.algorithm !== undefined && state.algorithm !== "MT19937") {
      throw new OptionError("state.algorithm", '"MT19937"', state.algorithm);
    }
    const key = state.key;
    if (!key || key.length !== MT_N) throw new ShapeError("state.key", `${MT_N} words`, `${key ? key.length : 0}`);
    for (let i = 0; i < MT_N; i++) {
      if (!Number.isInteger(key[i]) || key[i] < 0 || key[i] > 0xffffffff) {
        throw new OptionError(`state.key[${i}]`, "an integer in [0, 2**32 - 1]", key[i]);
      }
    }
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > MT_N) {
      throw new OptionError("state.pos", `an integer in [0, ${MT_N}]`, state.pos);
    }
    this.bits.mt.set(key);
    this.bits.pos = state.pos;
    this.hasGauss = !!state.hasGauss;
    this.gauss = this.hasGauss ? checkFinite("state.cachedGaussian", state.cachedGaussian ?? 0) : 0;
  }

  /**
   * The next raw 32-bit MT19937 word (unsigned).
   * @example
   * new RandomState(0).nextUint32(); // 2357136044
   */
  nextUint32(): number {
    return this.bits.nextUint32();
  }

  /**
   * Uniform floats in [0, 1) (np.random.random_sample).
   * @param size - number of draws or a shape; omit for one plain number
   * @example
   * rs.randomSample();      // a number
   * rs.randomSample([2, 3]); // NDArray float64 [2, 3]
   */
  randomSample(): number;
  randomSample(size: Size): NDArray;
  randomSample(size?: Size | null): number | NDArray;
  randomSample(size?: Size | null): number | NDArray {
    const shape = normalizeSize(size);
    if (shape === null) return this.bits.nextDouble();
    const out = new Float64Array(shapeSize(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.bits.nextDouble();
    return new NDArray(out, shape);
  }

  /** Alias of `randomSample` (np.random.random). @param size - draws or shape @example rs.random(3) */
  random(): number;
  random(size: Size): NDArray;
  random(size?: Size | null): number | NDArray {
    return this.randomSample(size);
  }

  /**
   * Uniform floats in [0, 1) with the shape given as separate arguments (np.random.rand).
   * @param dims - axis lengths; none for one plain number
   * @example
   * rs.rand();     // a number
   * rs.rand(3, 2); // NDArray float64 [3, 2]
   */
  rand(): number;
  rand(d0: number, ...dims: number[]): NDArray;
  rand(...dims: number[]): number | NDArray {
    return this.randomSample(dims.length === 0 ? null : dims);
  }

  /**
   * Standard normal draws with the shape given as separate arguments (np.random.randn).
   * @param dims - axis lengths; none for one plain number
   * @example
   * new RandomState(0).randn(); // 1.764052345967664
   */
  randn(): number;
  randn(d0: number, ...dims: number[]): NDArray;
  randn(...dims: number[]): number | NDArray {
    return this.standardNormal(dims.length === 0 ? null : dims);
  }

  /**
   * Standard normal draws by the legacy polar (Marsaglia) method with the cached second value.
   * @param size - number of draws or a shape; omit for one plain number
   * @example
   * new RandomState(42).standardNormal(2); // NDArray [0.4967141530112327, -0.13826430117118466]
   */
  standardNormal(): number;
  standardNormal(size: Size): NDArray;
  standardNormal(size?: Size | null): number | NDArray;
  standardNormal(size?: Size | null): number | NDArray {
    const shape = normalizeSize(size);
    if (shape === null) return this.nextGauss();
    const out = new Float64Array(shapeSize(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.nextGauss();
    return new NDArray(out, shape);
  }

  /** One standard normal by the legacy polar method (legacy_gauss). */
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.bits.nextDouble() - 1.0;
      x2 = 2.0 * this.bits.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    // glibc's log, not Math.log: V8's differs in the last bit for a few percent of r2 values
    const f = Math.sqrt(-2.0 * libmLog(r2) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * Normal draws loc + scale·z (np.random.normal). loc/scale may be arrays broadcast against `size`.
   * @param loc - mean (default 0)
   * @param scale - standard deviation ≥ 0 (default 1)
   * @param size - number of draws or a shape; omit with scalar loc/scale for one plain number
   * @example
   * np.random.seed(42); np.random.normal(0, 15000, 200);
   * rs.normal([30, 5], [10, 2], [100, 2]); // column 0 ~ N(30, 10), column 1 ~ N(5, 2)
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: Param | undefined, scale: Param | undefined, size: Size): NDArray;
  normal(loc: ArrayParam, scale?: Param): NDArray;
  normal(loc: Param | undefined, scale: ArrayParam): NDArray;
  normal(loc?: Param, scale?: Param, size?: Size | null): number | NDArray;
  normal(loc: Param = 0, scale: Param = 1, size?: Size | null): number | NDArray {
    return this.twoParam("normal", loc, "loc", scale, "scale", size, (a, b) => {
      if (b < 0) throw new OptionError("scale", "a non-negative standard deviation", b);
      return b;
    }, (a, b) => a + b * this.nextGauss());
  }

  /**
   * Uniform draws in [low, high) computed as low + (high - low)·u (np.random.uniform).
   * @param low - lower bound (default 0)
   * @param high - upper bound (default 1)
   * @param size - number of draws or a shape; omit with scalar bounds for one plain number
   * @example
   * rs.uniform(-1, 1, 5); // NDArray float64 [5]
   */
  uniform(low?: number, high?: number): number;
  uniform(low: Param | undefined, high: Param | undefined, size: Size): NDArray;
  uniform(low: ArrayParam, high?: Param): NDArray;
  uniform(low: Param | undefined, high: ArrayParam): NDArray;
  uniform(low?: Param, high?: Param, size?: Size | null): number | NDArray;
  uniform(low: Param = 0, high: Param = 1, size?: Size | null): number | NDArray {
    // NumPy passes (low, high - low) to the sampler; the range is computed per broadcast element.
    return this.twoParam("uniform", low, "low", high, "high", size, (a, b) => {
      const range = b - a;
      if (!Number.isFinite(range)) throw new OptionError("high - low", "a finite range", range);
      return range;
    }, (a, range) => a + range * this.bits.nextDouble());
  }

  /** Shared broadcasting driver of normal / uniform: validate, broadcast, draw in C order. */
  private twoParam(name: string, p1: Param, n1: string, p2: Param, n2: string, size: Size | null | undefined,
    prep: (a: number, b: number) => number, draw: (a: number, b: number) => number): number | NDArray {
    const shape = normalizeSize(size);
    const f1 = flattenParam(`${name} ${n1}`, p1);
    const f2 = flattenParam(`${name} ${n2}`, p2);
    const pShape = broadcastShapes(`${name} ${n1}/${n2}`, [f1.shape, f2.shape]);
    const outShape = shape ?? pShape;
    if (shape !== null) {
      const all = broadcastShapes(`${name} size`, [shape, pShape]);
      if (all.length !== shape.length || all.some((d, k) => d !== shape[k])) {
        throw new ShapeError(`${name} size`, `a shape that ${n1}/${n2} of shape [${pShape.join(", ")}] broadcast to`,
          `[${shape.join(", ")}]`);
      }
    }
    const i1 = broadcastIndex(f1.shape, outShape);
    const i2 = broadcastIndex(f2.shape, outShape);
    const total = shapeSize(outShape);
    // validate every parameter pair before drawing anything, as NumPy does
    const b = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      b[i] = prep(f1.values[i1 ? i1[i] : 0], f2.values[i2 ? i2[i] : 0]);
    }
    if (shape === null && outShape.length === 0) return draw(f1.values[0], b[0]);
    const out = new Float64Array(total);
    for (let i = 0; i < total; i++) out[i] = draw(f1.values[i1 ? i1[i] : 0], b[i]);
    return new NDArray(out, outShape);
  }

  /**
   * Random integers in [low, high) by masked rejection sampling with NumPy's int64 semantics
   * (np.random.randint). With one bound, draws from [0, low). Returns int32 when the bounds fit in int32,
   * else float64 holding exact integers (|values| < 2^53).
   * @param low - lowest value (or the exclusive upper bound when `high` is omitted)
   * @param high - exclusive upper bound
   * @param size - number of draws or a shape; omit for one plain number
   * @example
   * np.random.seed(42); np.random.randint(800, 3500, 200); // sizes of the linear-regression tutorial
   */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: Size): NDArray;
  randint(low: number, high?: number | null, size?: Size | null): number | NDArray;
  randint(low: number, high?: number | null, size?: Size | null): number | NDArray {
    checkInteger("randint low", low);
    if (high === undefined || high === null) { high = low; low = 0; }
    checkInteger("randint high", high);
    if (low >= high) throw new OptionError("randint", `low < high`, `low=${low}, high=${high}`);
    const rng = high - 1 - low;
    if (!Number.isSafeInteger(rng)) {
      throw new OptionError("randint high - low", "at most 2**53 - 1", high - low);
    }
    const shape = normalizeSize(size);
    if (shape === null) return low + this.bits.boundedMasked(rng);
    const n = shapeSize(shape);
    const fitsInt32 = low >= -2147483648 && high - 1 <= 2147483647;
    const out = fitsInt32 ? new Int32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + this.bits.boundedMasked(rng);
    return new NDArray(out, shape);
  }

  /**
   * A random permutation: of 0..n-1 for a number, or a shuffled copy of an array along its first axis.
   * @param x - a count, an NDArray, or a (nested) array of numbers
   * @example
   * new RandomState(42).permutation(5); // NDArray int32, a shuffle of [0, 1, 2, 3, 4]
   */
  permutation(x: number | NDArray | readonly number[] | readonly (readonly number[])[] | NumericTypedArray): NDArray {
    if (typeof x === "number") {
      if (!Number.isInteger(x) || x < 0) throw new OptionError("permutation n", "a non-negative integer", x);
      const arr = arange32(x);
      this.shuffleTyped(arr);
      return new NDArray(arr);
    }
    const a = toNDArray("permutation x", x);
    if (a.ndim === 0) throw new ShapeError("permutation x", "an integer or an array of at least 1 dimension", "a 0-d NDArray");
    const idx = arange32(a.shape[0]);
    this.shuffleTyped(idx);
    return takeRows(a, idx);
  }

  /**
   * Shuffle in place along the first axis (rows of an NDArray, elements of a JS or typed array).
   * @param x - the array to shuffle
   * @example
   * const a = [1, 2, 3, 4]; rs.shuffle(a); // a is now permuted
   */
  shuffle(x: Shuffleable): void {
    if (x instanceof NDArray) {
      if (x.ndim === 0) throw new ShapeError("shuffle x", "an array of at least 1 dimension", "a 0-d NDArray");
      if (x.ndim === 1) { this.shuffleTyped(x.data); return; }
      const n = x.shape[0];
      const row = n === 0 ? 0 : x.size / n;
      const buf = x.data.slice(0, row);
      for (let i = n - 1; i > 0; i--) {
        const j = this.bits.boundedMasked(i);
        if (i === j) continue;
        buf.set(x.data.subarray(j * row, (j + 1) * row));
        x.data.copyWithin(j * row, i * row, (i + 1) * row);
        x.data.set(buf, i * row);
      }
      return;
    }
    if (Array.isArray(x) || isNumericTypedArray(x)) { this.shuffleTyped(x as unknown[]); return; }
    throw new InputTypeError("shuffle x", "an NDArray, a JS array or a typed array", x);
  }

  /** Fisher–Yates from the end with masked-rejection indices (the legacy shuffle loop). */
  private shuffleTyped(arr: { length: number; [i: number]: unknown }): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.bits.boundedMasked(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
  }

  /**
   * Random sample from a population (np.random.choice, legacy algorithm).
   * @param a - a population size n (sample from 0..n-1) or a 1-D array to sample from
   * @param size - number of draws or a shape; omit for one plain number
   * @param replace - sample with replacement (default true)
   * @param p - probabilities of each entry (must sum to 1)
   * @example
   * new RandomState(0).choice(10, 5, false); // NDArray int32 [2, 8, 4, 9, 1]
   * rs.choice([10, 20, 30], 4, true, [0.5, 0.25, 0.25]);
   */
  choice(a: number | NDArray | readonly number[] | NumericTypedArray): number;
  choice(a: number | NDArray | readonly number[] | NumericTypedArray, size: Size, replace?: boolean,
    p?: readonly number[] | NDArray | Float64Array | null): NDArray;
  choice(a: number | NDArray | readonly number[] | NumericTypedArray, size?: Size | null, replace?: boolean,
    p?: readonly number[] | NDArray | Float64Array | null): number | NDArray;
  choice(a: number | NDArray | readonly number[] | NumericTypedArray, size?: Size | null, replace = true,
    p?: readonly number[] | NDArray | Float64Array | null): number | NDArray {
    let pool: NDArray | null = null;
    let popSize: number;
    if (typeof a === "number") {
      if (!Number.isInteger(a) || a < 0) throw new OptionError("choice a", "a non-negative integer or a 1-D array", a);
      popSize = a;
    } else {
      pool = toNDArray("choice a", a);
      if (pool.ndim !== 1) throw new ShapeError("choice a", "a 1-D array", `shape [${pool.shape.join(", ")}]`);
      popSize = pool.shape[0];
    }
    if (typeof replace !== "boolean") throw new OptionError("choice replace", "true or false", replace);
    const shape = normalizeSize(size);
    const n = shape === null ? 1 : shapeSize(shape);
    if (popSize === 0 && n !== 0) {
      throw new OptionError("choice a", "a non-empty population unless no samples are taken", a);
    }
    const idx = choiceIndices(this.bits, popSize, n, replace, p ?? null);
    if (shape === null) return pool === null ? idx[0] : pool.data[idx[0]];
    const picked = pool === null ? new NDArray(idx, shape) : takeRows(pool, idx);
    return pool === null ? picked : new NDArray(picked.data, shape, picked.dtype);
  }
}
