/**
 * A small Jupyter client for tests: Dealer (shell, control, stdin), Subscriber (iopub) and Request (heartbeat)
 * sockets, signed messages, and waiting for replies with timeouts.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import * as zmq from "zeromq";
import { decode, encode, makeHeader, Signer, type Message } from "../../../kernel/server/wire";
import type { ConnectionInfo } from "../../../kernel/server/sockets";

/** A channel of the client. */
export type Channel = "shell" | "control" | "iopub" | "stdin";

/** Free TCP ports on 127.0.0.1 (bound to port 0 and released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Write a connection file with fresh ports into a temp dir; returns its path and contents. */
export async function makeConnectionFile(key = crypto.randomUUID()): Promise<{ file: string; info: ConnectionInfo }> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp", ip: "127.0.0.1", shell_port: shell, iopub_port: iopub, stdin_port: stdin,
    control_port: control, hb_port: hb, key, signature_scheme: "hmac-sha256",
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typelearn-conn-"));
  const file = path.join(dir, "kernel.json");
  fs.writeFileSync(file, JSON.stringify(info));
  return { file, info };
}

/** The outcome of `client.execute`. */
export interface ExecuteResult {
  reply: Message;
  /** iopub messages with this request as parent, from busy to idle inclusive. */
  iopub: Message[];
}

/**
 * A test client for one kernel.
 * @example
 * const c = new TestClient(info); await c.connect(); await c.waitReady();
 * const { reply, iopub } = await c.execute("1+1");
 */
export class TestClient {
  readonly session = crypto.randomUUID();
  readonly signer: Signer;
  private readonly identity = `client-${crypto.randomUUID()}`;
  private readonly sockets: Record<Channel, zmq.Dealer | zmq.Subscriber>;
  private readonly hb = new zmq.Request();
  private readonly inbox: Record<Channel, Message[]> = { shell: [], control: [], iopub: [], stdin: [] };
  private waiters: (() => void)[] = [];
  private closed = false;
  private readonly arrivals = new WeakMap<Message, number>();
  /** kernel_info_requests of waitReady that went unanswered in their slice: their late replies are dropped. */
  private readonly staleProbes = new Set<string>();

  constructor(readonly info: ConnectionInfo, key = info.key) {
    this.signer = new Signer(key);
    const sub = new zmq.Subscriber();
    sub.subscribe();
    this.sockets = {
      shell: new zmq.Dealer({ routingId: this.identity }),
      control: new zmq.Dealer({ routingId: `${this.identity}-ctl` }),
      iopub: sub,
      stdin: new zmq.Dealer({ routingId: this.identity }),
    };
    for (const s of [...Object.values(this.sockets), this.hb]) s.linger = 0;
  }

  /** Connect every socket and start receiving. */
  connect(): void {
    const url = (port: number) => `tcp://${this.info.ip}:${port}`;
    this.sockets.shell.connect(url(this.info.shell_port));
    this.sockets.control.connect(url(this.info.control_port));
    this.sockets.iopub.connect(url(this.info.iopub_port));
    this.sockets.stdin.connect(url(this.info.stdin_port));
    this.hb.connect(url(this.info.hb_port));
    for (const ch of Object.keys(this.sockets) as Channel[]) void this.receive(ch);
  }

  private async receive(ch: Channel): Promise<void> {
    try {
      for await (const frames of this.sockets[ch]) {
        try {
          const msg = decode(frames as Buffer[], new Signer(this.info.key));
          const parent = (msg.parent_header as { msg_id?: string }).msg_id;
          // A loaded machine answers a readiness probe after waitReady gave up on it and sent another.
          if (parent !== undefined && this.staleProbes.has(parent)) continue;
          this.arrivals.set(msg, Date.now());
          this.inbox[ch].push(msg);
        } catch (e) {
          this.inbox[ch].push({ identities: [], header: { msg_type: "__bad__", msg_id: "", session: "", username: "", date: "", version: "" }, parent_header: {}, metadata: {}, content: { error: String(e) }, buffers: [] });
        }
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
      }
    } catch {
      // socket closed
    }
  }

