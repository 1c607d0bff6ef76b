/**
 * Output is live while user code blocks the main thread: the io worker owns iopub, so stream text, displays and
 * progress updates reach the client as they happen, not when the cell ends. Timings are taken on the client side,
 * from the moment each message arrives.
 */
import { strict as assert } from "assert";
import type { Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

const types = (ms: Message[]) => ms.map((m) => m.header.msg_type);
const plain = (m: Message) => String((m.content.data as Record<string, unknown>)["text/plain"]);

describe("live output while the main thread is blocked (real interpreter)", function () {
  this.timeout(120000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
  });
  after(() => k?.kill());

  it("a line printed before a 1.5 s busy loop arrives at least 1 s before the execute_reply", async () => {
    const code = "console.log('before the loop');\nconst liveT1 = Date.now();\nwhile (Date.now() - liveT1 < 1500) {}\nconsole.log('after the loop');";
    const { reply, iopub } = await k.client.execute(code, {}, 30000);
    assert.equal(reply.content.status, "ok");
    const streams = iopub.filter((m) => m.header.msg_type === "stream");
    assert.equal(streams.map((m) => m.content.text).join(""), "before the loop\nafter the loop\n");
    const first = streams[0];
    assert.equal(first.content.text, "before the loop\n", "the first line goes out alone, while the loop runs");
    const early = k.client.arrivedAt(reply) - k.client.arrivedAt(first);
    assert.ok(early >= 1000, `the line arrived only ${early} ms before the execute_reply`);
  });

  it("display and updateDisplay during a blocked loop arrive as they happen", async () => {
    const code = [
      "display('step 0', { displayId: 'live-progress' });",
      "console.log('working');",
      "const liveT2 = Date.now();",
      "while (Date.now() - liveT2 < 800) {}",
      "updateDisplay('step 1', 'live-progress');",
      "const liveT3 = Date.now();",
      "while (Date.now() - liveT3 < 800) {}",
      "updateDisplay('step 2', 'live-progress');",
    ].join("\n");
    const { reply, iopub } = await k.client.execute(code, {}, 30000);
    assert.equal(reply.content.status, "ok");
    assert.deepEqual(types(iopub), ["status", "execute_input", "display_data", "stream", "update_display_data", "update_display_data", "status"]);
    const [shown, working, step1, step2] = iopub.slice(2, 6);
    assert.equal(working.content.text, "working\n");
    assert.match(plain(shown), /step 0/);
    assert.match(plain(step1), /step 1/);
    assert.match(plain(step2), /step 2/);
    for (const m of [shown, step1, step2]) assert.deepEqual(m.content.transient, { display_id: "live-progress" });
    const at = (m: Message) => k.client.arrivedAt(m);
    const replyAt = at(reply);
    assert.ok(replyAt - at(shown) >= 1200, `display_data arrived ${replyAt - at(shown)} ms before the reply`);
    assert.ok(replyAt - at(step1) >= 500, `the first update arrived ${replyAt - at(step1)} ms before the reply`);
    assert.ok(at(step1) - at(shown) >= 500, `the first update arrived ${at(step1) - at(shown)} ms after the display`);
    // Text printed between two displays is not held back until the next display flushes it.
    assert.ok(at(step1) - at(working) >= 500, `the printed line arrived only ${at(step1) - at(working)} ms before the update`);
  });

  it("GridSearchCV (verbose 1, nJobs 2) publishes progress updates while the pool's workers fit", async () => {
    // Breast cancer repeated 4 times (slightly scaled copies): enough work that the search takes a while.
    const code = [
      "const bcLive = loadBreastCancer();",
      "const [nLive, pLive] = bcLive.data.shape;",
      "const rowsLive: number[][] = [];",
      "const yLive: number[] = [];",
      "for (let r = 0; r < 4; r++) for (let i = 0; i < nLive; i++) {",
      "  const row: number[] = [];",
      "  for (let j = 0; j < pLive; j++) row.push(Number(bcLive.data.data[i * pLive + j]) * (1 + 0.01 * r));",
      "  rowsLive.push(row);",
      "  yLive.push(Number(bcLive.target.data[i]));",
      "}",
      "const searchLive = new GridSearchCV(makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 1000 })),",
      "  { logisticregression__C: [0.001, 0.01, 0.1, 1, 10, 100] }, { cv: 5, nJobs: 2, verbose: 1 });",
      "searchLive.fit(rowsLive, yLive);",
      "searchLive.bestParams_",
    ].join("\n");
    const { reply, iopub } = await k.client.execute(code, {}, 60000);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const start = iopub.find((m) => m.header.msg_type === "display_data");
    assert.ok(start, "the search shows its progress display");
    assert.match(plain(start), /Fitting 5 folds for each of 6 candidates, totalling 30 fits/);
    const id = (start.content.transient as { display_id: string }).display_id;
    const updates = iopub.filter((m) => m.header.msg_type === "update_display_data");
    assert.ok(updates.every((m) => (m.content.transient as { display_id: string }).display_id === id));
    const intermediate = updates.filter((m) => / done$/.test(plain(m)));
    assert.ok(intermediate.length >= 1, `intermediate progress updates: ${updates.map(plain).join(" | ")}`);
    assert.match(plain(updates[updates.length - 1]), /30\/30 done in/);
    const replyAt = k.client.arrivedAt(reply);
    const span = replyAt - k.client.arrivedAt(start);
    const early = replyAt - k.client.arrivedAt(intermediate[0]);
    // Sent at the end of the cell, every update would arrive within a few ms of the reply.
    assert.ok(early >= Math.max(100, 0.3 * span), `first update arrived ${early} ms before the reply (search display shown ${span} ms before)`);
  });
});

