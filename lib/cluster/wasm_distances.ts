/**
 * The k-means hot loops as a tiny WebAssembly module, assembled here from named opcodes with lib/wasm/assembler.ts
 * (no toolchain, no binary blob), as lib/ensemble/hist_gradient_boosting/wasm_kernels.ts does for histograms. In plain
 * JavaScript each typed-array access carries V8's bounds checks; the same loops in WebAssembly (SIMD f64x2) run
 * about as fast as scikit-learn's C. The arithmetic is exactly the JavaScript's: each dot product x·c is summed over
 * the features in order from 0 (one SIMD lane per centre, a multiply then an add, never fused), and each cluster
 * sum adds its rows in row order (one lane per feature), so results are bit-identical to the JavaScript loops,
 * which stay as the fallback (assign.ts, init.ts; tests compare both).
 *
 *   dots(x, idx, m, cols, packed, nb, out)   for each of the m (even) rows idx[r] (i32 row numbers) of x (rows of cols
 *       f64), the dot products with nb blocks of 8 centres packed feature-major (block b, feature j, centre q at
 *       packed + 8·(8·cols·b + 8·j + q)), into out + 8·(8·nb·r + 8·b + q)
 *   dots4(…)   the same with blocks of 4 centres (4 in place of 8 in both layouts), four rows per pass
 *   sums(x, labels, m, cols, sums, counts)  for m consecutive rows from x with labels (i32):
 *       counts[label] += 1; sums[label·cols + j] += x[j], in row order
 *   filter(…)   assign.ts's bound test: lists the rows whose bounds cannot settle their label
 *   nearest(…), nearest8(…)   their nearest centres, labels and new bounds (wasm_nearest.ts)
 *   ppFinish(…)   init.ts's k-means++ potentials min(closest, max((−2·dot + ‖c‖²) + ‖x‖², 0))
 * All pointers are byte offsets into the module's memory. Scalar steps use the same IEEE-754 operations in the
 * same order as the JavaScript (select for its conditionals, f64.sqrt for Math.sqrt, both correctly rounded).
 */

import {
  assembleModule, BLOCK, BR_IF, END, F64, F64_ADD, F64_GT, F64_LOAD, F64_LT, F64_MUL, F64_STORE, F64_SUB,
  F64X2_ADD, F64X2_MUL, F64X2_SPLAT, f64const as f64c, funcBody, funcType, I32, I32_ADD, I32_AND, I32_CONST, I32_EQ,
  I32_EQZ, I32_GE_U, I32_LOAD, I32_LT_U, I32_MUL, I32_NE, I32_SHL, I32_STORE, I32_SUB, IF, lazyModule,
  LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, MAX_WASM_BYTES, mem, SELECT, sleb, V128, V128_CONST, V128_LOAD, V128_STORE,
  SharedWasmMemory, VOID, SIMD, V128_LOAD64_SPLAT, F64X2_LT, F64X2_GT, V128_AND, V128_BITSELECT, I32_XOR,
} from "../wasm/assembler";
import { nearest8Body, nearestBody } from "./wasm_nearest";

/** local l += c (i32) */
function inc(l: number, c: number): number[] { return [LOCAL_GET, l, I32_CONST, ...sleb(c), I32_ADD, LOCAL_SET, l]; }

/**
 * dots for blocks of 2·V centres (V f64x2 lanes pairs), R rows per pass (R·V independent accumulator chains):
 * params 0 x, 1 idx, 2 m (a multiple of R), 3 cols, 4 packed, 5 nb, 6 out; i32 locals 7 rEnd, 8 xo, 9 po, 10 b,
 * 11 j, 12 jEnd, 13 rowStride (bytes of one row's results), 14…12+R the other rows' offsets from the first;
 * v128 locals from A = 13 + R: R·V accumulators (row-major), then R splatted values, then one temporary.
 */
