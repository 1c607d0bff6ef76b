/**
 * The histogram scan as a tiny WebAssembly module, assembled here from a few opcodes with lib/wasm/assembler.ts
 * (no toolchain, no binary blob). In plain JavaScript every typed-array access in the scan carries V8's map, length
 * and overflow checks, which makes the loop about three times slower than scikit-learn's C; the same loop in
 * WebAssembly runs at native speed. The arithmetic is the same IEEE-754 double addition in the same sample order,
 * so histograms are bit-identical to the JavaScript scan (histogram.ts keeps it as the fallback and the tests
 * compare both).
 *
 * The scans read the node's sample indices and its gathered gradients (and hessians) from the module's memory
 * and add every sample to the bin `col[idx[i]]` of one feature's histogram, whose entries are 32 bytes:
 * [gradient sum, hessian sum, count, unused] (f64).
 *   scan(out, col, idx, m, gh)       gh: interleaved (gradient, hessian) pairs, 16 bytes per sample
 *   scanConst(out, col, idx, m, g)   g: gradients, 8 bytes per sample; the hessian sums are left alone
 *   sub(a, b, k)                     a[j] −= b[j] for the first three f64 of each of k 32-byte entries
 *   zero(a, k)                       k 32-byte entries at a set to +0 (a histogram before its scan: on a shared
 *                                    memory TypedArray.prototype.fill stores byte by byte, ~10× slower)
 *   nodeScan(out, col, idx, m, gh, parent, k), nodeScanConst(…): zero, scan and subtract in one call
 *   partition(idx, m, col, thr, missing, mgl, buf): a node's stable partition by a numeric split
 *   gather(out, g, h, idx, m), gatherConst(…): a node's gradients (and hessians) in partition order
 * All arguments are byte offsets into the memory, except m and k (counts).
 */

import {
  assembleModule, BLOCK, BR_IF, END, F64_ADD, F64_LOAD, F64_STORE, F64_SUB, F64X2_ADD, f64const, funcBody, funcType, I32,
  I32_ADD, I32_AND, I32_CONST, I32_EQZ, I32_GE_U, I32_LOAD, I32_LOAD8_U, I32_LT_U, I32_SHL, lazyModule, LOCAL_GET,
  LOCAL_SET, LOCAL_TEE, LOOP, MAX_WASM_BYTES, mem, SharedWasmMemory, sleb, V128_LOAD, V128_STORE, VOID, WasmMemory,
  CALL, F64X2_SUB, I32_EQ, I32_LE_U, I32_NE, I32_OR, I32_SHR_U, I32_STORE, I32_SUB, I32_XOR, IF, V128_CONST,
} from "../../wasm/assembler";

/** out[p + off] += value-on-stack, with p in local `p` (leaves nothing). `value` pushes the addend. */
function addTo(p: number, off: number, value: number[]): number[] {
  return [LOCAL_GET, p, LOCAL_GET, p, ...mem(F64_LOAD, 3, off), ...value, F64_ADD, ...mem(F64_STORE, 3, off)];
}

/**
 * Body of scan / scanConst. Params: 0 out, 1 col, 2 idx, 3 m, 4 gh; locals: 5 end (idx + 4m), 6 end4 (end of the
 * part unrolled by four), 7…10 the four samples' entry addresses.
 * `withHessian`: gh holds (g, h) pairs (16 bytes) and the hessian sum is updated; else gh holds g (8 bytes).
 * Addresses of four samples are computed first, then their updates run in sample order (an entry shared by two of
 * them is re-read after the first update), so sums are accumulated exactly as by the one-at-a-time loop.
 */
