/**
 * The code of typelearn's matrix-product module, assembled with lib/wasm/assembler.ts: the product kernel in float32
 * and float64, and a SIMD transpose. Loading, memory, the worker and the products themselves are in gemm_memory.ts,
 * gemm_pool.ts and gemm.ts.
 *
 * The kernel: C[m×n] = A·B with B's rows contiguous (B[p][j..j+7] at b + p·rsB + (j/8)·psB), A addressed by two
 * strides (A[i][p] at a + i·rsA + p·psA, so Aᵀ stored row-major needs no copy), in tiles of 4 rows × 8 columns
 * held in eight v128 accumulators over the whole k. A tile's 32 outputs are each one sum over p = 0…k−1 in order,
 * whichever thread computes the tile: a split product equals the one-thread product bit for bit.
 *
 *   gemm(a, rsA, psA, b, psB, rsB, c, ldc, i0, i1, j0, j1, k)   rows i0…i1−1 (multiples of 4), column panels
 *   j0…j1−1 (8 columns each), all addresses and strides in bytes, k ≥ 1.
 */
import {
  assembleModule, BLOCK, BR_IF, END, F32X4_ADD, F32X4_MUL, F32X4_RELAXED_MADD, F64X2_ADD, F64X2_MUL,
  F64X2_RELAXED_MADD, funcBody, funcType, I32, I32_ADD, I32_AND, I32_CONST, I32_EQZ, I32_LT_U, I32_MUL, I32_OR,
  I32_SHL, I32_SUB, LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, mem, shuffle32, sleb, V128, V128_CONST, V128_LOAD,
  V128_LOAD32_SPLAT, V128_LOAD64_SPLAT, V128_STORE, VOID,
} from "./assembler";
import { ADAM_PARAMS, adamCode } from "./adam_code";
import { BIAS_PARAMS, biasCode, RELUGRAD_PARAMS, reluGradCode } from "./rows_code";

/** Rows and columns of one register tile (float32; float64 tiles are 4 × 4). */
export const MR = 4, NR = 8;

/** The largest shared memory asked for (pages of 64 KiB): byte addresses stay below 2^31. */
export const MAX_PAGES = 32767;

/**
 * The product kernel's code. In float32 a tile is 4 rows × 8 columns, in float64 4 rows × 4 columns: either way a
 * panel row is 32 bytes, two v128 per row of the tile.
 */
