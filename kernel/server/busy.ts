/**
 * A flag shared with the io worker (io-worker.ts): 1 while a cell is executing. When an interrupt finds the main thread
 * unresponsive with a cell running, the worker knows the cell is stuck in code that SIGINT cannot stop (a loop
 * after an `await` runs outside vm's breakOnSigint) and terminates that JavaScript execution instead.
 */
export const cellRunning = new Int32Array(new SharedArrayBuffer(4));

/** Mark the start (true) or end (false) of a cell. */
export function setCellRunning(running: boolean): void {
  Atomics.store(cellRunning, 0, running ? 1 : 0);
}