function scanBody(withHessian: boolean): number[] {
  const step = withHessian ? 16 : 8;
  /** local p = out + (col[idx[k]] << 5) */
  const address = (k: number, p: number): number[] => [LOCAL_GET, 0, LOCAL_GET, 1, LOCAL_GET, 2, ...mem(I32_LOAD, 2, 4 * k),
    I32_ADD, ...mem(I32_LOAD8_U, 0, 0), I32_CONST, 5, I32_SHL, I32_ADD, LOCAL_SET, p];
  // with hessians, the (gradient, hessian) pair is one f64x2 addition: each lane is the same IEEE-754 double
  // addition as the scalar one, in the same sample order, so the sums are bit for bit those of the scalar loop
  const update = (k: number, p: number): number[] => [
    ...(withHessian
      ? [LOCAL_GET, p, LOCAL_GET, p, ...mem(V128_LOAD, 4, 0), LOCAL_GET, 4, ...mem(V128_LOAD, 4, step * k), ...F64X2_ADD,
        ...mem(V128_STORE, 4, 0)]
      : addTo(p, 0, [LOCAL_GET, 4, ...mem(F64_LOAD, 3, step * k)])),
    ...addTo(p, 16, f64const(1)),
  ];
  /** idx += 4·k; gh += step·k; loop again while idx < local `end` */
  const advance = (k: number, end: number): number[] => [
    LOCAL_GET, 4, I32_CONST, ...sleb(step * k), I32_ADD, LOCAL_SET, 4,
    LOCAL_GET, 2, I32_CONST, ...sleb(4 * k), I32_ADD, LOCAL_TEE, 2, LOCAL_GET, end, I32_LT_U, BR_IF, 0,
  ];
  const code = [
    // end = idx + 4m; end4 = idx + 4·(m − m mod 4)
    LOCAL_GET, 2, LOCAL_GET, 3, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 5,
    LOCAL_GET, 2, LOCAL_GET, 3, I32_CONST, ...sleb(-4), I32_AND, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 6,
    BLOCK, VOID,
    LOCAL_GET, 2, LOCAL_GET, 6, I32_GE_U, BR_IF, 0,
    LOOP, VOID,
    ...address(0, 7), ...address(1, 8), ...address(2, 9), ...address(3, 10),
    ...update(0, 7), ...update(1, 8), ...update(2, 9), ...update(3, 10),
    ...advance(4, 6),
    END,
    END,
    BLOCK, VOID,
    LOCAL_GET, 2, LOCAL_GET, 5, I32_GE_U, BR_IF, 0,
    LOOP, VOID,
    ...address(0, 7), ...update(0, 7),
    ...advance(1, 5),
    END,
    END,
    END,
  ];
  return funcBody([[6, I32]], code);
}

/** Body of sub(a, b, k): params 0 a, 1 b, 2 k; local 3 end (a + 32k). The (gradient, hessian) pair is one f64x2
 * subtraction (lane by lane the scalar one), the count a scalar one; the unused fourth double is left alone. */
function subBody(): number[] {
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 2, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 0, LOCAL_GET, 2, I32_CONST, 5, I32_SHL, I32_ADD, LOCAL_SET, 3,
    LOOP, VOID,
    LOCAL_GET, 0, LOCAL_GET, 0, ...mem(V128_LOAD, 4, 0), LOCAL_GET, 1, ...mem(V128_LOAD, 4, 0), ...F64X2_SUB, ...mem(V128_STORE, 4, 0),
    LOCAL_GET, 0, LOCAL_GET, 0, ...mem(F64_LOAD, 3, 16), LOCAL_GET, 1, ...mem(F64_LOAD, 3, 16), F64_SUB, ...mem(F64_STORE, 3, 16),
    LOCAL_GET, 1, I32_CONST, ...sleb(32), I32_ADD, LOCAL_SET, 1,
    LOCAL_GET, 0, I32_CONST, ...sleb(32), I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 3, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[1, I32]], code);
}

/** Body of zero(a, k): params 0 a, 1 k; local 2 end (a + 32k); two 16-byte stores of +0 per entry. */
function zeroBody(): number[] {
  const one = (off: number): number[] => [LOCAL_GET, 0, ...V128_CONST, ...new Array(16).fill(0), ...mem(V128_STORE, 4, off)];
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 1, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 0, LOCAL_GET, 1, I32_CONST, 5, I32_SHL, I32_ADD, LOCAL_SET, 2,
    LOOP, VOID,
    ...one(0), ...one(16),
    LOCAL_GET, 0, I32_CONST, ...sleb(32), I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 2, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[1, I32]], code);
}

/**
 * Body of gather / gatherConst(out, g, h, idx, m): the node's gradients (and hessians) in partition order, from the
 * per-sample arrays at g and h: out[i] = (g[idx[i]], h[idx[i]]) pairs, or g[idx[i]] alone (h unused). Params: 0 out,
 * 1 g, 2 h, 3 idx, 4 m; locals: 5 end (idx + 4m), 6 the sample's byte offset (8·idx[i]).
 */
function gatherBody(withHessian: boolean): number[] {
  const step = withHessian ? 16 : 8;
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 4, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 3, LOCAL_GET, 4, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 5,
    LOOP, VOID,
    LOCAL_GET, 3, ...mem(I32_LOAD, 2, 0), I32_CONST, 3, I32_SHL, LOCAL_SET, 6,
    LOCAL_GET, 0, LOCAL_GET, 1, LOCAL_GET, 6, I32_ADD, ...mem(F64_LOAD, 3, 0), ...mem(F64_STORE, 3, 0),
    ...(withHessian ? [LOCAL_GET, 0, LOCAL_GET, 2, LOCAL_GET, 6, I32_ADD, ...mem(F64_LOAD, 3, 0), ...mem(F64_STORE, 3, 8)] : []),
    LOCAL_GET, 0, I32_CONST, ...sleb(step), I32_ADD, LOCAL_SET, 0,
    LOCAL_GET, 3, I32_CONST, 4, I32_ADD, LOCAL_TEE, 3, LOCAL_GET, 5, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  return funcBody([[2, I32]], code);
}

