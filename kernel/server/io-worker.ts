/**
 * The io worker: every kernel socket lives in this thread, so the kernel keeps talking while user code blocks the
 * main thread (`while (true) {}`, a synchronous worker pool waiting in Atomics.wait, a long loop calling
 * console.log):
 * - heartbeat echoes and control (kernel_info, interrupt, shutdown) are answered here;
 * - shell requests and stdin replies are verified here and passed to the main thread, which runs them in order;
 * - everything the main thread sends (iopub outputs, shell replies, stdin prompts) is handed over with a
 *   synchronous postMessage and signed, coalesced (stream text) and sent here, in the order it was handed over.
 */
import { isMainThread, parentPort, workerData } from "worker_threads";
import * as zmq from "zeromq";
import { decode, DigestHistory, encode, makeHeader, Signer, type Message } from "./wire";
import { endpoint, logError, SendQueue, tuneSocket } from "./sockets";
import { Outbox } from "./outbox";
import { interruptMain, onPong } from "./interrupt";
import { watchHeap } from "./heap-watch";
import type { IoWorkerData, MainToWorker, WorkerToMain } from "./io-protocol";

/** How long the main thread gets to exit by itself after a shutdown_request before the process is killed. */
const SHUTDOWN_GRACE_MS = 1000;

/** The pending last-resort kill after a shutdown_request; cleared when the main thread stops us in time. */
let killTimer: NodeJS.Timeout | null = null;

const post = (m: WorkerToMain): void => parentPort?.postMessage(m);

async function heartbeat(hb: zmq.Reply): Promise<void> {
  try {
    for await (const frames of hb) await hb.send(frames as Buffer[]);
  } catch (e) {
    logError("heartbeat stopped:", (e as Error).message);
  }
}

/** Verify and pass on requests from a shell or stdin socket. */
async function relay(sock: zmq.Router, channel: "shell" | "stdin", signer: Signer, seen: DigestHistory, stopping: () => boolean): Promise<void> {
  try {
    for await (const frames of sock) {
      let msg: Message;
      try {
        msg = decode(frames as Buffer[], signer, seen);
      } catch (e) {
        logError(`dropped ${channel} message:`, (e as Error).message);
        continue;
      }
      if (channel === "stdin" && msg.header.msg_type !== "input_reply") continue;
      post({ type: channel, msg });
    }
  } catch (e) {
    if (!stopping()) logError(`${channel} socket failed:`, e);
  }
}

async function control(sock: zmq.Router, data: IoWorkerData, signer: Signer, seen: DigestHistory, out: Outbox, stopAll: () => void): Promise<void> {
  const q = new SendQueue(sock);
  const reply = (req: Message, msgType: string, content: Record<string, unknown>) =>
    q.push(encode({ identities: req.identities, header: makeHeader(msgType, data.session), parent_header: req.header, content }, signer));
  try {
    for await (const frames of sock) {
      let req: Message;
      try {
        req = decode(frames as Buffer[], signer, seen);
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
          out.publish("shutdown_reply", req.header, { status: "ok", restart });
          await Promise.all([q.drained(), out.drained()]);
          post({ type: "shutdown", restart });
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
  const data = workerData as IoWorkerData;
  const signer = new Signer(data.info.key, data.info.signature_scheme);
  const hb = new zmq.Reply();
  const ctl = new zmq.Router();
  const shell = new zmq.Router();
  const iopub = new zmq.Publisher();
  const stdin = new zmq.Router();
  const sockets: [zmq.Socket, number][] = [
    [shell, data.info.shell_port], [iopub, data.info.iopub_port], [stdin, data.info.stdin_port],
    [ctl, data.info.control_port], [hb, data.info.hb_port],
  ];
  let stopping = false;
  const stopAll = (linger = 0) => {
    stopping = true;
    for (const [s] of sockets) {
      try {
        s.linger = linger;
        s.close();
      } catch {
        // already closed
      }
    }
  };
  try {
    for (const [s, port] of sockets) {
      tuneSocket(s);
      await s.bind(endpoint(data.info, port));
    }
  } catch (e) {
    post({ type: "bind-error", message: (e as Error).message });
    stopAll();
    return;
  }
  const out = new Outbox({ shell, iopub, stdin }, signer, data.session);
  const stop = async () => {
    if (killTimer) clearTimeout(killTimer);
    killTimer = null;
    // Everything the main thread handed over before "stop" is in `out` already (one port, in order).
    await Promise.race([out.drained(), new Promise((r) => setTimeout(r, 500))]);
    stopAll(200);
    post({ type: "stopped" });
  };
  parentPort?.on("message", (m: MainToWorker) => {
    if (typeof m === "string" || m.type === "send" || m.type === "stream-target") out.handle(m);
    else if (m.type === "pong") onPong(m.id);
    else if (m.type === "stop") void stop();
  });
  out.publish("status", {}, { execution_state: "starting" });
  post({ type: "ready" });
  void heartbeat(hb);
  // One history for every incoming channel, as jupyter_client's Session has one.
  const seen = new DigestHistory();
  void control(ctl, data, signer, seen, out, stopAll);
  void relay(shell, "shell", signer, seen, () => stopping);
  void relay(stdin, "stdin", signer, seen, () => stopping);
  watchHeap(data.heapSizeLimit, new Int32Array(data.cellRunning));
}

if (!isMainThread) void main();
