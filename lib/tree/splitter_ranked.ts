/**
 * BestSplitter's search for single-output classification with integer sample weights, over X's rank table (see
 * ranked.ts for why the tree is the same as with scikit-learn's sort). The node's keys (rank << shift | row) come
 * in ascending order either from a plain sort of distinct integers (small nodes) or, for large nodes, by filtering
 * the column's presorted keys by node membership (O(nRows), no sort at all). The class counts of the left part and
 * the proxy improvement are computed inline while scanning, with the criterion's exact arithmetic; the features
 * are drawn, and the chosen split applied, exactly as BestSplitter does.
 */
import { ClassificationCriterion } from "./criterion";
import { randInt } from "./rand";
import type { RankedX } from "./ranked";
import { scratchInt32 } from "./scratch";
import { sortDistinctKeys } from "./sort";
import { BestSplitter } from "./splitter";

const FEATURE_THRESHOLD = Math.fround(1e-7);
const LOG2 = Math.log(2.0);
/** Filter the presorted column instead of sorting when nRows ≤ SCAN_RATIO · n · log2(n). */
const SCAN_RATIO = 3;

let flags = new Uint8Array(0);

/** The all-zero membership flags of ≥ n rows, reused across fits (nodeSplit leaves them all zero). */
function inNodeFlags(n: number): Uint8Array {
  if (flags.length < n) flags = new Uint8Array(n);
  return flags;
}

/** The split search on ranks (nOutputs 1, classification, integer weights). */
export class RankedSplitter extends BestSplitter {
  private readonly keyBuf: Int32Array;
  private readonly countsLeft: Float64Array;
  /** inNode[row] = 1 while a node using the filtered scan is searched (0 otherwise). */
  private readonly inNode: Uint8Array;

  /**
   * @param ranked - X's rank table
   * @param args - BestSplitter's constructor arguments (the criterion must be a single-output
   *   ClassificationCriterion)
   */
  constructor(ranked: RankedX, ...args: ConstructorParameters<typeof BestSplitter>) {
    super(...args);
    this.useRanks(ranked);
    this.keyBuf = scratchInt32(3, this.nRows + 1);
    this.inNode = inNodeFlags(this.nRows);
    this.countsLeft = new Float64Array((this.criterion as ClassificationCriterion).nClasses[0]);
  }

