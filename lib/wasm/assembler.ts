/**
 * A minimal WebAssembly assembler: every opcode the project's kernels use, LEB128 and vector/section encoding, and a
 * module writer for the hand-assembled kernels (lib/wasm/gemm_code.ts with adam_code.ts and rows_code.ts,
 * lib/nn/wasm_adam.ts, lib/cluster/wasm_distances.ts, lib/ensemble/hist_gradient_boosting/wasm_kernels.ts); plus the
 * one loader: lazy compilation (with relaxed SIMD when asked), memories (plain or shared) and instantiation, with a
 * null fallback when WebAssembly is unavailable. Every kernel module has the same shape: one imported memory `env.mem`,
 * a list of function types, functions, and exports of every function under its name. Encodings follow the WebAssembly
 * core specification (binary format); instructions are plain byte arrays, concatenated by the kernels.
 */
import * as v8 from "v8";

// ---- opcodes (WebAssembly core specification, binary format) ----
/** Control instructions and the empty block type. */
export const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, END = 0x0b, BR_IF = 0x0d, SELECT = 0x1b, VOID = 0x40;
/** Local variable instructions. */
export const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
/** Unconditional branch; i32 count-trailing-zeros; f64 minimum and maximum. */
export const BR = 0x0c, I32_CTZ = 0x68, F64_MIN = 0xa4, F64_MAX = 0xa5;
/** Call a function of the module by index (its position in the spec's funcs). */
export const CALL = 0x10;
/** Memory instructions (each takes a memarg, see {@link mem}). */
export const I32_LOAD = 0x28, F64_LOAD = 0x2b, I32_LOAD8_U = 0x2d, I32_STORE = 0x36, F64_STORE = 0x39;
/** Constants (i32: signed LEB128 immediate, see {@link sleb}; f64: see {@link f64const}). */
export const I32_CONST = 0x41, F64_CONST = 0x44;
/** i32 comparisons. */
export const I32_EQZ = 0x45, I32_EQ = 0x46, I32_NE = 0x47, I32_LT_U = 0x49, I32_LE_U = 0x4d, I32_GE_U = 0x4f;
/** f64 comparisons. */
export const F64_LT = 0x63, F64_GT = 0x64;
/** i32 arithmetic. */
export const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_AND = 0x71, I32_OR = 0x72, I32_SHL = 0x74,
  I32_SHR_U = 0x76;
