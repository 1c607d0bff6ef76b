/**
 * What the main thread and the io worker (io-worker.ts) say to each other. The worker owns every socket; the main
 * thread runs user code and hands the worker each outgoing message as JSON text, in order, with a synchronous
 * postMessage — so output written while user code blocks the main thread still leaves the process at once.
 */
import type { ConnectionInfo } from "./sockets";
import type { Header, Message } from "./wire";
import { logError } from "./sockets";

/** The channels the main thread sends on (control and heartbeat are the worker's own). */
export type OutChannel = "shell" | "iopub" | "stdin";

/** One message to send: the worker adds the header (and, on iopub, the topic), signs and sends. */
export interface OutMessage {
  type: "send";
  channel: OutChannel;
  /** Routing identities of the request answered (shell, stdin); empty on iopub. */
  identities: Uint8Array[];
  msgType: string;
  /** parent_header, metadata and content as JSON text. */
  parent: string;
  metadata: string;
  content: string;
}

/**
 * Where the stream text that follows goes. Text itself crosses as bare strings (the cheapest thing to post: a cell
 * may print 100 000 lines); the worker coalesces consecutive text into few `stream` messages.
 */
export interface StreamTarget {
  type: "stream-target";
  /** The parent header as JSON text. */
  parent: string;
  name: "stdout" | "stderr";
}

/** Messages from the main thread to the io worker; a bare string is text for the current StreamTarget. */
export type MainToWorker = OutMessage | StreamTarget | string | { type: "stop" } | { type: "pong"; id: number };

/** Messages from the io worker to the main thread. */
export type WorkerToMain =
  | { type: "ready" }
  | { type: "stopped" }
  | { type: "bind-error"; message: string }
  | { type: "shutdown"; restart: boolean }
  | { type: "ping"; id: number }
  | { type: "shell"; msg: Message }
  | { type: "stdin"; msg: Message };

/** What the main thread passes to the io worker. */
export interface IoWorkerData {
  info: ConnectionInfo;
  session: string;
  /** The complete kernel_info_reply content (control answers it without asking the main thread). */
  kernelInfo: Record<string, unknown>;
  /** kernel/server/busy.ts's flags: 1 while a cell executes, cell count, heap stop. */
  cellRunning: SharedArrayBuffer;
  /** The main isolate's v8 heap_size_limit (heap-watch.ts stops a cell before it is reached). */
  heapSizeLimit: number;
}

/**
 * The main thread's side: serializes each message (so a value that cannot be sent is reported here, where it was
 * made) and posts it to the io worker. Never blocks, never throws.
 * @example
 * const io = new IoClient((m) => worker.postMessage(m));
 * io.send("iopub", "status", req.header, { execution_state: "busy" });
 */
export class IoClient {
  private target: StreamTarget | null = null;

  /** @param post hands one message to the worker (worker.postMessage). */
  constructor(private readonly post: (m: MainToWorker) => void) {}

  /**
   * Send a message on a channel, after everything handed over before it.
   * @param channel shell, iopub or stdin.
   * @param msgType the message type.
   * @param parent the parent header ({} for none).
   * @param content the content object (serialized with JSON.stringify).
   * @param metadata the metadata object.
   * @param identities routing identities for shell and stdin.
   * @example io.send("shell", "execute_reply", req.header, { status: "ok" }, {}, req.identities)
   */
  send(channel: OutChannel, msgType: string, parent: Header | Record<string, never>, content: Record<string, unknown>,
    metadata: Record<string, unknown> = {}, identities: readonly Uint8Array[] = []): void {
    let json: [string, string, string];
    try {
      json = [JSON.stringify(parent), JSON.stringify(metadata), JSON.stringify(content)];
    } catch (e) {
      // e.g. a display bundle holding a BigInt or a cycle: say so instead of losing the message silently.
      logError(`cannot encode ${msgType}:`, (e as Error).message);
      if (msgType === "stream") return;
      const text = `[kernel] cannot send ${msgType}: ${(e as Error).message}\n`;
      this.send("iopub", "stream", parent, { name: "stderr", text });
      return;
    }
    this.postSafe({ type: "send", channel, identities: [...identities], msgType, parent: json[0], metadata: json[1], content: json[2] });
  }

  /**
   * Hand over text written to a stream; consecutive chunks become one `stream` message in the worker.
   * @param parent the parent header as JSON text.
   * @param name stdout or stderr.
   * @param text the text written.
   * @example io.stream(JSON.stringify(req.header), "stdout", "hi\n")
   */
  stream(parent: string, name: "stdout" | "stderr", text: string): void {
    if (text.length === 0) return;
    const t = this.target;
    if (t === null || t.name !== name || t.parent !== parent) {
      this.target = { type: "stream-target", parent, name };
      this.postSafe(this.target);
    }
    this.postSafe(text);
  }

  private postSafe(m: MainToWorker): void {
    try {
      this.post(m);
    } catch (e) {
      logError(`cannot hand ${typeof m === "string" ? "stream text" : m.type} to the io worker:`, (e as Error)?.message ?? e);
    }
  }
}

/** Buffers of a message that crossed a thread boundary (structured clone turns Buffers into Uint8Arrays). */
export function revive(msg: Message): Message {
  const buf = (u: Uint8Array) => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
  return { ...msg, identities: msg.identities.map(buf), buffers: msg.buffers.map(buf) };
}
