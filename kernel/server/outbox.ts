/**
 * The io worker's sending side: every message the kernel sends on shell, iopub and stdin passes here, in the order
 * the main thread handed it over. Stream chunks are coalesced (StreamCoalescer, on the worker's own timer, so text
 * printed while the main thread is blocked goes out within milliseconds); any other message first flushes the
 * pending stream text, so no message ever overtakes output written before it.
 */
import { encodeJson, makeHeader, type Header, type Signer } from "./wire";
import { SendQueue, type Sendable } from "./sockets";
import { StreamCoalescer, type CoalescerOptions } from "./stream";
import type { OutChannel, OutMessage, StreamTarget } from "./io-protocol";

/**
 * Signs, frames and queues outgoing messages per socket, coalescing stream text.
 * @example
 * const out = new Outbox({ shell, iopub, stdin }, signer, session);
 * out.handle({ type: "stream-target", parent: "{}", name: "stdout" });
 * out.handle("hi\n");
 * await out.drained();
 */
export class Outbox {
  private readonly queues: Record<OutChannel, SendQueue>;
  private readonly coalescer: StreamCoalescer;
  private streamParent = "{}";
  private streamName: "stdout" | "stderr" = "stdout";

  /**
   * @param sockets the shell, iopub and stdin sockets (anything with an async multipart send).
   * @param signer the connection's signer.
   * @param session the kernel's session id (header.session).
   * @param options stream coalescing delay and size limit.
   */
  constructor(sockets: Record<OutChannel, Sendable>, private readonly signer: Signer, private readonly session: string, options: CoalescerOptions = {}) {
    this.queues = { shell: new SendQueue(sockets.shell), iopub: new SendQueue(sockets.iopub), stdin: new SendQueue(sockets.stdin) };
    this.coalescer = new StreamCoalescer((name, text) =>
      this.emit("iopub", [], "stream", this.streamParent, "{}", JSON.stringify({ name, text })), options);
  }

  /**
   * Take one message from the main thread.
   * @param m a message to send, a stream target, or text for the current target.
   * @example out.handle({ type: "send", channel: "iopub", identities: [], msgType: "status", parent: "{}", metadata: "{}", content: '{"execution_state":"idle"}' })
   */
  handle(m: OutMessage | StreamTarget | string): void {
    if (typeof m === "string") {
      this.coalescer.write(this.streamName, m);
      return;
    }
    if (m.type === "stream-target") {
      // Text of different requests is never merged; stdout/stderr runs are kept apart by the coalescer itself.
      if (m.parent !== this.streamParent) this.coalescer.flush();
      this.streamParent = m.parent;
      this.streamName = m.name;
      return;
    }
    this.coalescer.flush();
    this.emit(m.channel, m.identities, m.msgType, m.parent, m.metadata, m.content);
  }

  /**
   * Publish a message of the worker's own on iopub (status starting, shutdown_reply for a control request).
   * @param msgType the message type.
   * @param parent the parent header ({} for none).
   * @param content the content.
   * @example out.publish("status", {}, { execution_state: "starting" })
   */
  publish(msgType: string, parent: Header | Record<string, never>, content: Record<string, unknown>): void {
    this.coalescer.flush();
    this.emit("iopub", [], msgType, JSON.stringify(parent), "{}", JSON.stringify(content));
  }

  /** Send pending stream text now. */
  flush(): void {
    this.coalescer.flush();
  }

  /** Flush, then resolve when everything so far has been handed to zeromq. */
  async drained(): Promise<void> {
    this.coalescer.flush();
    await Promise.all(Object.values(this.queues).map((q) => q.drained()));
  }

  private emit(channel: OutChannel, identities: readonly Uint8Array[], msgType: string, parent: string, metadata: string, content: string): void {
    const header = JSON.stringify(makeHeader(msgType, this.session));
    const ids = channel === "iopub" ? [Buffer.from(`kernel.${this.session}.${msgType}`)] : identities;
    this.queues[channel].push(encodeJson(ids, [header, parent, metadata, content], this.signer));
  }
}
