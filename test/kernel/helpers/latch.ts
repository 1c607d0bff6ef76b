/**
 * Latches the test controls, so kernel tests assert order and causality instead of timing: a cell blocks its
 * main thread in {@link waitForFile} until the test calls {@link Latch.release}, and the test checks what reached
 * it while the cell was provably still running. The only clock is the test runner's timeout.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** This module's compiled path, for cells to `require` / `import` (tests run from dist/). */
export const LATCH_MODULE = path.join(__dirname, "latch.js");

/** For `client.waitFor`: no timeout of its own, so the runner's timeout is the one clock. */
export const UNTIL_RUNNER_TIMEOUT = Infinity;

/**
 * Block the calling thread (synchronously: a cell's main thread, or a pool worker) until `file` exists. Sleeps in
 * short Atomics.wait slices instead of spinning, so a blocked cell does not take a core from the machine.
 * @param file - absolute path the test creates to release the latch
 * @example
 * waitForFile("/tmp/typelearn-latch-x/go"); // returns once the test released it
 */
export function waitForFile(file: string): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(file)) Atomics.wait(cell, 0, 0, 5);
}

/**
 * A set of named latches in a fresh temp folder.
 * @example
 * const latches = new Latches(); const gate = latches.path("go"); ... latches.release("go"); latches.dispose();
 */
export class Latches {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-latch-"));

  /** The file a cell waits for. */
  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Let a cell waiting on `name` go on. */
  release(name: string): void {
    fs.writeFileSync(this.path(name), "");
  }

  /** Release every latch not yet released (a failed test must not leave a kernel blocked) and remove the folder. */
  dispose(...names: string[]): void {
    for (const n of names) if (!fs.existsSync(this.path(n))) this.release(n);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
