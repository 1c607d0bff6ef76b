/**
 * The tree-fitting core shared by the tree estimators and the forests (in this thread or in a worker): data
 * prepared once (X as column-major float32, targets encoded), then one call per tree.
 */
import { NonFiniteError } from "../errors";
import { buildBestFirst, buildDepthFirst } from "./builder";
import { ClassificationCriterion, Criterion, RegressionCriterion } from "./criterion";
import type { ResolvedTreeParams } from "./params";
import { RankedX, integralWeights, rankColumns, rankableRows } from "./ranked";
import { BestSplitter } from "./splitter";
import { RankedSplitter } from "./splitter_ranked";
import type { TreeArrays } from "./tree_struct";

/** Training data in the layout the splitter reads. */
export interface TreeData {
  /** X column-major as float32: xt[f·nRows + i]. */
  xt: Float32Array;
  nRows: number;
  nFeatures: number;
  /** Classification: class codes, nRows × nOutputs. */
  yCodes?: Int32Array;
  /** Regression: targets, nRows × nOutputs. */
  yValues?: Float64Array;
  nOutputs: number;
  /** Classes per output (1s for regression). */
  nClasses: Int32Array;
  /** X's rank table for the fast split search (built by {@link withRanks} when the data qualify). */
  ranked?: RankedX;
}

/** The rank table costs 12 bytes per cell of X: above this many cells the trees use the plain search. */
const MAX_RANKED_CELLS = 1 << 22;

/**
 * Attach X's rank table (when X has at most 32 768 rows and 2²² cells), so that trees sort int32 rank keys, and
 * single-output classification trees with integer sample weights use the fast search of splitter_ranked.ts.
 * Returns d.
 * @param d - the data
 * @param shared - allocate the table in SharedArrayBuffers (for worker threads)
 * @example
 * withRanks(data);
 */
export function withRanks(d: TreeData, shared = false): TreeData {
  if (!d.ranked && rankableRows(d.nRows) && d.nRows * d.nFeatures <= MAX_RANKED_CELLS) {
    d.ranked = rankColumns(d.xt, d.nRows, d.nFeatures, shared);
  }
  return d;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * X (row-major float64) as the column-major float32 copy trees split on. Values beyond float32's range are
 * rejected, as scikit-learn rejects them when it casts X to float32.
 * @param data - rows × cols, row-major
 * @param rows - rows
 * @param cols - columns
 * @param shared - allocate in a SharedArrayBuffer (for worker threads)
 * @example
 * const xt = toColumnMajorF32(m.data, m.rows, m.cols);
 */
export function toColumnMajorF32(data: Float64Array, rows: number, cols: number, shared = false): Float32Array {
  const xt = shared ? new Float32Array(new SharedArrayBuffer(rows * cols * 4)) : new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j];
      if (!(v <= FLOAT32_MAX && v >= -FLOAT32_MAX)) {
        const err = new NonFiniteError("X", `row ${i}, column ${j}`, v);
        err.message = `X: expected finite values within float32 range (|x| ≤ 3.4e38), received ${v} at row ${i}, ` +
          `column ${j}`;
        throw err;
      }
      xt[j * rows + i] = v;
    }
  }
  return xt;
}

/**
 * Fit one tree.
 * @param d - the data
 * @param sw - sample weights (null: all 1); samples of weight 0 are left out
 * @param p - resolved options
 * @param randSeed - the splitter's rand_r seed (scikit-learn: RandomState(randomState).randint(0, 2**31 − 1))
 * @returns the tree's arrays
 */
export function fitTreeArrays(d: TreeData, sw: Float64Array | null, p: ResolvedTreeParams, randSeed: number): TreeArrays {
  let crit: Criterion;
  if (d.yCodes) {
    crit = new ClassificationCriterion(d.yCodes, d.nClasses, sw, p.criterion === "entropy" || p.criterion === "log_loss");
  } else {
    crit = new RegressionCriterion(d.yValues!, d.nOutputs, sw, p.criterion === "friedman_mse");
  }
  const rng = Uint32Array.of(randSeed);
  let splitter: BestSplitter;
  if (d.ranked && d.yCodes && d.nOutputs === 1 && integralWeights(sw)) {
    // any order of tied samples gives the same tree here (see ranked.ts)
    splitter = new RankedSplitter(d.ranked, d.xt, d.nRows, d.nFeatures, sw, crit, p.maxFeatures, p.minSamplesLeaf,
      p.minWeightLeaf, rng);
  } else {
    splitter = new BestSplitter(d.xt, d.nRows, d.nFeatures, sw, crit, p.maxFeatures, p.minSamplesLeaf,
      p.minWeightLeaf, rng);
    if (d.ranked) splitter.useRanks(d.ranked);
  }
  return p.maxLeafNodes < 0 ? buildDepthFirst(splitter, d.nClasses, p) : buildBestFirst(splitter, d.nClasses, p);
}
