/**
 * Split criteria, with scikit-learn's exact arithmetic (so that ties between candidate splits break the same way):
 * Gini and entropy (in bits) for classification, squared error and Friedman's improvement for regression. A
 * criterion holds the weighted statistics of a node's samples and of the left/right parts of a candidate split at
 * position `pos`, updated incrementally as the splitter scans sorted samples.
 */

/** Statistics of samples[start, end) and of a split of them at pos (shared by both criterion families). */
export abstract class Criterion {
  /** Sample indices, reordered by the splitter; the node is samples[start, end). */
  samples!: Int32Array;
  start = 0;
  end = 0;
  pos = 0;
  weightedNNodeSamples = 0;
  weightedNLeft = 0;
  weightedNRight = 0;
  /** Total weight of all the training samples (of the tree). */
  weightedNSamples = 0;
  readonly sumTotal: Float64Array;
  readonly sumLeft: Float64Array;
  readonly sumRight: Float64Array;

  /**
   * @param nOutputs - number of outputs
   * @param stride - statistics per output (classes for classification, 1 for regression)
   * @param sw - sample weights (null: all 1)
   */
  constructor(readonly nOutputs: number, readonly stride: number, readonly sw: Float64Array | null) {
    this.sumTotal = new Float64Array(nOutputs * stride);
    this.sumLeft = new Float64Array(nOutputs * stride);
    this.sumRight = new Float64Array(nOutputs * stride);
  }

  /** Compute the node statistics of samples[start, end) and reset the split to pos = start. */
  abstract init(start: number, end: number): void;
  /** Add the samples of [pos, newPos) to the left part (or remove [newPos, end) from a full left part). */
  abstract update(newPos: number): void;
  /** Impurity of the node. */
  abstract nodeImpurity(): number;
  /** Impurities of the left and right parts, written to out[0], out[1]. */
  abstract childrenImpurity(out: Float64Array): void;
  /** The node's prediction, written to dest[offset …]. */
  abstract nodeValue(dest: Float64Array, offset: number): void;

  /** pos = start: everything on the right. */
  reset(): void {
    this.pos = this.start;
    this.weightedNLeft = 0;
    this.weightedNRight = this.weightedNNodeSamples;
    this.sumLeft.fill(0);
    this.sumRight.set(this.sumTotal);
  }

  /** pos = end: everything on the left. */
  reverseReset(): void {
    this.pos = this.end;
    this.weightedNLeft = this.weightedNNodeSamples;
    this.weightedNRight = 0;
    this.sumLeft.set(this.sumTotal);
    this.sumRight.fill(0);
  }

  /** A quantity ordered like the impurity improvement, cheaper to compute (used to rank candidate splits). */
  proxyImpurityImprovement(scratch: Float64Array): number {
    this.childrenImpurity(scratch);
    return -this.weightedNRight * scratch[1] - this.weightedNLeft * scratch[0];
  }

  /** Weighted impurity decrease of the split, as a fraction of the whole training weight. */
  impurityImprovement(parent: number, left: number, right: number): number {
    const wn = this.weightedNNodeSamples;
    return (wn / this.weightedNSamples) *
      (parent - (this.weightedNRight / wn) * right - (this.weightedNLeft / wn) * left);
  }
}

/** Class-count statistics; impurity "gini" or "entropy" (log base 2). */
export class ClassificationCriterion extends Criterion {
  /**
   * @param y - class codes, nSamples × nOutputs
   * @param nClasses - classes per output
   * @param sw - sample weights or null
   * @param entropy - true for entropy / log_loss, false for Gini
   */
  constructor(readonly y: Int32Array, readonly nClasses: Int32Array, sw: Float64Array | null,
    readonly entropy: boolean) {
    super(nClasses.length, Math.max(...nClasses), sw);
  }

