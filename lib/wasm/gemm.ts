/**
 * typelearn's own matrix products: a WebAssembly SIMD kernel assembled with lib/wasm/assembler.ts, over one shared
 * WebAssembly memory. In float32 it runs `nn`'s products, optionally split between this thread and one worker
 * (gemm_worker.ts); in float64 ({@link gemmWasm64}) the library's GEMM (lib/array/linalg/gemm.ts) and MLPClassifier.
 *
 * Why not tfjs-wasm's product (XNNPACK): measured here it ran at ~28 GFLOP/s, repacked its right operand on every
 * call, and each call paid for creating, copying and disposing three tensors (~0.1 ms; the guide's small net makes
 * 800 products per 100 epochs). This kernel runs at 35-40 GFLOP/s with plain SIMD and ~52 with the fused
 * multiply-add of WebAssembly's relaxed SIMD (`f32x4.relaxed_madd`), which Node 20's V8 has behind
 * `--experimental-wasm-relaxed-simd`; {@link wasmGemmInfo} says which one loaded. Set
 * `TYPELEARN_WASM_RELAXED_SIMD=0` to keep the plain-SIMD kernel (and so mul-then-add rounding).
 *
 * The kernel: C[m×n] = A·B with B's rows contiguous (B[p][j..j+7] at b + p·rsB + (j/8)·psB), A addressed by two
 * strides (A[i][p] at a + i·rsA + p·psA, so Aᵀ stored row-major needs no copy), in tiles of 4 rows × 8 columns
 * held in eight v128 accumulators over the whole k. A tile's 32 outputs are each one sum over p = 0…k−1 in order,
 * whichever thread computes the tile: a split product equals the one-thread product bit for bit.
 *
 *   gemm(a, rsA, psA, b, psB, rsB, c, ldc, i0, i1, j0, j1, k)   rows i0…i1−1 (multiples of 4), column panels
 *   j0…j1−1 (8 columns each), all addresses and strides in bytes, k ≥ 1.
 */
import * as path from "path";
import * as v8 from "v8";
import { Worker } from "worker_threads";
import { cpuCount } from "../parallel/jobs";
import {
  END, funcBody, funcType, I32, I32_ADD, I32_CONST, I32_LT_U, I32_MUL, I32_SHL, LOCAL_GET, LOCAL_SET, LOCAL_TEE, LOOP,
  BLOCK, BR_IF, I32_AND, I32_EQZ, mem, name, section, SIMD, sleb, uleb, V128, V128_CONST, V128_LOAD, V128_STORE, vec, VOID,
} from "./assembler";

/** Rows and columns of one register tile. */
export const MR = 4, NR = 8;

const I32_SUB = 0x6b, I32_OR = 0x72;
const V128_LOAD32_SPLAT = [SIMD, 0x09], V128_LOAD64_SPLAT = [SIMD, 0x0a];
const F32X4_ADD = [SIMD, 0xe4, 0x01], F32X4_MUL = [SIMD, 0xe6, 0x01];
const F64X2_ADD = [SIMD, 0xf0, 0x01], F64X2_MUL = [SIMD, 0xf2, 0x01];
/** The float64 fused multiply-add of relaxed SIMD (opcode 0x107). */
const F64X2_RELAXED_MADD = [SIMD, 0x87, 0x02];
/** relaxed_madd(a, b, c) = a·b + c, fused where the machine can (relaxed SIMD, opcode 0x105). */
const F32X4_RELAXED_MADD = [SIMD, 0x85, 0x02];

/** The largest shared memory asked for (pages of 64 KiB): byte addresses stay below 2^31. */
const MAX_PAGES = 32767;

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