/** f64 arithmetic. */
export const F64_SQRT = 0x9f, F64_ADD = 0xa0, F64_SUB = 0xa1, F64_MUL = 0xa2;
/** Value types. */
export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
/** SIMD prefix; the SIMD instructions below are prefix + LEB128 sub-opcode, as byte arrays. */
export const SIMD = 0xfd;
/** v128 memory, constant and f64x2 instructions (byte arrays: spread them, or pass them to {@link mem}). */
export const V128_LOAD = [SIMD, 0x00], V128_LOAD32_SPLAT = [SIMD, 0x09], V128_LOAD64_SPLAT = [SIMD, 0x0a];
export const V128_STORE = [SIMD, 0x0b], V128_CONST = [SIMD, 0x0c];
/** i8x16.shuffle: followed by 16 lane indices (see {@link shuffle32}). */
export const I8X16_SHUFFLE = [SIMD, 0x0d];
/** f32x4 instructions. */
export const F32X4_SPLAT = [SIMD, 0x13], F32X4_SQRT = [SIMD, 0xe3, 0x01], F32X4_ADD = [SIMD, 0xe4, 0x01];
export const F32X4_SUB = [SIMD, 0xe5, 0x01], F32X4_MUL = [SIMD, 0xe6, 0x01], F32X4_DIV = [SIMD, 0xe7, 0x01];
/** f64x2 instructions. */
export const F64X2_SPLAT = [SIMD, 0x14], F64X2_ADD = [SIMD, 0xf0, 0x01], F64X2_MUL = [SIMD, 0xf2, 0x01];
export const F64X2_SUB = [SIMD, 0xf1, 0x01], F64X2_MIN = [SIMD, 0xf4, 0x01], F64X2_MAX = [SIMD, 0xf5, 0x01];
/** f64x2.eq (lane-wise all-ones/zeros), i64x2.bitmask (the lanes' top bits as an i32), f64x2.extract_lane. */
export const F64X2_EQ = [SIMD, 0x47], I64X2_BITMASK = [SIMD, 0xc4, 0x01];
/** f64x2.pmax(a, b) = a < b ? b : a per lane (pseudo-maximum: no NaN or signed-zero rules); v128.andnot(a, b) = a & ~b. */
export const F64X2_PMAX = [SIMD, 0xf7, 0x01], V128_ANDNOT = [SIMD, 0x4f];
export const F64X2_EXTRACT_LANE = (lane: number): number[] => [SIMD, 0x21, lane];
/** Lane masks and selects: f64x2.lt/gt (all-ones where true), v128.and, v128.bitselect(a, b, mask) = a where mask, else b. */
export const F64X2_LT = [SIMD, 0x49], F64X2_GT = [SIMD, 0x4a], V128_AND = [SIMD, 0x4e], V128_BITSELECT = [SIMD, 0x52];
/** i64x2 lanes: add, signed less-than (mask), extract; f64x2.sqrt and replace_lane. */
export const I64X2_ADD = [SIMD, 0xce, 0x01], I64X2_LT_S = [SIMD, 0xd8, 0x01], F64X2_SQRT = [SIMD, 0xef, 0x01];
export const I64X2_EXTRACT_LANE = (lane: number): number[] => [SIMD, 0x1d, lane];
export const F64X2_REPLACE_LANE = (lane: number): number[] => [SIMD, 0x22, lane];
/** i32x4.ne, f32x4.abs, f64x2.promote_low_f32x4 (the row passes of resident training, rows_code.ts). */
export const I32X4_NE = [SIMD, 0x38], F32X4_ABS = [SIMD, 0xe0, 0x01], F64X2_PROMOTE_LOW_F32X4 = [SIMD, 0x5f];
/** i32.xor and i32.wrap_i64. */
export const I32_XOR = 0x73, I32_WRAP_I64 = 0xa7;
/**
 * Relaxed SIMD's fused multiply-adds, relaxed_madd(a, b, c) = a·b + c, fused where the machine can (0x105 f32x4,
 * 0x107 f64x2). A module using them compiles only with relaxed SIMD on (see {@link lazyModule}).
 */
export const F32X4_RELAXED_MADD = [SIMD, 0x85, 0x02], F64X2_RELAXED_MADD = [SIMD, 0x87, 0x02];

// ---- encodings ----
/**
 * Unsigned LEB128 of a non-negative integer (lengths, counts, indices, memarg offsets).
 * @param v - the value, a non-negative integer (up to 2^53)
 * @example
 * uleb(624485); // [0xe5, 0x8e, 0x26]
 */
export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

/**
 * Signed LEB128 of a 32-bit integer (i32.const immediates).
 * @param v - the value, within the i32 range
 * @example
 * sleb(-4); // [0x7c]
 */
export function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/**
 * A name (import module/field, export): its length then its bytes (ASCII only).
 * @param s - the name
 * @example
 * name("mem"); // [3, 0x6d, 0x65, 0x6d]
 */
export function name(s: string): number[] { return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]; }

/**
 * A vector: the item count then the items' bytes.
 * @param items - the encoded items
 * @example
 * vec([[I32], [I32]]); // [2, 0x7f, 0x7f]
 */
export function vec(items: number[][]): number[] { return [...uleb(items.length), ...items.flat()]; }

