/**
 * The MT19937 Mersenne Twister bit generator exactly as NumPy's legacy RandomState seeds and steps it.
 * State is a Uint32Array of 624 words; all arithmetic stays in 32-bit integers (Math.imul, `>>> 0`).
 */
import { OptionError } from "../errors";

/** Number of 32-bit words in the MT19937 state. */
export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * The raw MT19937 generator: seeding (init_genrand, init_by_array), the twist and 32-bit tempered output.
 *
 * @example
 * const mt = new MT19937();
 * mt.initGenrand(0);
 * mt.nextUint32(); // 2357136044, the same word NumPy's RandomState(0) draws first
 */
export class MT19937 {
  /** The 624-word state ("key" in NumPy's get_state). */
  readonly mt = new Uint32Array(MT_N);
  /** Index of the next word to temper; 624 forces a twist on the next draw. */
  pos = MT_N;

  /**
   * Seed from one 32-bit integer (Matsumoto–Nishimura init_genrand, as np.random.seed(int)).
   * @param seed - an integer in [0, 2^32)
   * @example
   * new MT19937().initGenrand(42);
   */
  initGenrand(seed: number): this {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new OptionError("seed", "an integer in [0, 2**32 - 1]", seed);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < MT_N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = MT_N;
    return this;
  }

  /**
   * Seed from an array of 32-bit words (init_by_array, as np.random.seed([a, b, ...])).
   * @param key - one or more integers in [0, 2^32)
   * @example
   * new MT19937().initByArray([1, 2, 3]);
   */
  initByArray(key: ArrayLike<number>): this {
    const len = key.length;
    if (len === 0) throw new OptionError("seed", "a non-empty array of integers", key);
    for (let j = 0; j < len; j++) {
      const v = key[j];
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        throw new OptionError(`seed[${j}]`, "an integer in [0, 2**32 - 1]", v);
      }
    }
    this.initGenrand(19650218);
    const mt = this.mt;
    let i = 1;
    let j = 0;
    for (let k = Math.max(MT_N, len); k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
      if (j >= len) j = 0;
    }
    for (let k = MT_N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    this.pos = MT_N;
    return this;
  }

  /** Regenerate all 624 words (the MT19937 "twist"). */
  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < MT_N - MT_M; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < MT_N - 1; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M - MT_N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /**
   * The next tempered 32-bit word, as an unsigned integer in [0, 2^32).
   * @example
   * new MT19937().initGenrand(1).nextUint32(); // 1791095845
   */
  nextUint32(): number {
    if (this.pos >= MT_N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A double in [0, 1) with 53 random bits: (a·2^26 + b) / 2^53 from two words (NumPy's random_sample).
   * @example
   * new MT19937().initGenrand(0).nextDouble(); // 0.5488135039273248
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * A uniformly distributed integer in [0, max] by masked rejection (NumPy's random_interval and the
   * masked bounded sampler). Uses one 32-bit word per attempt when max < 2^32, else two (high word first).
   * @param max - inclusive upper bound, an integer in [0, 2^53)
   * @example
   * new MT19937().initGenrand(0).boundedMasked(9); // in 0..9
   */
  boundedMasked(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = maskFor(max);
      let v: number;
      do { v = (this.nextUint32() & mask) >>> 0; } while (v > max);
      return v;
    }
    // 64-bit path: mask = 2^k - 1 with k > 32; the low word is kept whole, the high word masked.
    const maskHi = maskFor(Math.floor(max / 4294967296));
    let v: number;
    do {
      const hi = (this.nextUint32() & maskHi) >>> 0;
      const lo = this.nextUint32();
      v = hi * 4294967296 + lo;
    } while (v > max);
    return v;
  }
}

/** Smallest 2^k - 1 that is >= x, for x in [0, 2^32). */
function maskFor(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}
