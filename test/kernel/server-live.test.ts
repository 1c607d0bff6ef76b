/**
 * Output is live while user code blocks the main thread: the io worker owns iopub, so stream text, displays and
 * progress updates reach the client as they happen, not when the cell ends. Each cell blocks its main thread on
 * latches the test holds (helpers/latch.ts): output that reaches the client before the test releases the latch
 * was sent while the cell was still running — order and causality, with the runner's timeout as the only clock.
 */
import { strict as assert } from "assert";
import type { Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";
import { LATCH_MODULE, Latches, UNTIL_RUNNER_TIMEOUT } from "./helpers/latch";
import { LATCHED_ESTIMATOR_MODULE } from "./helpers/latched-estimator";

const types = (ms: Message[]) => ms.map((m) => m.header.msg_type);
const plain = (m: Message) => String((m.content.data as Record<string, unknown>)["text/plain"]);
const parentOf = (m: Message) => (m.parent_header as { msg_id?: string }).msg_id;
const lit = (s: string) => JSON.stringify(s);
const executeRequest = (code: string) => ({ code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });

/** What a kernel test needs to watch one blocked cell. */
function watch(k: KernelProcess, req: Message) {
  const mine = () => k.client.received("iopub").filter((m) => parentOf(m) === req.header.msg_id);
  return {
    /** iopub messages of the request received so far. */
    mine,
    /** Wait (no clock but the runner's) for an iopub message of the request; it stays in the inbox. */
    until: (pred: (m: Message) => boolean, what: string) =>
      k.client.waitFor("iopub", (m) => parentOf(m) === req.header.msg_id && pred(m), UNTIL_RUNNER_TIMEOUT, what, false),
    /** The shell reply has not come: the cell is still running. */
    assertNoReply: (when: string) =>
      assert.ok(!k.client.received("shell").some((m) => parentOf(m) === req.header.msg_id), `execute_reply arrived ${when}`),
    streamText: () => mine().filter((m) => m.header.msg_type === "stream").map((m) => String(m.content.text)).join(""),
  };
}

describe("live output while the main thread is blocked (real interpreter)", function () {
  this.timeout(120000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
    const { reply } = await k.client.execute(`import { waitForFile } from ${lit(LATCH_MODULE.replace(/\.js$/, ""))};`, {}, 60000);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  });
  after(() => k?.kill());

  it("a line printed before the cell blocks arrives while it is blocked, alone, before the execute_reply", async () => {
    const latches = new Latches();
    try {
      const code = `console.log('before the latch');\nwaitForFile(${lit(latches.path("go"))});\nconsole.log('after the latch');`;
      const req = k.client.send("shell", "execute_request", executeRequest(code));
      const w = watch(k, req);
      const first = await w.until((m) => m.header.msg_type === "stream", "the line printed before the latch");
      assert.equal(first.content.text, "before the latch\n", "the first line goes out alone, while the cell is blocked");
      w.assertNoReply("before the latch was released");
      latches.release("go");
      const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
      assert.equal(reply.content.status, "ok");
      const streams = (await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT)).filter((m) => m.header.msg_type === "stream");
      assert.equal(streams.map((m) => m.content.text).join(""), "before the latch\nafter the latch\n");
    } finally {
      latches.dispose("go");
    }
  });

  it("display, printed text and updateDisplay reach the client as they happen, each while the cell is blocked", async () => {
    const latches = new Latches();
    try {
      const code = [
        "display('step 0', { displayId: 'live-progress' });",
        "console.log('working');",
        `waitForFile(${lit(latches.path("one"))});`,
        "updateDisplay('step 1', 'live-progress');",
        `waitForFile(${lit(latches.path("two"))});`,
        "updateDisplay('step 2', 'live-progress');",
      ].join("\n");
      const req = k.client.send("shell", "execute_request", executeRequest(code));
      const w = watch(k, req);
      const updates = () => w.mine().filter((m) => m.header.msg_type === "update_display_data");
      // Text printed between two displays is not held back until the next display flushes it.
      await w.until((m) => m.header.msg_type === "stream", "the line printed after the display");
      assert.deepEqual(types(w.mine()), ["status", "execute_input", "display_data", "stream"]);
      assert.match(plain(w.mine()[2]), /step 0/);
      assert.equal(w.mine()[3].content.text, "working\n");
      w.assertNoReply("before the first latch was released");
      latches.release("one");
      await w.until((m) => m.header.msg_type === "update_display_data", "the first update");
      assert.equal(updates().length, 1, "the second update came before its latch was released");
      assert.match(plain(updates()[0]), /step 1/);
      w.assertNoReply("before the second latch was released");
      latches.release("two");
      const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
      assert.equal(reply.content.status, "ok");
      const iopub = await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT);
      assert.deepEqual(types(iopub), ["status", "execute_input", "display_data", "stream", "update_display_data", "update_display_data", "status"]);
      const [shown, , step1, step2] = iopub.slice(2, 6);
      assert.match(plain(step1), /step 1/);
      assert.match(plain(step2), /step 2/);
      for (const m of [shown, step1, step2]) assert.deepEqual(m.content.transient, { display_id: "live-progress" });
    } finally {
      latches.dispose("one", "two");
    }
  });

  it("GridSearchCV (verbose 1, nJobs 2) publishes progress updates while its fits are still running", async () => {
    // Candidate 2's five fits wait on a latch: progress of candidate 1's fits must reach the client while they wait.
    const latches = new Latches();
    try {
      const code = [
        `import { LatchedRegressor } from ${lit(LATCHED_ESTIMATOR_MODULE.replace(/\.js$/, ""))};`,
        `addWorkerModule(${lit(LATCHED_ESTIMATOR_MODULE)});`,
        "const xLive = Array.from({ length: 20 }, (_, i) => [i, i % 3]);",
        "const yLive = xLive.map((r) => 2 * r[0] + r[1]);",
        `const searchLive = new GridSearchCV(new LatchedRegressor(), { latch: ["", ${lit(latches.path("fits"))}] },`,
        "  { cv: 5, nJobs: 2, verbose: 1 });",
        "searchLive.fit(xLive, yLive);",
        "searchLive.bestParams_",
      ].join("\n");
      const req = k.client.send("shell", "execute_request", executeRequest(code));
      const w = watch(k, req);
      const start = await w.until((m) => m.header.msg_type === "display_data", "the search's progress display");
      assert.match(plain(start), /Fitting 5 folds for each of 2 candidates, totalling 10 fits/);
      const id = (start.content.transient as { display_id: string }).display_id;
      const update = await w.until((m) => m.header.msg_type === "update_display_data", "an intermediate progress update");
      assert.equal((update.content.transient as { display_id: string }).display_id, id);
      assert.match(plain(update), /: [1-5]\/10 done$/, "an update from candidate 1's fits, while candidate 2's wait");
      w.assertNoReply("before the latched fits were released");
      latches.release("fits");
      const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
      assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
      const updates = (await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT)).filter((m) => m.header.msg_type === "update_display_data");
      assert.ok(updates.every((m) => (m.content.transient as { display_id: string }).display_id === id));
      assert.match(plain(updates[updates.length - 1]), /10\/10 done in/);
    } finally {
      latches.dispose("fits");
    }
  });
});

