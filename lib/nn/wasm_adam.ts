/**
 * Adam's update on its WebAssembly SIMD kernel (lib/wasm/adam_code.ts) for the optimizer's step. In JavaScript the
 * update ran at ~4 ns per value (doubles, a square root and a division each, a Float32Array round trip); for the
 * 235 000 values of a 784-256-128-10 MLP that was 1 ms per batch, an eighth of an epoch. Four lanes at a time in
 * float32 it is several times faster, and it is PyTorch's own arithmetic, so the results match PyTorch's to float32
 * rounding. The moments m, v live in the module's memory for good; w and g are copied in and w out on each step.
 */
import { assembleModule, funcBody, funcType, lazyModule, type WasmMemory } from "../wasm/assembler";
import { ADAM_PARAMS, adamCode } from "../wasm/adam_code";

const kernels = lazyModule(() => assembleModule({
  types: [funcType(ADAM_PARAMS)],
  funcs: [{ name: "adam", type: 0, body: funcBody(...adamCode()) }],
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
