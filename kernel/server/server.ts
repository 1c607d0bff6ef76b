/**
 * The kernel's main-thread server: shell, iopub and stdin sockets, the ordered shell queue, execute flow glue and
 * process-level safety nets. Control and heartbeat live in a worker thread (control-worker.ts) so they keep
 * answering while user code blocks this thread.
 */
import * as path from "path";
import * as crypto from "crypto";
import { Worker } from "worker_threads";
import * as zmq from "zeromq";
import type { Interpreter } from "../interpreter/types";
import { decode, encode, makeHeader, Signer, type Message } from "./wire";
import { endpoint, logError, SendQueue, tuneSocket, type ConnectionInfo } from "./sockets";
import { StreamCoalescer } from "./stream";
import { History } from "./history";
import { errorFromThrown, replyType, SHELL_HANDLERS, type KernelContext, type RequestSink } from "./handlers";
import type { ControlWorkerData, WorkerToMain } from "./control-worker";
import { cellRunning } from "./busy";

/** Options for KernelServer. */
export interface ServerOptions {
  /** Called to end the process after shutdown (default process.exit). */
  exit?: (code: number) => void;
  /** How long to let queued messages arrive before aborting them after a failed cell (ms, default 10). */
  stopOnErrorDelayMs?: number;
  /** Install SIGINT / uncaughtException / unhandledRejection handlers (default true). */
  processHandlers?: boolean;
}

/**
 * A Jupyter kernel server around one Interpreter.
 * @example
 * const server = new KernelServer(readConnectionFile(file), interpreter);
 * await server.start();
 */
export class KernelServer implements KernelContext {
  /** This kernel's session id (header.session of every message it sends). */
  readonly session = crypto.randomUUID();
  readonly history = new History(1);
  executionCount = 0;

  private readonly signer: Signer;
  private readonly shell = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly stdin = new zmq.Router();
  private readonly shellQ = new SendQueue(this.shell);
  private readonly iopubQ = new SendQueue(this.iopub);
  private readonly stdinQ = new SendQueue(this.stdin);
  private readonly queue: Message[] = [];
  private wake: (() => void) | null = null;
  private abortRemaining = 0;
  private worker: Worker | null = null;
  private stopping = false;
  private lastParent: Message | null = null;
  private currentExecute: { msg: Message; allowStdin: boolean } | null = null;
  private pendingInput: { resolve: (v: string) => void; reject: (e: Error) => void } | null = null;
  private readonly exit: (code: number) => void;
  private readonly stopOnErrorDelayMs: number;

  /**
   * @param info the connection file's contents.
   * @param interpreter the language side.
   * @param options exit hook, abort delay, process handlers.
   */
  constructor(private readonly info: ConnectionInfo, readonly interpreter: Interpreter, private readonly options: ServerOptions = {}) {
    this.signer = new Signer(info.key, info.signature_scheme);
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.stopOnErrorDelayMs = options.stopOnErrorDelayMs ?? 10;
  }

  /** Bind the sockets, start the control worker and the shell loop; resolves once everything listens. */
  async start(): Promise<void> {
    for (const s of [this.shell, this.iopub, this.stdin]) tuneSocket(s);
    await this.shell.bind(endpoint(this.info, this.info.shell_port));
    await this.iopub.bind(endpoint(this.info, this.info.iopub_port));
    await this.stdin.bind(endpoint(this.info, this.info.stdin_port));
    if (this.options.processHandlers !== false) this.installProcessHandlers();
    await this.startWorker();
    void this.receiveShell();
    void this.receiveStdin();
    void this.processQueue();
    this.publishRaw("status", { execution_state: "starting" }, {});
  }

  // ---- KernelContext -------------------------------------------------------------------------------------

  publish(msgType: string, content: Record<string, unknown>, parent: Message, metadata: Record<string, unknown> = {}): void {
    this.publishRaw(msgType, content, parent.header, metadata);
  }

  reply(req: Message, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    this.sendOn(this.shellQ, { identities: req.identities, header: makeHeader(msgType, this.session), parent_header: req.header, metadata, content });
  }

