/**
 * The contract between the fit (scan_pool.ts) and the histogram worker (scan_worker.ts): the shared control words.
 *
 * Commands (ATTACH, DETACH): the main thread writes CMD, bumps SEQ, wakes the worker when it sleeps, and waits
 * until the worker stores that SEQ in DONE.
 *
 * Node tasks (NODE): the features of one node are claimed one at a time from the counter NEXT by both threads (an
 * atomic add), so neither waits for the other: a worker the system has not scheduled yet claims nothing, and the
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
/** The doorbell words of this protocol (see lib/wasm/doorbell). */
export const BELL: DoorbellSlots = { seq: SEQ, sleeping: SLEEPING };

/** ATTACH: take the shared memory and split settings posted on the port and instantiate the kernels over it.
 * DETACH: drop them. NODE: one node's histograms and splits; ARGS as node_work.ts's NodeArgs. */
export const ATTACH = 1, NODE = 2, DETACH = 3;
