/**
 * Unit tests of the server's parts: wire format and signing, history queries, stream coalescing, the send queue.
 */
import { strict as assert } from "assert";
import * as crypto from "crypto";
import { decode, encode, makeHeader, Signer, DELIMITER, type Message } from "../../kernel/server/wire";
import { History, globToRegExp } from "../../kernel/server/history";
import { StreamCoalescer } from "../../kernel/server/stream";
import { SendQueue } from "../../kernel/server/sockets";

function sample(): Message {
  return { identities: [Buffer.from("id-1"), Buffer.from("id-2")], header: makeHeader("execute_request", "sess"), parent_header: {}, metadata: { m: 1 }, content: { code: "1+1", ü: "ünïcode" }, buffers: [Buffer.from([1, 2, 3])] };
}

describe("wire", () => {
  it("signs with HMAC-SHA256 over header, parent, metadata, content and round-trips", () => {
    const s = new Signer("secret-key");
    const msg = sample();
    const frames = encode(msg, s);
    assert.equal(frames[2].toString(), DELIMITER);
    const expected = crypto.createHmac("sha256", "secret-key").update(frames[4]).update(frames[5]).update(frames[6]).update(frames[7]).digest("hex");
    assert.equal(frames[3].toString(), expected);
    const back = decode(frames, s);
    assert.deepEqual(back.identities.map(String), ["id-1", "id-2"]);
    assert.deepEqual(back.header, msg.header);
    assert.deepEqual(back.content, msg.content);
    assert.deepEqual(back.metadata, msg.metadata);
    assert.deepEqual([...back.buffers[0]], [1, 2, 3]);
  });

  it("rejects a bad or missing signature and tampered content", () => {
    const s = new Signer("k");
    const frames = encode(sample(), s);
    assert.throws(() => decode(frames, new Signer("other")), /signature/);
    const noSig = frames.slice();
    noSig[3] = Buffer.from("");
    assert.throws(() => decode(noSig, s), /signature/);
    const tampered = frames.slice();
    tampered[7] = Buffer.from(JSON.stringify({ code: "evil()" }));
    assert.throws(() => decode(tampered, s), /signature/);
  });

  it("does not sign with an empty key, and accepts any signature then", () => {
    const s = new Signer("");
    const frames = encode(sample(), s);
    assert.equal(frames[3].length, 0);
    assert.equal(decode(frames, s).header.msg_type, "execute_request");
  });

  it("rejects malformed messages with a reason", () => {
    const s = new Signer("");
    assert.throws(() => decode([Buffer.from("x")], s), /delimiter/);
    assert.throws(() => decode([Buffer.from(DELIMITER), Buffer.from(""), Buffer.from("{}")], s), /at least 5 frames/);
    const bad = [Buffer.from(DELIMITER), Buffer.from(""), Buffer.from("{not json"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")];
    assert.throws(() => decode(bad, s), /header is not valid JSON/);
    assert.throws(() => new Signer("k", "hmac-md5"), /signature_scheme/);
  });

  it("makes unique headers with ISO dates and version 5.3", () => {
    const a = makeHeader("status", "s");
    const b = makeHeader("status", "s");
    assert.notEqual(a.msg_id, b.msg_id);
    assert.equal(a.version, "5.3");
    assert.equal(new Date(a.date).toISOString(), a.date);
  });
});

describe("history", () => {
  const h = new History(1);
  ["a = 1", "6*7", "print(a)", "6*7", "b = 2"].forEach((code, i) => h.add(i + 1, code, code === "6*7" ? "42" : null));

  it("tail returns the last n rows, with outputs on request", () => {
    assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [[1, 4, "6*7"], [1, 5, "b = 2"]]);
    assert.deepEqual(h.query({ hist_access_type: "tail", n: 1, output: true }), [[1, 5, ["b = 2", null]]]);
    assert.deepEqual(h.query({ hist_access_type: "tail", n: 0 }), []);
  });

  it("range selects lines [start, stop) of this session (0 = current)", () => {
    assert.deepEqual(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 4 }).map((r) => r[1]), [2, 3]);
    assert.deepEqual(h.query({ hist_access_type: "range", session: 0, start: 4 }).map((r) => r[1]), [4, 5]);
    assert.deepEqual(h.query({ hist_access_type: "range", session: 7, start: 1 }), []);
  });

  it("search matches a glob over the whole input, with unique and n", () => {
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6?7" }).map((r) => r[1]), [2, 4]);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6?7", unique: true }).map((r) => r[1]), [4]);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "*=*", n: 1 }).map((r) => r[1]), [5]);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6" }), []);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "*", output: true, n: 1 })[0][2], ["b = 2", null]);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6*7", output: true, n: 1 })[0][2], ["6*7", "42"]);
  });

  it("globToRegExp escapes regex characters and supports classes", () => {
    assert.ok(globToRegExp("a.b").test("a.b"));
    assert.ok(!globToRegExp("a.b").test("axb"));
    assert.ok(globToRegExp("x[0-9]").test("x7"));
    assert.ok(!globToRegExp("x[0-9]").test("xa"));
    assert.ok(globToRegExp("(*)").test("(anything)"));
  });

  it("rejects an unknown hist_access_type naming it", () => {
    assert.throws(() => h.query({ hist_access_type: "sideways" }), /hist_access_type.*sideways/);
  });
});