function gemmCode(relaxed: boolean, f64: boolean): { locals: Array<[number, number]>; code: number[] } {
  const splat = f64 ? mem(V128_LOAD64_SPLAT, 3, 0) : mem(V128_LOAD32_SPLAT, 2, 0);
  const [madd, mul, add] = f64 ? [F64X2_RELAXED_MADD, F64X2_MUL, F64X2_ADD] : [F32X4_RELAXED_MADD, F32X4_MUL, F32X4_ADD];
  const PA = 0, RSA = 1, PSA = 2, PB = 3, PSB = 4, RSB = 5, PC = 6, LDC = 7, I0 = 8, I1 = 9, J0 = 10, J1 = 11, K = 12;
  let next = 13;
  const JP = next++, IP = next++, P = next++, BP = next++, CP = next++;
  const AR: number[] = [];
  for (let r = 0; r < MR; r++) AR.push(next++);
  const nI32 = next - 13;
  const ACC: Array<[number, number]> = [];
  for (let r = 0; r < MR; r++) ACC.push([next++, next++]);
  const B0 = next++, B1 = next++, S = next++;
  const nV = next - 13 - nI32;
  const c: number[] = [];
  c.push(LOCAL_GET, J0, LOCAL_SET, JP, LOOP, VOID); // column panels
  c.push(LOCAL_GET, I0, LOCAL_SET, IP, LOOP, VOID); // row tiles
  for (const [x, y] of ACC) c.push(...V128_CONST, ...new Array<number>(16).fill(0), LOCAL_TEE, x, LOCAL_SET, y);
  c.push(LOCAL_GET, PA, LOCAL_GET, IP, LOCAL_GET, RSA, I32_MUL, I32_ADD, LOCAL_SET, AR[0]);
  for (let r = 1; r < MR; r++) c.push(LOCAL_GET, AR[r - 1], LOCAL_GET, RSA, I32_ADD, LOCAL_SET, AR[r]);
  c.push(LOCAL_GET, PB, LOCAL_GET, JP, LOCAL_GET, PSB, I32_MUL, I32_ADD, LOCAL_SET, BP);
  c.push(LOCAL_GET, K, LOCAL_SET, P, LOOP, VOID); // p = k … 1
  c.push(LOCAL_GET, BP, ...mem(V128_LOAD, 4, 0), LOCAL_SET, B0, LOCAL_GET, BP, ...mem(V128_LOAD, 4, 16), LOCAL_SET, B1);
  for (let r = 0; r < MR; r++) {
    c.push(LOCAL_GET, AR[r], ...splat, LOCAL_SET, S);
    for (let h = 0; h < 2; h++) {
      const acc = ACC[r][h], bv = h ? B1 : B0;
      if (relaxed) c.push(LOCAL_GET, S, LOCAL_GET, bv, LOCAL_GET, acc, ...madd, LOCAL_SET, acc);
      else c.push(LOCAL_GET, acc, LOCAL_GET, S, LOCAL_GET, bv, ...mul, ...add, LOCAL_SET, acc);
    }
    c.push(LOCAL_GET, AR[r], LOCAL_GET, PSA, I32_ADD, LOCAL_SET, AR[r]);
  }
  c.push(LOCAL_GET, BP, LOCAL_GET, RSB, I32_ADD, LOCAL_SET, BP);
  c.push(LOCAL_GET, P, I32_CONST, 1, I32_SUB, LOCAL_TEE, P, BR_IF, 0, END);
  // c + ip·ldc + jp·32
  c.push(LOCAL_GET, PC, LOCAL_GET, IP, LOCAL_GET, LDC, I32_MUL, I32_ADD, LOCAL_GET, JP, I32_CONST, 5, I32_SHL, I32_ADD,
    LOCAL_SET, CP);
  for (let r = 0; r < MR; r++) {
    c.push(LOCAL_GET, CP, LOCAL_GET, ACC[r][0], ...mem(V128_STORE, 4, 0), LOCAL_GET, CP, LOCAL_GET, ACC[r][1],
      ...mem(V128_STORE, 4, 16), LOCAL_GET, CP, LOCAL_GET, LDC, I32_ADD, LOCAL_SET, CP);
  }
  c.push(LOCAL_GET, IP, I32_CONST, ...sleb(MR), I32_ADD, LOCAL_TEE, IP, LOCAL_GET, I1, I32_LT_U, BR_IF, 0, END);
  c.push(LOCAL_GET, JP, I32_CONST, 1, I32_ADD, LOCAL_TEE, JP, LOCAL_GET, J1, I32_LT_U, BR_IF, 0, END);
  c.push(END);
  return { locals: [[nI32, I32], [nV, V128]], code: c };
}

/**
 *   transpose(src, rows, cols, dst)   dst (cols × rows) = srcᵀ for the leading rows − rows % 4 by cols − cols % 4
 *   block, in 4 × 4 blocks (four loads, eight shuffles, four stores); the caller fills the ragged edges.
 */