/** Function indices in the module (positions in spec's funcs). */
const SCAN = 0, SCAN_CONST = 1, SUB = 2, ZERO = 3;

/**
 * Body of nodeScan / nodeScanConst(out, col, idx, m, gh, parent, k): one feature's histograms of a node task in one
 * call from JavaScript instead of three (the calls' cost was ~3 % of a fit): zero the k entries at out, scan into
 * them, and unless parent is −1 subtract them from the parent's (the sibling's histogram, in place).
 */
function nodeScanBody(scanIndex: number): number[] {
  const code = [
    LOCAL_GET, 0, LOCAL_GET, 6, CALL, ZERO,
    LOCAL_GET, 0, LOCAL_GET, 1, LOCAL_GET, 2, LOCAL_GET, 3, LOCAL_GET, 4, CALL, scanIndex,
    LOCAL_GET, 5, I32_CONST, ...sleb(-1), I32_NE,
    IF, VOID,
    LOCAL_GET, 5, LOCAL_GET, 0, LOCAL_GET, 6, CALL, SUB,
    END,
    END,
  ];
  return funcBody([], code);
}

/**
 * Body of partition(idx, m, col, thr, missing, mgl, buf) → left count: the stable partition of a node's m sample
 * indices at idx by a numeric split (bin ≤ thr goes left, the NaN bin `missing` left when mgl is 1), as
 * splitting.ts's splitIndices: branch-free, every index written to both sides and only its side advancing, the
 * right side gathered at buf and copied back after the left. Params: 0 idx, 1 m, 2 col, 3 thr, 4 missing, 5 mgl,
 * 6 buf; locals: 7 end, 8 left end, 9 right end, 10 id, 11 goes left.
 */
function partitionBody(): number[] {
  const code = [
    LOCAL_GET, 0, LOCAL_GET, 1, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 7,
    LOCAL_GET, 0, LOCAL_SET, 8,
    LOCAL_GET, 6, LOCAL_SET, 9,
    BLOCK, VOID,
    LOCAL_GET, 1, I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    LOCAL_GET, 0, ...mem(I32_LOAD, 2, 0), LOCAL_TEE, 10,
    LOCAL_GET, 2, I32_ADD, ...mem(I32_LOAD8_U, 0, 0), LOCAL_TEE, 11, // the bin, for now
    LOCAL_GET, 3, I32_LE_U,
    LOCAL_GET, 11, LOCAL_GET, 4, I32_EQ, LOCAL_GET, 5, I32_AND,
    I32_OR, LOCAL_SET, 11,
    LOCAL_GET, 8, LOCAL_GET, 10, ...mem(I32_STORE, 2, 0),
    LOCAL_GET, 9, LOCAL_GET, 10, ...mem(I32_STORE, 2, 0),
    LOCAL_GET, 8, LOCAL_GET, 11, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 8,
    LOCAL_GET, 9, LOCAL_GET, 11, I32_CONST, 1, I32_XOR, I32_CONST, 2, I32_SHL, I32_ADD, LOCAL_SET, 9,
    LOCAL_GET, 0, I32_CONST, 4, I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 7, I32_LT_U, BR_IF, 0,
    END,
    END,
    // copy the right side (buf…right end) after the left one; local 0 walks the destination, 10 the source
    LOCAL_GET, 8, LOCAL_SET, 0,
    LOCAL_GET, 6, LOCAL_SET, 10,
    BLOCK, VOID,
    LOCAL_GET, 10, LOCAL_GET, 9, I32_GE_U, BR_IF, 0,
    LOOP, VOID,
    LOCAL_GET, 0, LOCAL_GET, 10, ...mem(I32_LOAD, 2, 0), ...mem(I32_STORE, 2, 0),
    LOCAL_GET, 0, I32_CONST, 4, I32_ADD, LOCAL_SET, 0,
    LOCAL_GET, 10, I32_CONST, 4, I32_ADD, LOCAL_TEE, 10, LOCAL_GET, 9, I32_LT_U, BR_IF, 0,
    END,
    END,
    // left count = (left end − start) / 4, start = left end − 4·(left count)… recomputed from the end: m − right count
    LOCAL_GET, 1, LOCAL_GET, 9, LOCAL_GET, 6, I32_SUB, I32_CONST, 2, I32_SHR_U, I32_SUB,
    END,
  ];
  return funcBody([[5, I32]], code);
}

