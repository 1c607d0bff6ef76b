/**
 * Unit tests of the io worker's sending side (Outbox) and the main thread's IoClient, with fake sockets: order
 * across channels, stream coalescing, iopub topics and signatures, serialization failures.
 */
import { strict as assert } from "assert";
import { decode, makeHeader, Signer, type Message } from "../../kernel/server/wire";
import { Outbox } from "../../kernel/server/outbox";
import { IoClient, revive, type MainToWorker, type OutMessage } from "../../kernel/server/io-protocol";

/** Fake sockets that record every message sent, in one log shared by all channels. */
function fakeSockets(signer: Signer) {
  const log: { channel: string; topic: string; msg: Message }[] = [];
  const sock = (channel: string) => ({
    async send(frames: Buffer[]): Promise<void> {
      const msg = decode(frames, signer);
      log.push({ channel, topic: msg.identities.map(String).join(","), msg });
    },
  });
  return { log, sockets: { shell: sock("shell"), iopub: sock("iopub"), stdin: sock("stdin") } };
}

describe("Outbox (io worker side)", () => {
  const signer = new Signer("k3y");
  const parentA = JSON.stringify(makeHeader("execute_request", "client"));
  const parentB = JSON.stringify(makeHeader("execute_request", "client"));
  /** An outbox fed by an IoClient, as the main thread feeds the worker. */
  function outbox(sockets: ReturnType<typeof fakeSockets>["sockets"], delayMs: number) {
    const out = new Outbox(sockets, signer, "sess", { delayMs });
    const io = new IoClient((m) => {
      if (typeof m === "string" || m.type === "send" || m.type === "stream-target") out.handle(m);
    });
    return { out, chunk: (parent: string, name: "stdout" | "stderr", text: string) => io.stream(parent, name, text) };
  }
  const send = (channel: OutMessage["channel"], msgType: string, parent: string, content: object, identities: Uint8Array[] = []): OutMessage =>
    ({ type: "send", channel, identities, msgType, parent, metadata: "{}", content: JSON.stringify(content) });

  it("sends pending stream text before any later message, on any channel, and keeps the handed-over order", async () => {
    const { log, sockets } = fakeSockets(signer);
    const { out, chunk } = outbox(sockets, 10000);
    out.handle(send("iopub", "status", parentA, { execution_state: "busy" }));
    chunk(parentA, "stdout", "a");
    chunk(parentA, "stdout", "b\n");
    chunk(parentA, "stderr", "warn\n");
    chunk(parentA, "stdout", "c\n");
    out.handle(send("iopub", "display_data", parentA, { data: { "text/plain": "x" }, metadata: {}, transient: {} }));
    chunk(parentA, "stdout", "d\n");
    out.handle(send("shell", "execute_reply", parentA, { status: "ok" }, [Buffer.from("client-1")]));
    out.handle(send("iopub", "status", parentA, { execution_state: "idle" }));
    await out.drained();
    assert.deepEqual(log.map((e) => `${e.channel}:${e.msg.header.msg_type}`), [
      "iopub:status", "iopub:stream", "iopub:stream", "iopub:stream", "iopub:display_data", "iopub:stream", "shell:execute_reply", "iopub:status",
    ]);
    assert.deepEqual(log.filter((e) => e.msg.header.msg_type === "stream").map((e) => [e.msg.content.name, e.msg.content.text]),
      [["stdout", "ab\n"], ["stderr", "warn\n"], ["stdout", "c\n"], ["stdout", "d\n"]]);
    assert.equal(log[6].topic, "client-1", "shell replies are routed to the requester");
    assert.equal(log[0].topic, "kernel.sess.status", "iopub messages carry a topic");
    for (const e of log) {
      assert.equal(e.msg.header.session, "sess");
      assert.equal((e.msg.parent_header as { msg_id: string }).msg_id, JSON.parse(parentA).msg_id);
    }
  });

  it("does not merge stream text of different requests", async () => {
    const { log, sockets } = fakeSockets(signer);
    const { out, chunk } = outbox(sockets, 10000);
    chunk(parentA, "stdout", "late output of A\n");
    chunk(parentB, "stdout", "B\n");
    out.flush();
    await out.drained();
    assert.deepEqual(log.map((e) => [JSON.parse(JSON.stringify(e.msg.parent_header)).msg_id, e.msg.content.text]),
      [[JSON.parse(parentA).msg_id, "late output of A\n"], [JSON.parse(parentB).msg_id, "B\n"]]);
  });

  it("flushes stream text on its own timer", async () => {
    const { log, sockets } = fakeSockets(signer);
    const { out, chunk } = outbox(sockets, 5);
    for (let i = 0; i < 100; i++) chunk(parentA, "stdout", `${i}\n`);
    assert.equal(log.length, 0, "coalesced, not sent per chunk");
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(log.length, 1);
    assert.equal(log[0].msg.content.text, Array.from({ length: 100 }, (_, i) => `${i}\n`).join(""));
  });

  it("publishes its own messages (status, shutdown_reply) after pending text", async () => {
    const { log, sockets } = fakeSockets(signer);
    const { out, chunk } = outbox(sockets, 10000);
    chunk(parentA, "stdout", "last words\n");
    out.publish("shutdown_reply", JSON.parse(parentB), { status: "ok", restart: false });
    await out.drained();
    assert.deepEqual(log.map((e) => e.msg.header.msg_type), ["stream", "shutdown_reply"]);
    assert.deepEqual(log[1].msg.content, { status: "ok", restart: false });
  });
});

