/**
 * Timer callbacks that an interrupt can stop. A cell's synchronous code runs under vm's breakOnSigint, but a
 * callback of setTimeout / setInterval / setImmediate runs later, straight from Node's event loop: a SIGINT cannot
 * stop a loop there, and terminating it through the inspector unwinds Node's own timer bookkeeping ("async hook
 * stack has become corrupted"). So every timer callback is run inside the same kind of boundary as a cell: a small
 * constant vm script with breakOnSigint, where a SIGINT becomes an ordinary exception that Node's timers handle.
 * Only the global functions and the `timers` module are wrapped; Node's internals use their own timer functions.
 */
import * as vm from "vm";
import { promisify } from "util";

/** What the boundary does when a callback was interrupted (the interpreter's interrupt path). */
export type OnCallbackInterrupt = () => void;

/**
 * Node's own timer functions, never wrapped, for the kernel's background work (the warm-up, warmup.ts; settling the
 * compiler after a reply, index.ts): a SIGINT must not stop that mid-way, which would leave TypeScript's shared state
 * (a file half-bound) broken for every later cell, and no user code runs in it, so it needs no boundary (each costs
 * a watchdog thread started and joined).
 */
export const kernelTimers = { setImmediate: globalThis.setImmediate, setTimeout: globalThis.setTimeout };

const HOOK = "__typelearnCallback__";
const boundary = new vm.Script(`${HOOK}()`, { filename: "typelearn-callback" });
/** The callback the boundary runs next: set just before, read once (timer callbacks never nest). */
let next: { fn: (...a: unknown[]) => unknown; self: unknown; args: unknown[] } | null = null;
let onInterrupt: OnCallbackInterrupt = () => undefined;
let installed = false;

function runNext(): unknown {
  const n = next!;
  next = null;
  return Reflect.apply(n.fn, n.self, n.args);
}

/** Run `fn` as the event loop would, but stoppable by SIGINT (see the module comment). */
function callInterruptibly(fn: (...a: unknown[]) => unknown, self: unknown, args: unknown[], clear: (t: unknown) => void): unknown {
  next = { fn, self, args };
  try {
    // displayErrors false: a user's error passes through unchanged (no source arrow added to its stack).
    return boundary.runInThisContext({ breakOnSigint: true, displayErrors: false });
  } catch (e) {
    if ((e as { code?: string })?.code !== "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw e;
    // An interrupted setInterval would start the same loop again at its next tick.
    clear(self);
    onInterrupt();
    return undefined;
  } finally {
    next = null;
  }
}

type TimerFn = (cb: unknown, ...rest: unknown[]) => unknown;

function wrapScheduler(orig: TimerFn, clear: (t: unknown) => void): TimerFn {
  const wrapped = function (this: unknown, cb: unknown, ...rest: unknown[]): unknown {
    // Anything but a function goes through as is, so Node still reports its own ERR_INVALID_ARG_TYPE.
    if (typeof cb !== "function") return Reflect.apply(orig, this, [cb, ...rest]);
    const fn = cb as (...a: unknown[]) => unknown;
    return Reflect.apply(orig, this, [function (this: unknown, ...args: unknown[]) { return callInterruptibly(fn, this, args, clear); }, ...rest]);
  };
  const custom = (orig as unknown as Record<symbol, unknown>)[promisify.custom];
  if (custom !== undefined) Object.defineProperty(wrapped, promisify.custom, { value: custom, configurable: true });
  Object.defineProperty(wrapped, "name", { value: orig.name, configurable: true });
  return wrapped;
}

/**
 * Make the callbacks of setTimeout, setInterval and setImmediate (global and `timers` module) stoppable by SIGINT.
 * @param interrupted called after a callback was stopped (the interpreter settles the running cell or reports it).
 * @example installInterruptibleTimers(() => interruptPending() || reportInterrupt())
 */
export function installInterruptibleTimers(interrupted: OnCallbackInterrupt): void {
  onInterrupt = interrupted;
  if (installed) return;
  installed = true;
  Object.defineProperty(globalThis, HOOK, { value: runNext, configurable: false, enumerable: false, writable: false });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const timers = require("timers") as Record<string, TimerFn>;
  const g = globalThis as unknown as Record<string, TimerFn>;
  const clears: Record<string, string> = { setTimeout: "clearTimeout", setInterval: "clearInterval", setImmediate: "clearImmediate" };
  for (const [name, clearName] of Object.entries(clears)) {
    const clear = timers[clearName] as unknown as (t: unknown) => void;
    const wrapped = wrapScheduler(timers[name], clear);
    if (g[name] === timers[name]) g[name] = wrapped;
    timers[name] = wrapped;
  }
}