/**
 * A section: its id, its byte length, its body.
 * @param id - section id (1 type, 2 import, 3 function, 7 export, 10 code)
 * @param body - the encoded contents
 * @example
 * section(3, vec([[0]])); // [3, 2, 1, 0]
 */
export function section(id: number, body: number[]): number[] { return [id, ...uleb(body.length), ...body]; }

/**
 * `f64.const v`: the opcode then the 8 little-endian bytes of the double.
 * @param v - the constant (any double, including ±Infinity)
 * @example
 * f64const(1); // [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]
 */
export function f64const(v: number): number[] { return [F64_CONST, ...new Uint8Array(Float64Array.of(v).buffer)]; }

/**
 * A memory instruction with its memarg (log2 alignment, then byte offset).
 * @param op - the opcode, or the bytes of a prefixed (SIMD) one
 * @param align - log2 of the alignment (3 for f64, 2 for i32)
 * @param offset - constant byte offset added to the address
 * @example
 * mem(F64_LOAD, 3, 8); // [0x2b, 3, 8]
 */
export function mem(op: number | number[], align: number, offset: number): number[] {
  return [...(typeof op === "number" ? [op] : op), align, ...uleb(offset)];
}

/**
 * i8x16.shuffle picking 32-bit lanes: 0-3 from the first operand, 4-7 from the second.
 * @param lanes - four lane indices
 * @example
 * shuffle32([0, 4, 1, 5]); // interleave the low halves of two f32x4
 */
export function shuffle32(lanes: number[]): number[] {
  return [...I8X16_SHUFFLE, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
}

/**
 * A function type: `func` marker, parameter types, result types.
 * @param params - value types of the parameters
 * @param results - value types of the results (none, or one)
 * @example
 * funcType([I32, I32], [I32]); // (i32, i32) -> i32
 */
export function funcType(params: number[], results: number[] = []): number[] {
  return [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];
}

/**
 * A code-section entry: its byte size, the local declarations, the instructions.
 * @param locals - runs of locals as [count, value type] (after the parameters, in index order)
 * @param code - the instructions, ending with END
 * @example
 * funcBody([[1, I32]], [LOCAL_GET, 0, END]);
 */
export function funcBody(locals: Array<[number, number]>, code: number[]): number[] {
  const decl = vec(locals);
  return [...uleb(decl.length + code.length), ...decl, ...code];
}

/** The functions of a kernel module; see {@link assembleModule}. */
export interface ModuleSpec {
  /** Function types (from {@link funcType}). */
  types: number[][];
  /** Exported functions in index order: the export name, its type index, its body (from {@link funcBody}). */
  funcs: Array<{ name: string; type: number; body: number[] }>;
  /** Import the memory as shared, growable up to this many 64 KiB pages (default: not shared, no maximum). */
  sharedMaxPages?: number;
}

/**
 * Assemble a module importing one memory as `env.mem` (at least one page) and exporting every function by name.
 * @param spec - types and functions
 * @example
 * const f = { name: "f", type: 0, body: funcBody([], [END]) };
 * const bytes = assembleModule({ types: [funcType([I32])], funcs: [f] });
 */
export function assembleModule(spec: ModuleSpec): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(spec.types)),
    // Memory limits flag 0x00: a minimum only; 0x03: shared, with a maximum (shared memories must declare one).
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02,
      ...(spec.sharedMaxPages === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(spec.sharedMaxPages)])]])),
    ...section(3, vec(spec.funcs.map((f) => [f.type]))),
    ...section(7, vec(spec.funcs.map((f, i) => [...name(f.name), 0x00, i]))),
    ...section(10, vec(spec.funcs.map((f) => f.body))),
  ]);
}