const I8X16_SHUFFLE = [SIMD, 0x0d];
/** i8x16.shuffle picking 32-bit lanes (0-3 of the first operand, 4-7 of the second). */
function shuffle32(lanes: number[]): number[] {
  return [...I8X16_SHUFFLE, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
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
 * The module's bytes: functions `gemm`, `gemm64` (the same kernel in float64) and `transpose` over an imported shared memory `env.mem`.
 * @param relaxed - use relaxed SIMD's fused multiply-add (needs the V8 flag at compile time)
 * @example
 * new WebAssembly.Module(gemmModuleBytes(false));
 */
export function gemmModuleBytes(relaxed: boolean): Uint8Array {
  const g = gemmCode(relaxed, false), t = transposeCode(), g64 = gemmCode(relaxed, true);
  // Import limits flag 0x03: shared, with a maximum (shared memories must declare one).
  const memoryImport = [...name("env"), ...name("mem"), 0x02, 0x03, ...uleb(1), ...uleb(MAX_PAGES)];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([funcType(new Array<number>(13).fill(I32)), funcType([I32, I32, I32, I32])])),
    ...section(2, vec([memoryImport])),
    ...section(3, vec([[0], [1], [0]])),
    ...section(7, vec([[...name("gemm"), 0x00, 0], [...name("transpose"), 0x00, 1], [...name("gemm64"), 0x00, 2]])),
    ...section(10, vec([funcBody(g.locals, g.code), funcBody(t.locals, t.code), funcBody(g64.locals, g64.code)])),
  ]);
}

// ---- the WebAssembly JS API, as far as it is used here (the project's TypeScript libs do not declare it) ----
interface SharedMemory { readonly buffer: SharedArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number; shared: true }) => SharedMemory;
}
type GemmFn = (a: number, rsA: number, psA: number, b: number, psB: number, rsB: number, c: number, ldc: number,
  i0: number, i1: number, j0: number, j1: number, k: number) => void;

type TransposeFn = (src: number, rows: number, cols: number, dst: number) => void;
interface Engine {
  module: object; memory: SharedMemory; gemm: GemmFn; gemm64: GemmFn; transpose: TransposeFn; relaxed: boolean;
  f32: Float32Array; f64: Float64Array;
}
let engine: Engine | null | undefined;

function load(): Engine | null {
  if (engine !== undefined) return engine;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  engine = null;
  if (!wasm) return null;
  try {
    let module: object | null = null, relaxed = false;
    if (process.env.TYPELEARN_WASM_RELAXED_SIMD !== "0") {
      try {
        // V8 reads its wasm feature flags when a module is compiled, so turning this one on now takes effect for
        // the module below. It only adds instructions: modules that do not use them are unaffected.
        v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
        module = new wasm.Module(gemmModuleBytes(true));
        relaxed = true;
      } catch {
        module = null;
      }
    }
    module ??= new wasm.Module(gemmModuleBytes(false));
    const memory = new wasm.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const exports = new wasm.Instance(module, { env: { mem: memory } }).exports;
    engine = { module, memory, gemm: exports.gemm as GemmFn, gemm64: exports.gemm64 as GemmFn,
      transpose: exports.transpose as TransposeFn, relaxed, f32: new Float32Array(memory.buffer),
      f64: new Float64Array(memory.buffer) };
  } catch {
    engine = null;
  }
  return engine;
}

/**
 * Which kernel products use: "relaxed-simd" (fused multiply-add), "simd", or null when WebAssembly is unavailable.
 * @example
 * wasmGemmInfo(); // { kernel: "relaxed-simd", threads: 2, memoryBytes: 1048576 }
 */
export function wasmGemmInfo(): { kernel: "relaxed-simd" | "simd"; threads: number; memoryBytes: number } | null {
  const e = load();
  return e ? { kernel: e.relaxed ? "relaxed-simd" : "simd", threads: pool ? 2 : 1, memoryBytes: e.memory.buffer.byteLength } : null;
}

// ---- the second thread ----
/** Control words shared with the worker: call counter, the worker's last finished call, 13 kernel arguments, and
 * whether its last call failed, whether it sleeps (else it spins and needs no wake-up call). */
