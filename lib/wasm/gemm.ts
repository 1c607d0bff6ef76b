/**
 * typelearn's own matrix products on a WebAssembly SIMD kernel: in float32 for `nn` (lib/nn/gemm.ts), optionally
 * split between this thread and one worker; in float64 ({@link gemmWasm64}) for the library's GEMM
 * (lib/array/linalg/gemm.ts). This file stages operands and copies results; the kernel's code is gemm_code.ts, the
 * module and its shared memory gemm_memory.ts, the worker gemm_pool.ts / gemm_worker.ts (gemm_protocol.ts between them).
 *
 * Why not tfjs-wasm's product (XNNPACK): measured here it ran at ~28 GFLOP/s, repacked its right operand on every
 * call, and each call paid for creating, copying and disposing three tensors (~0.1 ms; the guide's small net makes
 * 800 products per 100 epochs). This kernel runs at 35-40 GFLOP/s with plain SIMD and ~52 with the fused
 * multiply-add of WebAssembly's relaxed SIMD (`f32x4.relaxed_madd`), which Node 20's V8 has behind
 * `--experimental-wasm-relaxed-simd`; {@link wasmGemmInfo} says which one loaded. Set
 * `TYPELEARN_WASM_RELAXED_SIMD=0` to keep the plain-SIMD kernel (and so mul-then-add rounding).
 */
import { MR, NR } from "./gemm_code";
import { align64, copyOut, loadEngine, reserve, transposeInMemory } from "./gemm_memory";
import { multiply, poolThreads, settleWorker } from "./gemm_pool";

// The worker's controls, with the products they serve (callers and tests import them from here).
export { gemmPoolReady, gemmSplitPasses, setGemmPoolEnabled, SPLIT_MIN_MACS, startGemmPool } from "./gemm_pool";

/**
 * Which kernel products use: "relaxed-simd" (fused multiply-add), "simd", or null when WebAssembly is unavailable.
 * @example
 * wasmGemmInfo(); // { kernel: "relaxed-simd", threads: 2, memoryBytes: 1048576 }
 */
export function wasmGemmInfo(): { kernel: "relaxed-simd" | "simd"; threads: number; memoryBytes: number } | null {
  const e = loadEngine();
  return e ? { kernel: e.relaxed ? "relaxed-simd" : "simd", threads: poolThreads(), memoryBytes: e.memory.buffer.byteLength } : null;
}

/**
 * C = op(A)·op(B) in float32 on the WebAssembly kernel.
 * @param a - A, m × k row-major, or (aT) Aᵀ stored k × m
 * @param aT - a holds Aᵀ
 * @param b - B, k × n row-major, or (bT) Bᵀ stored n × k (a layer's weight)
 * @param bT - b holds Bᵀ
 * @returns C, m × n, a new array; null when WebAssembly is unavailable or the operands exceed its memory
 * @example
 * gemmWasm(x, false, weight, true, rows, inFeatures, outFeatures); // x·Wᵀ
 */
export function gemmWasm(a: Float32Array, aT: boolean, b: Float32Array, bT: boolean, m: number, k: number,
  n: number): Float32Array | null {
  const e = loadEngine();
  if (!e) return null;
  if (m === 0 || n === 0 || k === 0) return new Float32Array(m * n);
  const np = Math.ceil(n / NR) * NR;
  // Rows go through in chunks of at most CHUNK_BYTES of A and C, so that predicting on a large table does not leave
  // the (never shrinking) memory at that table's size. Aᵀ is one chunk: its rows are columns of what it holds.
  const chunk = aT ? m : Math.max(MR, Math.floor(CHUNK_BYTES / (4 * (k + np)) / MR) * MR);
  const mpMax = Math.ceil(Math.min(m, chunk) / MR) * MR;
  // Padded rows and columns read whatever follows the operands (in bounds: each region has room for the padded
  // shape) and land in C's padded rows and columns, which are never copied out.
  const oB = 0, oT = oB + align64(4 * (k * n + NR)), oA = oT + (bT ? align64(4 * n * k) : 0);
  const oC = oA + align64(4 * (mpMax * k + MR)), end = oC + align64(4 * mpMax * np);
  settleWorker();
  if (!reserve(e, end)) return null;
  const f = e.f32;
  if (bT) {
    // Bᵀ (n × k) is staged, then transposed into B's place.
    f.set(b.subarray(0, n * k), oT >> 2);
    transposeInMemory(e, oT >> 2, n, k, oB >> 2);
  } else {
    f.set(b.subarray(0, k * n), oB >> 2);
  }
  const out = new Float32Array(m * n);
  for (let r0 = 0; r0 < m; r0 += chunk) {
    const mc = Math.min(chunk, m - r0), mp = Math.ceil(mc / MR) * MR;
    f.set(a.subarray(r0 * k, (r0 + mc) * k), oA >> 2);
    multiply(e, oA, aT ? 4 : 4 * k, aT ? 4 * m : 4, oB, 4 * n, oC, 4 * np, mp, np / NR, k, mc * k * n);
    copyOut(f, oC >> 2, np, out, r0 * n, mc, n);
  }
  return out;
}

/** The most bytes of A and C one pass of {@link gemmWasm} stages (larger products go through in row chunks). */
const CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * C = op(A)·op(B) in float64 on the WebAssembly kernel, on this thread (for the library's GEMM, lib/array/linalg,
 * which chunks large products; its products are often already inside a worker of a cross-validation). Unlike the
 * JavaScript kernel it writes C rather than accumulating.
 * @param a - A, m × k row-major, or (aT) Aᵀ stored k × m
 * @param aT - a holds Aᵀ
 * @param b - B, k × n row-major, or (bT) Bᵀ stored n × k
 * @param bT - b holds Bᵀ
 * @param c - C, m × n row-major (overwritten)
 * @returns false when WebAssembly is unavailable or the operands exceed its memory (c untouched)
 * @example
 * gemmWasm64(x, false, w, false, rows, inFeatures, outFeatures, z);
 */
export function gemmWasm64(a: Float64Array, aT: boolean, b: Float64Array, bT: boolean, m: number, k: number, n: number,
  c: Float64Array): boolean {
  const e = loadEngine();
  if (!e) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) { c.fill(0, 0, m * n); return true; }
  const NR64 = 4, mp = Math.ceil(m / MR) * MR, np = Math.ceil(n / NR64) * NR64;
  const oB = 0, oA = oB + align64(8 * (k * n + NR64)), oC = oA + align64(8 * (mp * k + MR)), end = oC + align64(8 * mp * np);
  settleWorker();
  if (!reserve(e, end)) return false;
  const f = e.f64, bo = oB >> 3;
  if (bT) {
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) f[bo + p * n + j] = b[j * k + p];
  } else {
    f.set(b.subarray(0, k * n), bo);
  }
  f.set(a.subarray(0, m * k), oA >> 3);
  e.gemm64(oA, aT ? 8 : 8 * k, aT ? 8 * m : 8, oB, 32, 8 * n, oC, 8 * np, 0, mp, 0, np / NR64, k);
  copyOut(f, oC >> 3, np, c, 0, m, n);
  return true;
}
