/**
 * Index generation of NumPy's legacy `choice`: uniform with replacement (masked randint draws), uniform without
 * replacement (a full permutation, then its prefix), and weighted by p (cumulative sum + right searchsorted on
 * uniform draws; without replacement, repeated rounds that zero out the indices already found).
 */
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { MT19937 } from "./mt19937";

const ATOL = Math.sqrt(2.220446049250313e-16);

/** Kahan-compensated sum, in the order NumPy's legacy choice sums p. */
function kahanSum(x: Float64Array): number {
  if (x.length === 0) return 0;
  let sum = x[0];
  let c = 0;
  for (let i = 1; i < x.length; i++) {
    const y = x[i] - c;
    const t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum;
}

/** Validate p (length, NaN, negatives, sum 1 within sqrt(eps)) and return it as a fresh Float64Array. */
function checkP(p: readonly number[] | NDArray | Float64Array, popSize: number): Float64Array {
  let arr: Float64Array;
  if (p instanceof NDArray) {
    if (p.ndim !== 1) throw new ShapeError("choice p", "a 1-D array", `shape [${p.shape.join(", ")}]`);
    arr = Float64Array.from(p.data);
  } else if (p instanceof Float64Array || Array.isArray(p)) {
    arr = Float64Array.from(p as ArrayLike<number>);
  } else {
    throw new InputTypeError("choice p", "an array of probabilities", p);
  }
  if (arr.length !== popSize) throw new ShapeError("choice p", `${popSize} probabilities (one per entry of a)`, `${arr.length}`);
  for (let i = 0; i < arr.length; i++) {
    if (Number.isNaN(arr[i])) throw new NonFiniteError("choice p", i, arr[i]);
    if (arr[i] < 0) throw new OptionError(`choice p[${i}]`, "a non-negative probability", arr[i]);
  }
  const s = kahanSum(arr);
  if (!(Math.abs(s - 1) <= ATOL)) throw new OptionError("choice p", "probabilities that sum to 1", `a sum of ${s}`);
  return arr;
}

/** Normalised cumulative sum of p (sequential, as np.cumsum) divided by its last element. */
function normalizedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) { acc += p[i]; cdf[i] = acc; }
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** Number of cdf entries ≤ u (np.searchsorted(cdf, u, side="right")). */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= u) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The indices NumPy's legacy `choice(popSize, n, replace, p)` draws, in order.
 * @param bits - the generator to draw from
 * @param popSize - population size (already validated ≥ 0, > 0 when n > 0)
 * @param n - number of samples
 * @param replace - with replacement
 * @param p - probabilities or null for uniform
 * @example
 * choiceIndices(mt, 10, 5, false, null); // the first 5 entries of a permutation of 0..9
 */
export function choiceIndices(bits: MT19937, popSize: number, n: number, replace: boolean,
  p: readonly number[] | NDArray | Float64Array | null): Int32Array {
  const probs = p === null ? null : checkP(p, popSize);
  const out = new Int32Array(n);
  if (replace) {
    if (probs === null) {
      for (let i = 0; i < n; i++) out[i] = bits.boundedMasked(popSize - 1);
    } else {
      const cdf = normalizedCdf(probs);
      for (let i = 0; i < n; i++) out[i] = searchRight(cdf, bits.nextDouble());
    }
    return out;
  }
  if (n > popSize) {
    throw new OptionError("choice size", `at most the population size ${popSize} when replace=false`, n);
  }
  if (probs === null) {
    const perm = new Int32Array(popSize);
    for (let i = 0; i < popSize; i++) perm[i] = i;
    for (let i = popSize - 1; i > 0; i--) {
      const j = bits.boundedMasked(i);
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    out.set(perm.subarray(0, n));
    return out;
  }
  let nonZero = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) nonZero++;
  if (nonZero < n) throw new OptionError("choice p", `at least ${n} non-zero entries for size ${n} without replacement`, `${nonZero}`);
  let found = 0;
  const seen = new Uint8Array(popSize);
  while (found < n) {
    const m = n - found;
    const u = new Float64Array(m);
    for (let i = 0; i < m; i++) u[i] = bits.nextDouble();
    for (let i = 0; i < found; i++) probs[out[i]] = 0;
    const cdf = normalizedCdf(probs);
    // keep the first occurrence of each new index, in draw order
    const round = new Uint8Array(popSize);
    for (let i = 0; i < m; i++) {
      const k = searchRight(cdf, u[i]);
      if (round[k] || seen[k]) continue;
      round[k] = 1;
      seen[k] = 1;
      out[found++] = k;
    }
  }
  return out;
}