const SEQ = 0, DONE = 1, ARGS = 2, FAILED = 14, SLEEPING = 15, CTRL_SIZE = 16;
interface Pool { worker: Worker; ctrl: Int32Array; seq: number }
let pool: Pool | null = null;
let starting: Promise<boolean> | null = null;
let splitting = true;

/** Products with fewer multiply-adds than this run on one thread: below it the hand-off costs more than it saves. */
export const SPLIT_MIN_MACS = 1_000_000;

/**
 * Start the worker (once) and resolve when it can take products; false on a one-core machine, without
 * WebAssembly, or when the worker could not start. The worker is unref'd: it never keeps the process alive.
 * `TYPELEARN_GEMM_THREADS=1` keeps products on one thread.
 * @example
 * await startGemmPool();
 */
export function startGemmPool(): Promise<boolean> {
  if (starting) return starting;
  const e = load();
  if (!e || cpuCount() < 2 || process.env.TYPELEARN_GEMM_THREADS === "1") return (starting = Promise.resolve(false));
  starting = new Promise<boolean>((resolve) => {
    try {
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
      const worker = new Worker(path.join(__dirname, "gemm_worker.js"),
        { workerData: { module: e.module, memory: e.memory, ctrl: ctrl.buffer } });
      worker.unref();
      worker.once("message", (msg) => {
        if (msg === "ready") { pool = { worker, ctrl, seq: 0 }; resolve(true); } else resolve(false);
      });
      worker.once("error", () => { pool = null; resolve(false); });
      worker.once("exit", () => { pool = null; resolve(false); });
    } catch {
      resolve(false);
    }
  });
  return starting;
}

/**
 * True when the worker is running and large products are split.
 * @example
 * if (await startGemmPool()) gemmPoolReady(); // true
 */
export function gemmPoolReady(): boolean { return pool !== null && splitting; }

/**
 * Turn splitting on or off without stopping the worker (tests and the bench compare both in one process).
 * @example
 * setGemmPoolEnabled(false);
 */
export function setGemmPoolEnabled(on: boolean): void { splitting = on; }

/** Run `gemm` over tiles [i0, i1) × panels [j0, j1) on the worker, starting now; returns the call's number. */
function post(p: Pool, args: readonly number[]): number {
  for (let i = 0; i < 13; i++) p.ctrl[ARGS + i] = args[i];
  const seq = ++p.seq;
  Atomics.store(p.ctrl, SEQ, seq);
  if (Atomics.load(p.ctrl, SLEEPING) === 1) Atomics.notify(p.ctrl, SEQ);
  return seq;
}

/** Wait for the worker's call `seq`; false when it never came (a dead worker: the pool is dropped). */
function join(p: Pool, seq: number): boolean {
  for (let spin = 0; spin < 20000; spin++) if (Atomics.load(p.ctrl, DONE) === seq) return true;
  for (let waited = 0; waited < 60; waited++) {
    const done = Atomics.load(p.ctrl, DONE);
    if (done === seq) return true;
    Atomics.wait(p.ctrl, DONE, done, 1000);
  }
  pool = null;
  return false;
}

// ---- products ----
/** Views over the whole memory again after it grew (a shared memory's buffer object changes on growth). */
function refreshViews(e: Engine): void {
  if (e.f32.buffer.byteLength === e.memory.buffer.byteLength) return;
  e.f32 = new Float32Array(e.memory.buffer);
  e.f64 = new Float64Array(e.memory.buffer);
}

const align16 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * Make the memory ready for a product staging `end` bytes: wait for a worker share an interrupted call (a cell
 * cut off mid-product) may still be writing, grow the memory if needed, refresh the views. False when the memory
 * cannot be had (the caller falls back to JavaScript).
 */
