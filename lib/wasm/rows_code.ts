/**
 * The row passes of resident training (lib/nn/resident.ts) as WebAssembly SIMD functions of the product module,
 * four columns at a time, with exactly the arithmetic of lib/nn/row_kernels.ts (which takes the columns past the last
 * multiple of 4): a float32 sum of two float32 values is the double sum rounded once, (v + |v|)·0.5 is exact, a
 * gradient times 1 or 0 is itself or a signed zero, and the bias sums are float64 additions of float32 values.
 *
 *   biasrelu(y, ld, b, m, n4)             y[i][j] ← relu(y[i][j] + b[j])
 *   biasadd(y, ld, b, m, n4)              y[i][j] ← y[i][j] + b[j]
 *   relugrad(g, ldg, y, ldy, db, m, n4)   g[i][j] ← g[i][j] · (y[i][j]'s bits ≠ 0 ? 1 : 0); db[j] += g[i][j]
 *
 * Addresses and row strides in bytes; m rows; n4 columns, a multiple of 4; db float64 values.
 */
import {
  BLOCK, BR_IF, END, F32X4_ABS, F32X4_ADD, F32X4_MUL, F64X2_ADD, F64X2_PROMOTE_LOW_F32X4, I32, I32_ADD, I32_CONST,
  I32_EQZ, I32_LT_U, I32_OR, I32_SHL, I32_SUB, I32X4_NE, LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, mem, shuffle32, sleb,
  V128, V128_AND, V128_CONST, V128_LOAD, V128_STORE, VOID,
} from "./assembler";

const LOAD = mem(V128_LOAD, 2, 0), STORE = mem(V128_STORE, 2, 0);
/** A v128 constant of four equal float32 lanes. */
function f32x4const(v: number): number[] {
  return [...V128_CONST, ...Array.from({ length: 4 }, () => [...new Uint8Array(Float32Array.of(v).buffer)]).flat()];
}

/** Parameter types of biasrelu / biasadd and of relugrad. */
export const BIAS_PARAMS = [I32, I32, I32, I32, I32], RELUGRAD_PARAMS = [I32, I32, I32, I32, I32, I32, I32];

/**
 * biasrelu (relu) or biasadd: locals and code.
 * @example
 * funcBody(...biasCode(true));
 */
export function biasCode(relu: boolean): [Array<[number, number]>, number[]] {
  const Y = 0, LD = 1, B = 2, M = 3, N4 = 4, J = 5, NB = 6, V = 7;
  const c: number[] = [LOCAL_GET, N4, I32_CONST, 2, I32_SHL, LOCAL_SET, NB];
  c.push(BLOCK, VOID, LOCAL_GET, M, I32_EQZ, LOCAL_GET, NB, I32_EQZ, I32_OR, BR_IF, 0);
  c.push(LOOP, VOID, I32_CONST, 0, LOCAL_SET, J, LOOP, VOID);
  c.push(LOCAL_GET, Y, LOCAL_GET, J, I32_ADD);
  c.push(LOCAL_GET, Y, LOCAL_GET, J, I32_ADD, ...LOAD, LOCAL_GET, B, LOCAL_GET, J, I32_ADD, ...LOAD, ...F32X4_ADD);
  if (relu) c.push(LOCAL_TEE, V, LOCAL_GET, V, ...F32X4_ABS, ...F32X4_ADD, ...f32x4const(0.5), ...F32X4_MUL);
  c.push(...STORE);
  c.push(LOCAL_GET, J, I32_CONST, 16, I32_ADD, LOCAL_TEE, J, LOCAL_GET, NB, I32_LT_U, BR_IF, 0, END);
  c.push(LOCAL_GET, Y, LOCAL_GET, LD, I32_ADD, LOCAL_SET, Y);
  c.push(LOCAL_GET, M, I32_CONST, 1, I32_SUB, LOCAL_TEE, M, BR_IF, 0, END, END, END);
  return [[[2, I32], [1, V128]], c];
}

/**
 * relugrad: locals and code.
 * @example
 * funcBody(...reluGradCode());
 */
export function reluGradCode(): [Array<[number, number]>, number[]] {
  const G = 0, LDG = 1, Y = 2, LDY = 3, DB = 4, M = 5, N4 = 6, J = 7, NB = 8, D = 9, V = 10;
  const c: number[] = [LOCAL_GET, N4, I32_CONST, 2, I32_SHL, LOCAL_SET, NB];
  c.push(BLOCK, VOID, LOCAL_GET, M, I32_EQZ, LOCAL_GET, NB, I32_EQZ, I32_OR, BR_IF, 0);
  c.push(LOOP, VOID, I32_CONST, 0, LOCAL_SET, J, LOOP, VOID);
  // v = g · (bits(y) ≠ 0 ? 1.0 : 0.0), stored back
  c.push(LOCAL_GET, G, LOCAL_GET, J, I32_ADD);
  c.push(LOCAL_GET, G, LOCAL_GET, J, I32_ADD, ...LOAD);
  c.push(LOCAL_GET, Y, LOCAL_GET, J, I32_ADD, ...LOAD, ...f32x4const(0), ...I32X4_NE, ...f32x4const(1), ...V128_AND);
  c.push(...F32X4_MUL, LOCAL_TEE, V, ...STORE);
  // db[j..j+3] += v, as two float64 pairs (db's byte offset is twice the float32 column's)
  c.push(LOCAL_GET, DB, LOCAL_GET, J, I32_CONST, 1, I32_SHL, I32_ADD, LOCAL_SET, D);
  c.push(LOCAL_GET, D, LOCAL_GET, D, ...mem(V128_LOAD, 3, 0), LOCAL_GET, V, ...F64X2_PROMOTE_LOW_F32X4, ...F64X2_ADD,
    ...mem(V128_STORE, 3, 0));
  c.push(LOCAL_GET, D, LOCAL_GET, D, ...mem(V128_LOAD, 3, 16), LOCAL_GET, V, LOCAL_GET, V, ...shuffle32([2, 3, 0, 1]),
    ...F64X2_PROMOTE_LOW_F32X4, ...F64X2_ADD, ...mem(V128_STORE, 3, 16));
  c.push(LOCAL_GET, J, I32_CONST, 16, I32_ADD, LOCAL_TEE, J, LOCAL_GET, NB, I32_LT_U, BR_IF, 0, END);
  c.push(LOCAL_GET, G, LOCAL_GET, LDG, I32_ADD, LOCAL_SET, G, LOCAL_GET, Y, LOCAL_GET, LDY, I32_ADD, LOCAL_SET, Y);
  c.push(LOCAL_GET, M, I32_CONST, 1, I32_SUB, LOCAL_TEE, M, BR_IF, 0, END, END, END);
  return [[[3, I32], [1, V128]], c];
}