function dotsBody(R: number, V: number): number[] {
  const W = 2 * V, A = 13 + R, S = A + R * V, T = S + R;
  const accIdx = (r: number, q: number): number => A + r * V + q;
  const acc = (q: number): number[] => {
    const c: number[] = [LOCAL_GET, 9, ...mem(V128_LOAD, 3, 16 * q), LOCAL_SET, T];
    for (let r = 0; r < R; r++) {
      c.push(LOCAL_GET, accIdx(r, q), LOCAL_GET, S + r, LOCAL_GET, T, ...F64X2_MUL, ...F64X2_ADD,
        LOCAL_SET, accIdx(r, q));
    }
    return c;
  };
  const zeros: number[] = [];
  const stores: number[] = [];
  const splats: number[] = [];
  for (let r = 0; r < R; r++) {
    splats.push(LOCAL_GET, 11);
    if (r > 0) splats.push(LOCAL_GET, 13 + r, I32_ADD);
    splats.push(...mem(F64_LOAD, 3, 0), ...F64X2_SPLAT, LOCAL_SET, S + r);
    for (let q = 0; q < V; q++) {
      zeros.push(...V128_CONST, ...new Array(16).fill(0), LOCAL_SET, accIdx(r, q));
      stores.push(LOCAL_GET, 6);
      if (r > 0) stores.push(LOCAL_GET, 13, I32_CONST, ...sleb(r), I32_MUL, I32_ADD);
      stores.push(LOCAL_GET, accIdx(r, q), ...mem(V128_STORE, 3, 16 * q));
    }
  }
  const rowAddr = (off: number): number[] => [LOCAL_GET, 0, LOCAL_GET, 1, ...mem(I32_LOAD, 2, off), LOCAL_GET, 3,
    I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD];
  const deltas: number[] = [];
  for (let r = 1; r < R; r++) deltas.push(...rowAddr(4 * r), LOCAL_GET, 8, I32_SUB, LOCAL_SET, 13 + r);
  const accs: number[] = [];
  for (let q = 0; q < V; q++) accs.push(...acc(q));
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 2, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 1, LOCAL_GET, 2, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 7,
    LOCAL_GET, 5, I32_CONST, ...sleb(8 * W), I32_MUL, LOCAL_SET, 13,
    LOOP, VOID, // R rows at a time
    ...rowAddr(0), LOCAL_TEE, 8, LOCAL_GET, 3, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_SET, 12,
    ...deltas,
    LOCAL_GET, 4, LOCAL_SET, 9,
    LOCAL_GET, 5, LOCAL_SET, 10,
    LOOP, VOID, // blocks of W centres
    ...zeros,
    LOCAL_GET, 8, LOCAL_SET, 11,
    LOOP, VOID, // features
    ...splats,
    ...accs,
    ...inc(9, 8 * W),
    LOCAL_GET, 11, I32_CONST, 8, I32_ADD, LOCAL_TEE, 11, LOCAL_GET, 12, I32_LT_U, BR_IF, 0,
    END,
    ...stores,
    ...inc(6, 8 * W),
    LOCAL_GET, 10, I32_CONST, 1, I32_SUB, LOCAL_TEE, 10, I32_CONST, 0, I32_NE, BR_IF, 0,
    END,
    // out now points at the second row's results: skip the other R − 1 rows'
    LOCAL_GET, 6, LOCAL_GET, 13, I32_CONST, ...sleb(R - 1), I32_MUL, I32_ADD, LOCAL_SET, 6,
    LOCAL_GET, 1, I32_CONST, ...sleb(4 * R), I32_ADD, LOCAL_TEE, 1, LOCAL_GET, 7, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[6 + R, I32], [R * V + R + 1, V128]], code);
}

