/**
 * The contract between the main thread (gemm_pool.ts) and the product worker (gemm_worker.ts): the layout of the
 * shared control words. The main thread writes a call's arguments, bumps SEQ and, when the worker sleeps, wakes it;
 * the worker runs the kernel on them and stores the call's number in DONE.
 */
import type { DoorbellSlots } from "./doorbell";

/** Control words: call counter, the worker's last finished call, the kernel's 13 arguments, whether the worker's
 * last call failed, whether it sleeps (else it spins and needs no wake-up call), whether products come back to back
 * (resident training: the worker keeps spinning between them). */
export const SEQ = 0, DONE = 1, ARGS = 2, FAILED = 14, SLEEPING = 15, HOT = 16, OP = 17, CTRL_SIZE = 18;
/** What the worker runs on ARGS (the OP word): the product kernel, or Adam's update (its last 8 arguments float32
 * bit patterns, read through a Float32Array view of the same words). */
export const OP_GEMM = 0, OP_ADAM = 1;
/** The doorbell words of this protocol (see ./doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING, hot: HOT };

/** The kernel's argument count (see gemm_code.ts); Adam's update has as many (adam_code.ts). */
export const N_ARGS = 13;
