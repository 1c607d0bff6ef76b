/**
 * Dense matrix multiplication on row-major Float64Array buffers: C = alpha·op(A)·op(B) + beta·C.
 *
 * Layout follows the classic Goto/BLIS scheme: the k dimension is cut into KC-deep slabs, op(B) into NC-wide
 * column blocks and op(A) into MC-tall row blocks. Each block is packed into contiguous micro-panels (MR rows of A,
 * NR columns of B, interleaved along k) so the 4×4 register-tiled micro-kernel streams through memory linearly and
 * keeps its 16 accumulators in registers. Packing also absorbs the transposition, so A·B, A·Bᵀ and Aᵀ·B share one
 * kernel.
 *
 * Products of contiguous operands above {@link F64_WASM_MIN_MACS} multiply-adds go to the float64 form of
 * typelearn's WebAssembly SIMD kernel instead (lib/wasm/gemm.ts: about five times this one here), in chunks of
 * rows (or, for Aᵀ, of the inner dimension) so its memory stays small; this JavaScript kernel remains the fallback.
 */
import { gemmWasm64 } from "../../wasm/gemm";

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 96;
const NC = 1024;

// Packing buffers are reused across calls: allocation of ~2 MB per call would dominate small products. They are
// made at the first product that packs, not when the module loads: a process that never multiplies large matrices
// (a server loading a forest, say) would otherwise carry 2.2 MB that V8 counts toward its next full collection.
let packA = new Float64Array(0);
let packB = new Float64Array(0);

/** How {@link gemm64} reads its operands and writes C; every field is optional. */
export interface Gemm64Options {
  /** a holds Aᵀ, stored k × m (default false) */
  transA?: boolean;
  /** b holds Bᵀ, stored n × k (default false) */
  transB?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of C's existing content (default 0: overwritten, even NaN; 1 accumulates). */
  beta?: number;
  /** Row stride of what a holds (default: its column count, transA ? m : k). */
  lda?: number;
  /** Row stride of what b holds (default: transB ? k : n). */
  ldb?: number;
  /** Row stride of C (default n). */
  ldc?: number;
  /** Compute only the tiles touching the upper triangle (symmetric results such as AᵀA); entries strictly below the
   * diagonal are then unspecified. */
  upperOnly?: boolean;
}

/**
 * The library's float64 matrix product on raw row-major buffers: C = alpha·op(A)·op(B) + beta·C, op(A) m × k,
 * op(B) k × n, C m × n. Products of contiguous operands with at least {@link F64_WASM_MIN_MACS} multiply-adds run on
 * the WebAssembly kernel, the rest on the JavaScript one below.
 * @param a - A (m × k), or Aᵀ (k × m) with `transA`
 * @param b - B (k × n), or Bᵀ (n × k) with `transB`
 * @param c - C (m × n), written in place
 * @param m - rows of C
 * @param k - inner dimension
 * @param n - columns of C
 * @param options - transposes, alpha, beta, strides, upperOnly
 * @example
 * const c = new Float64Array(4);
 * gemm64(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), c, 2, 2, 2); // c = [19, 22, 43, 50]
 * gemm64(x, w, z, rows, features, outputs, { transB: true, beta: 1 }); // z += x·wᵀ
 */
export function gemm64(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number,
  options: Gemm64Options = {}): void {
  const { transA = false, transB = false, alpha = 1, beta = 0, upperOnly = false } = options;
  gemmKernel(transA, transB, m, n, k, alpha, a, options.lda ?? (transA ? m : k), b, options.ldb ?? (transB ? k : n),
    beta, c, options.ldc ?? n, upperOnly);
}

/** gemm64 with BLAS's positional arguments (note m, n, k): the kernel's own entry, also used for chunks. */
function gemmKernel(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number,
  upperOnly = false,
): void {
  // Scale C first; the kernel then always accumulates.
  for (let i = 0; i < m; i++) {
    const row = i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else if (beta !== 1) for (let j = 0; j < n; j++) c[row + j] *= beta;
  }
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return;
  if (m * n * k >= F64_WASM_MIN_MACS && gemmOnWasm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, beta === 0)) return;
  if (!upperOnly && k <= KC && (n < NR || m < MR || k < 4)) {
    smallKernel(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    return;
  }
  const nc0 = Math.min(NC, roundUp(n, NR));
  const kc0 = Math.min(KC, k);
  if (packB.length < nc0 * kc0) packB = new Float64Array(KC * NC);
  if (packA.length < MC * kc0) packA = new Float64Array(MC * KC);

  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelB(transB, b, ldb, pc, kc, jc, nc, alpha);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        if (upperOnly && ic >= jc + nc) break;
        packPanelA(transA, a, lda, ic, mc, pc, kc);
        macroKernel(mc, nc, kc, c, ldc, ic, jc, upperOnly);
      }
    }
  }
}

