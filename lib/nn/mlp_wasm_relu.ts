/**
 * The two ReLU passes of the fused MLP loop (mlp_fused.ts) as f64x2 WebAssembly over the product kernel's memory.
 * In JavaScript each ran a data-dependent branch per value (about half of ReLU's outputs are zero, at random), and
 * together they cost more than a third of a fit on the guide's data; two lanes and no branch here:
 *
 *   biasRelu(z, rowBytes, rows, bias)    z ← pmax(z + bias, 0) row by row — pmax(v, 0) is exactly `v < 0 ? 0 : v`
 *   reluMask(a, d, bytes)                d ← d & ~(a == 0) — exactly `if (a === 0) d = 0`
 *
 * Addresses in bytes, 16-byte aligned, rows a whole number of v128 (the loop's rows are padded to 4 values).
 */
import {
  assembleModule, BLOCK, BR_IF, END, F64X2_ADD, F64X2_EQ, F64X2_PMAX, funcBody, funcType, I32, I32_ADD, I32_CONST,
  I32_EQZ, I32_LT_U, I32_MUL, lazyModule, LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, mem, sleb, V128_ANDNOT, V128_CONST,
  V128_LOAD, V128_STORE, VOID,
} from "../wasm/assembler";
import { MAX_PAGES } from "../wasm/gemm_code";
import type { SharedWasmMemory } from "../wasm/assembler";

const LOAD = mem(V128_LOAD, 4, 0), STORE = mem(V128_STORE, 4, 0);
const ZERO = [...V128_CONST, ...new Array<number>(16).fill(0)];

function biasReluBody(): number[] {
  const Z = 0, LD = 1, M = 2, BIAS = 3, END_ = 4, ROWEND = 5, Q = 6;
  return [
    BLOCK, VOID, LOCAL_GET, M, I32_EQZ, BR_IF, 0,
    LOCAL_GET, Z, LOCAL_GET, M, LOCAL_GET, LD, I32_MUL, I32_ADD, LOCAL_SET, END_,
    LOOP, VOID,
    LOCAL_GET, Z, LOCAL_GET, LD, I32_ADD, LOCAL_SET, ROWEND, LOCAL_GET, BIAS, LOCAL_SET, Q,
    LOOP, VOID,
    LOCAL_GET, Z, LOCAL_GET, Z, ...LOAD, LOCAL_GET, Q, ...LOAD, ...F64X2_ADD, ...ZERO, ...F64X2_PMAX, ...STORE,
    LOCAL_GET, Q, I32_CONST, ...sleb(16), I32_ADD, LOCAL_SET, Q,
    LOCAL_GET, Z, I32_CONST, ...sleb(16), I32_ADD, LOCAL_TEE, Z, LOCAL_GET, ROWEND, I32_LT_U, BR_IF, 0,
    END,
    LOCAL_GET, Z, LOCAL_GET, END_, I32_LT_U, BR_IF, 0,
    END, END, END,
  ];
}

function reluMaskBody(): number[] {
  const A = 0, D = 1, N = 2, END_ = 3;
  return [
    BLOCK, VOID, LOCAL_GET, N, I32_EQZ, BR_IF, 0,
    LOCAL_GET, D, LOCAL_GET, N, I32_ADD, LOCAL_SET, END_,
    LOOP, VOID,
    LOCAL_GET, D, LOCAL_GET, D, ...LOAD, LOCAL_GET, A, ...LOAD, ...ZERO, ...F64X2_EQ, ...V128_ANDNOT, ...STORE,
    LOCAL_GET, A, I32_CONST, ...sleb(16), I32_ADD, LOCAL_SET, A,
    LOCAL_GET, D, I32_CONST, ...sleb(16), I32_ADD, LOCAL_TEE, D, LOCAL_GET, END_, I32_LT_U, BR_IF, 0,
    END, END, END,
  ];
}

const kernels = lazyModule(() => assembleModule({
  types: [funcType([I32, I32, I32, I32]), funcType([I32, I32, I32])],
  funcs: [
    { name: "biasRelu", type: 0, body: funcBody([[3, I32]], biasReluBody()) },
    { name: "reluMask", type: 1, body: funcBody([[1, I32]], reluMaskBody()) },
  ],
  sharedMaxPages: MAX_PAGES,
}));

/** The two passes, bound to one memory. */
export interface ReluKernels {
  /** z ← max(z + bias, 0) over `rows` rows of `rowBytes` bytes (bias: one row). */
  biasRelu(z: number, rowBytes: number, rows: number, bias: number): void;
  /** d ← 0 where a = 0, over `bytes` bytes of each. */
  reluMask(a: number, d: number, bytes: number): void;
}

let bound: { memory: SharedWasmMemory; k: ReluKernels } | null = null;

/**
 * The passes over `memory` (the product kernel's), instantiated once per memory; null without WebAssembly.
 * @example
 * const relu = reluKernels(e.memory); relu?.biasRelu(8 * z, 8 * ld, rows, 8 * bias);
 */
export function reluKernels(memory: SharedWasmMemory): ReluKernels | null {
  if (bound?.memory === memory) return bound.k;
  try {
    const mod = kernels.get();
    if (!mod) return null;
    const k = kernels.instantiate(mod, memory) as unknown as ReluKernels;
    bound = { memory, k };
    return k;
  } catch {
    return null;
  }
}
