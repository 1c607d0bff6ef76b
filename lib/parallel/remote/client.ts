/**
 * The client side of the distributed backend, in the caller's thread, synchronous like the worker_threads pool:
 * the payloads are encoded here, handed to a dispatcher thread (dispatcher.ts, which talks to Redis through
 * BullMQ), and results are collected with receiveMessageOnPort while blocked in Atomics.wait slices. Each slice
 * bumps a heartbeat the dispatcher watches: when a kernel interrupt stops this thread mid-wait (vm's breakOnSigint
 * terminates the execution, no finally runs), the heartbeat stops and the dispatcher cancels the run's remote
 * tasks. The dispatcher thread is unref()'d: it never keeps the process alive.
 */
import * as path from "path";
import * as v8 from "v8";
import { MessageChannel, Worker, receiveMessageOnPort } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { SerializedError, deserializeError } from "../errors";
import { encodeRun } from "./codec";
import { errorClasses } from "./protocol";

/** Options of the Redis backend. */
export interface RedisBackendOptions {
  /** How long a run waits with no live worker of this version before failing with NoWorkersError (ms, default 30000). */
  workerTimeout?: number;
  /** How long Redis may stay unreachable before RedisUnavailableError (ms, default 10000). */
  redisTimeout?: number;
  /** How long the caller's thread may stop waiting before its run counts as interrupted (ms, default 2000). */
  abandonAfter?: number;
}

/** Shared flags with the dispatcher: [0] message counter (wakes this thread), [1] heartbeat. */
const COUNTER = 0;
const BEAT = 1;
const WAIT_SLICE_MS = 50;

interface Dispatcher { worker: Worker; port: MessagePort; flags: Int32Array; url: string; exited: boolean }
let dispatcher: Dispatcher | null = null;
let runSerial = 0;

function startDispatcher(url: string, options: RedisBackendOptions): Dispatcher {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, "dispatcher.js"), {
    workerData: { url, options, flags: flags.buffer, port: port2 }, transferList: [port2],
  });
  const d: Dispatcher = { worker, port: port1, flags, url, exited: false };
  worker.on("exit", () => { d.exited = true; Atomics.add(flags, COUNTER, 1); Atomics.notify(flags, COUNTER); });
  worker.on("error", () => { d.exited = true; });
  worker.unref();
  port1.unref();
  return d;
}

/**
 * Stop the dispatcher thread (when the backend changes); a run in progress is cancelled by it.
 * @example
 * await stopDispatcher();
 */
export async function stopDispatcher(): Promise<void> {
  const d = dispatcher;
  dispatcher = null;
  if (d && !d.exited) {
    d.port.postMessage({ type: "stop" });
    // give it a moment to cancel and close its connections, then make sure it is gone
    await new Promise((r) => setTimeout(r, 200));
    await d.worker.terminate();
  }
}

interface RunMessage {
  type: "result" | "fail" | "done";
  runId: string;
  i?: number;
  bytes?: Uint8Array;
  error?: SerializedError;
}

function rebuild(e: SerializedError): Error {
  const cls = errorClasses[e.name];
  if (!cls) return deserializeError(e, "in the distributed backend");
  const err = Object.create(cls.prototype) as Error;
  Object.assign(err, e.fields);
  Object.defineProperty(err, "message", { value: e.message, writable: true, configurable: true });
  Object.defineProperty(err, "name", { value: e.name, writable: true, configurable: true });
  Object.defineProperty(err, "stack", { value: `${e.name}: ${e.message}\n    (in the distributed backend)`, writable: true, configurable: true });
  return err;
}

/**
 * Run `taskName` over the payloads on the Redis backend's workers; results in payload order. The first task error
 * is re-thrown (with its class) after cancelling the remaining tasks.
 * @param url - redis://host:port
 * @param options - backend options
 * @param taskName - a registered task
 * @param payloads - one per task
 * @param window - tasks queued at once (joblib's nJobs; Infinity for all)
 * @param modules - extra modules the workers must load
 * @param onResult - progress callback, in this thread, as results arrive
 * @example
 * runRemote("redis://127.0.0.1:6379", {}, "noop", [1, 2], Infinity, []);
 */
export function runRemote(url: string, options: RedisBackendOptions, taskName: string, payloads: readonly unknown[],
  window: number, modules: string[], onResult?: (i: number, r: unknown) => void): unknown[] {
  if (!dispatcher || dispatcher.exited || dispatcher.url !== url) {
    if (dispatcher && !dispatcher.exited) void dispatcher.worker.terminate();
    dispatcher = startDispatcher(url, options);
  }
  const d = dispatcher;
  const enc = encodeRun(payloads);
  const runId = `${process.pid}-${Date.now().toString(36)}-${++runSerial}-${Math.random().toString(36).slice(2, 8)}`;
  d.port.postMessage({
    type: "run", runId, task: taskName, common: enc.common, needs: enc.needs, blobs: [...enc.blobs],
    bodies: enc.bodies, window: Number.isFinite(window) ? window : payloads.length, modules, options,
  });
  const results = new Array<unknown>(payloads.length);
  const have = new Uint8Array(payloads.length);
  let remaining = payloads.length;
  let failure: Error | null = null;
  while (remaining > 0 && !failure) {
    Atomics.add(d.flags, BEAT, 1);
    const seen = Atomics.load(d.flags, COUNTER);
    const got = receiveMessageOnPort(d.port);
    if (!got) {
      if (d.exited) throw new Error("the distributed backend's dispatcher thread stopped");
      Atomics.wait(d.flags, COUNTER, seen, WAIT_SLICE_MS);
      continue;
    }
    const m = got.message as RunMessage;
    if (m.runId !== runId) continue; // a message of an earlier, interrupted run
    if (m.type === "fail") failure = rebuild(m.error as SerializedError);
    else if (m.type === "result") {
      const i = m.i as number;
      if (have[i]) continue;
      const r = v8.deserialize(m.bytes as Uint8Array) as { ok: boolean; result?: unknown; error?: SerializedError };
      if (!r.ok) {
        failure = deserializeError(r.error as SerializedError, `in a remote worker, task "${taskName}" #${i}`);
        break;
      }
      have[i] = 1;
      results[i] = r.result;
      remaining--;
      onResult?.(i, r.result);
    }
  }
  if (failure) {
    d.port.postMessage({ type: "cancel", runId, reason: "a task failed" });
    throw failure;
  }
  d.port.postMessage({ type: "finish", runId });
  return results;
}
