/**
 * The k-means assignment kernel `nearest`: for the rows a chunk's bound test could not settle, the dot products with
 * every centre, the nearest centre, the new bounds and the label, in one pass with the dot products kept in
 * registers. It replaces the pair `dots` (results stored to memory) + `finish` (read back, scanned twice, with a
 * branch per row), which cost as much as the dot products themselves.
 *
 * The arithmetic is assign.ts's: each dot product x·c summed over the features in order from 0 (a multiply, then an
 * add), f = ‖c‖² − 2·dot, the smallest f (ties to the lowest centre index), the second smallest (a tied best counts
 * twice), and the bounds from them. Two centres per f64x2 lane pair, so lane 0 sees the even centres and lane 1 the
 * odd ones: each lane keeps a running minimum m, second minimum s (s = min(s, max(m, f)), m = min(m, f)) and the
 * index of its first minimum (replaced only when f < m, strictly); the lanes are merged at the end (the smaller
 * value's index, or the lower index when the two are equal). min/max are exact and no value is NaN or −0, so best,
 * second and the label are the scalar scan's. Padded centres have ‖c‖² = +∞, so f = +∞ never wins.
 *
 *   nearest(x, idx, m, cols, packed, nb, cn, eFac, cMax, keep, labels, upper, lower, xNorm, xSq) → changes
 *       rows idx[0..m) (i32 row numbers) of x (rows of cols f64), against nb blocks of 8 centres packed feature-major
 *       (block b, feature j, centre q at packed + 8·(8·cols·b + 8·j + q)), ‖c‖² at cn (8·nb, padded +∞). Two rows
 *       per pass (eight accumulators). Returns how many labels changed.
 */
import {
  BLOCK, BR_IF, END, F64, F64_ADD, F64_GT, F64_LOAD, F64_LT, F64_MUL, F64_SQRT, F64_STORE, F64_SUB,
  F64X2_ADD, F64X2_EXTRACT_LANE, F64X2_MAX, F64X2_MIN, F64X2_MUL, F64X2_SPLAT, F64X2_SUB, f64const as f64c, funcBody,
  I32, I32_ADD, I32_CONST, I32_EQZ, I32_LOAD, I32_LT_U, I32_MUL, I32_NE, I32_SHL, I32_STORE, I32_SUB, IF, I8X16_SHUFFLE,
  LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP, mem, SELECT, SIMD, sleb, V128, V128_CONST, V128_LOAD, V128_LOAD64_SPLAT, VOID,
  F64X2_LT, F64X2_GT, V128_AND, V128_BITSELECT, I64X2_ADD, I64X2_LT_S, I64X2_EXTRACT_LANE, F64X2_SQRT, F64X2_REPLACE_LANE,
  I32_WRAP_I64,
} from "../wasm/assembler";

// Instructions the shared assembler does not list (WebAssembly SIMD, binary format).

