/**
 * Per-node histograms: for every feature and bin, the sum of gradients, the sum of hessians and the sample count
 * of the node's samples. Built by a scan over the node's samples (the smaller child) or by subtracting the
 * sibling's histogram from the parent's (the larger child), as scikit-learn's HistogramBuilder.
 *
 * Layout: one Float64Array, entry (f, b) at 4·(f·nBins + b) holding [gradient sum, hessian sum, count, unused], so one
 * update touches one cache line. The scan reads a row-major copy of the binned data (a sample's bins are
 * contiguous) and adds each sample to every feature's histogram: per bin, sums still run in sample order, so the
 * results equal scikit-learn's feature-by-feature scan.
 */

/** Histograms of one node: [g, h, c, pad] quadruples (32 bytes: never straddles a cache line), feature-major. */
export type Histograms = Float64Array;

/** Builds node histograms, reusing freed histogram buffers. */
export class HistogramBuilder {
  private readonly pool: Histograms[] = [];
  readonly size: number;

  /**
   * @param rowBins - binned data, row-major (sample s's bins at [s·nFeatures, (s+1)·nFeatures))
   * @param n - number of samples
   * @param nFeatures - number of features
   * @param nBins - bins per feature including the NaN bin
   * @param gradients - per-sample gradients of the current tree
   * @param hessians - per-sample hessians (ignored when constantHessian)
   * @param constantHessian - hessians are all equal (squared / absolute error)
   */
  constructor(readonly rowBins: Uint8Array, readonly n: number, readonly nFeatures: number, readonly nBins: number,
    public gradients: Float64Array, public hessians: Float64Array, readonly constantHessian: boolean) {
    this.size = nFeatures * nBins * 4;
  }

  /** A zeroed histogram set (from the pool when possible). */
  alloc(): Histograms {
    const h = this.pool.pop();
    if (h) { h.fill(0); return h; }
    return new Float64Array(this.size);
  }

  /** Return a histogram set to the pool. */
  release(h: Histograms | null): void { if (h) this.pool.push(h); }

  /** Histograms of the samples idx[start, stop) by a scan. */
  brute(idx: Int32Array, start: number, stop: number): Histograms {
    const out = this.alloc();
    const { rowBins, nFeatures: F, nBins, gradients, hessians } = this;
    const stride = nBins * 4;
    if (this.constantHessian) {
      for (let i = start; i < stop; i++) {
        const s = idx[i], gs = gradients[s], ro = s * F;
        for (let f = 0, ho = 0; f < F; f++, ho += stride) {
          const p = ho + (rowBins[ro + f] << 2);
          out[p] += gs;
          out[p + 2] += 1;
        }
      }
    } else {
      for (let i = start; i < stop; i++) {
        const s = idx[i], gs = gradients[s], hs = hessians[s], ro = s * F;
        for (let f = 0, ho = 0; f < F; f++, ho += stride) {
          const p = ho + (rowBins[ro + f] << 2);
          out[p] += gs;
          out[p + 1] += hs;
          out[p + 2] += 1;
        }
      }
    }
    return out;
  }

  /** The sibling's histograms: parent − child, in place into `parent` (which is then no longer the parent's). */
  subtract(parent: Histograms, child: Histograms): Histograms {
    const s = this.size;
    for (let i = 0; i < s; i++) parent[i] -= child[i];
    return parent;
  }
}

/**
 * Row-major copy of column-major binned data.
 * @param xb - binned data, column-major
 * @param n - samples
 * @param nFeatures - features
 */
export function toRowMajor(xb: Uint8Array, n: number, nFeatures: number): Uint8Array {
  const out = new Uint8Array(n * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const co = f * n;
    for (let i = 0; i < n; i++) out[i * nFeatures + f] = xb[co + i];
  }
  return out;
}