function transposeCode(): { locals: Array<[number, number]>; code: number[] } {
  const SRC = 0, ROWS = 1, COLS = 2, DST = 3;
  const I = 4, J = 5, S = 6, D = 7, RS = 8, DS = 9, R4 = 10, C4 = 11;
  const R0 = 12, R1 = 13, R2 = 14, R3 = 15, T0 = 16, T1 = 17, T2 = 18, T3 = 19;
  const c: number[] = [];
  // RS = 4·cols (a source row), DS = 4·rows (a destination row), R4/C4 = rows/cols rounded down to 4
  c.push(LOCAL_GET, COLS, I32_CONST, 2, I32_SHL, LOCAL_SET, RS, LOCAL_GET, ROWS, I32_CONST, 2, I32_SHL, LOCAL_SET, DS);
  c.push(LOCAL_GET, ROWS, I32_CONST, ...sleb(-4), I32_AND, LOCAL_SET, R4, LOCAL_GET, COLS, I32_CONST, ...sleb(-4), I32_AND,
    LOCAL_SET, C4);
  c.push(BLOCK, VOID, LOCAL_GET, R4, I32_EQZ, LOCAL_GET, C4, I32_EQZ, I32_OR, BR_IF, 0);
  c.push(I32_CONST, 0, LOCAL_SET, I, LOOP, VOID);
  c.push(I32_CONST, 0, LOCAL_SET, J, LOOP, VOID);
  // s = src + (i·cols + j)·4, d = dst + (j·rows + i)·4
  c.push(LOCAL_GET, SRC, LOCAL_GET, I, LOCAL_GET, RS, I32_MUL, I32_ADD, LOCAL_GET, J, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, S);
  c.push(LOCAL_GET, DST, LOCAL_GET, J, LOCAL_GET, DS, I32_MUL, I32_ADD, LOCAL_GET, I, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, D);
  const rows = [R0, R1, R2, R3];
  for (let r = 0; r < 4; r++) {
    c.push(LOCAL_GET, S, ...mem(V128_LOAD, 2, 0), LOCAL_SET, rows[r]);
    if (r < 3) c.push(LOCAL_GET, S, LOCAL_GET, RS, I32_ADD, LOCAL_SET, S);
  }
  c.push(LOCAL_GET, R0, LOCAL_GET, R1, ...shuffle32([0, 4, 1, 5]), LOCAL_SET, T0);
  c.push(LOCAL_GET, R0, LOCAL_GET, R1, ...shuffle32([2, 6, 3, 7]), LOCAL_SET, T1);
  c.push(LOCAL_GET, R2, LOCAL_GET, R3, ...shuffle32([0, 4, 1, 5]), LOCAL_SET, T2);
  c.push(LOCAL_GET, R2, LOCAL_GET, R3, ...shuffle32([2, 6, 3, 7]), LOCAL_SET, T3);
  const outs: Array<[number, number, number[]]> = [[T0, T2, [0, 1, 4, 5]], [T0, T2, [2, 3, 6, 7]], [T1, T3, [0, 1, 4, 5]],
    [T1, T3, [2, 3, 6, 7]]];
  outs.forEach(([x, y, lanes], r) => {
    c.push(LOCAL_GET, D, LOCAL_GET, x, LOCAL_GET, y, ...shuffle32(lanes), ...mem(V128_STORE, 2, 0));
    if (r < 3) c.push(LOCAL_GET, D, LOCAL_GET, DS, I32_ADD, LOCAL_SET, D);
  });
  c.push(LOCAL_GET, J, I32_CONST, 4, I32_ADD, LOCAL_TEE, J, LOCAL_GET, C4, I32_LT_U, BR_IF, 0, END);
  c.push(LOCAL_GET, I, I32_CONST, 4, I32_ADD, LOCAL_TEE, I, LOCAL_GET, R4, I32_LT_U, BR_IF, 0, END);
  c.push(END, END);
  return { locals: [[8, I32], [8, V128]], code: c };
}

/**
 * The module's bytes: functions `gemm`, `transpose`, `gemm64` (the same kernel in float64), and for resident training
 * `adam` (Adam's update, adam_code.ts) and the row passes `biasrelu`, `biasadd`, `relugrad` (rows_code.ts), over an
 * imported shared memory `env.mem` of at most {@link MAX_PAGES} pages.
 * @param relaxed - use relaxed SIMD's fused multiply-add (needs the V8 flag at compile time)
 * @example
 * new WebAssembly.Module(gemmModuleBytes(false));
 */
export function gemmModuleBytes(relaxed: boolean): Uint8Array {
  return assembleModule({
    types: [funcType(new Array<number>(13).fill(I32)), funcType([I32, I32, I32, I32]), funcType(ADAM_PARAMS),
      funcType(BIAS_PARAMS), funcType(RELUGRAD_PARAMS)],
    funcs: [
      { name: "gemm", type: 0, body: funcBody(...code(gemmCode(relaxed, false))) },
      { name: "transpose", type: 1, body: funcBody(...code(transposeCode())) },
      { name: "gemm64", type: 0, body: funcBody(...code(gemmCode(relaxed, true))) },
      { name: "adam", type: 2, body: funcBody(...adamCode()) },
      { name: "biasrelu", type: 3, body: funcBody(...biasCode(true)) },
      { name: "biasadd", type: 3, body: funcBody(...biasCode(false)) },
      { name: "relugrad", type: 4, body: funcBody(...reluGradCode()) },
    ],
    sharedMaxPages: MAX_PAGES,
  });
}

function code(f: { locals: Array<[number, number]>; code: number[] }): [Array<[number, number]>, number[]] {
  return [f.locals, f.code];
}
