/**
 * The contract between the fit (scan_pool.ts) and the histogram worker (scan_worker.ts): the shared control words.
 * The main thread writes a command and its arguments, bumps SEQ and wakes the worker when it sleeps; the worker
 * runs it and stores the command's number in DONE.
 */

/** Control words: command counter, last finished command, command, its arguments, failure flag, sleeping flag,
 * ready flag (set once the worker has started). */
export const SEQ = 0, DONE = 1, CMD = 2, ARGS = 3, FAILED = 10, SLEEPING = 11, READY = 12, CTRL_SIZE = 16;

/** Commands. ATTACH: take the shared memory posted on the port and instantiate the kernels over it (arg 0: the
 * number of features). SCAN: histograms of features [ARGS+0, ARGS+1) of one node: target histogram byte offset
 * (ARGS+2), partition byte offset (ARGS+3), sample count (ARGS+4), gathered gradients byte offset (ARGS+5),
 * constant hessian (ARGS+6); column f starts at byte f·n (n = ARGS of ATTACH … see scan_worker). DETACH: drop it. */
export const ATTACH = 1, SCAN = 2, DETACH = 3;