/** sums: params 0 x, 1 labels, 2 m, 3 cols, 4 sums, 5 counts; i32 locals 6 rEnd, 7 a, 8 s, 9 pairEnd, 10 p. */
function sumsBody(): number[] {
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 2, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 1, LOCAL_GET, 2, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 6,
    LOOP, VOID,
    LOCAL_GET, 1, ...mem(I32_LOAD, 2, 0), LOCAL_SET, 7,
    // counts[a] += 1
    LOCAL_GET, 5, LOCAL_GET, 7, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_TEE, 10,
    LOCAL_GET, 10, ...mem(F64_LOAD, 3, 0), ...f64c(1), F64_ADD,
    ...mem(F64_STORE, 3, 0),
    // s = sums + 8·a·cols; pairEnd = x + 8·(cols & ~1)
    LOCAL_GET, 4, LOCAL_GET, 7, LOCAL_GET, 3, I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_SET, 8,
    LOCAL_GET, 0, LOCAL_GET, 3, I32_CONST, ...sleb(-2), I32_AND, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_SET, 9,
    BLOCK, VOID,
    LOCAL_GET, 0, LOCAL_GET, 9, I32_GE_U, BR_IF, 0,
    LOOP, VOID,
    LOCAL_GET, 8, LOCAL_GET, 8, ...mem(V128_LOAD, 3, 0), LOCAL_GET, 0, ...mem(V128_LOAD, 3, 0), ...F64X2_ADD,
    ...mem(V128_STORE, 3, 0),
    ...inc(8, 16),
    LOCAL_GET, 0, I32_CONST, 16, I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 9, I32_LT_U, BR_IF, 0,
    END,
    END,
    // odd column count: the last feature alone
    BLOCK, VOID,
    LOCAL_GET, 3, I32_CONST, 1, I32_AND, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 8, LOCAL_GET, 8, ...mem(F64_LOAD, 3, 0), LOCAL_GET, 0, ...mem(F64_LOAD, 3, 0), F64_ADD,
    ...mem(F64_STORE, 3, 0),
    ...inc(0, 8),
    END,
    LOCAL_GET, 1, I32_CONST, 4, I32_ADD, LOCAL_TEE, 1, LOCAL_GET, 6, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[5, I32]], code);
}

const UP = 1 + 2 ** -50, DOWN = 1 - 2 ** -50;
/** f64 at (local base) + (local p8) */
function ld(base: number, p8: number): number[] { return [LOCAL_GET, base, LOCAL_GET, p8, I32_ADD, ...mem(F64_LOAD, 3, 0)]; }

/**
 * filter (assign.ts's bound test, same arithmetic): params 0 lo, 1 hi, 2 dArg, 3 dMax, 4 dSecond, 5 cMax, 6 etaFac
 * (f64), 7 labels, 8 upper, 9 lower, 10 xNorm, 11 delta, 12 idx; i32 locals 13 m, 14 a, 15 p8, 16 i; f64 17 u,
 * 18 l. Moves each row's bounds by the shifts and lists in idx the rows they cannot settle; returns their count.
 */
function filterBody(): number[] {
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 0, LOCAL_GET, 1, I32_GE_U, BR_IF, 0,
    LOCAL_GET, 0, LOCAL_SET, 16,
    LOOP, VOID,
    LOCAL_GET, 7, LOCAL_GET, 16, I32_CONST, 2, I32_SHL, I32_ADD, ...mem(I32_LOAD, 2, 0), LOCAL_SET, 14,
    LOCAL_GET, 16, I32_CONST, 3, I32_SHL, LOCAL_SET, 15,
    // u = (upper[i] + delta[a]) · UP
    ...ld(8, 15), LOCAL_GET, 11, LOCAL_GET, 14, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0), F64_ADD,
    ...f64c(UP), F64_MUL, LOCAL_SET, 17,
    // l = lower[i] − (a = dArg ? dSecond : dMax); l = l > 0 ? l·DOWN : 0
    ...ld(9, 15), LOCAL_GET, 4, LOCAL_GET, 3, LOCAL_GET, 14, LOCAL_GET, 2, I32_EQ, SELECT, F64_SUB, LOCAL_SET, 18,
    LOCAL_GET, 18, ...f64c(DOWN), F64_MUL, ...f64c(0), LOCAL_GET, 18, ...f64c(0), F64_GT, SELECT, LOCAL_SET, 18,
    LOCAL_GET, 8, LOCAL_GET, 15, I32_ADD, LOCAL_GET, 17, ...mem(F64_STORE, 3, 0),
    LOCAL_GET, 9, LOCAL_GET, 15, I32_ADD, LOCAL_GET, 18, ...mem(F64_STORE, 3, 0),
    // idx[m] = i; unless l > (u + etaFac·(xNorm[i] + cMax))·UP: m++ (no branch: which rows stay is unpredictable)
    LOCAL_GET, 12, LOCAL_GET, 13, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_GET, 16, ...mem(I32_STORE, 2, 0),
    LOCAL_GET, 13,
    LOCAL_GET, 18, LOCAL_GET, 17, LOCAL_GET, 6, ...ld(10, 15), LOCAL_GET, 5, F64_ADD, F64_MUL, F64_ADD,
    ...f64c(UP), F64_MUL, F64_GT, I32_EQZ,
    I32_ADD, LOCAL_SET, 13,
    LOCAL_GET, 16, I32_CONST, 1, I32_ADD, LOCAL_TEE, 16, LOCAL_GET, 1, I32_LT_U, BR_IF, 0,
    END,
    END,
    LOCAL_GET, 13,
    END,
  ];
  return funcBody([[4, I32], [2, F64]], code);
}

