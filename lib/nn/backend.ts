/**
 * The tfjs engine, loaded lazily: importing typelearn (and starting the kernel) never loads tfjs. `ready()` picks
 * the fastest backend the machine offers — tfjs-node when the user installed it (tried, never depended on), else
 * the WebAssembly backend, else tfjs's plain-JavaScript cpu backend — and from then on the matrix products of
 * `nn` run there. Before `ready()` everything still works, on typelearn's own JavaScript kernels.
 */
import { startGemmPool } from "./gemm_pool";
import { installTensorDisplay } from "./tf_display";
import type { TfModule } from "./tf_types";

/** The tfjs module, typed by the few members typelearn uses (see tf_types.ts for why not tfjs's own types). */
export type Tfjs = TfModule;

/** A backend `ready()` may choose. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

let tfModule: Tfjs | undefined;
let chosen: BackendName | null = null;

/**
 * The tfjs module, required on first use (its display of tensors installed at the same time).
 * @example
 * const t = tfjs().tensor([1, 2, 3]);
 */
export function tfjs(): Tfjs {
  if (!tfModule) {
    // tfjs greets Node users with a console banner recommending tfjs-node; it is noise in a notebook.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      tfModule = require("@tensorflow/tfjs") as Tfjs;
    } finally {
      console.warn = warn;
    }
    // PROD silences tfjs's own warnings, among them the banner its cpu backend prints on first use in Node.
    (tfModule.env() as { set(flag: string, value: boolean): void }).set("PROD", true);
    installTensorDisplay(tfModule);
  }
  return tfModule;
}

/** True once tfjs has been required (by `ready()`, the `tf` namespace or a tensor conversion). */
export function tfjsLoaded(): boolean { return tfModule !== undefined; }

async function trySet(tf: Tfjs, name: BackendName): Promise<boolean> {
  try {
    if (!tf.findBackendFactory(name)) return false;
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const ok = await tf.setBackend(name);
      if (ok) await tf.ready();
      return ok && tf.getBackend() === name;
    } finally {
      console.warn = warn;
    }
  } catch {
    return false;
  }
}

function tryRequire(id: string): boolean {
  try {
    require(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Load tfjs and choose its backend: "tensorflow" (tfjs-node, when installed), else "wasm", else "cpu".
 * Call it once with top-level `await`; later calls return the same choice.
 * @param prefer - force one backend (e.g. "cpu" for exact reproducibility across machines)
 * @returns the backend in use
 * @example
 * await nn.ready(); // "wasm"
 */
export async function ready(prefer?: BackendName): Promise<BackendName> {
  if (chosen && (!prefer || prefer === chosen)) return chosen;
  const tf = tfjs();
  const order: BackendName[] = prefer ? [prefer] : ["tensorflow", "wasm", "cpu"];
  for (const name of order) {
    // tfjs-node registers the "tensorflow" backend when required; a package aliased to plain tfjs registers none.
    if (name === "tensorflow" && !tryRequire("@tensorflow/tfjs-node")) continue;
    if (name === "wasm" && !tryRequire("@tensorflow/tfjs-backend-wasm")) continue;
    if (await trySet(tf, name)) {
      // tfjs-wasm is single-threaded in Node; a worker with its own wasm backend can take part of each large
      // product (gemm_pool.ts). Opt-in (TYPELEARN_GEMM_THREADS=2): on the shared 2-core machine it was measured on,
      // an MLP epoch gained only ~6% (bench/results/nets.md) for a second busy core, so one thread stays the default.
      if (name === "wasm" && process.env.TYPELEARN_GEMM_THREADS === "2") await startGemmPool();
      chosen = name;
      return name;
    }
  }
  if (!(await trySet(tf, "cpu"))) throw new Error("no tfjs backend could be initialised");
  chosen = "cpu";
  return chosen;
}

/**
 * The backend `nn` uses for matrix products: the one `ready()` chose, or "js" (typelearn's own kernels) before.
 * @example
 * nn.backend(); // "js" until `await nn.ready()`
 */
export function backend(): BackendName | "js" { return chosen ?? "js"; }

/** Forget the choice (tests use it to compare the JavaScript and tfjs paths). */
export function useJsKernels(on: boolean): void {
  if (on) { savedChoice = chosen; chosen = null; } else if (savedChoice) { chosen = savedChoice; savedChoice = null; }
}
let savedChoice: BackendName | null = null;