const UP_INIT = 1 + 2 ** -49, DOWN_INIT = 1 - 2 ** -49;
/** i8x16.shuffle of a vector with itself that swaps its two f64 lanes. */
const SWAP = [...I8X16_SHUFFLE, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** The locals {@link featureLoop} reads and writes (numbered by each kernel). */
interface FeatureLocals { XA: number; DB: number; J: number; J_END: number; PO: number; SA: number; SB: number }

/**
 * The feature loop both kernels share: clear the accumulators (`zeros`), then for each feature j of row a (at XA;
 * row b is DB bytes further) splat both rows' values into SA and SB, run `accs` (the multiply-adds against the
 * packed centres at PO) and step PO past one block of 8 centres' values.
 */
function featureLoop(l: FeatureLocals, zeros: number[], accs: number[]): number[] {
  return [
    ...zeros,
    LOCAL_GET, l.XA, LOCAL_SET, l.J,
    LOOP, VOID, // features
    LOCAL_GET, l.J, ...mem(V128_LOAD64_SPLAT, 3, 0), LOCAL_SET, l.SA,
    LOCAL_GET, l.J, LOCAL_GET, l.DB, I32_ADD, ...mem(V128_LOAD64_SPLAT, 3, 0), LOCAL_SET, l.SB,
    ...accs,
    LOCAL_GET, l.PO, I32_CONST, ...sleb(64), I32_ADD, LOCAL_SET, l.PO,
    LOCAL_GET, l.J, I32_CONST, 8, I32_ADD, LOCAL_TEE, l.J, LOCAL_GET, l.J_END, I32_LT_U, BR_IF, 0,
    END,
  ];
}

/**
 * The opening both kernels share: a block left at once when the row list is empty (M = 0), IDX_END = IDX + 4·M (the
 * end of the Int32 row list) and TWO = (2, 2). The caller closes the block.
 */
function rowListStart(l: { M: number; IDX: number; IDX_END: number; TWO: number }): number[] {
  return [
    BLOCK, VOID,
    LOCAL_GET, l.M, I32_EQZ, BR_IF, 0,
    LOCAL_GET, l.IDX, LOCAL_GET, l.M, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, l.IDX_END,
    ...f64c(2), ...F64X2_SPLAT, LOCAL_SET, l.TWO,
  ];
}

/** The byte address of a row of the row-major f64 matrix at local X with local COLS columns (row in local `row`). */
function rowAddress(X: number, COLS: number, row: number): number[] {
  return [LOCAL_GET, X, LOCAL_GET, row, LOCAL_GET, COLS, I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD];
}

/** The `nearest` function body (see the module comment). */
export function nearestBody(): number[] {
  // params
  const X = 0, IDX = 1, M = 2, COLS = 3, PACKED = 4, NB = 5, CN = 6, EFAC = 7, CMAX = 8, KEEP = 9, LABELS = 10;
  const UPPER = 11, LOWER = 12, XNORM = 13, XSQ = 14;
  // i32 locals
  let n = 15;
  const IDX_END = n++, XA = n++, DB = n++, J = n++, J_END = n++, PO = n++, B = n++, CNO = n++, CHANGES = n++;
  const HAS_B = n++, ROW = n++, L = n++, P8 = n++, I0 = n++, I1 = n++;
  const nI32 = n - 15;
  // f64 locals
  const f0 = n;
  const BEST = n++, SECOND = n++, RR = n++, E = n++, T = n++, M0 = n++, M1 = n++;
  const nF64 = n - f0;
  // v128 locals
  const v0 = n;
  const ACC_A = [n++, n++, n++, n++], ACC_B = [n++, n++, n++, n++];
  const SA = n++, SB = n++, TMP = n++, MA = n++, S_A = n++, IA = n++, MB = n++, S_B = n++, IB = n++;
  const CIDX = n++, FV = n++, TWO = n++, MASK = n++;
  const nV128 = n - v0;

  const v128c = (a: Iterable<number>): number[] => [...V128_CONST, ...a];
  const infV = v128c(new Uint8Array(Float64Array.of(Infinity, Infinity).buffer));
  const zeroV = v128c(new Array<number>(16).fill(0));
  const pair01 = v128c(new Uint8Array(BigInt64Array.of(0n, 1n).buffer));
  const twoI = v128c(new Uint8Array(BigInt64Array.of(2n, 2n).buffer));

  // Fold f into a row's running (m, s, index): s = min(s, max(m, f)); index = f < m ? cidx : index; m = min(m, f).
  const fold = (m: number, s: number, iv: number): number[] => [
    LOCAL_GET, s, LOCAL_GET, m, LOCAL_GET, FV, ...F64X2_MAX, ...F64X2_MIN, LOCAL_SET, s,
    LOCAL_GET, FV, LOCAL_GET, m, ...F64X2_LT, LOCAL_SET, MASK,
    LOCAL_GET, CIDX, LOCAL_GET, iv, LOCAL_GET, MASK, ...V128_BITSELECT, LOCAL_SET, iv,
    LOCAL_GET, m, LOCAL_GET, FV, ...F64X2_MIN, LOCAL_SET, m,
  ];
  // f = cn − dot·2 for centre pair q of the block (cn pair loaded into TMP first).
  const fOf = (acc: number): number[] => [LOCAL_GET, TMP, LOCAL_GET, acc, LOCAL_GET, TWO, ...F64X2_MUL, ...F64X2_SUB,
    LOCAL_SET, FV];
  const ld = (base: number): number[] => [LOCAL_GET, base, LOCAL_GET, P8, I32_ADD, ...mem(F64_LOAD, 3, 0)];

  // Best, second, label and bounds of the row in ROW from its running (m, s, index).
  const finish = (m: number, s: number, iv: number): number[] => [
    LOCAL_GET, m, ...F64X2_EXTRACT_LANE(0), LOCAL_SET, M0,
    LOCAL_GET, m, ...F64X2_EXTRACT_LANE(1), LOCAL_SET, M1,
    // best = min(m0, m1), second = min(max(m0, m1), min(s0, s1)), with lane masks: V8 compiles scalar f64.min/max
    // to branches on the (unpredictable) order of the values
    LOCAL_GET, m, LOCAL_GET, m, ...SWAP, LOCAL_SET, TMP,
    LOCAL_GET, TMP, LOCAL_GET, m, ...F64X2_LT, LOCAL_SET, MASK,
    LOCAL_GET, TMP, LOCAL_GET, m, LOCAL_GET, MASK, ...V128_BITSELECT, ...F64X2_EXTRACT_LANE(0), LOCAL_SET, BEST,
    LOCAL_GET, m, LOCAL_GET, TMP, LOCAL_GET, MASK, ...V128_BITSELECT, LOCAL_SET, FV,
    LOCAL_GET, s, LOCAL_GET, s, ...SWAP, LOCAL_SET, TMP,
    LOCAL_GET, TMP, LOCAL_GET, s, LOCAL_GET, TMP, LOCAL_GET, s, ...F64X2_LT, ...V128_BITSELECT, LOCAL_SET, TMP,
    LOCAL_GET, TMP, LOCAL_GET, FV, LOCAL_GET, TMP, LOCAL_GET, FV, ...F64X2_LT, ...V128_BITSELECT,
    ...F64X2_EXTRACT_LANE(0), LOCAL_SET, SECOND,
    LOCAL_GET, iv, ...I64X2_EXTRACT_LANE(0), I32_WRAP_I64, LOCAL_SET, I0,
    LOCAL_GET, iv, ...I64X2_EXTRACT_LANE(1), I32_WRAP_I64, LOCAL_SET, I1,
    // l = m1 < m0 ? i1 : m0 < m1 ? i0 : min(i0, i1)
    LOCAL_GET, I1,
    LOCAL_GET, I0,
    LOCAL_GET, I0, LOCAL_GET, I1, LOCAL_GET, I0, LOCAL_GET, I1, I32_LT_U, SELECT,
    LOCAL_GET, M0, LOCAL_GET, M1, F64_LT, SELECT,
    LOCAL_GET, M1, LOCAL_GET, M0, F64_LT, SELECT,
    LOCAL_SET, L,
    LOCAL_GET, ROW, I32_CONST, 3, I32_SHL, LOCAL_SET, P8,
    LOCAL_GET, KEEP,
    IF, VOID,
    // rr = xNorm[i] + cMax; e = eFac·rr·rr
    ...ld(XNORM), LOCAL_GET, CMAX, F64_ADD, LOCAL_SET, RR,
    LOCAL_GET, EFAC, LOCAL_GET, RR, F64_MUL, LOCAL_GET, RR, F64_MUL, LOCAL_SET, E,
    // upper[i] = sqrt(t > 0 ? t : 0)·UP_INIT, t = (best + xs) + e
    LOCAL_GET, BEST, ...ld(XSQ), F64_ADD, LOCAL_GET, E, F64_ADD, LOCAL_SET, T,
    LOCAL_GET, UPPER, LOCAL_GET, P8, I32_ADD,
    LOCAL_GET, T, ...f64c(0), LOCAL_GET, T, ...f64c(0), F64_GT, SELECT, F64_SQRT, ...f64c(UP_INIT), F64_MUL,
    ...mem(F64_STORE, 3, 0),
    // lower[i] = t > 0 ? sqrt(t)·DOWN_INIT : 0, t = (second + xs) − e
    LOCAL_GET, SECOND, ...ld(XSQ), F64_ADD, LOCAL_GET, E, F64_SUB, LOCAL_SET, T,
    LOCAL_GET, LOWER, LOCAL_GET, P8, I32_ADD,
    LOCAL_GET, T, F64_SQRT, ...f64c(DOWN_INIT), F64_MUL, ...f64c(0), LOCAL_GET, T, ...f64c(0), F64_GT, SELECT,
    ...mem(F64_STORE, 3, 0),
    END,
    // changes += labels[i] ≠ l; labels[i] = l
    LOCAL_GET, CHANGES,
    LOCAL_GET, LABELS, LOCAL_GET, ROW, I32_CONST, 2, I32_SHL, I32_ADD, ...mem(I32_LOAD, 2, 0), LOCAL_GET, L, I32_NE,
    I32_ADD, LOCAL_SET, CHANGES,
    LOCAL_GET, LABELS, LOCAL_GET, ROW, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_GET, L, ...mem(I32_STORE, 2, 0),
  ];

  const zeros: number[] = [], accs: number[] = [], folds: number[] = [];
  for (let q = 0; q < 4; q++) {
    zeros.push(...zeroV, LOCAL_SET, ACC_A[q], ...zeroV, LOCAL_SET, ACC_B[q]);
    accs.push(LOCAL_GET, PO, ...mem(V128_LOAD, 3, 16 * q), LOCAL_SET, TMP,
      LOCAL_GET, ACC_A[q], LOCAL_GET, SA, LOCAL_GET, TMP, ...F64X2_MUL, ...F64X2_ADD, LOCAL_SET, ACC_A[q],
      LOCAL_GET, ACC_B[q], LOCAL_GET, SB, LOCAL_GET, TMP, ...F64X2_MUL, ...F64X2_ADD, LOCAL_SET, ACC_B[q]);
    folds.push(LOCAL_GET, CNO, ...mem(V128_LOAD, 3, 16 * q), LOCAL_SET, TMP,
      ...fOf(ACC_A[q]), ...fold(MA, S_A, IA),
      ...fOf(ACC_B[q]), ...fold(MB, S_B, IB),
      LOCAL_GET, CIDX, ...twoI, ...I64X2_ADD, LOCAL_SET, CIDX);
  }
  const rowAddr = (row: number): number[] => rowAddress(X, COLS, row);

  const code = [
    ...rowListStart({ M, IDX, IDX_END, TWO }),
    LOOP, VOID, // two listed rows per pass (the second may be absent at the end)
    LOCAL_GET, IDX, I32_CONST, 4, I32_ADD, LOCAL_GET, IDX_END, I32_LT_U, LOCAL_SET, HAS_B,
    LOCAL_GET, IDX, ...mem(I32_LOAD, 2, 0), LOCAL_SET, ROW,
    ...rowAddr(ROW), LOCAL_SET, XA,
    // dB = (hasB ? row of idx[1] : the same row) − xa
    LOCAL_GET, IDX, ...mem(I32_LOAD, 2, 4), LOCAL_GET, ROW, LOCAL_GET, HAS_B, SELECT, LOCAL_SET, L,
    ...rowAddr(L), LOCAL_GET, XA, I32_SUB, LOCAL_SET, DB,
    LOCAL_GET, XA, LOCAL_GET, COLS, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_SET, J_END,
    ...infV, LOCAL_SET, MA, ...infV, LOCAL_SET, S_A, ...zeroV, LOCAL_SET, IA,
    ...infV, LOCAL_SET, MB, ...infV, LOCAL_SET, S_B, ...zeroV, LOCAL_SET, IB,
    ...pair01, LOCAL_SET, CIDX,
    LOCAL_GET, PACKED, LOCAL_SET, PO,
    LOCAL_GET, CN, LOCAL_SET, CNO,
    LOCAL_GET, NB, LOCAL_SET, B,
    LOOP, VOID, // blocks of 8 centres
    ...featureLoop({ XA, DB, J, J_END, PO, SA, SB }, zeros, accs),
    ...folds,
    LOCAL_GET, CNO, I32_CONST, ...sleb(64), I32_ADD, LOCAL_SET, CNO,
    LOCAL_GET, B, I32_CONST, 1, I32_SUB, LOCAL_TEE, B, I32_CONST, 0, I32_NE, BR_IF, 0,
    END,
    ...finish(MA, S_A, IA),
    LOCAL_GET, HAS_B,
    IF, VOID,
    LOCAL_GET, IDX, ...mem(I32_LOAD, 2, 4), LOCAL_SET, ROW,
    ...finish(MB, S_B, IB),
    END,
    LOCAL_GET, IDX, I32_CONST, 8, I32_ADD, LOCAL_TEE, IDX, LOCAL_GET, IDX_END, I32_LT_U, BR_IF, 0,
    END,
    END,
    LOCAL_GET, CHANGES,
    END,
  ];
  return funcBody([[nI32, I32], [nF64, F64], [nV128, V128]], code);
}


/**
 * `nearest8`: `nearest` for at most 8 centres (one block, nb = 1), same parameters and results. The four centre
 * pairs are reduced as a tree (pair, then pair of pairs) rather than folded in sequence, and the two rows of a pass
 * are finished together, one row per lane: their best/second/label merges, bounds and square roots are f64x2
 * operations with masks in place of branches. Without a second row the first is computed twice, and its second,
 * identical store changes nothing (nor the count of changed labels, which is read after the first store).
 */
export function nearest8Body(): number[] {
  const X = 0, IDX = 1, M = 2, COLS = 3, PACKED = 4, CN = 6, EFAC = 7, CMAX = 8, KEEP = 9, LABELS = 10;
  const UPPER = 11, LOWER = 12, XNORM = 13, XSQ = 14;
  let n = 15;
  const IDX_END = n++, XA = n++, DB = n++, J = n++, J_END = n++, PO = n++, CHANGES = n++, RA = n++, RB = n++;
  const L = n++;
  const nI32 = n - 15;
  const v0 = n;
  const ACC_A = [n++, n++, n++, n++], ACC_B = [n++, n++, n++, n++];
  const SA = n++, SB = n++, TMP = n++, TWO = n++, MASK = n++;
  const Q = [n++, n++, n++, n++, n++, n++];
  const MIN = [n++, n++], SEC = [n++, n++], IV = [n++, n++];
  const LO = n++, HI = n++, BEST = n++, SECOND = n++, LAB = n++, XS = n++, E = n++, T = n++;
  const nV128 = n - v0;

  const v128c = (a: Iterable<number>): number[] => [...V128_CONST, ...a];
  const i64c = (a: bigint, b: bigint): number[] => v128c(new Uint8Array(BigInt64Array.of(a, b).buffer));
  const f64c2 = (a: number): number[] => v128c(new Uint8Array(Float64Array.of(a, a).buffer));
  const zeroV = v128c(new Array<number>(16).fill(0));
  const sel = (a: number[], b: number[], mask: number): number[] => [...a, ...b, LOCAL_GET, mask, ...V128_BITSELECT];
  const g = (l: number): number[] => [LOCAL_GET, l];
  const lt = (a: number, b: number): number[] => [LOCAL_GET, a, LOCAL_GET, b, ...F64X2_LT, LOCAL_SET, MASK];
  // [a.lane i, b.lane i] for i = 0 (lo) or 1 (hi)
  const zip = (a: number, b: number, hi: boolean): number[] => [LOCAL_GET, a, LOCAL_GET, b, ...I8X16_SHUFFLE,
    ...(hi ? [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31] : [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19,
      20, 21, 22, 23])];

  // One row's f = cn − dot·2 for its four centre pairs (into its accumulators), reduced as a tree into the lane-wise
  // minimum (ties to the lower pair), its centre index, and the lane-wise second minimum.
  const tree = (acc: number[], r: number): number[] => {
    const c: number[] = [];
    for (let q = 0; q < 4; q++) {
      c.push(LOCAL_GET, CN, ...mem(V128_LOAD, 3, 16 * q), LOCAL_GET, acc[q], LOCAL_GET, TWO, ...F64X2_MUL, ...F64X2_SUB,
        LOCAL_SET, acc[q]);
    }
    for (const h of [0, 1]) {
      const a = acc[2 * h], b = acc[2 * h + 1];
      c.push(...lt(b, a), ...sel(g(b), g(a), MASK), LOCAL_SET, Q[3 * h], ...sel(g(a), g(b), MASK), LOCAL_SET, Q[3 * h + 1],
        ...sel(i64c(BigInt(4 * h + 2), BigInt(4 * h + 3)), i64c(BigInt(4 * h), BigInt(4 * h + 1)), MASK),
        LOCAL_SET, Q[3 * h + 2]);
    }
    c.push(...lt(Q[3], Q[0]), ...sel(g(Q[3]), g(Q[0]), MASK), LOCAL_SET, MIN[r],
      ...sel(g(Q[5]), g(Q[2]), MASK), LOCAL_SET, IV[r],
      ...sel(g(Q[0]), g(Q[3]), MASK), LOCAL_SET, acc[0], // max of the two minima
      ...lt(Q[4], Q[1]), ...sel(g(Q[4]), g(Q[1]), MASK), LOCAL_SET, acc[1], // min of the two maxima
      ...lt(acc[1], acc[0]), ...sel(g(acc[1]), g(acc[0]), MASK), LOCAL_SET, SEC[r]);
    return c;
  };
  const rowF64 = (base: number): number[] => [
    LOCAL_GET, base, LOCAL_GET, RA, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(V128_LOAD64_SPLAT, 3, 0),
    LOCAL_GET, base, LOCAL_GET, RB, I32_CONST, 3, I32_SHL, I32_ADD, ...mem(F64_LOAD, 3, 0), ...F64X2_REPLACE_LANE(1),
  ];
  const storeLane = (base: number, row: number, lane: number, v: number): number[] => [
    LOCAL_GET, base, LOCAL_GET, row, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_GET, v, ...F64X2_EXTRACT_LANE(lane),
    ...mem(F64_STORE, 3, 0)];
  const label = (row: number, lane: number): number[] => [
    LOCAL_GET, LAB, ...I64X2_EXTRACT_LANE(lane), I32_WRAP_I64, LOCAL_SET, L,
    LOCAL_GET, CHANGES,
    LOCAL_GET, LABELS, LOCAL_GET, row, I32_CONST, 2, I32_SHL, I32_ADD, ...mem(I32_LOAD, 2, 0), LOCAL_GET, L, I32_NE,
    I32_ADD, LOCAL_SET, CHANGES,
    LOCAL_GET, LABELS, LOCAL_GET, row, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_GET, L, ...mem(I32_STORE, 2, 0)];
  // Both rows at once, row A in lane 0 and row B in lane 1.
  const finish = [
    ...zip(MIN[0], MIN[1], false), LOCAL_SET, LO, ...zip(MIN[0], MIN[1], true), LOCAL_SET, HI,
    LOCAL_GET, LO, LOCAL_GET, HI, ...F64X2_LT, LOCAL_SET, TMP, // the even-lane minimum is smaller
    ...lt(HI, LO), // the odd-lane minimum is smaller
    ...sel(g(HI), g(LO), MASK), LOCAL_SET, BEST,
    ...sel(g(LO), g(HI), MASK), LOCAL_SET, T, // max of the two lane minima
    // label = hi < lo ? iHi : lo < hi ? iLo : min(iLo, iHi)
    ...sel(zip(IV[0], IV[1], true),
      sel(zip(IV[0], IV[1], false), [...zip(IV[0], IV[1], false), ...zip(IV[0], IV[1], true), ...zip(IV[0], IV[1], false),
        ...zip(IV[0], IV[1], true), ...I64X2_LT_S, ...V128_BITSELECT], TMP), MASK),
    LOCAL_SET, LAB,
    ...zip(SEC[0], SEC[1], false), LOCAL_SET, LO, ...zip(SEC[0], SEC[1], true), LOCAL_SET, HI,
    ...lt(HI, LO), ...sel(g(HI), g(LO), MASK), LOCAL_SET, E, // min of the two lane second minima
    ...lt(E, T), ...sel(g(E), g(T), MASK), LOCAL_SET, SECOND,
    LOCAL_GET, KEEP,
    IF, VOID,
    ...rowF64(XSQ), LOCAL_SET, XS,
    // rr = xNorm + cMax; e = eFac·rr·rr
    ...rowF64(XNORM), LOCAL_GET, CMAX, ...F64X2_SPLAT, ...F64X2_ADD, LOCAL_SET, T,
    LOCAL_GET, EFAC, ...F64X2_SPLAT, LOCAL_GET, T, ...F64X2_MUL, LOCAL_GET, T, ...F64X2_MUL, LOCAL_SET, E,
    // upper = sqrt(t > 0 ? t : 0)·UP_INIT, t = (best + xs) + e
    LOCAL_GET, BEST, LOCAL_GET, XS, ...F64X2_ADD, LOCAL_GET, E, ...F64X2_ADD, LOCAL_SET, T,
    LOCAL_GET, T, LOCAL_GET, T, ...zeroV, ...F64X2_GT, ...V128_AND, ...F64X2_SQRT, ...f64c2(UP_INIT), ...F64X2_MUL,
    LOCAL_SET, T,
    ...storeLane(UPPER, RA, 0, T), ...storeLane(UPPER, RB, 1, T),
    // lower = t > 0 ? sqrt(t)·DOWN_INIT : 0, t = (second + xs) − e
    LOCAL_GET, SECOND, LOCAL_GET, XS, ...F64X2_ADD, LOCAL_GET, E, ...F64X2_SUB, LOCAL_SET, T,
    LOCAL_GET, T, ...F64X2_SQRT, ...f64c2(DOWN_INIT), ...F64X2_MUL, LOCAL_GET, T, ...zeroV, ...F64X2_GT, ...V128_AND,
    LOCAL_SET, T,
    ...storeLane(LOWER, RA, 0, T), ...storeLane(LOWER, RB, 1, T),
    END,
    ...label(RA, 0), ...label(RB, 1),
  ];

  const zeros: number[] = [], accs: number[] = [];
  for (let q = 0; q < 4; q++) {
    zeros.push(...zeroV, LOCAL_SET, ACC_A[q], ...zeroV, LOCAL_SET, ACC_B[q]);
    accs.push(LOCAL_GET, PO, ...mem(V128_LOAD, 3, 16 * q), LOCAL_SET, TMP,
      LOCAL_GET, ACC_A[q], LOCAL_GET, SA, LOCAL_GET, TMP, ...F64X2_MUL, ...F64X2_ADD, LOCAL_SET, ACC_A[q],
      LOCAL_GET, ACC_B[q], LOCAL_GET, SB, LOCAL_GET, TMP, ...F64X2_MUL, ...F64X2_ADD, LOCAL_SET, ACC_B[q]);
  }
  const rowAddr = (row: number): number[] => rowAddress(X, COLS, row);
  const code = [
    ...rowListStart({ M, IDX, IDX_END, TWO }),
    LOOP, VOID, // two listed rows per pass; without a second, the first twice
    LOCAL_GET, IDX, ...mem(I32_LOAD, 2, 0), LOCAL_SET, RA,
    LOCAL_GET, IDX, ...mem(I32_LOAD, 2, 4), LOCAL_GET, RA,
    LOCAL_GET, IDX, I32_CONST, 4, I32_ADD, LOCAL_GET, IDX_END, I32_LT_U, SELECT, LOCAL_SET, RB,
    ...rowAddr(RA), LOCAL_SET, XA,
    ...rowAddr(RB), LOCAL_GET, XA, I32_SUB, LOCAL_SET, DB,
    LOCAL_GET, XA, LOCAL_GET, COLS, I32_CONST, 3, I32_SHL, I32_ADD, LOCAL_SET, J_END,
    LOCAL_GET, PACKED, LOCAL_SET, PO,
    ...featureLoop({ XA, DB, J, J_END, PO, SA, SB }, zeros, accs),
    ...tree(ACC_A, 0), ...tree(ACC_B, 1),
    ...finish,
    LOCAL_GET, IDX, I32_CONST, 8, I32_ADD, LOCAL_TEE, IDX, LOCAL_GET, IDX_END, I32_LT_U, BR_IF, 0,
    END,
    END,
    LOCAL_GET, CHANGES,
    END,
  ];
  return funcBody([[nI32, I32], [nV128, V128]], code);
}