// ---- loading ----
/** A WebAssembly.Memory, as far as it is used here (the project's TypeScript libs do not declare the JS API). */
export interface WasmMemory { readonly buffer: ArrayBuffer }
/** A shared WebAssembly.Memory: its buffer object changes when it grows. */
export interface SharedWasmMemory { readonly buffer: SharedArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: {
    new (descriptor: { initial: number }): WasmMemory;
    new (descriptor: { initial: number; maximum: number; shared: true }): SharedWasmMemory;
  };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The largest memory a kernel asks for: byte offsets are i32, one page short of 2 GiB. */
export const MAX_WASM_BYTES = 2 ** 31 - 65536;

/**
 * Instantiate a compiled module over `memory` (imported as `env.mem`) and return its exports; throws when
 * WebAssembly is unavailable. A worker thread handed a compiled module and a shared memory uses this directly.
 * @example
 * const { gemm } = instantiate(workerData.module, workerData.memory);
 */
export function instantiate(module: object, memory: WasmMemory | SharedWasmMemory): Record<string, unknown> {
  if (!wasmApi) throw new Error("WebAssembly is unavailable");
  return new wasmApi.Instance(module, { env: { mem: memory } }).exports;
}

/** A kernel module compiled on first use; see {@link lazyModule}. */
export interface LazyModule {
  /** The compiled module; null when WebAssembly is unavailable or compilation failed (remembered). */
  get(): object | null;
  /** True when the module `get()` compiled uses relaxed SIMD. */
  relaxed(): boolean;
  /** A new memory of at least `bytes` bytes (one page at least); throws when it cannot be had. */
  memory(bytes: number): WasmMemory;
  /** A new shared memory of `initialPages` pages, growable to `maximumPages`; throws when it cannot be had. */
  sharedMemory(initialPages: number, maximumPages: number): SharedWasmMemory;
  /** Instantiate the module over `memory` (imported as `env.mem`) and return its exports. */
  instantiate(module: object, memory: WasmMemory | SharedWasmMemory): Record<string, unknown>;
}

/** Options of {@link lazyModule}. */
export interface LazyModuleOptions {
  /** Asked once, at the first `get()`: try `build(true)` with relaxed SIMD turned on first, and fall back to
   * `build(false)` when that does not compile (default: never). */
  tryRelaxedSimd?: () => boolean;
}

/**
 * A module compiled once, on the first `get()`, from the bytes `build` assembles. Callers wrap `get`, `memory` and
 * `instantiate` in try/catch and fall back to JavaScript on null or an exception.
 * @param build - assembles the module's bytes (called at most twice: with relaxed SIMD, then without)
 * @param options - whether to try relaxed SIMD
 * @example
 * const kernels = lazyModule(() => assembleModule(spec));
 * const mod = kernels.get(); // null → JavaScript fallback
 * if (mod) { const m = kernels.memory(1 << 20); const e = kernels.instantiate(mod, m); }
 */
export function lazyModule(build: (relaxed: boolean) => Uint8Array, options: LazyModuleOptions = {}): LazyModule {
  let compiled: object | null | undefined;
  let relaxed = false;
  return {
    get(): object | null {
      if (compiled !== undefined) return compiled;
      if (!wasmApi) return (compiled = null);
      if (options.tryRelaxedSimd?.()) {
        try {
          // V8 reads its wasm feature flags when a module is compiled, so turning this one on now takes effect for
          // the module below. It only adds instructions: modules that do not use them are unaffected.
          v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
          compiled = new wasmApi.Module(build(true));
          relaxed = true;
          return compiled;
        } catch {
          compiled = undefined;
        }
      }
      try {
        compiled = new wasmApi.Module(build(false));
      } catch {
        compiled = null;
      }
      return compiled;
    },
    relaxed: () => relaxed,
    memory(bytes: number): WasmMemory {
      if (!wasmApi) throw new Error("WebAssembly is unavailable");
      return new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    },
    sharedMemory(initialPages: number, maximumPages: number): SharedWasmMemory {
      if (!wasmApi) throw new Error("WebAssembly is unavailable");
      return new wasmApi.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
    },
    instantiate,
  };
}
