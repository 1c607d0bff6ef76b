/**
 * The product worker (started by gemm_pool.ts): it instantiates the same compiled kernel over the same shared
 * memory, then sleeps on a control word and, each time the main thread bumps it, multiplies the tiles it was
 * handed (or runs Adam's update over the values it was handed, for resident training). Operands and results never
 * move: both threads read and write the one shared memory.
 */
import { parentPort, workerData } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "./assembler";
import { ARGS, BELL, DONE, FAILED, N_ARGS, OP, OP_ADAM } from "./gemm_protocol";
import { awaitRing } from "./doorbell";

const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const ctrlF = new Float32Array(workerData.ctrl as SharedArrayBuffer);
const kernels = instantiate(workerData.module as object, workerData.memory as SharedWasmMemory);
const gemm = kernels.gemm as (...args: number[]) => void, adam = kernels.adam as (...args: number[]) => void;

parentPort?.postMessage("ready");
let seen = 0;
const args: number[] = new Array<number>(N_ARGS);
for (;;) {
  seen = awaitRing(ctrl, BELL, seen, 20000);
  const op = ctrl[OP];
  for (let i = 0; i < N_ARGS; i++) args[i] = op === OP_ADAM && i >= 5 ? ctrlF[ARGS + i] : ctrl[ARGS + i];
  try {
    (op === OP_ADAM ? adam : gemm)(...args);
    Atomics.store(ctrl, FAILED, 0);
  } catch {
    // Cannot happen with the bounds its callers check; if it does, the main thread computes a product's share itself
    // (and reports Adam's, which updates in place, as an error).
    Atomics.store(ctrl, FAILED, 1);
  }
  Atomics.store(ctrl, DONE, seen);
  Atomics.notify(ctrl, DONE);
}
