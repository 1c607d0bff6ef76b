/**
 * Adam's update as a small WebAssembly SIMD kernel (f32x4), assembled with lib/wasm/assembler.ts. In JavaScript the
 * update ran at ~4 ns per value (doubles, a square root and a division each, a Float32Array round trip); for the
 * 235 000 values of a 784-256-128-10 MLP that was 1 ms per batch, an eighth of an epoch. Four lanes at a time in
 * float32 it is several times faster, and it is PyTorch's own arithmetic: PyTorch runs Adam in float32, step for step
 *
 *   g ← g + wd·w;  m ← b1·m + (1−b1)·g;  v ← b2·v + ((1−b2)·g)·g;
 *   w ← w − stepSize·(m / (√v / √bc2 + eps))
 *
 * with no fused multiply-adds (WebAssembly SIMD has none), so the results match PyTorch's to float32 rounding.
 * The moments m, v live in the module's memory for good; w and g are copied in and w out on each step.
 *
 *   adam(w, g, m, v, n, b1, c1, b2, c2, stepSize, sqrtBc2, eps, wd)   n floats (a multiple of 4) at byte offsets
 *   w, g, m, v (16-byte aligned), the rest f32 scalars.
 */
import {
  assembleModule, BLOCK, BR_IF, END, F32, F32X4_ADD, F32X4_DIV, F32X4_MUL, F32X4_SPLAT, F32X4_SQRT, F32X4_SUB,
  funcBody, funcType, I32, I32_ADD, I32_CONST, I32_EQZ, I32_LT_U, I32_SHL, lazyModule, LOCAL_GET, LOCAL_SET, LOCAL_TEE,
  LOOP, mem, sleb, V128, V128_LOAD, V128_STORE, VOID, type WasmMemory,
} from "../wasm/assembler";

// Parameters, then locals: i, end, eight splatted scalars, and the four vectors of one step.
const PW = 0, PG = 1, PM = 2, PV = 3, PN = 4;
const I = 13, END_ = 14, B1 = 15, C1 = 16, B2 = 17, C2 = 18, SS = 19, SBC = 20, EPS = 21, WD = 22;
const G = 23, M = 24, V = 25, W = 26;

function at(base: number): number[] { return [LOCAL_GET, base, LOCAL_GET, I, I32_ADD]; }
const LOAD = mem(V128_LOAD, 4, 0), STORE = mem(V128_STORE, 4, 0);

function adamBody(): number[] {
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
  return code;
}

const kernels = lazyModule(() => assembleModule({
  types: [funcType([I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32])],
  funcs: [{ name: "adam", type: 0, body: funcBody([[2, I32], [12, V128]], adamBody()) }],
}));

/** Adam's state for a list of parameter sizes in WebAssembly memory: the moments, and room to stage w and g. */
export interface WasmAdam {
  /** The first moments, one view per parameter (zeros at first). */
  readonly m: Float32Array[];
  /** The second moments. */
  readonly v: Float32Array[];
  /**
   * One update of parameter k in place.
   * @param k - the parameter's index
   * @param w - its values (updated)
   * @param g - its gradient
   * @param s - the step's scalars
   */
  update(k: number, w: Float32Array, g: Float32Array, s: AdamScalars): void;
}

/** The scalars of one Adam step. */
export interface AdamScalars { b1: number; b2: number; stepSize: number; sqrtBc2: number; eps: number; wd: number }

/**
 * Set up the kernel for parameters of the given sizes; null when WebAssembly (SIMD) is unavailable.
 * @param sizes - the number of values of each parameter
 * @example
 * const state = wasmAdam(params.map((p) => p.size)); // null → the JavaScript loop
 */
export function wasmAdam(sizes: readonly number[]): WasmAdam | null {
  try {
    const mod = kernels.get();
    if (!mod) return null;
    // Each parameter's slot is padded to 4 floats, so every slot starts 16-byte aligned and the kernel needs no tail.
    const offs: number[] = [];
    let total = 0;
    for (const n of sizes) { offs.push(total); total += Math.ceil(n / 4) * 4; }
    const memory: WasmMemory = kernels.memory(16 * Math.max(total, 4));
    const adam = kernels.instantiate(mod, memory).adam as (...a: number[]) => void;
    const f = new Float32Array(memory.buffer);
    const [wAt, gAt, mAt, vAt] = [0, 1, 2, 3].map((r) => r * total);
    const view = (base: number) => sizes.map((n, k) => f.subarray(base + offs[k], base + offs[k] + n));
    return {
      m: view(mAt), v: view(vAt),
      update(k, w, g, s) {
        const o = offs[k], n = sizes[k];
        f.set(w, wAt + o);
        f.set(g, gAt + o);
        adam(4 * (wAt + o), 4 * (gAt + o), 4 * (mAt + o), 4 * (vAt + o), Math.ceil(n / 4) * 4,
          s.b1, 1 - s.b1, s.b2, 1 - s.b2, s.stepSize, s.sqrtBc2, s.eps, s.wd);
        w.set(f.subarray(wAt + o, wAt + o + n));
      },
    };
  } catch {
    return null;
  }
}
