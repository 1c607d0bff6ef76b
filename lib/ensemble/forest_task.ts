/**
 * Fitting the trees of a random forest, one tree per task: the same code runs inline (nJobs 1) or in the worker
 * pool, so results do not depend on nJobs. Seed plumbing as scikit-learn's: tree t's bootstrap draw is
 * RandomState(seed_t).randint(0, n, nBootstrap), turned into sample weights by counting, and the tree's splitter is
 * seeded with RandomState(seed_t).randint(0, 2**31 − 1).
 */
import { npSum } from "../cluster/numpy_sum";
import { registerTask } from "../parallel/tasks";
import { RandomState } from "../random";
import { sampleWeightsForClasses } from "../tree/class_weight";
import { TreeData, fitTreeArrays } from "../tree/fit";
import { TreeOptionValues, resolveTreeParams } from "../tree/params";
import { RAND_R_MAX } from "../tree/rand";
import type { TreeArrays } from "../tree/tree_struct";

/** Name of the registered task. */
export const FOREST_TASK = "typelearn.forest.fitTree";

/** What one forest-tree task receives (arrays may live in SharedArrayBuffers). */
export interface ForestTreePayload {
  data: TreeData;
  /** Forest-level sample weights (user weights × class weights) or null. */
  sw: Float64Array | null;
  options: TreeOptionValues;
  bootstrap: boolean;
  nSamplesBootstrap: number;
  /** Reweight classes over each bootstrap draw ("balanced_subsample"); the number of classes. */
  balancedSubsample: number;
  seed: number;
}

/**
 * The bootstrap draw of the tree seeded `seed`: how many times each sample was drawn.
 * @param seed - the tree's seed
 * @param nSamples - samples in X
 * @param nSamplesBootstrap - draws
 * @param rs - a generator in the state of a fresh RandomState(seed) (one is made when omitted)
 * @example
 * bootstrapCounts(209652396, 455, 455);
 */
export function bootstrapCounts(seed: number, nSamples: number, nSamplesBootstrap: number, rs?: RandomState):
  { counts: Float64Array; indices: Int32Array } {
  const idx = (rs ?? new RandomState(seed)).randint(0, nSamples, nSamplesBootstrap).data as Int32Array;
  const counts = new Float64Array(nSamples);
  for (let t = 0; t < idx.length; t++) counts[idx[t]]++;
  return { counts, indices: idx };
}

/**
 * Fit one tree of a forest.
 * @param p - the payload
 * @returns the tree's arrays
 */
export function fitForestTree(p: ForestTreePayload): TreeArrays {
  const n = p.data.nRows;
  // Both scikit-learn draws start from a fresh RandomState(seed): the splitter's seed first, then (replaying the
  // same twisted state from its start rather than seeding a second generator) the bootstrap draw.
  const rs = new RandomState(p.seed);
  const randSeed = rs.randint(0, RAND_R_MAX) as number;
  let w: Float64Array | null = p.sw;
  if (p.bootstrap) {
    rs.setState({ key: rs.getState().key, pos: 0 });
    const { counts, indices } = bootstrapCounts(p.seed, n, p.nSamplesBootstrap, rs);
    if (p.sw) {
      w = Float64Array.from(p.sw);
      for (let i = 0; i < n; i++) w[i] *= counts[i];
    } else {
      w = counts;
    }
    if (p.balancedSubsample > 0) {
      const classes = Array.from({ length: p.balancedSubsample }, (_, c) => c);
      const cw = sampleWeightsForClasses("balanced", p.data.yCodes!, classes, indices);
      for (let i = 0; i < n; i++) w[i] *= cw[i];
    }
  }
  const params = resolveTreeParams(p.options, n, p.data.nFeatures, w ? npSum(w) : n);
  return fitTreeArrays(p.data, w, params, randSeed);
}

registerTask(FOREST_TASK, (p: ForestTreePayload) => fitForestTree(p));