  createSink(parent: Message, allowStdin: boolean): RequestSink {
    const coalescer = new StreamCoalescer((name, text) => this.publish("stream", { name, text }, parent));
    return {
      stream: (name, text) => {
        try {
          coalescer.write(name === "stderr" ? "stderr" : "stdout", String(text));
        } catch (e) {
          logError("stream failed:", e);
        }
      },
      display: (data, metadata, displayId, update) => {
        coalescer.flush();
        const transient = displayId !== undefined ? { display_id: displayId } : {};
        const type = update && displayId !== undefined ? "update_display_data" : "display_data";
        this.publish(type, { data, metadata: metadata ?? {}, transient }, parent);
      },
      clearOutput: (wait) => {
        coalescer.flush();
        this.publish("clear_output", { wait: wait === true }, parent);
      },
      flush: () => coalescer.flush(),
      input: (prompt, password) => {
        coalescer.flush();
        return this.inputFor(parent, allowStdin, prompt, password);
      },
    };
  }

  shutdown(restart: boolean): void {
    void this.stop(restart);
  }

  // ---- stdin ---------------------------------------------------------------------------------------------

  /**
   * Ask the frontend for a line of input on behalf of the cell now executing (input_request on stdin, answered by
   * input_reply). Rejects when no cell is running or the request had allow_stdin false.
   * @param prompt text shown before the input box.
   * @param password whether the frontend should hide what is typed.
   * @example const name = await server.requestInput("Name: ", false);
   */
  requestInput(prompt: string, password = false): Promise<string> {
    const cur = this.currentExecute;
    if (!cur) return Promise.reject(new Error("input() called while no cell is executing"));
    return this.inputFor(cur.msg, cur.allowStdin, prompt, password);
  }

  private inputFor(parent: Message, allowStdin: boolean, prompt: string, password: boolean): Promise<string> {
    if (!allowStdin) {
      const e = new Error("input() is not supported: the frontend does not allow stdin (allow_stdin is false)");
      e.name = "StdinNotImplementedError";
      return Promise.reject(e);
    }
    if (this.pendingInput) {
      this.pendingInput.reject(new Error("input request superseded by a newer one"));
    }
    return new Promise<string>((resolve, reject) => {
      this.pendingInput = { resolve, reject };
      this.sendOn(this.stdinQ, {
        identities: parent.identities,
        header: makeHeader("input_request", this.session),
        parent_header: parent.header,
        content: { prompt: String(prompt), password: password === true },
      });
    });
  }