function reserve(e: Engine, end: number): boolean {
  if (pool && Atomics.load(pool.ctrl, DONE) !== pool.seq) join(pool, pool.seq);
  if (end > MAX_PAGES * 65536) return false;
  if (e.memory.buffer.byteLength < end) {
    try {
      e.memory.grow(Math.ceil((end - e.memory.buffer.byteLength) / 65536));
    } catch {
      return false;
    }
  }
  refreshViews(e);
  return true;
}

/** Copy `rows` rows of n values from C in the memory (row stride np, from element `base`) to out at element o. */
function copyOut<T extends Float32Array | Float64Array>(f: T, base: number, np: number, out: T, o: number, rows: number,
  n: number): void {
  if (n === np) {
    out.set(f.subarray(base, base + rows * n), o);
  } else if (n >= 32) {
    for (let i = 0; i < rows; i++) out.set(f.subarray(base + i * np, base + i * np + n), o + i * n);
  } else {
    for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) out[o + i * n + j] = f[base + i * np + j];
  }
}

/**
 * C = op(A)·op(B) in float32 on the WebAssembly kernel.
 * @param a - A, m × k row-major, or (aT) Aᵀ stored k × m
 * @param aT - a holds Aᵀ
 * @param b - B, k × n row-major, or (bT) Bᵀ stored n × k (a layer's weight)
 * @param bT - b holds Bᵀ
 * @returns C, m × n, a new array; null when WebAssembly is unavailable or the operands exceed its memory
 * @example
 * gemmWasm(x, false, weight, true, rows, inFeatures, outFeatures); // x·Wᵀ
 */
export function gemmWasm(a: Float32Array, aT: boolean, b: Float32Array, bT: boolean, m: number, k: number,
  n: number): Float32Array | null {
  const e = load();
  if (!e) return null;
  if (m === 0 || n === 0 || k === 0) return new Float32Array(m * n);
  const np = Math.ceil(n / NR) * NR;
  // Rows go through in chunks of at most CHUNK_BYTES of A and C, so that predicting on a large table does not leave
  // the (never shrinking) memory at that table's size. Aᵀ is one chunk: its rows are columns of what it holds.
  const chunk = aT ? m : Math.max(MR, Math.floor(CHUNK_BYTES / (4 * (k + np)) / MR) * MR);
  const mpMax = Math.ceil(Math.min(m, chunk) / MR) * MR;
  // Padded rows and columns read whatever follows the operands (in bounds: each region has room for the padded
  // shape) and land in C's padded rows and columns, which are never copied out.
  const oB = 0, oT = oB + align16(4 * (k * n + NR)), oA = oT + (bT ? align16(4 * n * k) : 0);
  const oC = oA + align16(4 * (mpMax * k + MR)), end = oC + align16(4 * mpMax * np);
  if (!reserve(e, end)) return null;
  const f = e.f32;
  if (bT) {
    // Bᵀ (n × k) is staged, then transposed into B's place: 4 × 4 blocks in WebAssembly, the ragged last rows and
    // columns here.
    f.set(b.subarray(0, n * k), oT >> 2);
    e.transpose(oT, n, k, oB);
    const n4 = n & ~3, k4 = k & ~3, t = oT >> 2, d = oB >> 2;
    for (let j = 0; j < n; j++) for (let p = j < n4 ? k4 : 0; p < k; p++) f[d + p * n + j] = f[t + j * k + p];
  } else {
    f.set(b.subarray(0, k * n), oB >> 2);
  }
  const out = new Float32Array(m * n);
  for (let r0 = 0; r0 < m; r0 += chunk) {
    const mc = Math.min(chunk, m - r0), mp = Math.ceil(mc / MR) * MR;
    f.set(a.subarray(r0 * k, (r0 + mc) * k), oA >> 2);
    multiply(e, oA, aT ? 4 : 4 * k, aT ? 4 * m : 4, oB, 4 * n, oC, 4 * np, mp, np / NR, k, mc * k * n);
    copyOut(f, oC >> 2, np, out, r0 * n, mc, n);
  }
  return out;
}

