/**
 * Float32 matrix products for `nn`. They run on typelearn's own WebAssembly SIMD kernel (lib/wasm/gemm.ts), split over
 * two threads when large, in every case but two: when the user has tfjs-node and `ready()` chose it, large
 * products go to native TensorFlow; and where WebAssembly is unavailable (or `useJsKernels(true)` asks for it),
 * they run in JavaScript. A transposed operand is handled inside the product (Aᵀ through the kernel's strides,
 * Bᵀ by a SIMD transpose into its memory), never by the caller.
 */
import { backend, jsKernelsForced, tfjs } from "./backend";
import { gemmWasm, SPLIT_MIN_MACS, startGemmPool, wasmGemmInfo } from "../wasm/gemm";

/** Float32 products with fewer multiply-adds than this stay in JavaScript: the copies in and out would cost more
 * (float64's threshold, lib/array/linalg/gemm.ts, is higher: its JavaScript kernel is register-tiled). */
export const F32_WASM_MIN_MACS = 2_048;
/** With tfjs-node, products with fewer multiply-adds than this stay on the WebAssembly kernel (TensorFlow's fixed
 * cost per op dominates below it). */
export const TF_MIN_MACS = 48_000;

/** The engine a product of `macs` multiply-adds runs on. */
function engineFor(macs: number): "wasm" | "tfjs" | "js" {
  if (jsKernelsForced()) return "js";
  if (backend() === "tensorflow" && macs >= TF_MIN_MACS) return "tfjs";
  return macs >= F32_WASM_MIN_MACS ? "wasm" : "js";
}

/**
 * Where `nn`'s matrix products run, in words: typelearn's WebAssembly kernel (which SIMD, how many threads), native
 * TensorFlow (tfjs-node, large products only), or JavaScript.
 * @example
 * nn.productEngine(); // "WebAssembly SIMD with fused multiply-add (relaxed SIMD), 2 threads"
 */
export function productEngine(): string {
  if (jsKernelsForced()) return "JavaScript";
  const w = wasmGemmInfo();
  const wasm = w ? `WebAssembly SIMD${w.kernel === "relaxed-simd" ? " with fused multiply-add (relaxed SIMD)" : ""}, ${w.threads} thread${w.threads > 1 ? "s" : ""}` : null;
  if (backend() === "tensorflow") return `native TensorFlow (tfjs-node)${wasm ? `; small products on ${wasm}` : ""}`;
  return wasm ?? "JavaScript";
}

/** How {@link gemm32} reads its operands; every field is optional. */
export interface Gemm32Options {
  /** a holds Aᵀ, stored k × m (a weight's gradient: gᵀ·x) (default false) */
  transA?: boolean;
  /** b holds Bᵀ, stored n × k (a layer's weight: the forward product x·Wᵀ) (default false) */
  transB?: boolean;
}

/**
 * `nn`'s float32 matrix product: C = op(A)·op(B) for row-major operands, on the engine {@link engineFor} picks. A
 * transposed operand is read in place (no copy by the caller).
 * @param a - A (m × k), or Aᵀ (k × m) with `transA`
 * @param b - B (k × n), or Bᵀ (n × k) with `transB`
 * @param m - rows of C
 * @param k - inner dimension
 * @param n - columns of C
 * @param options - transposes
 * @returns C, m × n (a new array)
 * @example
 * gemm32(Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 2, 1); // [11]
 * gemm32(x, weight, rows, inFeatures, outFeatures, { transB: true }); // x·Wᵀ
 */
export function gemm32(a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  options: Gemm32Options = {}): Float32Array {
  const aT = options.transA ?? false, bT = options.transB ?? false;
  const macs = m * k * n, engine = engineFor(macs);
  if (engine === "wasm") {
    // The second thread starts on the first product large enough to use it (ready() starts it too); products
    // stay on this thread until it is up.
    if (macs >= SPLIT_MIN_MACS) void startGemmPool();
    const c = gemmWasm(a, aT, b, bT, m, k, n);
    if (c) return c;
  }
  const a2 = aT ? transpose(a, k, m) : a, b2 = bT ? transpose(b, n, k) : b;
  return engine === "tfjs" ? matmulTf(a2, b2, m, k, n) : matmulJs(a2, b2, m, k, n);
}

/**
 * C = A·B on the tfjs backend `ready()` chose (tests compare it with the other kernels).
 * @example
 * matmulTf(a, b, m, k, n);
 */
export function matmulTf(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const tf = tfjs();
  const ta = tf.tensor2d(a, [m, k]), tb = tf.tensor2d(b, [k, n]);
  const tc = tf.matMul(ta, tb);
  const out = tc.dataSync() as Float32Array;
  ta.dispose(); tb.dispose(); tc.dispose();
  return out;
}

/**
 * C = A·B in JavaScript. Narrow outputs (n < 16, e.g. a layer with one output unit) use dot products over rows of
 * A and columns of B (B transposed first); wider ones add scaled rows of B into a float64 row accumulator. There is
 * no test for zeros in A: after a ReLU they fall at random, and a branch on them mispredicts more than it saves.
 */
export function matmulJs(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  if (n < 16) {
    const bt = transpose(b, k, n);
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ai + p] * bt[bj + p];
        c[i * n + j] = s;
      }
    }
    return c;
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const v = a[ai + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) acc[j] += v * b[bp + j];
    }
    c.set(acc, i * n);
  }
  return c;
}

/**
 * The transpose of a row-major matrix.
 * @param a - rows × cols
 * @param out - where to write it (default: a new array)
 * @returns cols × rows
 * @example
 * transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3); // [1, 4, 2, 5, 3, 6]
 */
export function transpose(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array {
  const t = out ?? new Float32Array(rows * cols);
  // Eight source rows at a time: eight sequential read streams, and each column's eight values land next to each
  // other (one 32-byte write). 2-4× faster than square cache blocks here.
  let i = 0;
  for (; i + 8 <= rows; i += 8) {
    const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols, r4 = r3 + cols, r5 = r4 + cols, r6 = r5 + cols,
      r7 = r6 + cols;
    for (let j = 0; j < cols; j++) {
      const o = j * rows + i;
      t[o] = a[r0 + j]; t[o + 1] = a[r1 + j]; t[o + 2] = a[r2 + j]; t[o + 3] = a[r3 + j];
      t[o + 4] = a[r4 + j]; t[o + 5] = a[r5 + j]; t[o + 6] = a[r6 + j]; t[o + 7] = a[r7 + j];
    }
  }
  for (; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) t[j * rows + i] = a[r + j];
  }
  return t;
}
