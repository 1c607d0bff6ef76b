/**
 * The histogram scan as a tiny WebAssembly module, assembled here from a few opcodes (no toolchain, no binary
 * blob). In plain JavaScript every typed-array access in the scan carries V8's map, length and overflow checks,
 * which makes the loop about three times slower than scikit-learn's C; the same loop in WebAssembly runs at
 * native speed. The arithmetic is the same IEEE-754 double addition in the same sample order, so histograms are
 * bit-identical to the JavaScript scan (histogram.ts keeps it as the fallback and the tests compare both).
 *
 * The scans read the node's sample indices and its gathered gradients (and hessians) from the module's memory
 * and add every sample to the bin `col[idx[i]]` of one feature's histogram, whose entries are 32 bytes:
 * [gradient sum, hessian sum, count, unused] (f64).
 *   scan(out, col, idx, m, gh)       gh: interleaved (gradient, hessian) pairs, 16 bytes per sample
 *   scanConst(out, col, idx, m, g)   g: gradients, 8 bytes per sample; the hessian sums are left alone
 *   sub(a, b, k)                     a[j] −= b[j] for the first three f64 of each of k 32-byte entries
 * All arguments are byte offsets into the memory, except m and k (counts).
 */

// opcodes (WebAssembly core specification, binary format)
const BLOCK = 0x02, LOOP = 0x03, BR_IF = 0x0d, END = 0x0b, VOID = 0x40;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
const I32_LOAD = 0x28, F64_LOAD = 0x2b, I32_LOAD8_U = 0x2d, F64_STORE = 0x39;
const I32_CONST = 0x41, F64_CONST = 0x44;
const I32_EQZ = 0x45, I32_LT_U = 0x49, I32_GE_U = 0x4f, I32_AND = 0x71, I32_ADD = 0x6a, I32_SHL = 0x74, F64_ADD = 0xa0, F64_SUB = 0xa1;
const I32 = 0x7f;

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

function name(s: string): number[] { return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]; }
function vec(items: number[][]): number[] { return [...uleb(items.length), ...items.flat()]; }
function section(id: number, body: number[]): number[] { return [id, ...uleb(body.length), ...body]; }
function f64const(v: number): number[] { return [F64_CONST, ...new Uint8Array(Float64Array.of(v).buffer)]; }
/** memarg: log2 alignment, then offset */
function mem(op: number, align: number, offset: number): number[] { return [op, align, ...uleb(offset)]; }

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
  const update = (k: number, p: number): number[] => [
    ...addTo(p, 0, [LOCAL_GET, 4, ...mem(F64_LOAD, 3, step * k)]),
    ...(withHessian ? addTo(p, 8, [LOCAL_GET, 4, ...mem(F64_LOAD, 3, step * k + 8)]) : []),
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
  const locals = vec([[6, I32]]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** Body of sub(a, b, k): params 0 a, 1 b, 2 k; local 3 end (a + 32k). */
function subBody(): number[] {
  const one = (off: number): number[] => [LOCAL_GET, 0, LOCAL_GET, 0, ...mem(F64_LOAD, 3, off), LOCAL_GET, 1,
    ...mem(F64_LOAD, 3, off), F64_SUB, ...mem(F64_STORE, 3, off)];
  const code = [
    BLOCK, VOID,
    LOCAL_GET, 2, I32_EQZ, BR_IF, 0,
    LOCAL_GET, 0, LOCAL_GET, 2, I32_CONST, 5, I32_SHL, I32_ADD, LOCAL_SET, 3,
    LOOP, VOID,
    ...one(0), ...one(8), ...one(16),
    LOCAL_GET, 1, I32_CONST, ...sleb(32), I32_ADD, LOCAL_SET, 1,
    LOCAL_GET, 0, I32_CONST, ...sleb(32), I32_ADD, LOCAL_TEE, 0, LOCAL_GET, 3, I32_LT_U, BR_IF, 0,
    END,
    END,
    END,
  ];
  const locals = vec([[1, I32]]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function moduleBytes(): Uint8Array {
  const type5 = [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0x00];
  const type3 = [0x60, ...vec([[I32], [I32], [I32]]), 0x00];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type5, type3])),
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [0], [1]])),
    ...section(7, vec([[...name("scan"), 0x00, 0], [...name("scanConst"), 0x00, 1], [...name("sub"), 0x00, 2]])),
    ...section(10, vec([scanBody(true), scanBody(false), subBody()])),
  ];
  return Uint8Array.from(bytes);
}

/** The slice of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The instantiated scan functions over one memory. */
export interface WasmScan {
  memory: WasmMemory;
  /** Add samples idx[0..m) (byte offsets) with (g, h) pairs at gh to the 32-byte-entry histogram at out. */
  scan(out: number, col: number, idx: number, m: number, gh: number): void;
  /** Same with gradients only (8 bytes per sample); hessian sums untouched. */
  scanConst(out: number, col: number, idx: number, m: number, g: number): void;
  /** a −= b over k 32-byte histogram entries (the unused fourth double is skipped). */
  sub(a: number, b: number, k: number): void;
}

let compiled: object | null | undefined;

/**
 * Instantiate the scan module over a new memory of at least `bytes` bytes; null when WebAssembly is unavailable
 * or the memory cannot be had (the caller then scans in JavaScript).
 * @param bytes - memory needed, at most 2 GiB (offsets are i32)
 * @example
 * const k = createWasmScan(1 << 20); // k?.scan(out, col, idx, m, gh)
 */
export function createWasmScan(bytes: number): WasmScan | null {
  if (bytes > 2 ** 31 - 65536 || !wasmApi) return null;
  try {
    if (compiled === undefined) compiled = new wasmApi.Module(moduleBytes());
    if (compiled === null) return null;
    const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const inst = new wasmApi.Instance(compiled, { env: { mem: memory } });
    const e = inst.exports as unknown as Omit<WasmScan, "memory">;
    return { memory, scan: e.scan, scanConst: e.scanConst, sub: e.sub };
  } catch {
    compiled ??= null;
    return null;
  }
}
