/**
 * The code of Adam's update as a WebAssembly SIMD function (f32x4), assembled with lib/wasm/assembler.ts: in its own
 * small module for the optimizer (lib/nn/wasm_adam.ts) and inside the product module (gemm_code.ts), where resident
 * training (lib/nn/resident.ts) runs it over weights kept in the kernel's memory, split between the two threads.
 * It is PyTorch's float32 arithmetic, step for step
 *
 *   g ← g + wd·w;  m ← b1·m + (1−b1)·g;  v ← b2·v + ((1−b2)·g)·g;
 *   w ← w − stepSize·(m / (√v / √bc2 + eps))
 *
 * with no fused multiply-adds, and elementwise: any split of the values gives the same bits.
 *
 *   adam(w, g, m, v, n, b1, c1, b2, c2, stepSize, sqrtBc2, eps, wd)   n floats (a multiple of 4) at byte offsets
 *   w, g, m, v (16-byte aligned), the rest f32 scalars.
 */
import {
  BLOCK, BR_IF, END, F32, F32X4_ADD, F32X4_DIV, F32X4_MUL, F32X4_SPLAT, F32X4_SQRT, F32X4_SUB, I32, I32_ADD, I32_CONST,
  I32_EQZ, I32_LT_U, I32_SHL, LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, mem, sleb, V128, V128_LOAD, V128_STORE, VOID,
} from "./assembler";

/** The function's parameter types: four byte offsets and a count, then eight f32 scalars. */
export const ADAM_PARAMS = [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32];

/** The update: byte offsets w, g, m, v, a count (multiple of 4), then b1, 1 − b1, b2, 1 − b2, stepSize, sqrtBc2, eps, wd. */
export type AdamFn = (w: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number,
  c2: number, stepSize: number, sqrtBc2: number, eps: number, wd: number) => void;

// Parameters, then locals: i, end, eight splatted scalars, and the four vectors of one step.
const PW = 0, PG = 1, PM = 2, PV = 3, PN = 4;
const I = 13, END_ = 14, B1 = 15, C1 = 16, B2 = 17, C2 = 18, SS = 19, SBC = 20, EPS = 21, WD = 22;
const G = 23, M = 24, V = 25, W = 26;

function at(base: number): number[] { return [LOCAL_GET, base, LOCAL_GET, I, I32_ADD]; }
const LOAD = mem(V128_LOAD, 4, 0), STORE = mem(V128_STORE, 4, 0);

/**
 * The function's locals and code, for {@link ADAM_PARAMS}.
 * @example
 * funcBody(...adamCode());
 */
export function adamCode(): [Array<[number, number]>, number[]] {
  const code: number[] = [];
  for (let s = 0; s < 8; s++) code.push(LOCAL_GET, 5 + s, ...F32X4_SPLAT, LOCAL_SET, B1 + s);
  code.push(LOCAL_GET, PN, I32_CONST, ...sleb(2), I32_SHL, LOCAL_SET, END_);
  code.push(BLOCK, VOID, LOCAL_GET, END_, I32_EQZ, BR_IF, 0, LOOP, VOID,
    ...at(PW), ...LOAD, LOCAL_SET, W,
    // g + wd·w
    ...at(PG), ...LOAD, LOCAL_GET, WD, LOCAL_GET, W, ...F32X4_MUL, ...F32X4_ADD, LOCAL_SET, G,
    // m ← b1·m + c1·g
    ...at(PM), LOCAL_GET, B1, ...at(PM), ...LOAD, ...F32X4_MUL, LOCAL_GET, C1, LOCAL_GET, G, ...F32X4_MUL, ...F32X4_ADD,
    LOCAL_TEE, M, ...STORE,
    // v ← b2·v + (c2·g)·g
    ...at(PV), LOCAL_GET, B2, ...at(PV), ...LOAD, ...F32X4_MUL, LOCAL_GET, C2, LOCAL_GET, G, ...F32X4_MUL, LOCAL_GET, G,
    ...F32X4_MUL, ...F32X4_ADD, LOCAL_TEE, V, ...STORE,
    // w ← w − stepSize·(m / (√v / √bc2 + eps))
    ...at(PW), LOCAL_GET, W, LOCAL_GET, SS, LOCAL_GET, M, LOCAL_GET, V, ...F32X4_SQRT, LOCAL_GET, SBC, ...F32X4_DIV,
    LOCAL_GET, EPS, ...F32X4_ADD, ...F32X4_DIV, ...F32X4_MUL, ...F32X4_SUB, ...STORE,
    LOCAL_GET, I, I32_CONST, ...sleb(16), I32_ADD, LOCAL_TEE, I, LOCAL_GET, END_, I32_LT_U, BR_IF, 0,
    END, END, END);
  return [[[2, I32], [12, V128]], code];
}

