/**
 * The per-row passes of `nn`'s fused layers and cross-entropy, written once over (array, first element, row stride)
 * so that the graph ops (dense.ts, ops.ts, losses.ts) on their own arrays and the resident training step
 * (resident.ts) on the product kernel's memory run the same arithmetic and so produce the same bits.
 */
import { OptionError } from "../errors";

/**
 * y ← relu(y + b), times the dropout mask when given, over m rows of n values.
 * @param y - the product x·Wᵀ, overwritten (row i at base + i·ld)
 * @param b - the bias (n values; zeros for a layer without one)
 * @param mask - the inverted-dropout mask, m × n row-major, or null
 * @example
 * biasReluRows(y, 0, nOut, bias, rows, nOut, null);
 */
export function biasReluRows(y: Float32Array, base: number, ld: number, b: Float32Array, m: number, n: number,
  mask: Float32Array | null): void {
  // (v + |v|) / 2 rather than v > 0 ? v : 0: signs of activations are coin flips, and a branch on them mispredicts.
  for (let i = 0; i < m; i++) {
    const o = base + i * ld;
    if (mask) {
      const q = i * n;
      for (let j = 0; j < n; j++) { const v = y[o + j] + b[j]; y[o + j] = (v + Math.abs(v)) * 0.5 * mask[q + j]; }
    } else {
      for (let j = 0; j < n; j++) { const v = y[o + j] + b[j]; y[o + j] = (v + Math.abs(v)) * 0.5; }
    }
  }
}

/**
 * The gradient through relu (and dropout): g ← gIn · keepScale where the layer's output y is positive, 0 elsewhere,
 * and the bias gradient Σ over rows (in doubles) added into db. y ≥ 0 and is never −0 here, so its bit pattern is
 * non-zero exactly when y > 0, and (b | −b) >>> 31 turns that into 1 or 0 without a branch. g may be gIn (in place).
 * @param gIn - the gradient of the layer's output (row i at gBase + i·gLd)
 * @param yBits - the layer's output, read as int32 bits (row i at yBase + i·yLd)
 * @param keepScale - 1/(1−p) under dropout, else 1
 * @param g - where the masked gradient goes (row i at oBase + i·oLd)
 * @param db - n sums, added to
 * @example
 * reluGradRows(gOut, 0, n, bits, 0, n, 1, g, 0, n, rows, n, db);
 */
export function reluGradRows(gIn: Float32Array, gBase: number, gLd: number, yBits: Int32Array, yBase: number, yLd: number,
  keepScale: number, g: Float32Array, oBase: number, oLd: number, m: number, n: number, db: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const gi = gBase + i * gLd, yi = yBase + i * yLd, oi = oBase + i * oLd;
    for (let j = 0; j < n; j++) {
      const bb = yBits[yi + j];
      const v = gIn[gi + j] * keepScale * ((bb | -bb) >>> 31);
      g[oi + j] = v;
      db[j] += v;
    }
  }
}

/**
 * y ← y + b over m rows of n values (a linear layer without activation).
 * @example
 * biasAddRows(y, 0, nOut, bias, rows, nOut);
 */
export function biasAddRows(y: Float32Array, base: number, ld: number, b: Float32Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) { const o = base + i * ld; for (let j = 0; j < n; j++) y[o + j] += b[j]; }
}

/**
 * A linear layer's bias gradient: the column sums of g, accumulated in float32 as PyTorch's reduction is.
 * @returns n sums
 * @example
 * biasGradRows(g, 0, nOut, rows, nOut);
 */
export function biasGradRows(g: Float32Array, base: number, ld: number, m: number, n: number): Float32Array {
  const db = new Float32Array(n);
  for (let i = 0; i < m; i++) { const o = base + i * ld; for (let j = 0; j < n; j++) db[j] += g[o + j]; }
  return db;
}

/**
 * Softmax probabilities of m rows of c scores and the summed cross-entropy against integer labels: for each row,
 * log Σ exp(x − max) + max − x[label].
 * @param x - scores (row i at base + i·ld)
 * @param labels - class indices (row i's at lBase + i)
 * @param probs - where the probabilities go (row i at pBase + i·pLd; may be x's own rows only if x is not read after)
 * @returns the sum of the m losses (in doubles)
 * @throws OptionError for a label that is not an integer in [0, c)
 * @example
 * const s = crossEntropyRows(logits, 0, c, rows, c, labels, 0, probs, 0, c);
 */
export function crossEntropyRows(x: Float32Array, base: number, ld: number, m: number, c: number, labels: ArrayLike<number>,
  lBase: number, probs: Float32Array, pBase: number, pLd: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const k = labels[lBase + i];
    if (!Number.isInteger(k) || k < 0 || k >= c) throw new OptionError("CrossEntropyLoss target", `class indices in [0, ${c - 1}]`, k);
    const o = base + i * ld, po = pBase + i * pLd;
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, x[o + j]);
    let z = 0;
    for (let j = 0; j < c; j++) z += Math.exp(x[o + j] - mx);
    const xk = x[o + k];
    for (let j = 0; j < c; j++) probs[po + j] = Math.exp(x[o + j] - mx) / z;
    s += Math.log(z) + mx - xk;
  }
  return s;
}

/**
 * Cross-entropy's gradient with respect to the scores: scale · (probs − onehot(label)), row by row.
 * @param probs - from {@link crossEntropyRows} (row i at pBase + i·pLd)
 * @param g - where the gradient goes (row i at gBase + i·gLd; may be probs itself)
 * @example
 * crossEntropyGradRows(probs, 0, c, rows, c, labels, 0, 1 / rows, g, 0, c);
 */
export function crossEntropyGradRows(probs: Float32Array, pBase: number, pLd: number, m: number, c: number,
  labels: ArrayLike<number>, lBase: number, scale: number, g: Float32Array, gBase: number, gLd: number): void {
  for (let i = 0; i < m; i++) {
    const po = pBase + i * pLd, go = gBase + i * gLd;
    for (let j = 0; j < c; j++) g[go + j] = scale * probs[po + j];
    g[go + labels[lBase + i]] -= scale;
  }
}