  private async receiveStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) {
        let msg: Message;
        try {
          msg = decode(frames as Buffer[], this.signer);
        } catch (e) {
          logError("dropped stdin message:", (e as Error).message);
          continue;
        }
        if (msg.header.msg_type !== "input_reply") continue;
        const p = this.pendingInput;
        this.pendingInput = null;
        if (p) p.resolve(typeof msg.content.value === "string" ? msg.content.value : "");
      }
    } catch (e) {
      if (!this.stopping) logError("stdin socket failed:", e);
    }
  }

  // ---- shell ---------------------------------------------------------------------------------------------

  private async receiveShell(): Promise<void> {
    try {
      for await (const frames of this.shell) {
        try {
          this.queue.push(decode(frames as Buffer[], this.signer));
        } catch (e) {
          logError("dropped shell message:", (e as Error).message);
          continue;
        }
        const w = this.wake;
        this.wake = null;
        w?.();
      }
    } catch (e) {
      if (!this.stopping) logError("shell socket failed:", e);
    }
  }

  private async processQueue(): Promise<void> {
    while (!this.stopping) {
      if (this.queue.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const msg = this.queue.shift() as Message;
      const aborting = this.abortRemaining > 0;
      if (aborting) this.abortRemaining--;
      try {
        await this.dispatch(msg, aborting);
      } catch (e) {
        logError("dispatch failed:", e);
      }
    }
  }

  private async dispatch(msg: Message, aborting: boolean): Promise<void> {
    const type = msg.header.msg_type;
    this.lastParent = msg;
    this.publish("status", { execution_state: "busy" }, msg);
    let abort = false;
    try {
      if (aborting && type === "execute_request") {
        this.reply(msg, "execute_reply", { status: "aborted", execution_count: this.executionCount }, { status: "aborted" });
      } else {
        const handler = SHELL_HANDLERS[type];
        if (!handler) {
          const rt = replyType(type);
          if (rt) this.reply(msg, rt, { status: "error", ename: "UnknownRequest", evalue: `unknown request type: ${type}`, traceback: [] });
          else logError(`ignored unknown shell message type: ${type}`);
        } else {
          if (type === "execute_request") this.currentExecute = { msg, allowStdin: msg.content.allow_stdin === true };
          try {
            abort = (await handler(this, msg))?.abort === true;
          } finally {
            this.currentExecute = null;
          }
        }
      }
    } catch (e) {
      logError(`handler for ${type} failed:`, e);
      const rt = replyType(type) ?? "error";
      this.reply(msg, rt, { status: "error", ...errorFromThrown(e) });
    }
    if (abort) {
      // Let requests the client already sent reach the queue; those are aborted, later ones run.
      await new Promise((r) => setTimeout(r, this.stopOnErrorDelayMs));
      this.abortRemaining = this.queue.length;
    }
    this.publish("status", { execution_state: "idle" }, msg);
  }

  // ---- iopub / sending -----------------------------------------------------------------------------------

  private publishRaw(msgType: string, content: Record<string, unknown>, parentHeader: Message["parent_header"], metadata: Record<string, unknown> = {}): void {
    this.sendOn(this.iopubQ, {
      identities: [Buffer.from(`kernel.${this.session}.${msgType}`)],
      header: makeHeader(msgType, this.session),
      parent_header: parentHeader,
      metadata,
      content,
    });
  }

  private sendOn(q: SendQueue, msg: Parameters<typeof encode>[0]): void {
    let frames: Buffer[];
    try {
      frames = encode(msg, this.signer);
    } catch (e) {
      // e.g. a display bundle that cannot be serialized: say so instead of losing the message silently.
      logError(`cannot encode ${msg.header.msg_type}:`, e);
      if (msg.header.msg_type === "stream") return;
      frames = encode({ ...msg, header: makeHeader("stream", this.session), content: { name: "stderr", text: `[kernel] cannot send ${msg.header.msg_type}: ${(e as Error).message}\n` } }, this.signer);
    }
    q.push(frames);
  }

  // ---- process, worker, shutdown -------------------------------------------------------------------------

  private installProcessHandlers(): void {
    process.on("SIGINT", () => {
      try {
        this.interpreter.interrupt();
      } catch (e) {
        logError("interrupt failed:", e);
      }
    });
    const report = (what: string) => (e: unknown) => {
      logError(what, e);
      const parent = this.lastParent;
      if (parent) {
        const text = `${what} ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`;
        this.publish("stream", { name: "stderr", text }, parent);
      }
    };
    process.on("uncaughtException", report("Uncaught exception:"));
    process.on("unhandledRejection", report("Unhandled promise rejection:"));
  }

  private async startWorker(): Promise<void> {
    const data: ControlWorkerData = {
      info: this.info, session: this.session, kernelInfo: this.kernelInfoSafe(), cellRunning: cellRunning.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(path.join(__dirname, "control-worker.js"), { workerData: data });
    this.worker = worker;
    worker.on("error", (e) => logError("control worker failed:", e));
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerToMain) => {
        if (m.type === "ready") {
          resolve();
        } else if (m.type === "ping") {
          worker.postMessage({ type: "pong", id: m.id });
        } else if (m.type === "shutdown") {
          this.publishRaw("shutdown_reply", { status: "ok", restart: m.restart }, m.parent);
          void this.stop(m.restart);
        } else if (m.type === "bind-error") {
          reject(new Error(m.message));
        }
      };
      worker.on("message", onMessage);
    });
    worker.unref();
  }

  private kernelInfoSafe(): Record<string, unknown> {
    try {
      return { ...this.interpreter.kernelInfo(), status: "ok", protocol_version: "5.3" };
    } catch (e) {
      logError("kernelInfo failed:", e);
      return { status: "ok", protocol_version: "5.3", implementation: "typelearn", implementation_version: "0", language_info: { name: "typescript" }, banner: "" };
    }
  }

  /**
   * Close everything and end the process (through the `exit` option).
   * @param restart passed through from shutdown_request (a restart is the client's job: it starts a new process).
   * @example await server.stop(false)
   */
  async stop(restart = false): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    void restart;
    try {
      this.interpreter.close();
    } catch (e) {
      logError("interpreter close failed:", e);
    }
    const drained = Promise.all([this.shellQ.drained(), this.iopubQ.drained(), this.stdinQ.drained()]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, 500))]);
    const worker = this.worker;
    if (worker) {
      // Let the worker cancel its last-resort kill timer and close its sockets before the process exits.
      const stopped = new Promise<void>((resolve) => worker.on("message", (m: WorkerToMain) => m.type === "stopped" && resolve()));
      worker.postMessage({ type: "stop" });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 300))]);
    }
    for (const s of [this.shell, this.iopub, this.stdin]) {
      try {
        s.linger = 200;
        s.close();
      } catch {
        // already closed
      }
    }
    this.exit(0);
  }
}
