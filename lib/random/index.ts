/**
 * lib/random: NumPy-compatible legacy RandomState (MT19937). Only the namespace object `random`, the class and
 * the seed helpers are exported here, so that names such as `shuffle` or `normal` do not collide at the top level;
 * the module functions are members of `random` (exposed as `np.random`).
 */
export { RandomState } from "./random_state";
export type { RandomStateState, Seed, Shuffleable } from "./random_state";
export type { Size, Param, ArrayParam } from "./params";
export { random, checkRandomState, getGlobalRandomState } from "./global";
export { MT19937 } from "./mt19937";