/**
 * ppFinish (k-means++'s candidate potentials, init.ts's arithmetic): params 0 m, 1 t, 2 widthBytes, 3 first row,
 * 4 rows, 5 useClosest, 6 out, 7 q, 8 sq, 9 closest, 10 res; i32 locals 11 r, 12 c, 13 i, 14 o; f64 15 s, 16 cl,
 * 17 d, 18 v. For rows first..first+m−1 with their dot products in out: res[c·rows + i] =
 * min(closest[i], max((−2·dot + q[c]) + sq[i], 0)) (comparisons as in init.ts; no min with useClosest 0).
 */
function ppFinishBody(): number[] {
  const zero = [...V128_CONST, ...new Array<number>(16).fill(0)];
  // Two rows per pass in f64x2 lanes (v128 locals 19 s, 20 closest, 21 d, 22 v), with masks for the comparisons:
  // whether closest or v is smaller is unpredictable, and V8 compiles the scalar selects below to branches.
  const pairs = [
    BLOCK, VOID,
    LOCAL_GET, 0, I32_CONST, 2, I32_LT_U, BR_IF, 0,
    LOOP, VOID,
    LOCAL_GET, 3, LOCAL_GET, 11, I32_ADD, I32_CONST, 3, I32_SHL, LOCAL_SET, 13, // i·8
    LOCAL_GET, 8, LOCAL_GET, 13, I32_ADD, ...mem(V128_LOAD, 3, 0), LOCAL_SET, 19,
    LOCAL_GET, 9, LOCAL_GET, 13, I32_ADD, ...mem(V128_LOAD, 3, 0), LOCAL_SET, 20,
    LOCAL_GET, 5, I32_EQZ,
    IF, VOID, ...f64c(Infinity), ...F64X2_SPLAT, LOCAL_SET, 20, END,
    LOCAL_GET, 6, LOCAL_GET, 11, LOCAL_GET, 2, I32_MUL, I32_ADD, LOCAL_SET, 14, // out row of the first
    I32_CONST, 0, LOCAL_SET, 12,
    LOOP, VOID, // candidates
    // d = (−2·dot + q[c]) + s, the rows' dot products from consecutive out rows
    ...f64c(-2), ...F64X2_SPLAT,
    LOCAL_GET, 14, LOCAL_GET, 12, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(V128_LOAD64_SPLAT, 3, 0),
    LOCAL_GET, 14, LOCAL_GET, 2, I32_ADD, LOCAL_GET, 12, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0),
    SIMD, 0x22, 1, // f64x2.replace_lane 1
    ...F64X2_MUL,
    LOCAL_GET, 7, LOCAL_GET, 12, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0), ...F64X2_SPLAT, ...F64X2_ADD,
    LOCAL_GET, 19, ...F64X2_ADD, LOCAL_SET, 21,
    // v = d > 0 ? d : +0
    LOCAL_GET, 21, LOCAL_GET, 21, ...zero, ...F64X2_GT, ...V128_AND, LOCAL_SET, 22,
    // res[c·rows + i] = cl < v ? cl : v
    LOCAL_GET, 10, LOCAL_GET, 12, LOCAL_GET, 4, I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_GET, 13, I32_ADD,
    LOCAL_GET, 20, LOCAL_GET, 22, LOCAL_GET, 20, LOCAL_GET, 22, ...F64X2_LT, ...V128_BITSELECT, ...mem(V128_STORE, 3, 0),
    LOCAL_GET, 12, I32_CONST, 1, I32_ADD, LOCAL_TEE, 12, LOCAL_GET, 1, I32_LT_U, BR_IF, 0,
    END,
    LOCAL_GET, 11, I32_CONST, 2, I32_ADD, LOCAL_TEE, 11, I32_CONST, 1, I32_ADD, LOCAL_GET, 0, I32_LT_U, BR_IF, 0,
    END,
    END,
  ];
  const code = [
    ...pairs,
    BLOCK, VOID, // the last row of an odd count
    LOCAL_GET, 11, LOCAL_GET, 0, I32_GE_U, BR_IF, 0,
    LOOP, VOID, // rows
    LOCAL_GET, 3, LOCAL_GET, 11, I32_ADD, I32_CONST, 3, I32_SHL, LOCAL_SET, 13, // i·8
    LOCAL_GET, 8, LOCAL_GET, 13, I32_ADD, ...mem(F64_LOAD, 3, 0), LOCAL_SET, 15,
    LOCAL_GET, 9, LOCAL_GET, 13, I32_ADD, ...mem(F64_LOAD, 3, 0), ...f64c(Infinity), LOCAL_GET, 5, SELECT,
    LOCAL_SET, 16,
    LOCAL_GET, 6, LOCAL_GET, 11, LOCAL_GET, 2, I32_MUL, I32_ADD, LOCAL_SET, 14, // out row
    I32_CONST, 0, LOCAL_SET, 12,
    LOOP, VOID, // candidates
    // d = (−2·dot + q[c]) + s
    ...f64c(-2), LOCAL_GET, 14, LOCAL_GET, 12, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0), F64_MUL,
    LOCAL_GET, 7, LOCAL_GET, 12, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0), F64_ADD,
    LOCAL_GET, 15, F64_ADD, LOCAL_SET, 17,
    // v = d > 0 ? d : 0
    LOCAL_GET, 17, ...f64c(0), LOCAL_GET, 17, ...f64c(0), F64_GT, SELECT, LOCAL_SET, 18,
    // res[c·rows + i] = cl < v ? cl : v
    LOCAL_GET, 10, LOCAL_GET, 12, LOCAL_GET, 4, I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_GET, 13, I32_ADD,
    LOCAL_GET, 16, LOCAL_GET, 18, LOCAL_GET, 16, LOCAL_GET, 18, F64_LT, SELECT, ...mem(F64_STORE, 3, 0),
    LOCAL_GET, 12, I32_CONST, 1, I32_ADD, LOCAL_TEE, 12, LOCAL_GET, 1, I32_LT_U, BR_IF, 0,
    END,
    LOCAL_GET, 11, I32_CONST, 1, I32_ADD, LOCAL_TEE, 11, LOCAL_GET, 0, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[4, I32], [4, F64], [4, V128]], code);
}

