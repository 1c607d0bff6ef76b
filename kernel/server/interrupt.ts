/**
 * Interrupting the main thread from the io worker. SIGINT stops synchronous code run under vm's breakOnSigint and
 * rejects a pending top-level await. Code that resumed after an await runs outside breakOnSigint, so when the
 * main thread still does not answer with a cell running, its current JavaScript execution is terminated through
 * the inspector protocol, and a second SIGINT then settles the cell as interrupted.
 */
import { parentPort } from "worker_threads";
import { logError } from "./sockets";
import type { WorkerToMain } from "./io-protocol";

/** How long the main thread may take to answer a ping after a SIGINT before it counts as stuck. */
const RESPONSIVE_MS = 400;
let pingId = 0;
const pongWaiters = new Map<number, () => void>();
let inspectorSession: import("inspector").Session | null = null;

/**
 * The main thread answered ping `id` (call from the worker's message handler).
 * @param id the ping's id.
 * @example onPong(m.id)
 */
export function onPong(id: number): void {
  pongWaiters.get(id)?.();
  pongWaiters.delete(id);
}

/** True when the main thread's event loop answers within `ms`. */
function mainResponds(ms: number): Promise<boolean> {
  const id = ++pingId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { pongWaiters.delete(id); resolve(false); }, ms);
    pongWaiters.set(id, () => { clearTimeout(timer); resolve(true); });
    parentPort?.postMessage({ type: "ping", id } satisfies WorkerToMain);
  });
}

/**
 * Interrupt the running cell (see the module comment).
 * @param running the shared "cell running" flag (kernel/server/busy.ts).
 * @example void interruptMain(new Int32Array(data.cellRunning))
 */
export async function interruptMain(running: Int32Array): Promise<void> {
  process.kill(process.pid, "SIGINT");
  if (Atomics.load(running, 0) === 0 || (await mainResponds(RESPONSIVE_MS))) return;
  if (Atomics.load(running, 0) === 0) return;
  try {
    if (!inspectorSession) {
      const inspector = await import("inspector");
      inspectorSession = new inspector.Session();
      inspectorSession.connectToMainThread();
    }
    inspectorSession.post("Runtime.terminateExecution");
  } catch (e) {
    logError("could not terminate the main thread's execution:", e);
    return;
  }
  process.kill(process.pid, "SIGINT");
}
