/**
 * The best-split search of scikit-learn's BestSplitter: draw features without replacement (Fisher–Yates over the
 * `features` array, driven by the tree's rand_r state, skipping features known to be constant in the node), sort
 * the node's samples by each drawn feature, scan the thresholds between distinct values and keep the split with
 * the best proxy improvement; then partition the node's samples around it.
 */
import { Criterion } from "./criterion";
import { RandRState, randInt } from "./rand";
import { scratchFloat32, scratchInt32 } from "./scratch";
import type { RankedX } from "./ranked";
import { introsortKeys, sortSamples } from "./sort";

/** Values closer than this (in float32) count as equal, as in scikit-learn. */
const FEATURE_THRESHOLD = Math.fround(1e-7);

/** The split found for a node (pos ≥ end: no valid split). */
export interface SplitRecord {
  feature: number;
  pos: number;
  threshold: number;
  improvement: number;
  impurityLeft: number;
  impurityRight: number;
}

/** Searches splits of samples[start, end) over a column-major float32 copy of X. */
export class BestSplitter {
  /** The training samples with non-zero weight, reordered node by node. */
  readonly samples: Int32Array;
  /** Number of samples with non-zero weight. */
  readonly nSamples: number;
  /** Total weight of all samples. */
  readonly weightedNSamples: number;
  readonly features: Int32Array;
  readonly constantFeatures: Int32Array;
  protected readonly xf: Float32Array;
  start = 0;
  end = 0;
  protected readonly scratch = new Float64Array(2);
  readonly split: SplitRecord = { feature: 0, pos: 0, threshold: 0, improvement: 0, impurityLeft: 0, impurityRight: 0 };
  /** X's rank table: when set, the exact search sorts rank keys (see {@link introsortKeys}). */
  ranked: RankedX | null = null;
  private keys: Int32Array | null = null;

  /** Sort rank keys instead of (value, sample) pairs from now on (same order, fewer memory moves). */
  useRanks(ranked: RankedX): this {
    this.ranked = ranked;
    this.keys = scratchInt32(4, this.nRows);
    return this;
  }

  /**
   * @param xt - X column-major: xt[f·nRows + i]
   * @param nRows - rows of X
   * @param nFeatures - columns of X
   * @param sw - sample weights (samples with weight 0 are left out) or null
   * @param criterion - the split criterion (its samples are set to this splitter's)
   * @param maxFeatures - features drawn per node
   * @param minSamplesLeaf - minimum samples per leaf
   * @param minWeightLeaf - minimum weight per leaf
   * @param rng - the rand_r state
   */
  constructor(readonly xt: Float32Array, readonly nRows: number, readonly nFeatures: number,
    sw: Float64Array | null, readonly criterion: Criterion, readonly maxFeatures: number,
    readonly minSamplesLeaf: number, readonly minWeightLeaf: number, readonly rng: RandRState) {
    const samples = scratchInt32(0, nRows);
    let j = 0, wsum = 0;
    for (let i = 0; i < nRows; i++) {
      if (sw === null || sw[i] !== 0.0) samples[j++] = i;
      wsum += sw === null ? 1.0 : sw[i];
    }
    this.samples = samples.subarray(0, j);
    this.nSamples = j;
    this.weightedNSamples = wsum;
    this.features = scratchInt32(1, nFeatures);
    for (let f = 0; f < nFeatures; f++) this.features[f] = f;
    this.constantFeatures = scratchInt32(2, nFeatures);
    this.xf = scratchFloat32(0, nRows);
    criterion.samples = this.samples;
    criterion.weightedNSamples = wsum;
  }

  /** Start work on samples[start, end); returns the node's weighted sample count. */
  nodeReset(start: number, end: number): number {
    this.start = start;
    this.end = end;
    this.criterion.init(start, end);
    return this.criterion.weightedNNodeSamples;
  }

