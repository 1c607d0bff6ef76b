/**
 * Float32 matrix products for `nn`. Both operands are plain row-major (a transposed operand is transposed
 * explicitly first: tfjs-wasm runs a transposed matMul 10-20× slower than a plain one). Large products go to the
 * tfjs backend `ready()` chose; small ones, and everything before `ready()`, run in JavaScript, where tfjs's fixed
 * cost per op (~0.1 ms with the copies) would dominate.
 */
import { backend, tfjs } from "./backend";
import { matmulShared, SPLIT_MIN_MACS } from "./gemm_pool";

/** Products with fewer multiply-adds than this stay in JavaScript even when a tfjs backend is ready. */
export const TF_MIN_MACS = 48_000;

/**
 * C = A·B for row-major float32 matrices.
 * @param a - A, m × k
 * @param b - B, k × n
 * @returns C, m × n (a new array)
 * @example
 * matmul(Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 2, 1); // [11]
 */
export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  if (backend() !== "js" && m * k * n >= TF_MIN_MACS) return matmulTfAuto(a, b, m, k, n);
  return matmulJs(a, b, m, k, n);
}

/**
 * C = A·Bᵀ for B stored [n, k] (a layer's weight): B is transposed explicitly first (tfjs-wasm runs a transposed
 * matMul 10× slower than a plain one, and its own transpose of a 256 × 784 weight takes ~0.9 ms against ~0.13 ms
 * for {@link transpose}). For tfjs, the transpose goes into a reused scratch array: the backend copies it into its
 * heap when the tensor is created, so the scratch is free again at once.
 * @example
 * matmulBt(x, weight, rows, inFeatures, outFeatures);
 */
export function matmulBt(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  if (backend() !== "js" && m * k * n >= TF_MIN_MACS) {
    if (n > m) {
      // tfjs-wasm (XNNPACK) repacks its right operand on every call, at a cost proportional to its size. With a
      // weight larger than the batch (784 × 256 against 128 × 784), Cᵀ = B·Aᵀ packs the smaller operand: the two
      // transposes (of A and of the m × n result) cost less than the packing they save.
      if (scratch.length < m * k) scratch = new Float32Array(m * k);
      const ct = matmulTfAuto(b, transpose(a, m, k, scratch.subarray(0, m * k)), n, k, m);
      return transpose(ct, n, m);
    }
    if (scratch.length < n * k) scratch = new Float32Array(n * k);
    return matmulTfAuto(a, transpose(b, n, k, scratch.subarray(0, n * k)), m, k, n);
  }
  return matmulJs(a, transpose(b, n, k), m, k, n);
}

let scratch = new Float32Array(0);

/**
 * C = A·B on the tfjs backend, split across two threads above {@link SPLIT_MIN_MACS} when `ready()` started the
 * worker (gemm_pool.ts); the result is identical either way.
 */
function matmulTfAuto(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  if (m * k * n >= SPLIT_MIN_MACS) return matmulShared(a, b, m, k, n, matmulTf) ?? matmulTf(a, b, m, k, n);
  return matmulTf(a, b, m, k, n);
}

/** C = A·B on the tfjs backend (this thread only). */
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
