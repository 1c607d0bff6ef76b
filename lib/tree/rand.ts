/**
 * The tiny xorshift generator scikit-learn's tree splitters draw from (`our_rand_r` in sklearn/utils/_random.pxd),
 * so that a tree fitted with the same randomState visits features in the same order as scikit-learn's.
 */

/** RAND_R_MAX of scikit-learn's trees: 2³¹ − 1. */
export const RAND_R_MAX = 0x7fffffff;

/** A generator state: one uint32 kept in a 1-element array so helpers can advance it in place. */
export type RandRState = Uint32Array;

/**
 * Advance the state (32-bit xorshift 13/17/5; a zero state is replaced by 1) and return a value in [0, 2³¹).
 * @param state - the 1-element state, updated in place
 * @example
 * const s = Uint32Array.of(42); ourRandR(s);
 */
export function ourRandR(state: RandRState): number {
  let s = state[0];
  if (s === 0) s = 1;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  state[0] = s;
  return s % 0x80000000;
}

/**
 * An integer in [low, high) as scikit-learn's `rand_int`: low + ourRandR() mod (high − low).
 * @param low - lower bound (inclusive)
 * @param high - upper bound (exclusive), > low
 * @param state - the generator state
 * @example
 * randInt(0, 10, Uint32Array.of(7));
 */
export function randInt(low: number, high: number, state: RandRState): number {
  return low + (ourRandR(state) % (high - low));
}
