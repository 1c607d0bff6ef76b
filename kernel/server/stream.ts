/**
 * Coalesces stdout/stderr writes into few `stream` messages. A cell that calls console.log 3000 times in a loop
 * should produce a handful of messages, not 3000, and nothing may be lost or reordered. It runs in the io worker
 * (outbox.ts), so its timer fires even while user code blocks the main thread.
 */

/** Stream names the protocol knows. */
export type StreamName = "stdout" | "stderr";

/** Tunables for StreamCoalescer. */
export interface CoalescerOptions {
  /** Milliseconds between the first buffered write and the flush. */
  delayMs?: number;
  /** Flush as soon as the buffered text reaches this many characters. */
  maxChars?: number;
}

/**
 * Buffers text per stream and hands it on as one message when a short timer fires, when the buffer is large, when
 * the other stream is written (so stdout/stderr interleaving is kept), or when `flush()` is called before any
 * other message of the same request.
 * @example
 * const c = new StreamCoalescer((name, text) => publishStream(name, text));
 * c.write("stdout", "hi\n");
 * c.flush();
 */
export class StreamCoalescer {
  private name: StreamName | null = null;
  private parts: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly delayMs: number;
  private readonly maxChars: number;

  /**
   * @param emit receives one coalesced chunk per call.
   * @param options delay (default 20 ms) and size limit (default 65536 characters).
   */
  constructor(private readonly emit: (name: StreamName, text: string) => void, options: CoalescerOptions = {}) {
    this.delayMs = options.delayMs ?? 20;
    this.maxChars = options.maxChars ?? 65536;
  }

  /**
   * Buffer text written to a stream.
   * @param name "stdout" or "stderr".
   * @param text the text written.
   * @example c.write("stderr", "warning\n")
   */
  write(name: StreamName, text: string): void {
    if (text.length === 0) return;
    if (this.name !== null && this.name !== name) this.flush();
    this.name = name;
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= this.maxChars) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
      this.timer.unref?.();
    }
  }

  /** Emit everything buffered now. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.name === null || this.parts.length === 0) return;
    const name = this.name;
    const text = this.parts.join("");
    this.name = null;
    this.parts = [];
    this.chars = 0;
    this.emit(name, text);
  }
}