function roundUp(x: number, r: number): number { return Math.ceil(x / r) * r; }

/** Float64 products with fewer multiply-adds than this stay on the JavaScript kernel (the copies would cost more);
 * float32's threshold (lib/nn/gemm.ts) is lower, its kernel is faster relative to the copies. */
export const F64_WASM_MIN_MACS = 32_768;
/** Depth of one pass over Aᵀ (see gemmOnWasm). */
const WASM_KC = 256;
/** The most bytes of operands and result one WebAssembly pass stages. */
const WASM_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * C += alpha·op(A)·op(B) on the WebAssembly kernel (C already scaled by beta); false, with C untouched, when the
 * operands are not contiguous (a view into a wider matrix) or WebAssembly is unavailable. `zeroed` (beta was 0):
 * with alpha 1, a pass that covers its part of C whole writes it directly, without a temporary and a sum.
 */
function gemmOnWasm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, c: Float64Array, ldc: number, zeroed: boolean): boolean {
  if (lda !== (transA ? m : k) || ldb !== (transB ? k : n) || ldc !== n) return false;
  const budget = WASM_CHUNK_BYTES / 8;
  if (!transA) {
    // Rows of A and C in chunks; B whole.
    const rows = Math.max(1, Math.floor((budget - k * n) / (k + n)));
    const direct = zeroed && alpha === 1;
    const t = direct ? c : new Float64Array(Math.min(rows, m) * n);
    for (let r0 = 0; r0 < m; r0 += rows) {
      const mc = Math.min(rows, m - r0);
      const tc = direct ? c.subarray(r0 * n, (r0 + mc) * n) : t.subarray(0, mc * n);
      if (!gemmWasm64(a.subarray(r0 * k, (r0 + mc) * k), false, b, transB, mc, k, n, tc)) {
        if (r0 === 0) return false;
        gemmKernel(false, transB, mc, n, k, alpha, a.subarray(r0 * k), k, b, ldb, 1, c.subarray(r0 * n), n);
        continue;
      }
      if (!direct) addScaled(c, r0 * n, tc, alpha);
    }
    return true;
  }
  // Aᵀ (stored k × m): the inner dimension in chunks of at most WASM_KC, partial products summed into C. The kernel
  // reads Aᵀ and B with a stride of a whole row per step of k, so a deep chunk would stream both from memory; 256
  // rows of each stay in cache across the tiles. Bᵀ stored n × k has no contiguous chunk of that dimension: whole.
  const depth = transB ? k : Math.max(1, Math.min(WASM_KC, Math.floor((budget - m * n) / (m + n))));
  const direct = zeroed && alpha === 1 && depth >= k;
  const t = direct ? c : new Float64Array(m * n);
  for (let p0 = 0; p0 < k; p0 += depth) {
    const kc = Math.min(depth, k - p0);
    const bc = transB ? b : b.subarray(p0 * n, (p0 + kc) * n);
    if (!gemmWasm64(a.subarray(p0 * m, (p0 + kc) * m), true, bc, transB, m, kc, n, t)) {
      if (p0 === 0) return false;
      gemmKernel(true, false, m, n, kc, alpha, a.subarray(p0 * m), m, bc, n, 1, c, n);
      continue;
    }
    if (!direct) addScaled(c, 0, t, alpha);
  }
  return true;
}

/** c[o + i] += alpha·t[i] over t. */
function addScaled(c: Float64Array, o: number, t: Float64Array, alpha: number): void {
  if (alpha === 1) for (let i = 0; i < t.length; i++) c[o + i] += t[i];
  else for (let i = 0; i < t.length; i++) c[o + i] += alpha * t[i];
}

/**
 * Thin products (a side under one micro-tile, e.g. matrix × vector) without packing, whose edge tiles would cost
 * more than the work. With k within one slab every entry gets exactly what the packed kernel gives it: the sum over
 * p in order, from 0, of a·(alpha·b), then added to C.
 */
