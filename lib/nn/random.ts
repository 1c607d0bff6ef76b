/**
 * The generator behind `nn`'s initial weights and dropout masks: xoshiro128** seeded through splitmix32, fast
 * enough to draw a mask per activation every step. `manualSeed` makes a run reproducible (PyTorch's
 * `torch.manual_seed`); the stream is typelearn's own, so weights differ from PyTorch's for the same seed.
 */
import { OptionError } from "../errors";

let s0 = 0, s1 = 0, s2 = 0, s3 = 0;

function splitmix32(x: number): () => number {
  return () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seed the generator used for weight initialisation and dropout (PyTorch's `torch.manual_seed`).
 * @param seed - a non-negative integer
 * @example
 * manualSeed(42);
 * const net = new nn.Linear(30, 64); // the same weights on every run
 */
export function manualSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0) throw new OptionError("manualSeed(seed)", "a non-negative integer", seed);
  const next = splitmix32((seed % 4294967296) ^ Math.floor(seed / 4294967296));
  s0 = next(); s1 = next(); s2 = next(); s3 = next();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
}

// Unseeded runs start from the clock, like PyTorch's default generator.
manualSeed(Date.now() % 2147483647);

/** The next 32 random bits (xoshiro128**). */
export function nextU32(): number {
  const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
  const t = s1 << 9;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return r >>> 0;
}

function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

/** A uniform draw in [0, 1) with 32 bits of resolution. */
export function uniform01(): number { return nextU32() / 4294967296; }

/**
 * Fill `out` with uniform draws in [low, high).
 * @example
 * uniformFill(new Float32Array(4), -0.1, 0.1);
 */
export function uniformFill(out: Float32Array, low: number, high: number): Float32Array {
  const w = high - low;
  for (let i = 0; i < out.length; i++) out[i] = low + w * uniform01();
  return out;
}

/**
 * A dropout mask: `scale` where an element is kept (probability 1 − p), 0 where it is dropped. Branch-free (the
 * keep/drop test is a floor of the scaled difference), so a random mask costs no mispredicted branches, and the
 * generator's state is held in locals for the loop.
 * @param n - elements
 * @param p - drop probability
 * @param scale - the kept elements' value
 * @param into - where to write the n values (a caller's scratch, at least n long); default a new array
 * @example
 * dropoutMask(10, 0.3, 1 / 0.7); // Float32Array of 0 and 1/0.7
 */
export function dropoutMask(n: number, p: number, scale: number, into?: Float32Array): Float32Array {
  const mask = into ?? new Float32Array(n);
  const threshold = Math.min(4294967296, Math.round(p * 4294967296));
  let a = s0, b = s1, c = s2, d = s3;
  for (let i = 0; i < n; i++) {
    const r = (Math.imul(rotl(Math.imul(b, 5), 7), 9)) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    // floor((r − threshold) / 2³²) is −1 when r < threshold (dropped), else 0.
    mask[i] = scale * (1 + Math.floor((r - threshold) * 2.3283064365386963e-10));
  }
  s0 = a; s1 = b; s2 = c; s3 = d;
  return mask;
}
