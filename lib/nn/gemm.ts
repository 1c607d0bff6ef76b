/**
 * Float32 matrix products for `nn`. Both operands are plain row-major (a transposed operand is transposed
 * explicitly first: tfjs-wasm runs a transposed matMul 10-20× slower than a plain one). Large products go to the
 * tfjs backend `ready()` chose; small ones, and everything before `ready()`, run in JavaScript, where tfjs's fixed
 * cost per op (~0.1 ms with the copies) would dominate.
 */
import { backend, tfjs } from "./backend";

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
  if (backend() !== "js" && m * k * n >= TF_MIN_MACS) return matmulTf(a, b, m, k, n);
  return matmulJs(a, b, m, k, n);
}

/**
 * C = A·Bᵀ for B stored [n, k] (a layer's weight): the transpose is done explicitly, by the tfjs backend for large
 * weights (its native transpose beats JavaScript's strided copy) and in JavaScript otherwise.
 * @example
 * matmulBt(x, weight, rows, inFeatures, outFeatures);
 */
export function matmulBt(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  if (backend() !== "js" && m * k * n >= TF_MIN_MACS && n * k >= TF_TRANSPOSE_MIN) {
    const tf = tfjs();
    const ta = tf.tensor2d(a, [m, k]), tb = tf.tensor2d(b, [n, k]);
    const tbt = tf.transpose(tb);
    const tc = tf.matMul(ta, tbt);
    const out = tc.dataSync() as Float32Array;
    ta.dispose(); tb.dispose(); tbt.dispose(); tc.dispose();
    return out;
  }
  return matmul(a, transpose(b, n, k), m, k, n);
}

/** Weights with at least this many values are transposed by the tfjs backend in {@link matmulBt}. */
export const TF_TRANSPOSE_MIN = 65_536;

/** C = A·B on the tfjs backend. */
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
 * @returns cols × rows
 * @example
 * transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3); // [1, 4, 2, 5, 3, 6]
 */
export function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  // Blocks keep both the reads and the writes within a few cache lines.
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) t[j * rows + i] = a[i * cols + j];
    }
  }
  return t;
}
