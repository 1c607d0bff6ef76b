/**
 * Connection files and socket plumbing. zeromq 6 allows one send in flight per socket, so every socket's sends go
 * through a SendQueue that serializes them and loses nothing.
 */
import * as fs from "fs";
import * as zmq from "zeromq";

/** The fields of a Jupyter connection file this kernel uses. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

/**
 * Read and check a connection file.
 * @param file path of the JSON connection file written by the Jupyter client.
 * @example const info = readConnectionFile("/tmp/kernel-1.json");
 */
export function readConnectionFile(file: string): ConnectionInfo {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const info: ConnectionInfo = {
    transport: typeof raw.transport === "string" ? raw.transport : "tcp",
    ip: typeof raw.ip === "string" ? raw.ip : "127.0.0.1",
    shell_port: Number(raw.shell_port),
    iopub_port: Number(raw.iopub_port),
    stdin_port: Number(raw.stdin_port),
    control_port: Number(raw.control_port),
    hb_port: Number(raw.hb_port),
    key: typeof raw.key === "string" ? raw.key : "",
    signature_scheme: typeof raw.signature_scheme === "string" ? raw.signature_scheme : "hmac-sha256",
  };
  for (const p of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const) {
    if (!Number.isInteger(info[p]) || info[p] < 0) {
      throw new Error(`connection file ${file}: ${p} must be a port number, received ${JSON.stringify(raw[p])}`);
    }
  }
  return info;
}

/**
 * The endpoint for one port: tcp://ip:port, or ipc://ip-port as Jupyter names ipc endpoints.
 * @param info the connection info.
 * @param port the port number.
 * @example endpoint(info, info.shell_port) // "tcp://127.0.0.1:53001"
 */
export function endpoint(info: ConnectionInfo, port: number): string {
  if (info.transport === "ipc") return `ipc://${info.ip}-${port}`;
  const ip = info.ip === "*" || info.ip === "" ? "0.0.0.0" : info.ip;
  return `${info.transport}://${ip}:${port}`;
}

/** Write a log line straight to fd 2, bypassing any patched process.stderr (the interpreter may capture it). */
export function logError(...parts: unknown[]): void {
  const text = parts.map((p) => (p instanceof Error ? p.stack ?? p.message : String(p))).join(" ");
  try {
    fs.writeSync(2, `[typelearn kernel] ${text}\n`);
  } catch {
    // stderr closed: nothing more to do
  }
}

/** A socket that can send multipart messages. */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
}

/**
 * Serializes sends on one socket: `push` never throws and never waits; frames go out in push order.
 * With `sendTimeout = 0` and no high-water mark (see tuneSocket) zeromq hands a message to its I/O thread inside
 * the `send` call itself. Should a send report the socket busy, it and everything after it wait in the queue and
 * are sent asynchronously (by the io worker's event loop, which user code never blocks).
 * @example
 * const q = new SendQueue(iopub);
 * q.push(frames);
 * await q.drained();
 */
export class SendQueue {
  private readonly pending: Buffer[][] = [];
  private running = false;
  private waiters: (() => void)[] = [];
  private closed = false;
  private inflight: Promise<unknown> = Promise.resolve();

  /** @param socket the socket to send on (anything with an async multipart `send`). */
  constructor(private readonly socket: Sendable) {}

  /**
   * Queue frames for sending.
   * @param frames the encoded message.
   * @example q.push(encode(msg, signer))
   */
  push(frames: Buffer[]): void {
    if (this.closed) return;
    if (this.running || this.pending.length > 0) {
      this.pending.push(frames);
      return;
    }
    try {
      const p = this.socket.send(frames);
      this.inflight = p.catch((e) => logError("send failed:", e));
    } catch (e) {
      // "Socket is busy writing" (thrown synchronously): keep the order by queueing from here on.
      this.pending.push(frames);
      void this.run();
    }
  }

  /** Number of messages not yet handed to zeromq. */
  get size(): number {
    return this.pending.length;
  }

  /** Resolves when everything pushed so far has been handed to zeromq. */
  async drained(): Promise<void> {
    await this.inflight;
    if (!this.running && this.pending.length === 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Stop sending; pending messages are discarded. */
  close(): void {
    this.closed = true;
    this.pending.length = 0;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.inflight;
      while (this.pending.length > 0 && !this.closed) {
        const frames = this.pending[0];
        try {
          await this.socket.send(frames);
          this.pending.shift();
        } catch (e) {
          if ((e as { code?: string }).code === "EBUSY") {
            await new Promise((r) => setTimeout(r, 1));
          } else {
            this.pending.shift();
            logError("send failed:", e);
          }
        }
      }
    } finally {
      this.running = false;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }
}

/** Socket options every kernel socket gets: no high-water mark (never drop on a slow peer), sends that complete
 * inside the call (sendTimeout 0), a bounded linger at exit. */
export function tuneSocket(s: zmq.Socket): void {
  const w = s as zmq.Socket & { sendHighWaterMark?: number; receiveHighWaterMark?: number; sendTimeout?: number };
  if ("sendHighWaterMark" in w) w.sendHighWaterMark = 0;
  if ("sendTimeout" in w) w.sendTimeout = 0;
  if ("receiveHighWaterMark" in w) w.receiveHighWaterMark = 0;
  s.linger = 1000;
}
