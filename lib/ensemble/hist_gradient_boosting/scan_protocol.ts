/**
 * The contract between the fit (scan_pool.ts) and the histogram worker (scan_worker.ts): the shared control words.
 *
 * Commands (ATTACH, DETACH): the main thread writes CMD, bumps SEQ, wakes the worker when it sleeps, and waits
 * until the worker stores that SEQ in DONE.
 *
 * Node tasks (NODE): the features of one node are claimed one at a time from the counter NEXT by both threads, so
 * neither waits for the other: a worker the system has not scheduled yet claims nothing, and the
 * main thread does every feature itself. Per claimed feature a thread scans the node's histogram, subtracts it from
 * the parent's (giving the sibling's) and finds the best split of that feature in the node and its sibling
 * (node_work.ts). The worker raises ACTIVE before claiming and lowers it when the claimed feature is written; the
 * main thread returns once NEXT has run past the last feature and ACTIVE is down, then reduces the per-feature
 * splits in feature order. Each feature is done by one thread with the same code: the results do not depend on who
 * did what.
 */
import type { DoorbellSlots } from "../../wasm/doorbell";

/** Control words: command counter, last finished command, command, failure flag, sleeping flag, ready flag (set once
 * the worker has started), next unclaimed item, worker busy with a claimed item, then the task's arguments. */
export const SEQ = 0, DONE = 1, CMD = 2, FAILED = 3, SLEEPING = 4, READY = 5, NEXT = 6, ACTIVE = 7, ARGS = 8;
/** Number of argument words of a NODE task (see node_work.ts's NodeArgs, in its field order). */
export const N_ARGS = 11;
export const CTRL_SIZE = ARGS + 16;

/**
 * NEXT holds the task's epoch (its SEQ's low 8 bits) in its top byte and the next unclaimed item below. The main
 * thread parks it (PARKED: item 0xffffff, beyond any count) while it writes a task's arguments, then opens it at
 * item 0 of the new epoch, and claims by atomic add. The worker claims by compare-and-swap only while the epoch is
 * its task's and the item is below the task's count (ARGS[0]): a worker that was descheduled inside an earlier task
 * can neither claim an item of the new one nor read half-written arguments. It raises ACTIVE before looking, and
 * the main thread ends every task by waiting for ACTIVE to drop, so a worker is never more than one task behind.
 */
export const ITEM_MASK = 0xffffff, PARKED = 0xffffff, MAX_ITEMS = 1 << 23;

/** NEXT's opening value for task `seq`. */
export function epochOf(seq: number): number { return (seq & 0xff) << 24; }

/**
 * The worker's claim in task `seq`: the item, or −1 when the task is over (or another task's).
 * @param ctrl - the control words
 * @param seq - the task's SEQ
 */
export function claimItem(ctrl: Int32Array, seq: number): number {
  const epoch = seq & 0xff;
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    if (v >>> 24 !== epoch) return -1;
    const item = v & ITEM_MASK;
    if (item >= ctrl[ARGS]) return -1;
    if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) === v) return item;
  }
}
/** The doorbell words of this protocol (see lib/wasm/doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING };

/** ATTACH: take the shared memory and split settings posted on the port and instantiate the kernels over it.
 * DETACH: drop them. NODE: one node's histograms and splits; ARGS as node_work.ts's NodeArgs. BIN: a fit's
 * binning (bin_work.ts), claimed by feature like NODE; the task is posted on the port, ARGS holds its feature count.
 * PREDICT: raw predictions by chunks of rows (predict_threads.ts), likewise. Every message posted on the port
 * carries the SEQ of its command: the worker skips messages of commands it never got to (the main thread does not
 * wait for the worker). */
export const ATTACH = 1, NODE = 2, DETACH = 3, BIN = 4, PREDICT = 5;
