/**
 * The product worker (started by gemm_pool.ts): it instantiates the same compiled kernel over the same shared
 * memory, then sleeps on a control word and, each time the main thread bumps it, multiplies the tiles it was
 * handed. Operands and results never move: both threads read and write the one shared memory.
 */
import { parentPort, workerData } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "./assembler";
import { ARGS, DONE, FAILED, N_ARGS, SEQ, SLEEPING } from "./gemm_protocol";

const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const gemm = instantiate(workerData.module as object, workerData.memory as SharedWasmMemory).gemm as
  (...args: number[]) => void;

parentPort?.postMessage("ready");
let seen = 0;
const args: number[] = new Array<number>(N_ARGS);
for (;;) {
  // A short spin first: the layers of a batch follow each other within microseconds, and waking from
  // Atomics.wait costs tens of them.
  for (let spin = 0; spin < 20000 && Atomics.load(ctrl, SEQ) === seen; spin++);
  // SLEEPING tells the main thread to notify (a futex wake costs it tens of microseconds, so it skips that while
  // this thread spins). Set before the wait, which returns at once if SEQ moved in between: no wake-up is lost.
  Atomics.store(ctrl, SLEEPING, 1);
  Atomics.wait(ctrl, SEQ, seen);
  Atomics.store(ctrl, SLEEPING, 0);
  seen = Atomics.load(ctrl, SEQ);
  for (let i = 0; i < N_ARGS; i++) args[i] = ctrl[ARGS + i];
  try {
    gemm(...args);
    Atomics.store(ctrl, FAILED, 0);
  } catch {
    // Cannot happen with the bounds gemmWasm checks; if it does, the main thread computes this share itself.
    Atomics.store(ctrl, FAILED, 1);
  }
  Atomics.store(ctrl, DONE, seen);
  Atomics.notify(ctrl, DONE);
}
