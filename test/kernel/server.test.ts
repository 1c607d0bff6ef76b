/**
 * The protocol server against a child kernel process with the fake interpreter: execute flow, signing,
 * ordering under bursts, stop_on_error, history, comms, completion passthrough, unknown requests, heartbeat.
 */
import { strict as assert } from "assert";
import { decode, encode, makeHeader, Signer, type Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

const types = (ms: Message[]) => ms.map((m) => m.header.msg_type);

describe("kernel server (fake interpreter, child process)", function () {
  this.timeout(30000);
  let k: KernelProcess;

  before(async () => {
    k = await startKernelProcess("fake");
  });
  after(() => k?.kill());

  it("answers kernel_info with protocol 5.3 and the interpreter's language_info", async () => {
    const req = k.client.send("shell", "kernel_info_request", {});
    const reply = await k.client.reply("shell", req);
    assert.equal(reply.header.msg_type, "kernel_info_reply");
    assert.equal(reply.header.version, "5.3");
    assert.equal(reply.content.status, "ok");
    assert.equal(reply.content.protocol_version, "5.3");
    assert.equal((reply.content.language_info as { name: string }).name, "typescript");
    assert.equal((reply.parent_header as { msg_id: string }).msg_id, req.header.msg_id);
    const iopub = await k.client.iopubOf(req);
    assert.deepEqual(types(iopub), ["status", "status"]);
    assert.deepEqual(iopub.map((m) => m.content.execution_state), ["busy", "idle"]);
  });

  it("signs every message it sends with the connection key (round trip through decode)", async () => {
    const { reply, iopub } = await k.client.execute("1+1");
    for (const m of [reply, ...iopub]) {
      const frames = encode(m, k.client.signer);
      assert.doesNotThrow(() => decode(frames, k.client.signer));
      assert.throws(() => decode(frames, new Signer("another key")), /signature/);
      assert.equal(m.header.session, reply.header.session, "one session id per kernel");
    }
    const ids = new Set([reply, ...iopub].map((m) => m.header.msg_id));
    assert.equal(ids.size, iopub.length + 1, "msg_id unique");
    assert.ok(!Number.isNaN(Date.parse(reply.header.date)));
  });

  it("runs execute_request in ipykernel's order and counts executions", async () => {
    const first = await k.client.execute("console.log('a'); console.error('b'); display({'text/html': '<b>x</b>'}, 'd1'); updateDisplay({'text/html': 'y'}, 'd1'); clearOutput(true); 6*7");
    assert.deepEqual(types(first.iopub), ["status", "execute_input", "stream", "stream", "display_data", "update_display_data", "clear_output", "execute_result", "status"]);
    const n = first.reply.content.execution_count as number;
    assert.equal(first.iopub[1].content.execution_count, n);
    assert.deepEqual(first.iopub[2].content, { name: "stdout", text: "a\n" });
    assert.deepEqual(first.iopub[3].content, { name: "stderr", text: "b\n" });
    assert.deepEqual(first.iopub[4].content.transient, { display_id: "d1" });
    assert.deepEqual(first.iopub[5].content.transient, { display_id: "d1" });
    assert.equal(first.iopub[6].content.wait, true);
    assert.deepEqual(first.iopub[7].content, { execution_count: n, data: { "text/plain": "42" }, metadata: {} });
    assert.deepEqual(first.reply.content, { status: "ok", execution_count: n, user_expressions: {}, payload: [] });

    const second = await k.client.execute("1", { user_expressions: { a: "1+1" } });
    assert.equal(second.reply.content.execution_count, n + 1);
    assert.deepEqual(second.reply.content.user_expressions, {});
    const silent = await k.client.execute("console.log('quiet'); 5", { silent: true });
    assert.deepEqual(types(silent.iopub), ["status", "stream", "status"], "silent: no execute_input, no execute_result");
    const noHist = await k.client.execute("2", { store_history: false });
    assert.equal(noHist.reply.content.execution_count, n + 1, "store_history false does not count");
    const third = await k.client.execute("3");
    assert.equal(third.reply.content.execution_count, n + 2);
  });

  it("reports errors as an error message and an error execute_reply", async () => {
    const { reply, iopub } = await k.client.execute("throw new TypeError('boom')");
    assert.deepEqual(types(iopub), ["status", "execute_input", "error", "status"]);
    assert.equal(iopub[2].content.ename, "TypeError");
    assert.equal(iopub[2].content.evalue, "boom");
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.ename, "TypeError");
    assert.ok(Array.isArray(reply.content.traceback));
  });

  it("drops a badly signed execute_request and still runs the next good one", async () => {
    const bad: Message = { identities: [], header: makeHeader("execute_request", k.client.session, "test"), parent_header: {}, metadata: {}, content: { code: "console.log('EVIL')", silent: false }, buffers: [] };
    await k.client.sendFrames("shell", encode(bad, new Signer("wrong key")));
    const unsigned = encode(bad, new Signer(""));
    await k.client.sendFrames("shell", unsigned);
    const good = await k.client.execute("'good'");
    assert.equal(good.reply.content.status, "ok");
    await new Promise((r) => setTimeout(r, 100));
    const all = [...k.client.received("iopub"), ...k.client.received("shell"), ...good.iopub];
    assert.ok(!all.some((m) => (m.parent_header as { msg_id?: string }).msg_id === bad.header.msg_id), "no message answers the bad request");
    assert.ok(!all.some((m) => m.content.text === "EVIL\n"), "bad code never ran");
    assert.match(k.stderr(), /invalid HMAC signature/);
  });

  it("delivers a 3000-line burst and 20 queued executes whole and in order", async () => {
    const burst = k.client.send("shell", "execute_request", { code: "for (let i = 0; i < 3000; i++) console.log('line ' + i)", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    const queued = Array.from({ length: 20 }, (_, j) => k.client.send("shell", "execute_request", { code: `console.log('cell ${j}'); ${j}`, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }));
    const burstReply = await k.client.reply("shell", burst, 20000);
    assert.equal(burstReply.content.status, "ok");
    const burstIo = await k.client.iopubOf(burst, 20000);
    const text = burstIo.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("");
    assert.equal(text, Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join(""));
    assert.ok(burstIo.filter((m) => m.header.msg_type === "stream").length < 100, "stream output is coalesced");
    const counts: number[] = [];
    for (let j = 0; j < 20; j++) {
      const r = await k.client.reply("shell", queued[j], 20000);
      const io = await k.client.iopubOf(queued[j], 20000);
      assert.deepEqual(types(io), ["status", "execute_input", "stream", "execute_result", "status"]);
      assert.equal(io[2].content.text, `cell ${j}\n`);
      assert.equal((io[3].content.data as Record<string, string>)["text/plain"], String(j));
      counts.push(r.content.execution_count as number);
    }
    for (let j = 1; j < 20; j++) assert.equal(counts[j], counts[j - 1] + 1);
    const shellOrder = k.client.received("shell");
    assert.equal(shellOrder.length, 0, `no stray replies: ${shellOrder.map((m) => m.header.msg_type).join(", ")}`);
  });

  it("aborts queued execute_requests after an error when stop_on_error is true", async () => {
    const opts = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false };
    const failing = k.client.send("shell", "execute_request", { ...opts, code: "const t = Date.now(); while (Date.now() - t < 200) {} throw new Error('stop')", stop_on_error: true });
    const a = k.client.send("shell", "execute_request", { ...opts, code: "console.log('A ran')", stop_on_error: true });
    const info = k.client.send("shell", "kernel_info_request", {});
    const b = k.client.send("shell", "execute_request", { ...opts, code: "console.log('B ran')", stop_on_error: true });
    assert.equal((await k.client.reply("shell", failing)).content.status, "error");
    const ra = await k.client.reply("shell", a);
    const rb = await k.client.reply("shell", b);
    assert.equal(ra.content.status, "aborted");
    assert.equal(rb.content.status, "aborted");
    assert.equal((await k.client.reply("shell", info)).content.status, "ok", "non-execute requests still run");
    const ioA = await k.client.iopubOf(a);
    assert.deepEqual(types(ioA), ["status", "status"], "aborted: busy/idle only, nothing ran");
    const after = await k.client.execute("'after'");
    assert.equal(after.reply.content.status, "ok", "aborting ends with the queue");

    const failing2 = k.client.send("shell", "execute_request", { ...opts, code: "throw new Error('x')", stop_on_error: false });
    const c = k.client.send("shell", "execute_request", { ...opts, code: "'C'", stop_on_error: true });
    assert.equal((await k.client.reply("shell", failing2)).content.status, "error");
    assert.equal((await k.client.reply("shell", c)).content.status, "ok", "stop_on_error false aborts nothing");
    await k.client.iopubOf(c);
  });

  it("answers history_request tail / range / search from this session", async () => {
    await k.client.execute("'hist-1'");
    await k.client.execute("6*7");
    await k.client.execute("'hist-3'");
    const tail = k.client.send("shell", "history_request", { output: false, raw: true, hist_access_type: "tail", n: 3 });
    const rows = (await k.client.reply("shell", tail)).content.history as [number, number, string][];
    assert.deepEqual(rows.map((r) => r[2]), ["'hist-1'", "6*7", "'hist-3'"]);
    assert.equal(rows[1][1], rows[0][1] + 1);
    const withOut = k.client.send("shell", "history_request", { output: true, raw: true, hist_access_type: "tail", n: 1 });
    assert.deepEqual(((await k.client.reply("shell", withOut)).content.history as unknown[][])[0][2], ["'hist-3'", "hist-3"]);
    const range = k.client.send("shell", "history_request", { output: false, raw: true, hist_access_type: "range", session: rows[0][0], start: rows[1][1], stop: rows[1][1] + 1 });
    assert.deepEqual((await k.client.reply("shell", range)).content.history, [rows[1]]);
    const search = k.client.send("shell", "history_request", { output: false, raw: true, hist_access_type: "search", pattern: "'hist-?'", unique: true });
    assert.deepEqual(((await k.client.reply("shell", search)).content.history as unknown[][]).map((r) => r[2]), ["'hist-1'", "'hist-3'"]);
    const bad = k.client.send("shell", "history_request", { output: false, raw: true, hist_access_type: "sideways" });
    const badReply = await k.client.reply("shell", bad);
    assert.equal(badReply.content.status, "error");
    assert.match(String(badReply.content.evalue), /hist_access_type/);
  });

  it("answers comm_info, closes comm_open, passes complete / inspect / is_complete through", async () => {
    const ci = k.client.send("shell", "comm_info_request", { target_name: "jupyter.widget" });
    assert.deepEqual((await k.client.reply("shell", ci)).content, { status: "ok", comms: {} });
    const open = k.client.send("shell", "comm_open", { comm_id: "c1", target_name: "nothing", data: {} });
    const io = await k.client.iopubOf(open);
    assert.deepEqual(types(io), ["status", "comm_close", "status"]);
    assert.equal(io[1].content.comm_id, "c1");
    const comp = k.client.send("shell", "complete_request", { code: "Math.ma", cursor_pos: 7 });
    const cr = (await k.client.reply("shell", comp)).content;
    assert.ok((cr.matches as string[]).includes("max"));
    assert.equal(cr.cursor_start, 5);
    assert.equal(cr.cursor_end, 7);
    const insp = k.client.send("shell", "inspect_request", { code: "Math.max", cursor_pos: 8, detail_level: 0 });
    const ir = (await k.client.reply("shell", insp)).content;
    assert.equal(ir.found, true);
    for (const [code, status] of [["function f(){", "incomplete"], ["1+1", "complete"], ["}", "invalid"]]) {
      const req = k.client.send("shell", "is_complete_request", { code });
      const r = (await k.client.reply("shell", req)).content;
      assert.equal(r.status, status, code);
      if (status === "incomplete") assert.equal(r.indent, "  ");
    }
  });

  it("pages `name?` as a payload, like IPython", async () => {
    const { reply } = await k.client.execute("Math.max?");
    const payload = reply.content.payload as { source: string; data: Record<string, string> }[];
    assert.equal(payload.length, 1);
    assert.equal(payload[0].source, "page");
    assert.match(payload[0].data["text/plain"], /max/);
  });

  it("answers an unknown request with an error reply naming it, and keeps going", async () => {
    const req = k.client.send("shell", "frobnicate_request", {});
    const r = await k.client.reply("shell", req);
    assert.equal(r.header.msg_type, "frobnicate_reply");
    assert.equal(r.content.status, "error");
    assert.match(String(r.content.evalue), /frobnicate_request/);
    assert.equal((await k.client.execute("1")).reply.content.status, "ok");
  });

  it("survives uncaught exceptions and unhandled rejections from user code", async () => {
    const first = await k.client.execute("setTimeout(() => { throw new Error('late') }, 0); Promise.reject(new Error('nobody')); undefined");
    // A report may arrive inside the request's own iopub (before idle) or after it: look at both.
    const streamed = () => [...first.iopub, ...k.client.received("iopub")].filter((m) => m.header.msg_type === "stream")
      .map((m) => String(m.content.text)).join("");
    // The errors surface asynchronously; poll (bounded) rather than guess a delay that a loaded machine exceeds.
    for (let i = 0; i < 100 && !(/late/.test(streamed()) && /nobody/.test(streamed())); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const texts = streamed();
    assert.match(texts, /late/);
    assert.match(texts, /nobody/);
    assert.equal((await k.client.execute("'alive'")).reply.content.status, "ok");
  });

  it("echoes heartbeats and answers kernel_info on control", async () => {
    assert.equal(await k.client.ping("beat-1"), "beat-1");
    assert.equal(await k.client.ping("beat-2"), "beat-2");
    const req = k.client.send("control", "kernel_info_request", {});
    const r = await k.client.reply("control", req);
    assert.equal(r.content.protocol_version, "5.3");
  });

  it("sends input_request on stdin and returns the input_reply to the cell", async () => {
    const req = k.client.send("shell", "execute_request", { code: "input('name? ').then(v => 'hi ' + v)", silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true });
    const ir = await k.client.waitFor("stdin", (m) => m.header.msg_type === "input_request");
    assert.deepEqual(ir.content, { prompt: "name? ", password: false });
    assert.equal((ir.parent_header as { msg_id: string }).msg_id, req.header.msg_id);
    k.client.send("stdin", "input_reply", { value: "Ada" });
    await k.client.reply("shell", req);
    const io = await k.client.iopubOf(req);
    const result = io.find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], "hi Ada");
    const denied = await k.client.execute("input('x')", { allow_stdin: false });
    assert.equal(denied.reply.content.status, "error");
    assert.equal(denied.reply.content.ename, "StdinNotImplementedError");
  });
});