describe("live output while the main thread is blocked (fake interpreter)", function () {
  this.timeout(30000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("fake");
    const { reply } = await k.client.execute(`var waitForFile = require(${lit(LATCH_MODULE)}).waitForFile;`);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  });
  after(() => k?.kill());

  it("streams lines printed inside a blocked loop as they are printed, whole and in order", async () => {
    const latches = new Latches();
    const ticks = [0, 1, 2, 3, 4];
    try {
      const code = `for (let i = 0; i < 5; i++) { console.log('tick ' + i); waitForFile(${lit(latches.dir)} + '/tick' + i); } 'done'`;
      const req = k.client.send("shell", "execute_request", executeRequest(code));
      const w = watch(k, req);
      for (const i of ticks) {
        await w.until(() => w.streamText().includes(`tick ${i}\n`), `tick ${i}`);
        const streams = w.mine().filter((m) => m.header.msg_type === "stream");
        assert.deepEqual(streams.map((m) => m.content.text), ticks.slice(0, i + 1).map((j) => `tick ${j}\n`),
          "one whole line per message, each sent while its iteration was blocked");
        w.assertNoReply(`before tick ${i}'s latch was released`);
        latches.release(`tick${i}`);
      }
      const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
      assert.equal(reply.content.status, "ok");
      const iopub = await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT);
      assert.deepEqual(types(iopub).slice(-2), ["execute_result", "status"]);
    } finally {
      latches.dispose(...ticks.map((i) => `tick${i}`));
    }
  });

  it("keeps heartbeat and control answering, and output flowing, during a blocked cell", async () => {
    const latches = new Latches();
    try {
      const req = k.client.send("shell", "execute_request", executeRequest(`console.log('started'); waitForFile(${lit(latches.path("go"))})`));
      const w = watch(k, req);
      const line = await w.until((m) => m.header.msg_type === "stream", "the stream");
      assert.equal(line.content.text, "started\n");
      assert.equal(await k.client.ping("blocked"), "blocked");
      const info = k.client.send("control", "kernel_info_request", {});
      assert.equal((await k.client.reply("control", info)).content.status, "ok");
      w.assertNoReply("while the cell was blocked");
      latches.release("go");
      const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
      assert.equal(reply.content.status, "ok");
      await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT);
    } finally {
      latches.dispose("go");
    }
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
