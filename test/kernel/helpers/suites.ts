/**
 * Process-level checks shared by the fake- and real-interpreter suites: interrupts (interrupt_request on control
 * and a plain SIGINT) of a busy loop and of a never-resolving await, heartbeat while user code blocks the main
 * thread, and shutdown. Waits for the kernel's answers have no clock of their own (a kernel that hangs is failed by
 * the runner's timeout); only the heartbeat keeps its short timeout, since answering promptly is its job.
 */
import { strict as assert } from "assert";
import { startKernelProcess, type KernelProcess } from "./spawn";
import { UNTIL_RUNNER_TIMEOUT } from "./latch";
import type { Message } from "../../../kernel/server/wire";

/** The interrupt checks, shared with the real-interpreter suite. */
export function interruptSuite(kind: "fake" | "real", code: { setState: string; readState: string; stateValue: string }): void {
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess(kind);
  });
  after(() => k?.kill());

  const run = (c: string): Message => k.client.send("shell", "execute_request", { code: c, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });

  async function interruptDuring(c: string, how: "message" | "signal"): Promise<void> {
    const req = run(c);
    await k.client.waitFor("iopub", (m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id && m.header.msg_type === "execute_input", UNTIL_RUNNER_TIMEOUT, "execute_input", false);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await k.client.ping("while-busy"), "while-busy", "heartbeat answers while user code runs");
    if (how === "message") {
      const ir = k.client.send("control", "interrupt_request", {});
      assert.equal((await k.client.reply("control", ir)).content.status, "ok");
    } else {
      k.child.kill("SIGINT");
    }
    const reply = await k.client.reply("shell", req, UNTIL_RUNNER_TIMEOUT);
    assert.equal(reply.content.status, "error");
    await k.client.iopubOf(req, UNTIL_RUNNER_TIMEOUT);
  }

  it("keeps state set before the interrupts", async () => {
    assert.equal((await k.client.execute(code.setState)).reply.content.status, "ok");
  });
  it("interrupt_request stops while(true){}", async () => {
    await interruptDuring("while (true) {}", "message");
  });
  it("interrupt_request stops a never-resolving await", async () => {
    await interruptDuring(kind === "fake" ? "new Promise(() => {})" : "await new Promise(() => {})", "message");
  });
  if (kind === "real") {
    it("interrupt_request stops a loop that resumed after an await (outside breakOnSigint)", async () => {
      await interruptDuring("await new Promise((r) => setTimeout(r, 10));\nwhile (true) {}", "message");
    });
  }
  it("SIGINT stops while(true){}", async () => {
    await interruptDuring("while (true) {}", "signal");
  });
  it("SIGINT stops a never-resolving await", async () => {
    await interruptDuring(kind === "fake" ? "new Promise(() => {})" : "await new Promise(() => {})", "signal");
  });
  it("SIGINT while idle is harmless, and the state survived", async () => {
    k.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 200));
    const { reply, iopub } = await k.client.execute(code.readState);
    assert.equal(reply.content.status, "ok");
    const result = iopub.find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], code.stateValue);
    assert.equal(k.child.exitCode, null);
  });
}

/** The shutdown checks, shared with the real-interpreter suite. */
export function shutdownSuite(kind: "fake" | "real"): void {
  it("shutdown_request on control: replies on control and iopub, then the process exits 0", async () => {
    const k = await startKernelProcess(kind);
    try {
      const req = k.client.send("control", "shutdown_request", { restart: false });
      const reply = await k.client.reply("control", req);
      assert.deepEqual(reply.content, { status: "ok", restart: false });
      // No clock of our own: the exit is awaited, and the runner's timeout is what fails a kernel that hangs.
      const exit = await k.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, "the process exits on its own, with code 0");
      await k.client.waitFor("iopub", (m) => m.header.msg_type === "shutdown_reply", UNTIL_RUNNER_TIMEOUT, "shutdown_reply on iopub");
    } finally {
      k.kill();
    }
  });

  it("shutdown_request on shell: replies, then the process exits 0", async () => {
    const k = await startKernelProcess(kind);
    try {
      const req = k.client.send("shell", "shutdown_request", { restart: true });
      assert.deepEqual((await k.client.reply("shell", req)).content, { status: "ok", restart: true });
      // No clock of our own: the exit is awaited, and the runner's timeout is what fails a kernel that hangs.
      const exit = await k.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, "the process exits on its own, with code 0");
    } finally {
      k.kill();
    }
  });

  it("shutdown_request while user code blocks the main thread still ends the process", async () => {
    const k = await startKernelProcess(kind);
    try {
      const run = k.client.send("shell", "execute_request", { code: "while (true) {}", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
      await k.client.waitFor("iopub", (m) => (m.parent_header as { msg_id?: string }).msg_id === run.header.msg_id && m.header.msg_type === "execute_input");
      const req = k.client.send("control", "shutdown_request", { restart: false });
      assert.equal((await k.client.reply("control", req)).content.status, "ok");
      // The test kills nothing before this exit (k.kill() runs after it): the io worker, seeing the main thread
      // stuck, ends the process with SIGKILL after its grace period.
      const exit = await k.exited;
      assert.deepEqual(exit, { code: null, signal: "SIGKILL" }, "the kernel ended its own stuck process");
    } finally {
      k.kill();
    }
  });
}
