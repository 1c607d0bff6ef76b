/**
 * Gives memory back when the kernel goes idle: once no cell has run for IDLE_MS after one finished, a full garbage
 * collection (the programs and checkers of the last cells are megabytes of garbage that V8 would otherwise keep
 * until its next scheduled collection) and glibc's malloc_trim (the TurboFan zones V8's compiler threads freed
 * inside the malloc arenas; malloc_trim.ts), and one more trim when a compile still running then has ended.
 * Between cells sent back to back nothing runs, so a cell's latency is untouched; a cell that arrives during the
 * collection waits for it (tens of ms, once per idle period).
 */
import * as v8 from "v8";
import { collectGarbage } from "../interpreter/reset";
import { mallocTrim } from "../interpreter/malloc_trim";

/** How long the kernel must be idle after a cell before memory is released (ms). */
export const IDLE_MS = 1500;
/** While a background compile holds memory, how often to look again (ms), and for how long at most. */
const RECHECK_MS = 1000;
const MAX_RECHECKS = 120;
/**
 * V8's zone memory (malloced_memory) above which a TurboFan compile is taken to be under way: at rest it is under
 * 1 MB; compiling TypeScript's createProgram holds 70–130 MB for seconds, freed when it ends, after a first trim.
 */
const COMPILING_BYTES = 8 * 1024 * 1024;

let timer: NodeJS.Timeout | null = null;
let pending = false;
/** A cell is running (between cancelIdleRelease and scheduleIdleRelease). */
let busy = false;
let releases = 0;
let trims = 0;

function clearTimer(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

/** A cell is about to run: cancel a release not yet started, or a wait for a compile to end. */
export function cancelIdleRelease(): void {
  busy = true;
  clearTimer();
}

function later(delayMs: number, then: () => void): void {
  clearTimer();
  timer = setTimeout(() => {
    timer = null;
    then();
  }, delayMs);
  // Never what keeps the process alive (shutdown, tests).
  timer.unref();
}

/**
 * A cell finished: release memory once the kernel has stayed idle for `delayMs`.
 * @param delayMs the idle time to wait (default IDLE_MS).
 * @example scheduleIdleRelease()
 */
export function scheduleIdleRelease(delayMs = IDLE_MS): void {
  busy = false;
  pending = true;
  later(delayMs, () => void releaseNow());
}

async function trim(): Promise<void> {
  if (await mallocTrim()) trims++;
}

/** Trim again once the compile under way has ended (it frees its zones then). */
function trimAfterCompile(rechecks: number): void {
  if (busy) return;
  if (v8.getHeapStatistics().malloced_memory < COMPILING_BYTES) {
    void trim();
    return;
  }
  if (rechecks < MAX_RECHECKS) later(RECHECK_MS, () => trimAfterCompile(rechecks + 1));
}

/**
 * Release now if a cell ran since the last release: a full collection, the malloc trim (off the main thread), and
 * another trim after a background compile still holding memory has ended.
 * @example await releaseNow()
 */
export async function releaseNow(): Promise<void> {
  if (!pending) return;
  pending = false;
  releases++;
  collectGarbage();
  await trim();
  if (v8.getHeapStatistics().malloced_memory >= COMPILING_BYTES && !pending && !busy) later(RECHECK_MS, () => trimAfterCompile(1));
}

/**
 * How many idle releases, and completed malloc trims, ran in this process (tests).
 * @example idleReleaseCounts() // { releases: 3, trims: 3 }
 */
export function idleReleaseCounts(): { releases: number; trims: number } {
  return { releases, trims };
}
