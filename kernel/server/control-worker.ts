/**
 * The control and heartbeat sockets, in a worker thread: user code may block the main thread (`while(true){}`),
 * and the kernel must still echo heartbeats, answer kernel_info on control, interrupt the main thread (SIGINT to
 * the process; vm's breakOnSigint stops the loop) and shut down.
 */
import { isMainThread, parentPort, workerData } from "worker_threads";
import * as zmq from "zeromq";
import { decode, encode, makeHeader, Signer, type Header, type Message } from "./wire";
import { endpoint, logError, SendQueue, tuneSocket, type ConnectionInfo } from "./sockets";

/** What the main thread passes to the worker. */
export interface ControlWorkerData {
  info: ConnectionInfo;
  session: string;
  /** The complete kernel_info_reply content. */
  kernelInfo: Record<string, unknown>;
  /** kernel/server/busy.ts's flag: 1 while a cell executes. */
  cellRunning: SharedArrayBuffer;
}

/** Messages from the worker to the main thread. */
export type WorkerToMain =
  | { type: "ready" }
  | { type: "stopped" }
  | { type: "bind-error"; message: string }
  | { type: "shutdown"; restart: boolean; parent: Header }
  | { type: "ping"; id: number };

/** Messages from the main thread to the worker. */
export type MainToWorker = { type: "stop" } | { type: "pong"; id: number };

/** How long the main thread may take to answer a ping after a SIGINT before it counts as stuck. */
const RESPONSIVE_MS = 400;
let pingId = 0;
const pongWaiters = new Map<number, () => void>();

/** True when the main thread's event loop answers within `ms`. */
function mainResponds(ms: number): Promise<boolean> {
  const id = ++pingId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { pongWaiters.delete(id); resolve(false); }, ms);
    pongWaiters.set(id, () => { clearTimeout(timer); resolve(true); });
    parentPort?.postMessage({ type: "ping", id } satisfies WorkerToMain);
  });
}

let inspectorSession: import("inspector").Session | null = null;

/**
 * Interrupt the running cell. SIGINT stops synchronous code run under vm's breakOnSigint and rejects a pending
 * top-level await. Code that resumed after an await runs outside breakOnSigint, so when the main thread still
 * does not answer with a cell running, its current JavaScript execution is terminated through the inspector
 * protocol, and a second SIGINT then settles the cell as interrupted.
 */
async function interruptMain(running: Int32Array): Promise<void> {
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

/** How long the main thread gets to exit by itself after a shutdown_request before the process is killed. */
const SHUTDOWN_GRACE_MS = 1000;

/** The pending last-resort kill after a shutdown_request; cleared when the main thread stops us in time. */
let killTimer: NodeJS.Timeout | null = null;

async function heartbeat(hb: zmq.Reply): Promise<void> {
  try {
    for await (const frames of hb) await hb.send(frames as Buffer[]);
  } catch (e) {
    logError("heartbeat stopped:", (e as Error).message);
  }
}

async function control(sock: zmq.Router, data: ControlWorkerData, stopAll: () => void): Promise<void> {
  const signer = new Signer(data.info.key, data.info.signature_scheme);
  const q = new SendQueue(sock);
  const reply = (req: Message, msgType: string, content: Record<string, unknown>) =>
    q.push(encode({ identities: req.identities, header: makeHeader(msgType, data.session), parent_header: req.header, content }, signer));
  try {
    for await (const frames of sock) {
      let req: Message;
      try {
        req = decode(frames as Buffer[], signer);
      } catch (e) {
        logError("dropped control message:", (e as Error).message);
        continue;
      }
      const type = req.header.msg_type;
      try {
        if (type === "interrupt_request") {
          reply(req, "interrupt_reply", { status: "ok" });
          void interruptMain(new Int32Array(data.cellRunning));
        } else if (type === "kernel_info_request") {
          reply(req, "kernel_info_reply", data.kernelInfo);
        } else if (type === "shutdown_request") {
          const restart = req.content.restart === true;
          reply(req, "shutdown_reply", { status: "ok", restart });
          await q.drained();
          parentPort?.postMessage({ type: "shutdown", restart, parent: req.header } satisfies WorkerToMain);
          // The main thread may be stuck in user code; then nothing but a signal ends the process.
          killTimer = setTimeout(() => {
            stopAll();
            process.kill(process.pid, "SIGKILL");
          }, SHUTDOWN_GRACE_MS);
        } else if (type.endsWith("_request")) {
          reply(req, type.slice(0, -"_request".length) + "_reply", {
            status: "error", ename: "UnknownRequest", evalue: `unknown control request type: ${type}`, traceback: [],
          });
        }
      } catch (e) {
        logError(`control handler for ${type} failed:`, e);
      }
    }
  } catch (e) {
    logError("control socket stopped:", (e as Error).message);
  }
}

async function main(): Promise<void> {
  const data = workerData as ControlWorkerData;
  const hb = new zmq.Reply();
  const ctl = new zmq.Router();
  tuneSocket(hb);
  tuneSocket(ctl);
  const stopAll = () => {
    for (const s of [hb, ctl]) {
      try {
        s.linger = 0;
        s.close();
      } catch {
        // already closed
      }
    }
  };
  try {
    await hb.bind(endpoint(data.info, data.info.hb_port));
    await ctl.bind(endpoint(data.info, data.info.control_port));
  } catch (e) {
    parentPort?.postMessage({ type: "bind-error", message: (e as Error).message } satisfies WorkerToMain);
    stopAll();
    return;
  }
  parentPort?.on("message", (m: MainToWorker) => {
    if (m.type === "pong") {
      pongWaiters.get(m.id)?.();
      pongWaiters.delete(m.id);
    } else if (m.type === "stop") {
      if (killTimer) clearTimeout(killTimer);
      killTimer = null;
      stopAll();
      parentPort?.postMessage({ type: "stopped" } satisfies WorkerToMain);
    }
  });
  parentPort?.postMessage({ type: "ready" } satisfies WorkerToMain);
  void heartbeat(hb);
  void control(ctl, data, stopAll);
}

if (!isMainThread) void main();
