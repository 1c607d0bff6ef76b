/**
 * Stops a cell before it fills the JavaScript heap. V8 kills the process outright when the old generation is full
 * ("JavaScript heap out of memory"), and Node 20 gives JavaScript no near-heap-limit callback, so the io worker
 * polls the main thread's heap through the inspector (Runtime.getHeapUsage is answered even while user code
 * blocks the main thread) and, past a threshold, interrupts the running cell the way interrupt_request does. The
 * main thread then reports a MemoryError instead of the KeyboardInterrupt (handlers.ts).
 */
import * as v8 from "v8";
import * as vm from "vm";
import { interruptMain, mainSession } from "./interrupt";
import { GENERATION, HEAP_STOP_MIB, RUNNING } from "./busy";
import { logError } from "./sockets";

const POLL_MS = 100;
const MIB = 1024 * 1024;
/** What V8 reserves for the young generation on 64-bit Node 20 (3 semi-spaces of 16 MiB), outside the old space. */
const YOUNG_GENERATION = 48 * MIB;
/** The share of the old space a cell may fill before it is stopped. */
const STOP_AT = 0.9;

/** The old space's size limit: where V8 gives up (the young generation's reserve is counted in heap_size_limit). */
function oldSpace(heapSizeLimit: number): number {
  return heapSizeLimit > 2 * YOUNG_GENERATION ? heapSizeLimit - YOUNG_GENERATION : heapSizeLimit / 2;
}

/** The heap use (bytes) past which a running cell is stopped. */
function stopThreshold(heapSizeLimit: number): number {
  return STOP_AT * oldSpace(heapSizeLimit);
}

function heapUsed(session: import("inspector").Session): Promise<number> {
  return new Promise((resolve, reject) => session.post("Runtime.getHeapUsage", (err, r) => {
    if (err) reject(err);
    else resolve((r as { usedSize: number }).usedSize);
  }));
}

/**
 * Watch the main thread's heap while cells run (call once, in the io worker).
 * @param heapSizeLimit the main isolate's v8.getHeapStatistics().heap_size_limit.
 * @param flags busy.ts's shared flags.
 * @example watchHeap(data.heapSizeLimit, new Int32Array(data.cellRunning))
 */
export function watchHeap(heapSizeLimit: number, flags: Int32Array): void {
  const threshold = stopThreshold(heapSizeLimit);
  let stoppedGeneration = -1;
  let polling = false;
  const timer = setInterval(() => {
    const generation = Atomics.load(flags, GENERATION);
    if (polling || Atomics.load(flags, RUNNING) === 0 || generation === stoppedGeneration) return;
    polling = true;
    void (async () => {
      try {
        const used = await heapUsed(await mainSession());
        if (used < threshold || Atomics.load(flags, RUNNING) === 0 || Atomics.load(flags, GENERATION) !== generation) return;
        stoppedGeneration = generation;
        Atomics.store(flags, HEAP_STOP_MIB, Math.max(1, Math.round(used / MIB)));
        await interruptMain(flags);
      } catch (e) {
        logError("heap watch:", (e as Error).message);
      } finally {
        polling = false;
      }
    })();
  }, POLL_MS);
  timer.unref();
}

/**
 * The error a cell stopped by the heap watch reports.
 * @param usedMiB the heap in use when it was stopped.
 * @param heapSizeLimit v8's heap_size_limit.
 * @example memoryError(3700, 4345298944).ename // "MemoryError"
 */
export function memoryError(usedMiB: number, heapSizeLimit: number): { ename: string; evalue: string; traceback: string[] } {
  const limit = Math.round(oldSpace(heapSizeLimit) / MIB);
  const evalue = `the cell was stopped with ${usedMiB} MiB of its ${limit} MiB JavaScript heap in use, before the kernel ` +
    `ran out of memory. Data a cell keeps in its top-level names stays in memory; a larger heap takes ` +
    `NODE_OPTIONS=--max-old-space-size=<MiB> in the kernel's environment.`;
  return { ename: "MemoryError", evalue, traceback: [`MemoryError: ${evalue}`] };
}

let fullGc: (() => void) | null | undefined;

/**
 * On the main thread, between cells: when the heap is above the stop threshold, collect garbage now, so that what a
 * stopped cell left behind (unreachable, but not yet collected) does not get the next cell stopped too. V8 offers
 * no GC call without --expose-gc; the flag set at run time exposes `gc` to new contexts.
 * @example collectGarbageIfFull()
 */
export function collectGarbageIfFull(): void {
  const stats = v8.getHeapStatistics();
  if (stats.used_heap_size < stopThreshold(stats.heap_size_limit)) return;
  if (fullGc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      fullGc = vm.runInNewContext("gc") as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}