  /** Send a request; returns the sent message (its header.msg_id identifies replies). */
  send(ch: Exclude<Channel, "iopub">, msgType: string, content: Record<string, unknown>): Message {
    const msg: Message = { identities: [], header: makeHeader(msgType, this.session, "test"), parent_header: {}, metadata: {}, content, buffers: [] };
    void (this.sockets[ch] as zmq.Dealer).send(encode(msg, this.signer));
    return msg;
  }

  /** Send raw frames on a channel (for malformed / badly signed messages). */
  async sendFrames(ch: Exclude<Channel, "iopub">, frames: Buffer[]): Promise<void> {
    await (this.sockets[ch] as zmq.Dealer).send(frames);
  }

  /** When (Date.now(), client side) a received message arrived. */
  arrivedAt(m: Message): number {
    const t = this.arrivals.get(m);
    if (t === undefined) throw new Error(`${m.header.msg_type} was not received by this client`);
    return t;
  }

  /** Everything received so far on a channel. */
  received(ch: Channel): Message[] {
    return this.inbox[ch];
  }

  /** Wait until `pred` holds for a received message (removing and returning it). */
  async waitFor(ch: Channel, pred: (m: Message) => boolean, timeoutMs = 10000, what = "message", remove = true): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox[ch].findIndex(pred);
      if (i >= 0) return remove ? this.inbox[ch].splice(i, 1)[0] : this.inbox[ch][i];
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${ch}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The reply to `req` on its channel. */
  reply(ch: Exclude<Channel, "iopub">, req: Message, timeoutMs = 10000): Promise<Message> {
    return this.waitFor(ch, (m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id, timeoutMs, `reply to ${req.header.msg_type}`);
  }

  /** All iopub messages of `req` from busy to idle (waits for idle). */
  async iopubOf(req: Message, timeoutMs = 10000): Promise<Message[]> {
    const id = req.header.msg_id;
    await this.waitFor("iopub", (m) => (m.parent_header as { msg_id?: string }).msg_id === id && m.header.msg_type === "status" && m.content.execution_state === "idle", timeoutMs, `idle of ${req.header.msg_type}`, false);
    const mine = this.inbox.iopub.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === id);
    this.inbox.iopub = this.inbox.iopub.filter((m) => (m.parent_header as { msg_id?: string }).msg_id !== id);
    return mine;
  }

  /** Send an execute_request and wait for its reply and its iopub messages. */
  async execute(code: string, opts: Record<string, unknown> = {}, timeoutMs = 10000): Promise<ExecuteResult> {
    const req = this.send("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...opts });
    const reply = await this.reply("shell", req, timeoutMs);
    const iopub = await this.iopubOf(req, timeoutMs);
    return { reply, iopub };
  }

  /** Send kernel_info_request until iopub delivers (the subscription is live) and shell replies. */
  async waitReady(timeoutMs = 15000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const req = this.send("shell", "kernel_info_request", {});
      try {
        const reply = await this.reply("shell", req, Math.max(100, Math.min(2000, deadline - Date.now())));
        await this.waitFor("iopub", (m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id && m.content.execution_state === "idle", 300);
        this.inbox.iopub.length = 0;
        return reply;
      } catch (e) {
        this.staleProbes.add(req.header.msg_id);
        if (Date.now() > deadline) throw e;
      }
    }
  }

  /** One heartbeat round trip; resolves with the echoed bytes. */
  async ping(payload = "ping", timeoutMs = 3000): Promise<string> {
    await this.hb.send(payload);
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("heartbeat timed out")), timeoutMs));
    const [echo] = await Promise.race([this.hb.receive(), timer]);
    return echo.toString();
  }

  /** Close every socket. */
  close(): void {
    this.closed = true;
    for (const s of [...Object.values(this.sockets), this.hb]) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
}
