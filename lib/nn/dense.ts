/**
 * The fused dense block Linear → ReLU (→ Dropout) that Sequential runs when those layers follow each other: one
 * pass forms bias + ReLU (+ the dropout mask) on the product, and one pass backward masks the gradient and sums the
 * bias gradient (the weight's product reads that gradient transposed in place, gemm32's transA). The unfused path takes four to six
 * passes over the same [rows, units] values; for the guide's small network those passes, not the products, were
 * most of an epoch.
 */
import { ShapeError } from "../errors";
import { gemm32 } from "./gemm";
import { record } from "./ops";
import { dropoutMask } from "./random";
import { biasReluRows, reluGradRows } from "./row_kernels";
import { Tensor } from "./tensor";

// The dropout mask and the masked gradient die within the call that fills them, so they are scratch reused across
// calls: fresh [rows, units] arrays for them were half of what a guide-net epoch allocated, and those bytes (outside
// V8's heap) are what sets off its collections — 2 to 6 in a 100-epoch run, the spread between its median and best.
let maskScratch = new Float32Array(0), gradScratch = new Float32Array(0);
function scratch(kind: "mask" | "grad", n: number): Float32Array {
  if (kind === "mask") return maskScratch.length >= n ? maskScratch : (maskScratch = new Float32Array(n));
  return gradScratch.length >= n ? gradScratch : (gradScratch = new Float32Array(n));
}

/**
 * relu(x·Wᵀ + b), then inverted dropout with probability p when p > 0.
 * @param x - [n, in] (or [in])
 * @param weight - [out, in]
 * @param bias - [out] or null
 * @param p - dropout probability, 0 for none (eval mode passes 0)
 * @example
 * denseRelu(x, fc.weight, fc.bias, 0.3);
 */
export function denseRelu(x: Tensor, weight: Tensor, bias: Tensor | null, p: number): Tensor {
  const [nOut, nIn] = weight.shape;
  if (x.ndim < 1 || x.ndim > 2 || x.shape[x.ndim - 1] !== nIn) {
    throw new ShapeError("Linear input", `shape [n, ${nIn}] (${nIn} features per row)`, `shape [${x.shape.join(", ")}]`);
  }
  const m = x.ndim === 2 ? x.shape[0] : 1;
  const y = gemm32(x.data, weight.data, m, nIn, nOut, { transB: true });
  const b = bias ? bias.data : new Float32Array(nOut);
  const mask = p > 0 ? dropoutMask(m * nOut, p, p === 1 ? 0 : 1 / (1 - p), scratch("mask", m * nOut)) : null;
  biasReluRows(y, 0, nOut, b, m, nOut, mask);
  const out = new Tensor(y, x.ndim === 2 ? [m, nOut] : [nOut]);
  return record(out, bias ? [x, weight, bias] : [x, weight], (gOut, acc) => {
    // y > 0 exactly where the unit was active and kept (y is never −0), and there the mask value is 1/(1−p).
    const bits = new Int32Array(y.buffer, y.byteOffset, y.length);
    const g = scratch("grad", m * nOut).subarray(0, m * nOut), db = new Float64Array(nOut);
    const keepScale = mask ? (p === 1 ? 0 : 1 / (1 - p)) : 1;
    reluGradRows(gOut, 0, nOut, bits, 0, nOut, keepScale, g, 0, nOut, m, nOut, db);
    if (x.requiresGrad) acc(x, gemm32(g, weight.data, m, nOut, nIn));
    if (weight.requiresGrad) acc(weight, gemm32(g, x.data, nOut, m, nIn, { transA: true }));
    if (bias && bias.requiresGrad) acc(bias, Float32Array.from(db));
  });
}