/**
 * touch(p, bytes) → a value to ignore: reads one word of every 64-byte line of p..p+bytes−1, in order. A chunk's rows
 * then come from memory as a sequential stream the prefetchers follow, before the assignment reads the rows it
 * cannot skip (scattered: each a cache miss otherwise) and the sums read them all again.
 */
function touchBody(): number[] {
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 1, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD, LOCAL_SET, 2,
    LOOP, VOID,
    LOCAL_GET, 3, LOCAL_GET, 0, ...mem(I32_LOAD, 2, 0), I32_XOR, LOCAL_SET, 3,
    LOCAL_GET, 0, I32_CONST, ...sleb(64), I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 2, I32_LT_U, BR_IF, 0,
    END,
    END,
    LOCAL_GET, 3,
    END,
  ];
  return funcBody([[2, I32]], code);
}

/** Pages the module's shared memory may grow to (byte offsets are i32). */
const MAX_PAGES = Math.floor(MAX_WASM_BYTES / 65536);

/** The compiled kernels (their memory is shared, so a helper thread can run them on the same data). */
export const kmeansKernels = lazyModule(() => assembleModule({
  sharedMaxPages: MAX_PAGES,
  types: [
    funcType([I32, I32, I32, I32, I32, I32, I32]),
    funcType([I32, I32, I32, I32, I32, I32]),
    funcType([I32, I32, I32, F64, F64, F64, F64, I32, I32, I32, I32, I32, I32], [I32]),
    funcType(new Array<number>(11).fill(I32)),
    funcType([I32, I32, I32, I32, I32, I32, I32, F64, F64, I32, I32, I32, I32, I32, I32], [I32]),
    funcType([I32, I32], [I32]),
  ],
  funcs: [
    { name: "dots", type: 0, body: dotsBody(2, 4) },
    { name: "sums", type: 1, body: sumsBody() },
    { name: "dots4", type: 0, body: dotsBody(4, 2) },
    { name: "filter", type: 2, body: filterBody() },
    { name: "ppFinish", type: 3, body: ppFinishBody() },
    { name: "nearest", type: 4, body: nearestBody() },
    { name: "nearest8", type: 4, body: nearest8Body() },
    { name: "touch", type: 5, body: touchBody() },
  ],
}));