describe("IoClient (main thread side)", () => {
  it("serializes content on the main thread and posts it in order", () => {
    const posted: MainToWorker[] = [];
    const io = new IoClient((m) => posted.push(m));
    const parent = makeHeader("execute_request", "client");
    io.send("iopub", "status", parent, { execution_state: "busy" });
    io.stream(JSON.stringify(parent), "stdout", "");
    io.stream(JSON.stringify(parent), "stdout", "hi\n");
    io.stream(JSON.stringify(parent), "stdout", "more\n");
    io.stream(JSON.stringify(parent), "stderr", "err\n");
    io.send("shell", "execute_reply", parent, { status: "ok" }, { m: 1 }, [Buffer.from("id")]);
    assert.deepEqual(posted.map((m) => (typeof m === "string" ? m : m.type)),
      ["send", "stream-target", "hi\n", "more\n", "stream-target", "err\n", "send"], "text crosses as bare strings; empty text is not posted");
    const reply = posted[6] as OutMessage;
    assert.equal(reply.channel, "shell");
    assert.deepEqual(JSON.parse(reply.parent), parent);
    assert.deepEqual(JSON.parse(reply.metadata), { m: 1 });
    assert.equal(Buffer.from(reply.identities[0]).toString(), "id");
  });

  it("turns a message that cannot be serialized into a stderr report on iopub", () => {
    const posted: MainToWorker[] = [];
    const io = new IoClient((m) => posted.push(m));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    io.send("iopub", "display_data", {}, { data: { "text/plain": "x", "application/json": { n: BigInt(1) } } });
    io.send("iopub", "display_data", {}, { data: cyclic });
    assert.equal(posted.length, 2);
    for (const m of posted as OutMessage[]) {
      assert.equal(m.msgType, "stream");
      const content = JSON.parse(m.content) as { name: string; text: string };
      assert.equal(content.name, "stderr");
      assert.match(content.text, /cannot send display_data/);
    }
  });

  it("never throws when the worker is gone", () => {
    const io = new IoClient(() => {
      throw new Error("port closed");
    });
    assert.doesNotThrow(() => io.send("iopub", "status", {}, { execution_state: "idle" }));
  });

  it("revive turns cloned Uint8Arrays back into Buffers", () => {
    const msg: Message = { identities: [new Uint8Array([104, 105]) as Buffer], header: makeHeader("x", "s"), parent_header: {}, metadata: {}, content: {}, buffers: [new Uint8Array([1]) as Buffer] };
    const back = revive(msg);
    assert.ok(Buffer.isBuffer(back.identities[0]));
    assert.equal(back.identities[0].toString(), "hi");
    assert.ok(Buffer.isBuffer(back.buffers[0]));
  });
});
