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
}

/** Messages from the worker to the main thread. */
export type WorkerToMain =
  | { type: "ready" }
  | { type: "stopped" }
  | { type: "bind-error"; message: string }
  | { type: "shutdown"; restart: boolean; parent: Header };

/** Messages from the main thread to the worker. */
export type MainToWorker = { type: "stop" };

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
          process.kill(process.pid, "SIGINT");
          reply(req, "interrupt_reply", { status: "ok" });
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
    if (m.type === "stop") {
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