describe("live output while the main thread is blocked (fake interpreter)", function () {
  this.timeout(30000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("fake");
  });
  after(() => k?.kill());

  it("streams lines printed inside a blocked loop as they are printed, whole and in order", async () => {
    const code = "for (let i = 0; i < 5; i++) { console.log('tick ' + i); const t = Date.now(); while (Date.now() - t < 300) {} } 'done'";
    const { reply, iopub } = await k.client.execute(code);
    assert.equal(reply.content.status, "ok");
    const streams = iopub.filter((m) => m.header.msg_type === "stream");
    assert.equal(streams.map((m) => m.content.text).join(""), [0, 1, 2, 3, 4].map((i) => `tick ${i}\n`).join(""));
    assert.ok(streams.length >= 4, `${streams.length} stream messages: one per tick, not one at the end`);
    const arrivals = streams.map((m) => k.client.arrivedAt(m));
    assert.ok(arrivals[arrivals.length - 1] - arrivals[0] >= 900, "the ticks arrived spread over the loop");
    assert.ok(k.client.arrivedAt(reply) - arrivals[0] >= 1200);
    assert.deepEqual(types(iopub).slice(-2), ["execute_result", "status"]);
  });

  it("keeps heartbeat and control answering, and output flowing, during a blocked loop", async () => {
    const req = k.client.send("shell", "execute_request", { code: "console.log('started'); const t0 = Date.now(); while (Date.now() - t0 < 1000) {}", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    const line = await k.client.waitFor("iopub", (m) => m.header.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id, 5000, "the stream", false);
    assert.equal(line.content.text, "started\n");
    assert.equal(await k.client.ping("blocked"), "blocked");
    const info = k.client.send("control", "kernel_info_request", {});
    assert.equal((await k.client.reply("control", info)).content.status, "ok");
    const reply = await k.client.reply("shell", req);
    assert.ok(k.client.arrivedAt(reply) - k.client.arrivedAt(line) >= 500);
    await k.client.iopubOf(req);
  });

  it("reports a display bundle that cannot be serialized on stderr instead of losing it", async () => {
    const { reply, iopub } = await k.client.execute("display({ 'text/plain': 'big', 'application/json': { n: BigInt(1) } }); 'still here'");
    assert.equal(reply.content.status, "ok");
    const err = iopub.find((m) => m.header.msg_type === "stream");
    assert.ok(err, `a stderr report: ${types(iopub).join(", ")}`);
    assert.equal(err.content.name, "stderr");
    assert.match(String(err.content.text), /cannot send display_data: .*BigInt/);
    assert.deepEqual(types(iopub), ["status", "execute_input", "stream", "execute_result", "status"]);
  });
});
