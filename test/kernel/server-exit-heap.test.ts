/**
 * A cell cannot take the kernel down (issue 18, item 7): process.exit / abort / kill of the kernel's own process
 * become a SystemExit error, and a cell that fills the JavaScript heap is stopped with a MemoryError before V8
 * kills the process. In every case the front end gets its reply, and the state from before is still there.
 */
import { strict as assert } from "assert";
import type { Message } from "../../kernel/server/wire";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

const plain = (io: Message[]) => (io.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string> | undefined)?.["text/plain"];

async function stateIsIntact(k: KernelProcess, code: string, expected: string): Promise<void> {
  const { reply, iopub } = await k.client.execute(code, {}, 60000);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  assert.equal(plain(iopub), expected);
  assert.equal(k.child.exitCode, null);
  assert.equal(k.child.signalCode, null);
}

describe("kernel process (real interpreter): cells cannot end the process", function () {
  this.timeout(120000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
    assert.equal((await k.client.execute("const keptThroughExits: number = 41;", {}, 60000)).reply.content.status, "ok");
  });
  after(() => k?.kill());

  const calls = [
    "process.exit(1)",
    "process.exit()",
    "process.abort()",
    "process.kill(process.pid)",
    "process.kill(process.pid, 'SIGKILL')",
    "process.kill(0, 'SIGTERM')",
    "(process as unknown as { reallyExit(code: number): void }).reallyExit(3)",
  ];
  for (const call of calls) {
    it(`${call} in a cell is a SystemExit error reply; the kernel lives on`, async () => {
      const { reply, iopub } = await k.client.execute(`${call};\n"not reached"`, {}, 60000);
      assert.equal(reply.content.status, "error");
      assert.equal(reply.content.ename, "SystemExit");
      assert.match(String(reply.content.evalue), /cannot end the kernel process/);
      assert.equal(iopub.find((m) => m.header.msg_type === "error")?.content.ename, "SystemExit");
      assert.equal(plain(iopub), undefined);
      await stateIsIntact(k, "keptThroughExits + 1", "42");
    });
  }

  it("process.exit in a timer callback after its cell finished is reported, not obeyed", async () => {
    const first = await k.client.execute("setTimeout(() => process.exit(2), 0);\n'scheduled'", {}, 60000);
    assert.equal(first.reply.content.status, "ok");
    const report = await k.client.waitFor("iopub", (m) => m.header.msg_type === "stream" && /SystemExit/.test(String(m.content.text)), 30000, "the SystemExit report");
    assert.equal(report.content.name, "stderr");
    await stateIsIntact(k, "keptThroughExits + 1", "42");
  });

  it("process.kill(process.pid, 0) still answers whether the process exists", async () => {
    const { reply, iopub } = await k.client.execute("process.kill(process.pid, 0)", {}, 60000);
    assert.equal(reply.content.status, "ok");
    assert.equal(plain(iopub), "true");
  });
});

describe("kernel process (real interpreter, 256 MiB heap): a cell that fills the heap", function () {
  this.timeout(300000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real", [], { NODE_OPTIONS: "--max-old-space-size=256" });
    assert.equal((await k.client.execute("const keptThroughMemory: number = 7;", {}, 60000)).reply.content.status, "ok");
  });
  after(() => k?.kill());

  it("is stopped with a MemoryError reply, and the kernel keeps its state", async () => {
    const fill = "(() => { const rows: number[][] = []; while (true) rows.push([rows.length, 1, 2, 3]); })();";
    const { reply, iopub } = await k.client.execute(fill, {}, 240000);
    assert.equal(reply.content.status, "error", JSON.stringify(reply.content));
    assert.equal(reply.content.ename, "MemoryError");
    assert.match(String(reply.content.evalue), /MiB JavaScript heap in use/);
    assert.equal(iopub.find((m) => m.header.msg_type === "error")?.content.ename, "MemoryError");
    await stateIsIntact(k, "keptThroughMemory * 6", "42");
  });

  it("stops the next such cell too (each cell is watched)", async () => {
    const fill = "const sizeHeld = (() => { const rows: string[] = []; while (true) rows.push('x'.repeat(64) + rows.length); })();";
    const { reply } = await k.client.execute(fill, {}, 240000);
    assert.equal(reply.content.ename, "MemoryError", JSON.stringify(reply.content));
    await stateIsIntact(k, "keptThroughMemory * 6", "42");
  });
});