let lastMemory: WeakRef<SharedWasmMemory> | undefined;

/** Rows handled per kernel call (their distances stay in cache). */
export const CHUNK = 4096;

/**
 * One fit's WebAssembly workspace: the centred data lives in the module's memory (written once per fit), with
 * room for labels, a chunk's row list and dot products, packed centres and cluster sums. Views are fixed (the
 * memory never grows); the memory is shared, so a helper thread can work on the same data (kmeans_threads.ts).
 */
export interface KMeansWasm {
  /** rows×cols data, in the module's memory (fill it before use). */
  x: Float64Array;
  rows: number;
  cols: number;
  /** Label of every row. */
  labels: Int32Array;
  /** A chunk's row numbers (CHUNK, plus room for padding). */
  idx: Int32Array;
  /** A chunk's dot products (CHUNK × maxPacked). */
  out: Float64Array;
  /** Centres packed in blocks of 8, feature-major (maxPacked × cols). */
  packed: Float64Array;
  /** Centres the workspace can pack (a multiple of 8). */
  maxPacked: number;
  /** k×cols cluster sums and k counts. */
  sums: Float64Array;
  counts: Float64Array;
  /** Dot products of rows idx[0..m) with nb packed blocks into out. */
  dots(m: number, nb: number): void;
  /** As dots with nb blocks of 4 centres (packed and out laid out with 4 in place of 8). */
  dots4(m: number, nb: number): void;
  /** Add rows lo..hi−1 to sums/counts by their labels, in row order. */
  sumRows(lo: number, hi: number): void;
  /** Per-row bounds and norms of assign.ts (rows each), centre shifts (k), squared centre norms (maxPacked). */
  upper: Float64Array;
  lower: Float64Array;
  xNorm: Float64Array;
  xSq: Float64Array;
  delta: Float64Array;
  cn: Float64Array;
  /** assign.ts's bound test over rows lo..hi−1 (moves the bounds); lists the unsettled rows in idx, returns m. */
  filter(lo: number, hi: number, dArg: number, dMax: number, dSecond: number, cMax: number, etaFac: number): number;
  /** k-means++: the candidates' squared norms (maxPacked), the current potentials (rows), results (maxPacked × rows). */
  ppQ: Float64Array;
  closest: Float64Array;
  res: Float64Array;
  /**
   * k-means++ potentials of rows first..first+m−1 for t candidates (dot products in out, `width` per row; squared
   * row norms in xSq): res[c·rows + i] = min(closest[i], max((−2·dot + ppQ[c]) + xSq[i], 0)).
   */
  ppFinish(m: number, t: number, width: number, first: number, useClosest: boolean): void;
  /** The shared memory, where everything lives, its layout and the module's exports (for helper threads). */
  memory: SharedWasmMemory;
  layout: KMeansLayout;
  exports: KMeansExports;
}

