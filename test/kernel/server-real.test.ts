/**
 * The kernel process with the real TypeScript interpreter (`node bin/typelearn.js kernel -f …`): interrupts of
 * `while(true){}` and of a never-resolving top-level await (by interrupt_request and by SIGINT), state kept
 * afterwards, a burst of output, and shutdown.
 */
import { strict as assert } from "assert";
import { interruptSuite, shutdownSuite } from "./helpers/suites";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

describe("kernel process (real interpreter): interrupts", function () {
  this.timeout(90000);
  interruptSuite("real", { setState: "const keptAcrossInterrupts: number = 41;", readState: "keptAcrossInterrupts + 1", stateValue: "42" });
});

describe("kernel process (real interpreter): output and errors", function () {
  this.timeout(90000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
  });
  after(() => k?.kill());

  it("delivers a 3000-line console.log burst and 20 queued cells whole and in order", async () => {
    const opts = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const burst = k.client.send("shell", "execute_request", { ...opts, code: "for (let i = 0; i < 3000; i++) console.log(`line ${i}`);" });
    const queued = Array.from({ length: 20 }, (_, j) => k.client.send("shell", "execute_request", { ...opts, code: `console.log("cell ${j}");` }));
    assert.equal((await k.client.reply("shell", burst, 60000)).content.status, "ok");
    const io = await k.client.iopubOf(burst, 60000);
    const text = io.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("");
    assert.equal(text, Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join(""));
    for (let j = 0; j < 20; j++) {
      assert.equal((await k.client.reply("shell", queued[j], 60000)).content.status, "ok");
      const qio = await k.client.iopubOf(queued[j], 60000);
      assert.equal(qio.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join(""), `cell ${j}\n`);
    }
  });

  it("reports a thrown error as error message and error reply, and aborts the queue behind it", async () => {
    const opts = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const bad = k.client.send("shell", "execute_request", { ...opts, code: "throw new Error('boom')" });
    const next = k.client.send("shell", "execute_request", { ...opts, code: "console.log('should not run')" });
    const r = await k.client.reply("shell", bad);
    assert.equal(r.content.status, "error");
    assert.match(String(r.content.evalue), /boom/);
    assert.equal((await k.client.reply("shell", next)).content.status, "aborted");
  });

  it("`await input(prompt)` asks the front end over stdin and gets the typed line", async () => {
    const opts = { silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true };
    const req = k.client.send("shell", "execute_request", { ...opts, code: "const who = await input('name? ');\n`hello ${who}`" });
    const ir = await k.client.waitFor("stdin", (m) => m.header.msg_type === "input_request");
    assert.equal(ir.content.prompt, "name? ");
    k.client.send("stdin", "input_reply", { value: "Ada" });
    assert.equal((await k.client.reply("shell", req)).content.status, "ok");
    const io = await k.client.iopubOf(req);
    const result = io.find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], "'hello Ada'");
  });
});

describe("kernel process (real interpreter): shutdown", function () {
  this.timeout(90000);
  shutdownSuite("real");
});