  init(start: number, end: number): void {
    this.start = start;
    this.end = end;
    const { y, sw, samples, sumTotal, nOutputs, stride } = this;
    sumTotal.fill(0);
    let wsum = 0;
    if (nOutputs === 1) {
      for (let p = start; p < end; p++) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        sumTotal[y[i]] += w;
        wsum += w;
      }
    } else {
      for (let p = start; p < end; p++) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        for (let k = 0; k < nOutputs; k++) sumTotal[k * stride + y[i * nOutputs + k]] += w;
        wsum += w;
      }
    }
    this.weightedNNodeSamples = wsum;
    this.reset();
  }

  update(newPos: number): void {
    const { y, sw, samples, sumLeft, sumRight, sumTotal, nOutputs, stride } = this;
    const pos = this.pos, end = this.end;
    let wl = this.weightedNLeft;
    if (newPos - pos <= end - newPos) {
      for (let p = pos; p < newPos; p++) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        if (nOutputs === 1) sumLeft[y[i]] += w;
        else for (let k = 0; k < nOutputs; k++) sumLeft[k * stride + y[i * nOutputs + k]] += w;
        wl += w;
      }
    } else {
      this.reverseReset();
      wl = this.weightedNLeft;
      for (let p = end - 1; p >= newPos; p--) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        if (nOutputs === 1) sumLeft[y[i]] -= w;
        else for (let k = 0; k < nOutputs; k++) sumLeft[k * stride + y[i * nOutputs + k]] -= w;
        wl -= w;
      }
    }
    this.weightedNLeft = wl;
    this.weightedNRight = this.weightedNNodeSamples - wl;
    for (let c = 0; c < sumTotal.length; c++) sumRight[c] = sumTotal[c] - sumLeft[c];
    this.pos = newPos;
  }

  nodeImpurity(): number {
    return this.impurityOf(this.sumTotal, this.weightedNNodeSamples);
  }

  childrenImpurity(out: Float64Array): void {
    out[0] = this.impurityOf(this.sumLeft, this.weightedNLeft);
    out[1] = this.impurityOf(this.sumRight, this.weightedNRight);
  }

  /** Gini or entropy of the counts in `sums` with total weight wn, averaged over outputs. */
  private impurityOf(sums: Float64Array, wn: number): number {
    const { nOutputs, stride, nClasses } = this;
    let total = 0;
    if (this.entropy) {
      for (let k = 0; k < nOutputs; k++) {
        const nc = nClasses[k], o = k * stride;
        for (let c = 0; c < nc; c++) {
          let cnt = sums[o + c];
          if (cnt > 0.0) {
            cnt /= wn;
            total -= cnt * (Math.log(cnt) / Math.log(2.0));
          }
        }
      }
    } else {
      for (let k = 0; k < nOutputs; k++) {
        const nc = nClasses[k], o = k * stride;
        let sq = 0.0;
        for (let c = 0; c < nc; c++) {
          const cnt = sums[o + c];
          sq += cnt * cnt;
        }
        total += 1.0 - sq / (wn * wn);
      }
    }
    return total / nOutputs;
  }

  nodeValue(dest: Float64Array, offset: number): void {
    dest.set(this.sumTotal, offset);
  }
}

/** Sums of targets and of squared targets; "squared_error" or "friedman_mse". */
export class RegressionCriterion extends Criterion {
  sqSumTotal = 0;

  /**
   * @param y - targets, nSamples × nOutputs
   * @param nOutputs - number of outputs
   * @param sw - sample weights or null
   * @param friedman - Friedman's improvement (friedman_mse) instead of the plain squared error
   */
  constructor(readonly y: Float64Array, nOutputs: number, sw: Float64Array | null, readonly friedman: boolean) {
    super(nOutputs, 1, sw);
  }