/** The most bytes of A and C one pass of {@link gemmWasm} stages (larger products go through in row chunks). */
const CHUNK_BYTES = 32 * 1024 * 1024;

/** Run the kernel over mp rows × `panels` column panels, split with the worker when it is large enough. */
function multiply(e: Engine, oA: number, rsA: number, psA: number, oB: number, rsB: number, oC: number, ldc: number,
  mp: number, panels: number, k: number, macs: number): void {
  const tiles = mp / MR;
  const args = (i0: number, i1: number, j0: number, j1: number): Parameters<GemmFn> =>
    [oA, rsA, psA, oB, 32, rsB, oC, ldc, i0, i1, j0, j1, k];
  const p = pool;
  if (!p || !splitting || macs < SPLIT_MIN_MACS || (panels < 2 && tiles < 2)) {
    e.gemm(...args(0, mp, 0, panels));
    return;
  }
  let mine: Parameters<GemmFn>, theirs: Parameters<GemmFn>;
  if (panels >= 4 || tiles < 2) {
    const half = panels >> 1;
    mine = args(0, mp, 0, half); theirs = args(0, mp, half, panels);
  } else {
    const half = (tiles >> 1) * MR;
    mine = args(0, half, 0, panels); theirs = args(half, mp, 0, panels);
  }
  const seq = post(p, theirs);
  e.gemm(...mine);
  if (!join(p, seq) || Atomics.load(p.ctrl, FAILED) === 1) e.gemm(...theirs);
  else splitPasses++;
}

let splitPasses = 0;
/**
 * How many kernel passes the worker shared so far (tests assert which path a product took).
 * @example
 * const before = gemmSplitPasses(); gemmWasm(a, false, b, false, 512, 900, 1000); gemmSplitPasses() > before; // true with 2 threads
 */
export function gemmSplitPasses(): number { return splitPasses; }

/**
 * C = op(A)·op(B) in float64 on the WebAssembly kernel, on this thread (for the library's GEMM, lib/array/linalg,
 * which chunks large products; its products are often already inside a worker of a cross-validation). Unlike the
 * JavaScript kernel it writes C rather than accumulating.
 * @param a - A, m × k row-major, or (aT) Aᵀ stored k × m
 * @param aT - a holds Aᵀ
 * @param b - B, k × n row-major, or (bT) Bᵀ stored n × k
 * @param bT - b holds Bᵀ
 * @param c - C, m × n row-major (overwritten)
 * @returns false when WebAssembly is unavailable or the operands exceed its memory (c untouched)
 * @example
 * gemmWasm64(x, false, w, false, rows, inFeatures, outFeatures, z);
 */
export function gemmWasm64(a: Float64Array, aT: boolean, b: Float64Array, bT: boolean, m: number, k: number, n: number,
  c: Float64Array): boolean {
  const e = load();
  if (!e) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) { c.fill(0, 0, m * n); return true; }
  const NR64 = 4, mp = Math.ceil(m / MR) * MR, np = Math.ceil(n / NR64) * NR64;
  const oB = 0, oA = oB + align16(8 * (k * n + NR64)), oC = oA + align16(8 * (mp * k + MR)), end = oC + align16(8 * mp * np);
  if (!reserve(e, end)) return false;
  const f = e.f64, bo = oB >> 3;
  if (bT) {
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) f[bo + p * n + j] = b[j * k + p];
  } else {
    f.set(b.subarray(0, k * n), bo);
  }
  f.set(a.subarray(0, m * k), oA >> 3);
  e.gemm64(oA, aT ? 8 : 8 * k, aT ? 8 * m : 8, oB, 32, 8 * n, oC, 8 * np, 0, mp, 0, np / NR64, k);
  copyOut(f, oC >> 3, np, c, 0, m, n);
  return true;
}
