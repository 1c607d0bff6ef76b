/**
 * Flags shared with the io worker (io-worker.ts), one Int32 each. While a cell executes, RUNNING is 1: when an
 * interrupt finds the main thread unresponsive with a cell running, the worker knows the cell is stuck in code that
 * SIGINT cannot stop (a loop after an `await` runs outside vm's breakOnSigint) and terminates that JavaScript
 * execution instead. GENERATION counts cells, so the heap watch (heap-watch.ts) stops each cell at most once, and
 * HEAP_STOP_MIB is set by the worker when it stopped the running cell near the heap limit (the MiB then in use);
 * SIGINTS_SEEN counts SIGINTs that reached the kernel's listener. INTERRUPTS counts interrupt requests, so a cell
 * compiling on the main thread (RUNNING is COMPILING then) sees one without its event loop turning.
 */
export const RUNNING = 0;
export const GENERATION = 1;
export const HEAP_STOP_MIB = 2;
/** Counts the SIGINTs the main thread's listener has seen (interrupt.ts sends again when one was lost). */
export const SIGINTS_SEEN = 3;
/** Counts interrupt requests (interrupt.ts adds one before it signals). */
export const INTERRUPTS = 4;
/**
 * RUNNING's value while the cell is being compiled: TypeScript's own work, which an interrupt must not terminate
 * (that would leave its shared state half-built and the cell without a reply); the compilation checks INTERRUPTS.
 */
export const COMPILING = 2;

/** The shared flags (index 0 is the "cell running" flag interrupt.ts reads). */
export const cellRunning = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));

/** INTERRUPTS when the current cell started. */
let interruptsAtStart = 0;

/** Mark the start (true) or end (false) of a cell; a start clears the previous cell's heap stop. */
export function setCellRunning(running: boolean): void {
  if (running) {
    Atomics.add(cellRunning, GENERATION, 1);
    Atomics.store(cellRunning, HEAP_STOP_MIB, 0);
    interruptsAtStart = Atomics.load(cellRunning, INTERRUPTS);
  }
  Atomics.store(cellRunning, RUNNING, running ? 1 : 0);
}

/** The running cell is compiling (true) or running its code (false); nothing while no cell runs. */
export function setCompiling(on: boolean): void {
  if (Atomics.load(cellRunning, RUNNING) !== 0) Atomics.store(cellRunning, RUNNING, on ? COMPILING : 1);
}

/** Whether an interrupt was requested since the running cell started. */
export function interruptRequested(): boolean {
  return Atomics.load(cellRunning, RUNNING) !== 0 && Atomics.load(cellRunning, INTERRUPTS) !== interruptsAtStart;
}

/** The MiB of heap in use when the worker stopped the current cell for memory, or 0 when it did not. */
export function heapStopMiB(): number {
  return Atomics.load(cellRunning, HEAP_STOP_MIB);
}

/** Count a SIGINT that reached the main thread's listener. */
export function noteSigint(): void {
  Atomics.add(cellRunning, SIGINTS_SEEN, 1);
}