  init(start: number, end: number): void {
    this.start = start;
    this.end = end;
    const { y, sw, samples, sumTotal, nOutputs } = this;
    sumTotal.fill(0);
    let sq = 0, wsum = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p];
      const w = sw === null ? 1.0 : sw[i];
      for (let k = 0; k < nOutputs; k++) {
        const yik = y[i * nOutputs + k];
        const wy = w * yik;
        sumTotal[k] += wy;
        sq += wy * yik;
      }
      wsum += w;
    }
    this.sqSumTotal = sq;
    this.weightedNNodeSamples = wsum;
    this.reset();
  }

  update(newPos: number): void {
    const { y, sw, samples, sumLeft, sumRight, sumTotal, nOutputs } = this;
    const pos = this.pos, end = this.end;
    let wl = this.weightedNLeft;
    if (newPos - pos <= end - newPos) {
      for (let p = pos; p < newPos; p++) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        for (let k = 0; k < nOutputs; k++) sumLeft[k] += w * y[i * nOutputs + k];
        wl += w;
      }
    } else {
      this.reverseReset();
      wl = this.weightedNLeft;
      for (let p = end - 1; p >= newPos; p--) {
        const i = samples[p];
        const w = sw === null ? 1.0 : sw[i];
        for (let k = 0; k < nOutputs; k++) sumLeft[k] -= w * y[i * nOutputs + k];
        wl -= w;
      }
    }
    this.weightedNLeft = wl;
    this.weightedNRight = this.weightedNNodeSamples - wl;
    for (let k = 0; k < nOutputs; k++) sumRight[k] = sumTotal[k] - sumLeft[k];
    this.pos = newPos;
  }

  nodeImpurity(): number {
    const { sumTotal, nOutputs } = this;
    const wn = this.weightedNNodeSamples;
    let imp = this.sqSumTotal / wn;
    for (let k = 0; k < nOutputs; k++) { const t = sumTotal[k] / wn; imp -= t * t; }
    return imp / nOutputs;
  }

  childrenImpurity(out: Float64Array): void {
    const { y, sw, samples, sumLeft, sumRight, nOutputs } = this;
    let sqLeft = 0.0;
    for (let p = this.start; p < this.pos; p++) {
      const i = samples[p];
      const w = sw === null ? 1.0 : sw[i];
      for (let k = 0; k < nOutputs; k++) {
        const yik = y[i * nOutputs + k];
        sqLeft += w * yik * yik;
      }
    }
    const sqRight = this.sqSumTotal - sqLeft;
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    let left = sqLeft / wl, right = sqRight / wr;
    for (let k = 0; k < nOutputs; k++) {
      { const t = sumLeft[k] / wl; left -= t * t; }
      { const t = sumRight[k] / wr; right -= t * t; }
    }
    out[0] = left / nOutputs;
    out[1] = right / nOutputs;
  }

  proxyImpurityImprovement(scratch: Float64Array): number {
    const { sumLeft, sumRight, nOutputs } = this;
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    if (this.friedman) {
      let tl = 0.0, tr = 0.0;
      for (let k = 0; k < nOutputs; k++) { tl += sumLeft[k]; tr += sumRight[k]; }
      const diff = (wr * tl - wl * tr) / nOutputs;
      return (diff * diff) / (wl * wr);
    }
    let pl = 0.0, pr = 0.0;
    for (let k = 0; k < nOutputs; k++) {
      pl += sumLeft[k] * sumLeft[k];
      pr += sumRight[k] * sumRight[k];
    }
    void scratch;
    return pl / wl + pr / wr;
  }

  impurityImprovement(parent: number, left: number, right: number): number {
    if (!this.friedman) return super.impurityImprovement(parent, left, right);
    const { sumLeft, sumRight, nOutputs } = this;
    const wl = this.weightedNLeft, wr = this.weightedNRight;
    let tl = 0.0, tr = 0.0;
    for (let k = 0; k < nOutputs; k++) { tl += sumLeft[k]; tr += sumRight[k]; }
    const diff = (wr * tl - wl * tr) / nOutputs;
    return (diff * diff) / (wl * wr * this.weightedNNodeSamples);
  }

  nodeValue(dest: Float64Array, offset: number): void {
    const wn = this.weightedNNodeSamples;
    for (let k = 0; k < this.nOutputs; k++) dest[offset + k] = this.sumTotal[k] / wn;
  }
}