  /**
   * Find the best split of the current node (written to this.split) and partition its samples around it.
   * @param impurity - the node's impurity
   * @param nKnownConstants - features known constant in this node (the first ones of `features`)
   * @returns the number of features known constant for the children
   */
  nodeSplit(impurity: number, nKnownConstants: number): number {
    const { xt, nRows, samples, features, xf, criterion, maxFeatures, rng } = this;
    const start = this.start, end = this.end;
    const minLeaf = this.minSamplesLeaf, minWeight = this.minWeightLeaf;
    const best = this.split;
    best.feature = 0; best.pos = end; best.threshold = 0; best.improvement = -Infinity;
    best.impurityLeft = Infinity; best.impurityRight = Infinity;
    let bestProxy = -Infinity;
    let fi = this.nFeatures;
    let nVisited = 0, nFound = 0, nDrawn = 0;
    let nTotal = nKnownConstants;
    while (fi > nTotal && (nVisited < maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = randInt(nDrawn, fi - nFound, rng);
      if (fj < nKnownConstants) {
        const t = features[nDrawn]; features[nDrawn] = features[fj]; features[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const feature = features[fj];
      const col = feature * nRows;
      const ranked = this.ranked;
      if (ranked !== null) {
        // The same introsort on rank keys (one int32 per element), then rows and values read back from the keys.
        const keys = this.keys!, kT = ranked.keys, vals = ranked.vals, shift = ranked.shift, mask = (1 << shift) - 1;
        for (let p = start; p < end; p++) keys[p] = kT[col + samples[p]];
        introsortKeys(keys, start, end - start, shift);
        for (let p = start; p < end; p++) {
          const k = keys[p];
          samples[p] = k & mask;
          xf[p] = vals[col + (k >> shift)];
        }
      } else {
        for (let p = start; p < end; p++) xf[p] = xt[col + samples[p]];
        sortSamples(xf, samples, start, end - start);
      }
      if (xf[end - 1] <= Math.fround(xf[start] + FEATURE_THRESHOLD)) {
        features[fj] = features[nTotal]; features[nTotal] = feature;
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      features[fj] = features[fi]; features[fi] = feature;
      criterion.reset();
      let p = start;
      while (p < end) {
        while (p + 1 < end && xf[p + 1] <= Math.fround(xf[p] + FEATURE_THRESHOLD)) p++;
        p++;
        if (p >= end) continue;
        if (p - start < minLeaf || end - p < minLeaf) continue;
        criterion.update(p);
        if (criterion.weightedNLeft < minWeight || criterion.weightedNRight < minWeight) continue;
        const proxy = criterion.proxyImpurityImprovement(this.scratch);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          const a = xf[p - 1], b = xf[p];
          let thr = a / 2.0 + b / 2.0;
          if (thr === b || thr === Infinity || thr === -Infinity) thr = a;
          best.feature = feature;
          best.pos = p;
          best.threshold = thr;
        }
      }
    }
    this.finishSplit(impurity, nKnownConstants, nFound);
    return nTotal;
  }

  /**
   * Partition samples[start, end) around the best split found (if any), compute the children's impurities and
   * the improvement, and restore the known-constant prefix of `features` (recording the nFound new ones).
   */
  protected finishSplit(impurity: number, nKnownConstants: number, nFound: number): void {
    const { xt, nRows, samples, features, constantFeatures, criterion } = this;
    const start = this.start, end = this.end;
    const best = this.split;
    if (best.pos < end) {
      const col = best.feature * nRows, thr = best.threshold;
      let pEnd = end, p = start;
      while (p < pEnd) {
        if (xt[col + samples[p]] <= thr) {
          p++;
        } else {
          pEnd--;
          const t = samples[p]; samples[p] = samples[pEnd]; samples[pEnd] = t;
        }
      }
      criterion.reset();
      criterion.update(best.pos);
      criterion.childrenImpurity(this.scratch);
      best.impurityLeft = this.scratch[0];
      best.impurityRight = this.scratch[1];
      best.improvement = criterion.impurityImprovement(impurity, best.impurityLeft, best.impurityRight);
    }
    // Keep features[0, nKnownConstants) in its original order for siblings and children, and record the new ones.
    features.set(constantFeatures.subarray(0, nKnownConstants), 0);
    constantFeatures.set(features.subarray(nKnownConstants, nKnownConstants + nFound), nKnownConstants);
  }
}
