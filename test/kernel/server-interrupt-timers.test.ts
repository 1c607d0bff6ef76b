/**
 * Interrupting loops that run in timer callbacks, outside the cell's own code (issue 18, item 2): while the cell
 * awaits, and after the cell has finished. Both end in a KeyboardInterrupt with the kernel alive and its state
 * intact. Each step waits for what causes the next (the loop announces itself before spinning); no durations.
 */
import { strict as assert } from "assert";
import type { Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

const parentId = (m: Message) => (m.parent_header as { msg_id?: string }).msg_id;

describe("kernel process (real interpreter): interrupting loops in timer callbacks", function () {
  this.timeout(120000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
    assert.equal((await k.client.execute("const keptByTimers: number = 41;", {}, 60000)).reply.content.status, "ok");
  });
  after(() => k?.kill());

  const run = (code: string): Message => k.client.send("shell", "execute_request", {
    code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true,
  });

  /** Wait for the stream line `text` (printed by the timer callback just before it loops). */
  const spinning = (text: string) => k.client.waitFor("iopub", (m) => m.header.msg_type === "stream" && String(m.content.text).includes(text), 30000, `"${text}"`);

  const interrupt = async (how: "message" | "signal") => {
    if (how === "signal") {
      k.child.kill("SIGINT");
      return;
    }
    const ir = k.client.send("control", "interrupt_request", {});
    assert.equal((await k.client.reply("control", ir)).content.status, "ok");
  };

  async function stateIsIntact(): Promise<void> {
    const { reply, iopub } = await k.client.execute("keptByTimers + 1", {}, 30000);
    assert.equal(reply.content.status, "ok");
    const result = iopub.find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], "42");
    assert.equal(k.child.exitCode, null);
    assert.equal(k.child.signalCode, null);
  }

  for (const how of ["message", "signal"] as const) {
    it(`${how === "message" ? "interrupt_request" : "SIGINT"} stops a timer loop while the cell awaits: KeyboardInterrupt, state kept`, async () => {
      const tag = `awaiting-${how}`;
      const req = run(`setTimeout(() => { console.log("${tag}"); while (true) {} }, 10);\nawait new Promise((r) => setTimeout(r, 1e5));`);
      await spinning(tag);
      await interrupt(how);
      const reply = await k.client.reply("shell", req, 30000);
      assert.equal(reply.content.status, "error");
      assert.equal(reply.content.ename, "KeyboardInterrupt");
      const io = await k.client.iopubOf(req, 30000);
      assert.equal(io.find((m) => m.header.msg_type === "error")?.content.ename, "KeyboardInterrupt");
      await stateIsIntact();
    });

    it(`${how === "message" ? "interrupt_request" : "SIGINT"} stops a timer loop started after its cell finished; the waiting cell then runs`, async () => {
      const tag = `late-${how}`;
      const first = await k.client.execute(`setTimeout(() => { console.log("${tag}"); while (true) {} }, 200);\n1`, {}, 30000);
      assert.equal(first.reply.content.status, "ok");
      await spinning(tag);
      const next = run("keptByTimers + 1");
      await interrupt(how);
      const reply = await k.client.reply("shell", next, 30000);
      assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
      const io = await k.client.iopubOf(next, 30000);
      assert.equal((io.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string>)["text/plain"], "42");
      // The interrupted callback is reported on the output of the cell that started it, before the next cell ran.
      const inbox = k.client.received("iopub");
      const stopped = inbox.findIndex((m) => m.header.msg_type === "error" && parentId(m) === first.reply.parent_header.msg_id);
      assert.ok(stopped >= 0, `a KeyboardInterrupt error for the first cell: ${inbox.map((m) => m.header.msg_type).join(", ")}`);
      assert.equal(inbox[stopped].content.ename, "KeyboardInterrupt");
      inbox.splice(stopped, 1);
      await stateIsIntact();
    });
  }

  it("an interrupted setInterval is cleared: the kernel keeps answering cells afterwards", async () => {
    const first = await k.client.execute(`let ticksByInterval = 0;\nsetInterval(() => { ticksByInterval++; console.log("interval-tick"); while (true) {} }, 20);`, {}, 30000);
    assert.equal(first.reply.content.status, "ok");
    await spinning("interval-tick");
    await interrupt("message");
    // Were the interval still armed, one of these cells would find the loop running again and never answer.
    for (let i = 0; i < 3; i++) {
      await k.client.execute("await new Promise((r) => setTimeout(r, 50));", {}, 30000);
    }
    const { iopub } = await k.client.execute("ticksByInterval", {}, 30000);
    assert.equal((iopub.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string>)["text/plain"], "1");
    await stateIsIntact();
  });
});
