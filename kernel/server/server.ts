/**
 * The kernel's main-thread server: the ordered shell queue, execute flow glue and process-level safety nets. The
 * sockets live in the io worker (io-worker.ts): requests arrive from it by message, and every outgoing message is
 * handed to it with a synchronous postMessage, so output keeps flowing while user code blocks this thread.
 */
import * as path from "path";
import * as crypto from "crypto";
import * as v8 from "v8";
import { Worker } from "worker_threads";
import type { Interpreter } from "../interpreter/types";
import type { Message } from "./wire";
import { logError, type ConnectionInfo } from "./sockets";
import { History } from "./history";
import { errorFromThrown, replyType, SHELL_HANDLERS, type KernelContext, type RequestSink } from "./handlers";
import { IoClient, revive, type IoWorkerData, type MainToWorker, type WorkerToMain } from "./io-protocol";
import { cellRunning, interruptRequested, noteSigint, setCompiling } from "./busy";
import { exitProcess, installExitGuards } from "./guards";

/** Options for KernelServer. */
export interface ServerOptions {
  /** Called to end the process after shutdown (default: guards.ts's exitProcess, the real process.exit). */
  exit?: (code: number) => void;
  /** How long to let queued messages arrive before aborting them after a failed cell (ms, default 10). */
  stopOnErrorDelayMs?: number;
  /**
   * Install SIGINT / uncaughtException / unhandledRejection handlers, and (once the sockets are up) the guards that
   * turn process.exit / abort / kill-self in user code into a SystemExit error (default true).
   */
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

  private readonly io = new IoClient((m) => this.postToWorker(m));
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
    this.exit = options.exit ?? exitProcess;
    this.stopOnErrorDelayMs = options.stopOnErrorDelayMs ?? 10;
    interpreter.watchInterrupts?.({ requested: interruptRequested, compiling: setCompiling });
  }

  /** Start the io worker (it binds every socket) and the shell loop; resolves once everything listens. */
  async start(): Promise<void> {
    if (this.options.processHandlers !== false) this.installProcessHandlers();
    await this.startWorker();
    // Only now: a kernel that cannot bind its sockets must still be able to exit with an error.
    if (this.options.processHandlers !== false) installExitGuards();
    void this.processQueue();
  }

  // ---- KernelContext -------------------------------------------------------------------------------------

  publish(msgType: string, content: Record<string, unknown>, parent: Message, metadata: Record<string, unknown> = {}): void {
    this.io.send("iopub", msgType, parent.header, content, metadata);
  }

  reply(req: Message, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    this.io.send("shell", msgType, req.header, content, metadata, req.identities);
  }

  createSink(parent: Message, allowStdin: boolean): RequestSink {
    // Stream text goes to the worker chunk by chunk and is coalesced there, on a timer this thread cannot block.
    // The worker sends pending text before any later message, so display / reply ordering needs no flush here.
    const parentJson = JSON.stringify(parent.header);
    return {
      stream: (name, text) => this.io.stream(parentJson, name === "stderr" ? "stderr" : "stdout", String(text)),
      display: (data, metadata, displayId, update) => {
        const transient = displayId !== undefined ? { display_id: displayId } : {};
        const type = update && displayId !== undefined ? "update_display_data" : "display_data";
        this.publish(type, { data, metadata: metadata ?? {}, transient }, parent);
      },
      clearOutput: (wait) => this.publish("clear_output", { wait: wait === true }, parent),
      flush: () => undefined,
      input: (prompt, password) => this.inputFor(parent, allowStdin, prompt, password),
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
      this.io.send("stdin", "input_request", parent.header, { prompt: String(prompt), password: password === true }, {}, parent.identities);
    });
  }

  private onInputReply(msg: Message): void {
    const p = this.pendingInput;
    this.pendingInput = null;
    if (p) p.resolve(typeof msg.content.value === "string" ? msg.content.value : "");
  }

  // ---- shell ---------------------------------------------------------------------------------------------

  private onShellRequest(msg: Message): void {
    this.queue.push(revive(msg));
    const w = this.wake;
    this.wake = null;
    w?.();
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
        // ipykernel 6's _send_abort_reply: content is only the status — no execution_count, so front ends show
        // `In [ ]:` on a cell that never ran rather than the failed cell's number.
        this.reply(msg, "execute_reply", { status: "aborted" }, { started: new Date().toISOString(), status: "aborted" });
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

  // ---- the io worker -------------------------------------------------------------------------------------

  private postToWorker(m: MainToWorker): void {
    if (this.worker) this.worker.postMessage(m);
    else logError(`no io worker to send ${typeof m === "string" ? "stream text" : m.type === "send" ? m.msgType : m.type}`);
  }

  // ---- process, worker, shutdown -------------------------------------------------------------------------

  private installProcessHandlers(): void {
    process.on("SIGINT", () => {
      noteSigint();
      try {
        this.interpreter.interrupt();
      } catch (e) {
        logError("interrupt failed:", e);
      }
    });
    const report = (what: string) => (e: unknown) => {
      logError(what, e);
      const parent = this.lastParent;
      if (parent && e instanceof Error && e.name === "KeyboardInterrupt") {
        // An interrupt that stopped code outside any cell (a timer callback after its cell ended): shown as the
        // error it is, on the latest request's output, like a cell's KeyboardInterrupt.
        this.publish("error", errorFromThrown(e), parent);
      } else if (parent) {
        const text = `${what} ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`;
        this.io.stream(JSON.stringify(parent.header), "stderr", text);
      }
    };
    process.on("uncaughtException", report("Uncaught exception:"));
    process.on("unhandledRejection", report("Unhandled promise rejection:"));
  }

  private async startWorker(): Promise<void> {
    const data: IoWorkerData = {
      info: this.info, session: this.session, kernelInfo: this.kernelInfoSafe(), cellRunning: cellRunning.buffer as SharedArrayBuffer,
      heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
    };
    const worker = new Worker(path.join(__dirname, "io-worker.js"), { workerData: data });
    this.worker = worker;
    worker.on("error", (e) => logError("io worker failed:", e));
    await new Promise<void>((resolve, reject) => {
      worker.on("exit", (code) => {
        reject(new Error(`io worker exited (code ${code}) before it was ready`));
        if (this.stopping) return;
        // Without its sockets the kernel can neither hear nor answer: end, and let the client notice.
        logError(`io worker exited unexpectedly (code ${code}); stopping the kernel`);
        this.stopping = true;
        this.exit(1);
      });
      worker.on("message", (m: WorkerToMain) => {
        if (m.type === "shell") this.onShellRequest(m.msg);
        else if (m.type === "stdin") this.onInputReply(m.msg);
        else if (m.type === "ready") resolve();
        else if (m.type === "ping") worker.postMessage({ type: "pong", id: m.id } satisfies MainToWorker);
        else if (m.type === "shutdown") void this.stop(m.restart);
        else if (m.type === "bind-error") reject(new Error(m.message));
      });
    });
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
    const worker = this.worker;
    if (worker) {
      // The worker sends what it was handed (up to 500 ms), cancels its last-resort kill timer and closes the
      // sockets (lingering 200 ms) before the process exits.
      const stopped = new Promise<void>((resolve) => worker.on("message", (m: WorkerToMain) => m.type === "stopped" && resolve()));
      worker.postMessage({ type: "stop" } satisfies MainToWorker);
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 1000))]);
      worker.unref();
    }
    this.exit(0);
  }
}