/**
 * A workspace for a fit on rows×cols data with up to `centres` centres (or candidates) packed at once; null when
 * WebAssembly (with SIMD) is unavailable or the memory cannot be had (callers then use the JavaScript loops).
 * @param rows - samples
 * @param cols - features
 * @param centres - most centres packed at once (k, or the k-means++ candidates)
 * @param k - clusters (size of sums/counts)
 * @example
 * const w = createKMeansWasm(n, p, 8, 8); // w?.x.set(centredData)
 */
export function createKMeansWasm(rows: number, cols: number, centres: number, k: number): KMeansWasm | null {
  if (rows < 1 || cols < 1) return null;
  const L = kmeansLayout(rows, cols, centres, k);
  if (L.end > MAX_WASM_BYTES) return null;
  try {
    const compiled = kmeansKernels.get();
    if (compiled === null) return null;
    // The last workspace's memory is reused when large enough (fresh pages cost a fault and zeroing each); it is
    // only weakly held, so the collector may free it between fits. No kernel relies on zeroed memory.
    let memory = lastMemory?.deref();
    if (!memory || memory.buffer.byteLength < L.end) {
      const pages = Math.ceil(L.end / 65536);
      memory = kmeansKernels.sharedMemory(pages, pages);
      lastMemory = new WeakRef(memory);
    }
    const e = kmeansKernels.instantiate(compiled, memory) as unknown as KMeansExports;
    const buf = memory.buffer;
    const i32 = new Int32Array(buf);
    const { xOff, lOff, pOff, sOff, cOff, maxPacked } = L;
    const { iOff, oOff } = L.lanes[0];
    return {
      x: new Float64Array(buf, xOff, rows * cols), rows, cols, labels: new Int32Array(buf, lOff, rows),
      idx: new Int32Array(buf, iOff, CHUNK + 4), out: new Float64Array(buf, oOff, (CHUNK + 4) * maxPacked),
      packed: new Float64Array(buf, pOff, maxPacked * cols), maxPacked,
      sums: new Float64Array(buf, sOff, k * cols), counts: new Float64Array(buf, cOff, k),
      dots: (m, nb) => dotsLane(e, L, i32, 0, m, nb, 8),
      dots4: (m, nb) => dotsLane(e, L, i32, 0, m, nb, 4),
      sumRows: (lo, hi) => e.sums(xOff + lo * cols * 8, lOff + lo * 4, hi - lo, cols, sOff, cOff),
      upper: new Float64Array(buf, L.uOff, rows), lower: new Float64Array(buf, L.loOff, rows),
      xNorm: new Float64Array(buf, L.nOff, rows), xSq: new Float64Array(buf, L.qOff, rows),
      delta: new Float64Array(buf, L.dOff, k), cn: new Float64Array(buf, L.cnOff, maxPacked),
      filter: (lo, hi, dArg, dMax, dSecond, cMax, etaFac) => e.filter(lo, hi, dArg, dMax, dSecond, cMax, etaFac,
        lOff, L.uOff, L.loOff, L.nOff, L.dOff, iOff),
      ppQ: new Float64Array(buf, L.ppqOff, maxPacked), closest: new Float64Array(buf, L.clOff, rows),
      res: new Float64Array(buf, L.resOff, maxPacked * rows),
      ppFinish: (m, t, width, first, useClosest) => e.ppFinish(m, t, width * 8, first, rows, useClosest ? 1 : 0, oOff,
        L.ppqOff, L.qOff, L.clOff, L.resOff),
      memory, layout: L, exports: e,
    };
  } catch {
    return null;
  }
}

