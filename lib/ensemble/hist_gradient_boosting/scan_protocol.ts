/**
 * The contract between the fit (scan_pool.ts) and the histogram worker (scan_worker.ts): the shared control words.
 *
 * Commands (ATTACH, DETACH): the main thread writes CMD, bumps SEQ, wakes the worker when it sleeps, and waits
 * until the worker stores that SEQ in DONE.
 *
 * Scans (SCAN): the features of one node are claimed one at a time from the counter NEXT by both threads (an
 * atomic add), so neither waits for the other: a worker the system has not scheduled yet claims nothing, and the
 * main thread scans every feature itself. The worker raises ACTIVE before claiming and lowers it when the claimed
 * feature's histogram is written; the main thread returns once NEXT has run past the last feature and ACTIVE is
 * down. Each feature is summed by one thread in sample order: the histograms do not depend on who scanned what.
 */
import type { DoorbellSlots } from "../../wasm/doorbell";

/** Control words: command counter, last finished command, command, scan arguments, failure flag, sleeping flag,
 * ready flag (set once the worker has started), next unclaimed feature, worker busy with a claimed feature. */
export const SEQ = 0, DONE = 1, CMD = 2, ARGS = 3, FAILED = 10, SLEEPING = 11, READY = 12, NEXT = 13, ACTIVE = 14;
export const CTRL_SIZE = 16;
/** The doorbell words of this protocol (see lib/wasm/doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING };

/** ATTACH: take the shared memory posted on the port and instantiate the kernels over it. DETACH: drop it.
 * SCAN: the node's histograms; ARGS: feature count, target histogram byte offset, partition byte offset, sample
 * count, gathered gradients byte offset, constant hessian (column f of the binned data starts at byte f·n). */
export const ATTACH = 1, SCAN = 2, DETACH = 3;
