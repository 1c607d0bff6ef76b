/**
 * The tfjs engine, loaded lazily: importing typelearn (and starting the kernel) never loads tfjs. `ready()` picks
 * the fastest backend the machine offers — tfjs-node when the user installed it (tried, never depended on), else
 * the WebAssembly backend, else tfjs's plain-JavaScript cpu backend. With tfjs-node, `nn`'s large matrix products
 * go to native TensorFlow; otherwise they run on typelearn's own WebAssembly kernel (nn/gemm.ts, wasm/gemm.ts), which
 * `ready()` gives its second thread. Before `ready()` everything works the same, on one thread.
 */
import { startGemmPool } from "../wasm/gemm";
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
      // nn's products run on typelearn's WebAssembly kernel unless native TensorFlow is there; its second thread
      // is started here so that the first epoch already has it (TYPELEARN_GEMM_THREADS=1 keeps one thread).
      if (name !== "tensorflow") await startGemmPool();
      chosen = name;
      return name;
    }
  }
  if (!(await trySet(tf, "cpu"))) throw new Error("no tfjs backend could be initialised");
  chosen = "cpu";
  return chosen;
}

/**
 * The tfjs backend `ready()` chose, or "js" before it (where products run: {@link productEngine} in gemm.ts).
 * @example
 * nn.backend(); // "js" until `await nn.ready()`
 */
export function backend(): BackendName | "js" { return chosen ?? "js"; }

/**
 * Run every `nn` product in plain JavaScript, and report the backend as "js", until called with false (tests and the
 * bench use it to compare the kernels).
 * @example
 * useJsKernels(true);
 */
export function useJsKernels(on: boolean): void {
  jsOnly = on;
  if (on) { savedChoice = chosen; chosen = null; } else if (savedChoice) { chosen = savedChoice; savedChoice = null; }
}
let savedChoice: BackendName | null = null;
let jsOnly = false;

/** True while {@link useJsKernels} holds products in JavaScript. */
export function jsKernelsForced(): boolean { return jsOnly; }