/** The module's exports (all pointers are byte offsets into its memory). */
export interface KMeansExports {
  dots(x: number, idx: number, m: number, cols: number, packed: number, nb: number, out: number): void;
  dots4(x: number, idx: number, m: number, cols: number, packed: number, nb: number, out: number): void;
  sums(x: number, labels: number, m: number, cols: number, sums: number, counts: number): void;
  filter(lo: number, hi: number, dArg: number, dMax: number, dSecond: number, cMax: number, etaFac: number,
    labels: number, upper: number, lower: number, xNorm: number, delta: number, idx: number): number;
  ppFinish(m: number, t: number, widthBytes: number, first: number, rows: number, useClosest: number, out: number,
    q: number, sq: number, closest: number, res: number): void;
  nearest(x: number, idx: number, m: number, cols: number, packed: number, nb: number, cn: number, eFac: number,
    cMax: number, keep: number, labels: number, upper: number, lower: number, xNorm: number, xSq: number): number;
  touch(p: number, bytes: number): number;
  /** nearest for nb = 1 (at most 8 centres), same results. */
  nearest8(x: number, idx: number, m: number, cols: number, packed: number, nb: number, cn: number, eFac: number,
    cMax: number, keep: number, labels: number, upper: number, lower: number, xNorm: number, xSq: number): number;
}

/**
 * Where everything lives in a workspace's memory (byte offsets): shared data, labels, bounds, centres and sums, and
 * per thread ("lane") a chunk's row list and dot products. Plain numbers, so a helper thread can be handed it.
 */
export interface KMeansLayout {
  rows: number; cols: number; k: number; maxPacked: number; end: number;
  xOff: number; lOff: number; pOff: number; sOff: number; cOff: number; uOff: number; loOff: number; nOff: number;
  qOff: number; dOff: number; cnOff: number; ppqOff: number; clOff: number; resOff: number;
  lanes: Array<{ iOff: number; oOff: number }>;
}

/** Threads that can work on one workspace at once (each has its own row list and dot products). */
export const LANES = 2;

function kmeansLayout(rows: number, cols: number, centres: number, k: number): KMeansLayout {
  const maxPacked = Math.ceil(centres / 8) * 8;
  const a16 = (b: number): number => Math.ceil(b / 16) * 16;
  const xOff = 0, lOff = a16(xOff + rows * cols * 8);
  let at = a16(lOff + rows * 4);
  const lanes: Array<{ iOff: number; oOff: number }> = [];
  for (let l = 0; l < LANES; l++) {
    const iOff = at, oOff = a16(iOff + (CHUNK + 4) * 4);
    at = a16(oOff + (CHUNK + 4) * maxPacked * 8);
    lanes.push({ iOff, oOff });
  }
  const pOff = at, sOff = a16(pOff + maxPacked * cols * 8);
  const cOff = a16(sOff + k * cols * 8), uOff = a16(cOff + k * 8), loOff = uOff + rows * 8, nOff = loOff + rows * 8;
  const qOff = nOff + rows * 8, dOff = qOff + rows * 8, cnOff = a16(dOff + k * 8);
  const ppqOff = cnOff + maxPacked * 8, clOff = ppqOff + maxPacked * 8, resOff = clOff + rows * 8;
  const end = resOff + maxPacked * rows * 8;
  return { rows, cols, k, maxPacked, end, xOff, lOff, pOff, sOff, cOff, uOff, loOff, nOff, qOff, dOff, cnOff, ppqOff,
    clOff, resOff, lanes };
}

/**
 * Dot products of a lane's m listed rows with nb packed blocks of `width` (8 or 4) centres. The kernels take rows
 * two (width 8) or four (width 4) at a time: the list is padded by repeating its last row.
 */
export function dotsLane(e: KMeansExports, L: KMeansLayout, i32: Int32Array, lane: number, m: number, nb: number,
  width: 8 | 4): void {
  const { iOff, oOff } = L.lanes[lane];
  const base = iOff >> 2, step = width === 8 ? 2 : 4, mm = Math.ceil(m / step) * step;
  for (let r = m; r < mm; r++) i32[base + r] = i32[base + m - 1];
  if (width === 8) e.dots(L.xOff, iOff, mm, L.cols, L.pOff, nb, oOff);
  else e.dots4(L.xOff, iOff, mm, L.cols, L.pOff, nb, oOff);
}
