/**
 * The doorbell the WebAssembly helper threads share (GEMM, KMeans steps, HGB histogram scans): the main thread
 * rings by storing a new sequence number, the worker spins briefly and then sleeps on it. Spinning first matters
 * because the commands of a fit follow each other within microseconds, and waking from `Atomics.wait` costs tens
 * of them; the SLEEPING word lets the ringer skip the futex wake (also tens of µs) while the worker spins.
 * @module
 */

/** Where a protocol keeps its two doorbell words in its control array. */
export interface DoorbellSlots {
  /** Index of the sequence number the main thread advances for each command. */
  readonly seq: number;
  /** Index of the flag the worker raises while it sleeps. */
  readonly sleeping: number;
  /** Index of a flag the main thread raises while it sends commands back to back: the worker keeps spinning (for
   * at most {@link HOT_SPIN_MS} without a command) instead of going to sleep. */
  readonly hot?: number;
}

/** The longest a worker spins without a command while the hot flag is up (a flag left up costs no more than this). */
export const HOT_SPIN_MS = 20;

/**
 * Announce command number `seq` to the worker and wake it if it sleeps.
 * @param ctrl - the shared control words
 * @param slots - where SEQ and SLEEPING live in `ctrl`
 * @param seq - the command's number (one more than the last)
 * @example ring(ctrl, { seq: SEQ, sleeping: SLEEPING }, ++pool.seq);
 */
export function ring(ctrl: Int32Array, slots: DoorbellSlots, seq: number): void {
  Atomics.store(ctrl, slots.seq, seq);
  if (Atomics.load(ctrl, slots.sleeping) === 1) Atomics.notify(ctrl, slots.seq);
}

/**
 * On the worker: wait until the sequence number moves past `seen`, spinning up to `spins` reads before sleeping.
 * SLEEPING is raised before the wait, which returns at once if SEQ moved in between, so no ring is lost.
 * @param ctrl - the shared control words
 * @param slots - where SEQ and SLEEPING live in `ctrl`
 * @param seen - the last sequence number handled
 * @param spins - reads to spin first (short where spinning would take a busy machine's time from the fit)
 * @returns the new sequence number
 * @example seen = awaitRing(ctrl, { seq: SEQ, sleeping: SLEEPING }, seen, 20000);
 */
export function awaitRing(ctrl: Int32Array, slots: DoorbellSlots, seen: number, spins: number): number {
  for (let spin = 0; spin < spins && Atomics.load(ctrl, slots.seq) === seen; spin++);
  if (slots.hot !== undefined && Atomics.load(ctrl, slots.hot) !== 0) {
    const until = performance.now() + HOT_SPIN_MS;
    while (Atomics.load(ctrl, slots.seq) === seen && Atomics.load(ctrl, slots.hot) !== 0 && performance.now() < until) {
      for (let spin = 0; spin < 1000 && Atomics.load(ctrl, slots.seq) === seen; spin++);
    }
  }
  if (Atomics.load(ctrl, slots.seq) !== seen) return Atomics.load(ctrl, slots.seq);
  Atomics.store(ctrl, slots.sleeping, 1);
  Atomics.wait(ctrl, slots.seq, seen);
  Atomics.store(ctrl, slots.sleeping, 0);
  return Atomics.load(ctrl, slots.seq);
}
