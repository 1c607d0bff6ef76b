/**
 * The loaded product module and its one shared WebAssembly memory: compiled (relaxed SIMD when allowed) and
 * instantiated once through lib/wasm/assembler.ts's loader, grown on demand, with typed views kept current.
 */
import { lazyModule, type SharedWasmMemory } from "./assembler";
import type { AdamFn } from "./adam_code";
import { gemmModuleBytes, MAX_PAGES } from "./gemm_code";

/** The kernel's entry: see gemm_code.ts. */
export type GemmFn = (a: number, rsA: number, psA: number, b: number, psB: number, rsB: number, c: number,
  ldc: number, i0: number, i1: number, j0: number, j1: number, k: number) => void;
type TransposeFn = (src: number, rows: number, cols: number, dst: number) => void;
type BiasFn = (y: number, ld: number, b: number, m: number, n4: number) => void;
type ReluGradFn = (g: number, ldg: number, y: number, ldy: number, db: number, m: number, n4: number) => void;

/** The instantiated module over its memory, with views of the whole memory (replaced when it grows). */
export interface Engine {
  module: object; memory: SharedWasmMemory; gemm: GemmFn; gemm64: GemmFn; transpose: TransposeFn; adam: AdamFn;
  /** The row passes of resident training (rows_code.ts). */
  rows: { biasRelu: BiasFn; biasAdd: BiasFn; reluGrad: ReluGradFn };
  relaxed: boolean;
  f32: Float32Array; f64: Float64Array;
}

// Relaxed SIMD fuses multiply-adds (different rounding): TYPELEARN_WASM_RELAXED_SIMD=0 keeps mul-then-add.
const kernel = lazyModule(gemmModuleBytes, { tryRelaxedSimd: () => process.env.TYPELEARN_WASM_RELAXED_SIMD !== "0" });
let engine: Engine | null | undefined;

/**
 * The engine, loaded on first use; null when WebAssembly is unavailable (remembered).
 * @example
 * const e = loadEngine(); // null → JavaScript products
 */
export function loadEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    const module = kernel.get();
    if (!module) return null;
    const memory = kernel.sharedMemory(16, MAX_PAGES);
    const exports = kernel.instantiate(module, memory);
    engine = { module, memory, gemm: exports.gemm as GemmFn, gemm64: exports.gemm64 as GemmFn,
      transpose: exports.transpose as TransposeFn, adam: exports.adam as AdamFn,
      rows: { biasRelu: exports.biasrelu as BiasFn, biasAdd: exports.biasadd as BiasFn, reluGrad: exports.relugrad as ReluGradFn },
      relaxed: kernel.relaxed(), f32: new Float32Array(memory.buffer),
      f64: new Float64Array(memory.buffer) };
  } catch {
    engine = null;
  }
  return engine;
}

/** Byte size rounded up to a whole 64-byte line, so each staged region starts aligned. */
export const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * Make the memory hold `end` bytes: grow it if needed and refresh the views (a shared memory's buffer object changes
 * on growth). False when the memory cannot be had (the caller falls back to JavaScript). The caller first settles
 * any worker share still writing (gemm_pool.ts's settleWorker).
 * @example
 * if (!reserve(e, end)) return null;
 */
export function reserve(e: Engine, end: number): boolean {
  if (end > MAX_PAGES * 65536) return false;
  if (e.memory.buffer.byteLength < end) {
    try {
      e.memory.grow(Math.ceil((end - e.memory.buffer.byteLength) / 65536));
    } catch {
      return false;
    }
  }
  if (e.f32.buffer.byteLength !== e.memory.buffer.byteLength) {
    e.f32 = new Float32Array(e.memory.buffer);
    e.f64 = new Float64Array(e.memory.buffer);
  }
  return true;
}

/**
 * dst ← srcᵀ inside the memory, for src rows × cols at element `src` (dst cols × rows at element `dst`): 4 × 4 blocks
 * in WebAssembly, the ragged last rows and columns here. Values are moved, never rounded.
 * @example
 * transposeInMemory(e, oT >> 2, n, k, oB >> 2); // Bᵀ (n × k) staged at oT becomes B (k × n) at oB
 */
export function transposeInMemory(e: Engine, src: number, rows: number, cols: number, dst: number): void {
  e.transpose(4 * src, rows, cols, 4 * dst);
  const f = e.f32, r4 = rows & ~3, c4 = cols & ~3;
  for (let i = 0; i < rows; i++) for (let j = i < r4 ? c4 : 0; j < cols; j++) f[dst + j * rows + i] = f[src + i * cols + j];
}

/**
 * Copy `rows` rows of n values of C from the memory (row stride np, from element `base`) to out at element o.
 * @example
 * copyOut(e.f32, oC >> 2, np, out, 0, m, n);
 */
export function copyOut<T extends Float32Array | Float64Array>(f: T, base: number, np: number, out: T, o: number,
  rows: number, n: number): void {
  if (n === np) {
    out.set(f.subarray(base, base + rows * n), o);
  } else if (n >= 32) {
    for (let i = 0; i < rows; i++) out.set(f.subarray(base + i * np, base + i * np + n), o + i * n);
  } else {
    for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) out[o + i * n + j] = f[base + i * np + j];
  }
}
