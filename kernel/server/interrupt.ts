/**
 * Interrupting the main thread from the io worker. SIGINT stops synchronous code run under vm's breakOnSigint (a
 * cell's code, and timer callbacks: kernel/interpreter/timers.ts) and rejects a pending top-level await. Code that
 * resumed after an await runs outside breakOnSigint, so when the main thread still does not answer with a cell
 * running, its current JavaScript execution is terminated through the inspector protocol, and the SIGINT listener
 * then settles the cell as interrupted.
 */
import { parentPort } from "worker_threads";
import { logError } from "./sockets";
import type { WorkerToMain } from "./io-protocol";
import { COMPILING, GENERATION, INTERRUPTS, RUNNING, SIGINTS_SEEN } from "./busy";

/** How long the main thread may take to answer a ping after a SIGINT before it counts as stuck (generous: terminating
 * code that was about to answer would cut through the kernel's own work). */
const RESPONSIVE_MS = 600;
/** SIGINTs sent for one interrupt before giving up (when the main thread answers but nothing saw them). */
const MAX_SIGNALS = 3;
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
 * The inspector session on the main thread (made on first use; it also serves heap-watch.ts).
 * @example (await mainSession()).post("Runtime.getHeapUsage", cb)
 */
export async function mainSession(): Promise<import("inspector").Session> {
  if (!inspectorSession) {
    const inspector = await import("inspector");
    const session = new inspector.Session();
    session.connectToMainThread();
    inspectorSession = session;
  }
  return inspectorSession;
}

/**
 * Interrupt the running cell (see the module comment). A SIGINT can be lost: one that arrives just as a vm
 * boundary starts or stops its SIGINT watch (every cell and timer callback has one) reaches neither that boundary
 * nor the kernel's listener. So the signal is sent again while neither answered — the cell did not end and no
 * listener saw it — and only a main thread still stuck with a cell running after two signals is terminated.
 * @param flags the shared flags (kernel/server/busy.ts).
 * @example void interruptMain(new Int32Array(data.cellRunning))
 */
export async function interruptMain(flags: Int32Array): Promise<void> {
  const generation = Atomics.load(flags, GENERATION);
  Atomics.add(flags, INTERRUPTS, 1);
  if (Atomics.load(flags, RUNNING) === COMPILING) {
    // The compilation reads INTERRUPTS and stops at its next check (or ends, and the cell does not run): a
    // terminated compilation would leave TypeScript's state half-built and the cell without a reply.
    while (Atomics.load(flags, RUNNING) === COMPILING && Atomics.load(flags, GENERATION) === generation) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // That cell ended: a signal now would reach the next one.
    if (Atomics.load(flags, GENERATION) !== generation || Atomics.load(flags, RUNNING) === 0) return;
  }
  const seen = Atomics.load(flags, SIGINTS_SEEN);
  for (let sent = 1; ; sent++) {
    process.kill(process.pid, "SIGINT");
    const reached = () => Atomics.load(flags, GENERATION) !== generation || Atomics.load(flags, SIGINTS_SEEN) !== seen;
    let responds = await mainResponds(RESPONSIVE_MS);
    // A signal and a ping can be handled in either order in one turn of the event loop: one more round trip
    // before a signal counts as lost, so that no second interrupt reaches the next cell.
    if (responds && !reached()) responds = await mainResponds(RESPONSIVE_MS);
    if (reached()) return;
    const running = Atomics.load(flags, RUNNING) === 1;
    if (responds && !running) return;
    if (!responds && running && sent >= 2) break;
    if (sent >= MAX_SIGNALS) {
      logError(`interrupt: ${sent} SIGINTs reached no running code`);
      return;
    }
  }
  try {
    // The SIGINTs already sent wait in the listener's queue: once the execution ends, they settle the cell.
    (await mainSession()).post("Runtime.terminateExecution");
  } catch (e) {
    logError("could not terminate the main thread's execution:", e);
  }
}