describe("StreamCoalescer", () => {
  it("coalesces writes into one message per stream run and keeps stdout/stderr interleaving", () => {
    const out: [string, string][] = [];
    const c = new StreamCoalescer((n, t) => out.push([n, t]));
    c.write("stdout", "a");
    c.write("stdout", "b");
    c.write("stderr", "E");
    c.write("stdout", "c");
    assert.deepEqual(out, [["stdout", "ab"], ["stderr", "E"]]);
    c.flush();
    assert.deepEqual(out, [["stdout", "ab"], ["stderr", "E"], ["stdout", "c"]]);
    c.flush();
    assert.equal(out.length, 3, "flushing an empty buffer sends nothing");
  });

  it("flushes when the timer fires", async () => {
    const out: string[] = [];
    const c = new StreamCoalescer((_, t) => out.push(t), { delayMs: 5 });
    c.write("stdout", "x");
    assert.deepEqual(out, []);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(out, ["x"]);
  });

  it("flushes at the size limit without losing text", () => {
    const out: string[] = [];
    const c = new StreamCoalescer((_, t) => out.push(t), { maxChars: 100 });
    for (let i = 0; i < 1000; i++) c.write("stdout", `${i}\n`);
    c.flush();
    assert.ok(out.length > 10 && out.length < 100);
    assert.equal(out.join(""), Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(""));
  });
});

describe("SendQueue", () => {
  it("sends in order and queues when the socket reports busy", async () => {
    const sent: string[] = [];
    let busyOnce = true;
    let release: () => void = () => undefined;
    const socket = {
      send(frames: Buffer[]): Promise<void> {
        const label = frames[0].toString();
        if (label === "slow") {
          sent.push(label);
          return new Promise<void>((r) => (release = r));
        }
        if (busyOnce && label === "b") {
          busyOnce = false;
          const e = new Error("Socket is busy writing") as Error & { code: string };
          e.code = "EBUSY";
          throw e;
        }
        sent.push(label);
        return Promise.resolve();
      },
    };
    const q = new SendQueue(socket);
    q.push([Buffer.from("a")]);
    assert.deepEqual(sent, ["a"], "sent synchronously when idle");
    q.push([Buffer.from("b")]);
    q.push([Buffer.from("slow")]);
    q.push([Buffer.from("c")]);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sent, ["a", "b", "slow"]);
    release();
    await q.drained();
    assert.deepEqual(sent, ["a", "b", "slow", "c"]);
  });
});