const spec = (sharedMaxPages?: number) => assembleModule({
  types: [funcType([I32, I32, I32, I32, I32]), funcType([I32, I32, I32]), funcType([I32, I32]),
    funcType([I32, I32, I32, I32, I32, I32, I32]), funcType([I32, I32, I32, I32, I32, I32, I32], [I32])],
  // the first four in the order of SCAN, SCAN_CONST, SUB, ZERO (the node scans call them by index)
  funcs: [
    { name: "scan", type: 0, body: scanBody(true) },
    { name: "scanConst", type: 0, body: scanBody(false) },
    { name: "sub", type: 1, body: subBody() },
    { name: "zero", type: 2, body: zeroBody() },
    { name: "nodeScan", type: 3, body: nodeScanBody(SCAN) },
    { name: "nodeScanConst", type: 3, body: nodeScanBody(SCAN_CONST) },
    { name: "partition", type: 4, body: partitionBody() },
    { name: "gather", type: 0, body: gatherBody(true) },
    { name: "gatherConst", type: 0, body: gatherBody(false) },
  ],
  sharedMaxPages,
});
const kernels = lazyModule(() => spec());
/** The same functions importing a shared memory (for the scan worker, scan_pool.ts); at most 2 GiB − 64 KiB. */
const MAX_PAGES = MAX_WASM_BYTES / 65536;
const sharedKernels = lazyModule(() => spec(MAX_PAGES));

/** The instantiated scan functions over one memory. */
export interface WasmScan {
  memory: WasmMemory | SharedWasmMemory;
  /** The compiled module, when the memory is shared (a worker instantiates it over the same memory). */
  module?: object;
  /** Add samples idx[0..m) (byte offsets) with (g, h) pairs at gh to the 32-byte-entry histogram at out. */
  scan(out: number, col: number, idx: number, m: number, gh: number): void;
  /** Same with gradients only (8 bytes per sample); hessian sums untouched. */
  scanConst(out: number, col: number, idx: number, m: number, g: number): void;
  /** a −= b over k 32-byte histogram entries (the unused fourth double is skipped). */
  sub(a: number, b: number, k: number): void;
  /** Set k 32-byte histogram entries at a to +0. */
  zero(a: number, k: number): void;
  /** zero(out, k), scan(out, col, idx, m, gh), then sub(parent, out, k) unless parent is −1. */
  nodeScan(out: number, col: number, idx: number, m: number, gh: number, parent: number, k: number): void;
  /** The same with scanConst. */
  nodeScanConst(out: number, col: number, idx: number, m: number, g: number, parent: number, k: number): void;
  /** Stable partition of m int32 sample indices at idx by bin ≤ thr (or the NaN bin when mgl is 1) of the uint8
   * column at col, with scratch at buf (4m bytes); returns the left count. */
  partition(idx: number, m: number, col: number, thr: number, missing: number, mgl: number, buf: number): number;
  /** Gather m samples' (gradient, hessian) pairs from the arrays at g and h by the int32 indices at idx into out. */
  gather(out: number, g: number, h: number, idx: number, m: number): void;
  /** The same with gradients only (h unused). */
  gatherConst(out: number, g: number, h: number, idx: number, m: number): void;
}

/**
 * Instantiate the scan module over a new memory of at least `bytes` bytes; null when WebAssembly is unavailable
 * or the memory cannot be had (the caller then scans in JavaScript).
 * @param bytes - memory needed, at most 2 GiB (offsets are i32)
 * @example
 * const k = createWasmScan(1 << 20); // k?.scan(out, col, idx, m, gh)
 */
export function createWasmScan(bytes: number): WasmScan | null {
  if (bytes > MAX_WASM_BYTES) return null;
  try {
    const compiled = kernels.get();
    if (compiled === null) return null;
    const memory = kernels.memory(bytes);
    const e = kernels.instantiate(compiled, memory) as unknown as Omit<WasmScan, "memory">;
    return { memory, ...e };
  } catch {
    return null;
  }
}

/**
 * Instantiate the scan module over a new shared memory of at least `bytes` bytes (its size fixed), which a worker
 * thread can instantiate the same module over; null when shared WebAssembly memory is unavailable.
 * @param bytes - memory needed, at most 2 GiB
 * @example
 * const k = createSharedWasmScan(1 << 20); // k?.module goes to the worker with k.memory
 */
export function createSharedWasmScan(bytes: number): WasmScan | null {
  if (bytes > MAX_WASM_BYTES) return null;
  try {
    const compiled = sharedKernels.get();
    if (compiled === null) return null;
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    const memory = sharedKernels.sharedMemory(pages, pages);
    const e = sharedKernels.instantiate(compiled, memory) as unknown as Omit<WasmScan, "memory">;
    return { memory, module: compiled, ...e };
  } catch {
    return null;
  }
}
