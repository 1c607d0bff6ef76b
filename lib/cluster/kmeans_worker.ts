/**
 * The k-means helper thread (started by kmeans_threads.ts): it instantiates the k-means kernels over the fit's
 * shared workspace memory (handed over on its port when a fit brings a new one), then sleeps on a control word and,
 * each time the main thread bumps it, takes tasks of the step from the shared counter alongside the main thread.
 */
import { parentPort, receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "../wasm/assembler";
import {
  ARGS, assignLane, CHANGES, DEAD, DONE, HELPER_TASKS, OP, OP_ASSIGN, OP_ATTACH, OP_PP, ppLane, READY, RECOMPUTED,
  BELL, takeTasks, tasking,
} from "./kmeans_lanes";
import { awaitRing } from "../wasm/doorbell";
import type { KMeansExports, KMeansLayout } from "./wasm_distances";

const init = workerData as { module: object; ctrl: SharedArrayBuffer; port: MessagePort };
const ctrl = new Int32Array(init.ctrl);
const args = new Float64Array(init.ctrl);
let e: KMeansExports | null = null;
let L: KMeansLayout | null = null;
let i32: Int32Array = new Int32Array(new SharedArrayBuffer(4));

process.on("exit", () => { Atomics.store(ctrl, DEAD, 1); Atomics.notify(ctrl, DONE); });
Atomics.store(ctrl, READY, 1);
parentPort?.postMessage("ready");

let seen = 0;
for (;;) {
  seen = awaitRing(ctrl, BELL, seen, 20000);
  const op = ctrl[OP];
  try {
    if (op === OP_ATTACH) {
      const msg = receiveMessageOnPort(init.port);
      if (msg) {
        const m = msg.message as { memory: SharedWasmMemory; layout: KMeansLayout };
        e = instantiate(init.module, m.memory) as unknown as KMeansExports;
        L = m.layout;
        i32 = new Int32Array(m.memory.buffer);
      }
    } else if ((op === OP_ASSIGN || op === OP_PP) && e !== null && L !== null) {
      const ee = e, LL = L;
      const lo = args[ARGS + 12], hi = args[ARGS + 13];
      const { size, count } = tasking(lo, hi);
      const n = takeTasks(ctrl, seen, lo, hi, size, count, op === OP_ASSIGN
        ? (a, b) => {
          const [ch, rc] = assignLane(ee, LL, i32, 1, a, b, args);
          Atomics.add(ctrl, CHANGES, ch);
          Atomics.add(ctrl, RECOMPUTED, rc);
        }
        : (a, b) => ppLane(ee, LL, i32, 1, a, b, args));
      Atomics.add(ctrl, HELPER_TASKS, n);
    }
  } catch {
    // A task this thread held stays unmarked; the main thread, seeing DONE without it, runs it itself.
  }
  Atomics.store(ctrl, DONE, seen);
  Atomics.notify(ctrl, DONE);
}