  nodeSplit(impurity: number, nKnownConstants: number): number {
    const { nRows, samples, features, maxFeatures, rng } = this;
    const crit = this.criterion as ClassificationCriterion;
    const y = crit.y, sw = crit.sw, nc = crit.nClasses[0], entropy = crit.entropy;
    const total = crit.sumTotal, left = this.countsLeft;
    const binaryGini = nc === 2 && !entropy;
    const wNode = crit.weightedNNodeSamples;
    const ranked = this.ranked!;
    const kT = ranked.keys, vals = ranked.vals, shift = ranked.shift, mask = (1 << shift) - 1;
    const keys = this.keyBuf;
    const start = this.start, end = this.end;
    const minLeaf = this.minSamplesLeaf, minWeight = this.minWeightLeaf;
    const best = this.split;
    best.feature = 0; best.pos = end; best.threshold = 0; best.improvement = -Infinity;
    best.impurityLeft = Infinity; best.impurityRight = Infinity;
    let bestProxy = -Infinity;
    let fi = this.nFeatures;
    let nVisited = 0, nFound = 0, nDrawn = 0;
    let nTotal = nKnownConstants;
    // Large nodes: filter the column's presorted keys by node membership (O(nRows)) instead of sorting
    // (O(n log n)); the node's keys come out in the same ascending order either way.
    const n = end - start;
    const filter = nRows <= SCAN_RATIO * n * Math.log2(n);
    let marked = false;
    const inNode = this.inNode, sorted = ranked.sorted;
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
      if (filter) {
        if (!marked) {
          for (let p = start; p < end; p++) inNode[samples[p]] = 1;
          marked = true;
        }
        // Branch-free: every key is written at q, which advances only past the node's own.
        let q = start;
        for (let t = col, tEnd = col + nRows; t < tEnd; t++) {
          const k = sorted[t];
          keys[q] = k;
          q += inNode[k & mask];
        }
      } else {
        for (let p = start; p < end; p++) keys[p] = kT[col + samples[p]];
        sortDistinctKeys(keys, start, n);
      }
      if (vals[col + (keys[end - 1] >> shift)] <= Math.fround(vals[col + (keys[start] >> shift)] + FEATURE_THRESHOLD)) {
        features[fj] = features[nTotal]; features[nTotal] = feature;
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      features[fj] = features[fi]; features[fi] = feature;
      // Scan: left = samples sorted before p; candidates where the value jumps by more than FEATURE_THRESHOLD.
      let wl = 0.0;
      let k = keys[start];
      let v = vals[col + (k >> shift)];
      if (binaryGini) {
        // Two classes, Gini: the class-1 weight on the left in a register (class 0's is wl − l1, exact in
        // integers); the same products and quotients as the criterion's.
        const t0 = total[0], t1 = total[1];
        let l1 = 0.0;
        for (let p = start + 1; p < end; p++) {
          {
            const i = k & mask;
            const w = sw === null ? 1.0 : sw[i];
            l1 += y[i] * w;
            wl += w;
          }
          k = keys[p];
          const a = v;
          v = vals[col + (k >> shift)];
          if (v <= Math.fround(a + FEATURE_THRESHOLD)) continue;
          if (p - start < minLeaf || end - p < minLeaf) continue;
          const wr = wNode - wl;
          if (wl < minWeight || wr < minWeight) continue;
          const l0 = wl - l1, r0 = t0 - l0, r1 = t1 - l1;
          const impL = 1.0 - (l0 * l0 + l1 * l1) / (wl * wl);
          const impR = 1.0 - (r0 * r0 + r1 * r1) / (wr * wr);
          const proxy = -wr * impR - wl * impL;
          if (proxy > bestProxy) {
            bestProxy = proxy;
            let thr = a / 2.0 + v / 2.0;
            if (thr === v || thr === Infinity || thr === -Infinity) thr = a;
            best.feature = feature;
            best.pos = p;
            best.threshold = thr;
          }
        }
        continue;
      }
      left.fill(0);
      for (let p = start + 1; p < end; p++) {
        {
          const i = k & mask;
          const w = sw === null ? 1.0 : sw[i];
          left[y[i]] += w;
          wl += w;
        }
        k = keys[p];
        const a = v;
        v = vals[col + (k >> shift)];
        if (v <= Math.fround(a + FEATURE_THRESHOLD)) continue;
        if (p - start < minLeaf || end - p < minLeaf) continue;
        const wr = wNode - wl;
        if (wl < minWeight || wr < minWeight) continue;
        let impL = 0.0, impR = 0.0;
        if (entropy) {
          for (let c = 0; c < nc; c++) {
            let cl = left[c];
            if (cl > 0.0) { cl /= wl; impL -= cl * (Math.log(cl) / LOG2); }
            let cr = total[c] - left[c];
            if (cr > 0.0) { cr /= wr; impR -= cr * (Math.log(cr) / LOG2); }
          }
        } else {
          let sqL = 0.0, sqR = 0.0;
          for (let c = 0; c < nc; c++) {
            const cl = left[c], cr = total[c] - cl;
            sqL += cl * cl;
            sqR += cr * cr;
          }
          impL = 1.0 - sqL / (wl * wl);
          impR = 1.0 - sqR / (wr * wr);
        }
        const proxy = -wr * impR - wl * impL;
        if (proxy > bestProxy) {
          bestProxy = proxy;
          let thr = a / 2.0 + v / 2.0;
          if (thr === v || thr === Infinity || thr === -Infinity) thr = a;
          best.feature = feature;
          best.pos = p;
          best.threshold = thr;
        }
      }
    }
    if (marked) for (let p = start; p < end; p++) inNode[samples[p]] = 0;
    this.finishSplit(impurity, nKnownConstants, nFound);
    return nTotal;
  }
}