function smallKernel(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, c: Float64Array, ldc: number): void {
  const sa = transA ? 1 : lda, pa = transA ? lda : 1, sb = transB ? ldb : 1, pb = transB ? 1 : ldb;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let ai = i * sa, bi = j * sb;
      if (alpha === 1) for (let p = 0; p < k; p++, ai += pa, bi += pb) s += a[ai] * b[bi];
      else for (let p = 0; p < k; p++, ai += pa, bi += pb) s += a[ai] * (alpha * b[bi]);
      c[i * ldc + j] += s;
    }
  }
}

/** Pack op(B)[pc:pc+kc, jc:jc+nc] into NR-wide micro-panels (zero-padded), scaled by alpha. */
function packPanelB(transB: boolean, b: Float64Array, ldb: number, pc: number, kc: number, jc: number, nc: number,
  alpha: number): void {
  const pb = packB;
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const w = Math.min(NR, nc - j0);
    for (let p = 0; p < kc; p++) {
      for (let jj = 0; jj < NR; jj++) {
        if (jj < w) {
          const col = jc + j0 + jj;
          const row = pc + p;
          pb[o++] = alpha * (transB ? b[col * ldb + row] : b[row * ldb + col]);
        } else pb[o++] = 0;
      }
    }
  }
}

/** Pack op(A)[ic:ic+mc, pc:pc+kc] into MR-tall micro-panels (zero-padded). */
function packPanelA(transA: boolean, a: Float64Array, lda: number, ic: number, mc: number, pc: number,
  kc: number): void {
  const pa = packA;
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const h = Math.min(MR, mc - i0);
    if (!transA && h === MR) {
      const r0 = (ic + i0) * lda + pc, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
      for (let p = 0; p < kc; p++) {
        pa[o] = a[r0 + p]; pa[o + 1] = a[r1 + p]; pa[o + 2] = a[r2 + p]; pa[o + 3] = a[r3 + p];
        o += 4;
      }
    } else if (transA && h === MR) {
      for (let p = 0; p < kc; p++) {
        const r = (pc + p) * lda + ic + i0;
        pa[o] = a[r]; pa[o + 1] = a[r + 1]; pa[o + 2] = a[r + 2]; pa[o + 3] = a[r + 3];
        o += 4;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) {
          if (ii < h) {
            const row = ic + i0 + ii;
            const col = pc + p;
            pa[o++] = transA ? a[col * lda + row] : a[row * lda + col];
          } else pa[o++] = 0;
        }
      }
    }
  }
}

/** Multiply the packed A block (mc×kc) by the packed B block (kc×nc) into C at (ic, jc). */
function macroKernel(mc: number, nc: number, kc: number, c: Float64Array, ldc: number, ic: number, jc: number,
  upperOnly: boolean): void {
  const pa = packA, pb = packB;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const w = Math.min(NR, nc - j0);
    const bOff = j0 * kc;
    for (let i0 = 0; i0 < mc; i0 += MR) {
      // Skip tiles strictly below the diagonal when only the upper triangle is wanted.
      if (upperOnly && ic + i0 > jc + j0 + w - 1) break;
      const h = Math.min(MR, mc - i0);
      const aOff = i0 * kc;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let ai = aOff, bi = bOff;
      for (let p = 0; p < kc; p++) {
        const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
        const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        ai += 4; bi += 4;
      }
      const r = (ic + i0) * ldc + jc + j0;
      if (h === MR && w === NR) {
        c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03;
        const r1 = r + ldc; c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
        const r2 = r1 + ldc; c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
        const r3 = r2 + ldc; c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
      } else {
        const t = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let ii = 0; ii < h; ii++) for (let jj = 0; jj < w; jj++) c[r + ii * ldc + jj] += t[ii * 4 + jj];
      }
    }
  }
}

/**
 * C = AᵀA for a row-major m×n matrix A (the Gram matrix), computing only the upper triangle and mirroring it.
 * @param a - A's elements, row-major m×n
 * @param m - rows of A
 * @param n - columns of A
 * @returns the n×n symmetric Gram matrix, row-major
 * @example
 * gram(new Float64Array([1, 2, 3, 4]), 2, 2); // [10, 14, 14, 20]
 */
export function gram(a: Float64Array, m: number, n: number): Float64Array {
  const c = new Float64Array(n * n);
  gemmKernel(true, false, n, n, m, 1, a, n, a, n, 0, c, n, true);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) c[j * n + i] = c[i * n + j];
  return c;
}

/**
 * Transpose a row-major rows×cols matrix into a new cols×rows one.
 * @param a - the matrix
 * @param rows - its rows
 * @param cols - its columns
 * @example
 * transpose(new Float64Array([1, 2, 3]), 1, 3); // [1, 2, 3] as 3×1
 */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}
