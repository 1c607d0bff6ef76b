/**
 * The contract between the main thread (gemm_pool.ts) and the product worker (gemm_worker.ts): the layout of the
 * shared control words. The main thread writes a call's arguments, bumps SEQ and, when the worker sleeps, wakes it;
 * the worker runs the kernel on them and stores the call's number in DONE.
 */
import type { DoorbellSlots } from "./doorbell";

/** Control words: call counter, the worker's last finished call, the kernel's 13 arguments, whether the worker's
 * last call failed, whether it sleeps (else it spins and needs no wake-up call). */
export const SEQ = 0, DONE = 1, ARGS = 2, FAILED = 14, SLEEPING = 15, CTRL_SIZE = 16;
/** The doorbell words of this protocol (see ./doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING };

/** The kernel's argument count (see gemm_code.ts). */
export const N_ARGS = 13;
