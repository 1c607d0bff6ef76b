/**
 * Entry of a pool worker: load the library (which registers every estimator and task) and any extra modules,
 * then answer task messages on the private port. Each answer bumps the shared counter so the main thread, blocked
 * in Atomics.wait, wakes up; on exit the worker raises its `dead` flag so a lost worker is noticed synchronously.
 */
import { workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { getTask } from "./tasks";
import { serializeError } from "./errors";

interface WorkerInit { port: MessagePort; counter: SharedArrayBuffer; dead: SharedArrayBuffer; modules: string[] }

const init = workerData as WorkerInit;
const counter = new Int32Array(init.counter);
const dead = new Int32Array(init.dead);
let loadError: unknown = null;

function wake(): void {
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function load(mod: string): void {
  try {
    require(mod);
  } catch (e) {
    loadError ??= e;
  }
}

process.on("exit", () => {
  Atomics.store(dead, 0, 1);
  wake();
});

for (const m of ["../index", "../pipeline", "../selection/fit_task", ...init.modules]) load(m);

init.port.on("message", (msg: { id?: number; task?: string; payload?: unknown; load?: string }) => {
  if (msg.load !== undefined) {
    load(msg.load);
    return;
  }
  let reply: object;
  try {
    if (loadError && msg.task !== undefined && !safeGet(msg.task)) throw loadError;
    const result = getTask(msg.task as string)(msg.payload);
    reply = { id: msg.id, ok: true, result };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: serializeError(e) };
  }
  try {
    init.port.postMessage(reply);
  } catch (e) {
    init.port.postMessage({ id: msg.id, ok: false, error: serializeError(e) });
  }
  wake();
});

function safeGet(name: string): boolean {
  try {
    getTask(name);
    return true;
  } catch {
    return false;
  }
}
