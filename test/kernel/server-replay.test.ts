/**
 * Replayed messages (issue 18, item 6): a correctly signed request sent again byte for byte is dropped, as
 * jupyter_client's Session drops a duplicate signature. Requests on one channel are answered in order, so once a
 * later request's reply has arrived, a reply to the replay would have arrived before it.
 */
import { strict as assert } from "assert";
import { decode, DigestHistory, encode, makeHeader, Signer, type Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

/** Wait until the kernel's stderr says `re`: its log line travels a pipe of its own, so it may trail the replies
 * (the runner's timeout is the only clock). */
async function stderrSays(k: KernelProcess, re: RegExp): Promise<void> {
  while (!re.test(k.stderr())) await new Promise((r) => setTimeout(r, 20));
}

const parentId = (m: Message) => (m.parent_header as { msg_id?: string }).msg_id;

describe("DigestHistory (wire)", () => {
  const signer = new Signer("replay-key");
  const frames = (code: string) => encode({ header: makeHeader("execute_request", "s"), parent_header: {}, content: { code } }, signer);

  it("decode accepts a message once and rejects the same frames again, naming the duplicate signature", () => {
    const seen = new DigestHistory();
    const f = frames("1");
    assert.equal(decode(f, signer, seen).content.code, "1");
    assert.throws(() => decode(f, signer, seen), /duplicate signature/);
    assert.equal(decode(frames("1"), signer, seen).content.code, "1", "a new message with the same code has a new header");
  });

  it("a forged message does not enter the history", () => {
    const seen = new DigestHistory();
    const f = frames("2");
    assert.throws(() => decode(f, new Signer("wrong"), seen), /invalid HMAC/);
    assert.equal(seen.size, 0);
    assert.doesNotThrow(() => decode(f, signer, seen));
  });

  it("forgets its oldest tenth when full, keeping the newest", () => {
    const seen = new DigestHistory(100);
    for (let i = 0; i <= 100; i++) assert.equal(seen.add(`sig${i}`), true);
    assert.equal(seen.size, 91);
    assert.equal(seen.add("sig100"), false);
    assert.equal(seen.add("sig0"), true, "the oldest was forgotten");
  });

  it("keeps no history for unsigned connections (empty key), as jupyter_client", () => {
    const none = new Signer("");
    const seen = new DigestHistory();
    const f = encode({ header: makeHeader("kernel_info_request", "s"), parent_header: {}, content: {} }, none);
    decode(f, none, seen);
    assert.doesNotThrow(() => decode(f, none, seen));
  });
});

describe("kernel process (fake interpreter): replayed requests", function () {
  this.timeout(30000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("fake");
  });
  after(() => k?.kill());

  it("executes a signed execute_request sent twice byte for byte only once", async () => {
    assert.equal((await k.client.execute("var replayCount = 0")).reply.content.status, "ok");
    const req: Message = {
      identities: [], header: makeHeader("execute_request", k.client.session, "test"), parent_header: {}, metadata: {},
      content: { code: "replayCount += 1", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, buffers: [],
    };
    const frames = encode(req, k.client.signer);
    await k.client.sendFrames("shell", frames);
    await k.client.sendFrames("shell", frames.map((f) => Buffer.from(f)));
    const first = await k.client.reply("shell", req);
    assert.equal(first.content.status, "ok");
    const after = await k.client.execute("replayCount");
    assert.equal((after.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string>)["text/plain"], "1");
    const answers = [...k.client.received("shell"), ...k.client.received("iopub")].filter((m) => parentId(m) === req.header.msg_id);
    assert.ok(!answers.some((m) => m.header.msg_type === "execute_reply"), "no second execute_reply");
    assert.equal(answers.filter((m) => m.header.msg_type === "execute_input").length, 1, "one execute_input");
    await stderrSays(k, /dropped shell message: duplicate signature/);
  });

  it("answers a replayed control request once", async () => {
    const req: Message = { identities: [], header: makeHeader("kernel_info_request", k.client.session, "test"), parent_header: {}, metadata: {}, content: {}, buffers: [] };
    const frames = encode(req, k.client.signer);
    await k.client.sendFrames("control", frames);
    await k.client.sendFrames("control", frames);
    assert.equal((await k.client.reply("control", req)).content.status, "ok");
    const later = k.client.send("control", "kernel_info_request", {});
    assert.equal((await k.client.reply("control", later)).content.status, "ok");
    assert.ok(!k.client.received("control").some((m) => parentId(m) === req.header.msg_id), "no second kernel_info_reply");
    await stderrSays(k, /dropped control message: duplicate signature/);
  });
});
