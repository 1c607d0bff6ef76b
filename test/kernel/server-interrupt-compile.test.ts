/**
 * An interrupt that arrives while the kernel compiles a cell (TypeScript's parse and type check run synchronously
 * on the main thread, for seconds on a big cell): by interrupt_request and by SIGINT, the kernel must answer the
 * cell — aborted with a KeyboardInterrupt, or compiled and run to the end — and keep its state and its life. Before,
 * an interrupt_request there terminated the compilation half-way through the inspector and the cell never got a
 * reply: the kernel hung.
 */
import { strict as assert } from "assert";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";
import type { Message } from "../../kernel/server/wire";

/** A cell whose type check takes seconds: generic functions with intersection and spread types, each used once. */
function slowCell(n: number, tag: string): string {
  let code = "";
  for (let i = 0; i < n; i++) {
    code += `function ${tag}${i}<T extends { a${i}: number }>(x: T): T & { b${i}: string } { const y = { ...x, b${i}: String(x.a${i}) }; return y; }\n`;
    code += `const ${tag}r${i} = ${tag}${i}({ a${i}: ${i} }).b${i}.length;\n`;
  }
  return code + `"${tag} done"`;
}

describe("kernel process (real interpreter): an interrupt during a long compilation", function () {
  this.timeout(180000);
  let k: KernelProcess;
  before(async () => {
    k = await startKernelProcess("real");
  });
  after(() => k?.kill());

  const run = (code: string): Message => k.client.send("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });

  /** Send `code`, interrupt once it compiles, and check the reply: a KeyboardInterrupt or the cell's own result. */
  async function interruptCompile(code: string, how: "message" | "signal"): Promise<Message> {
    const req = run(code);
    await k.client.waitFor("iopub", (m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id && m.header.msg_type === "execute_input", 60000, "execute_input", false);
    await new Promise((r) => setTimeout(r, 300));
    if (how === "message") {
      const ir = k.client.send("control", "interrupt_request", {});
      assert.equal((await k.client.reply("control", ir, 30000)).content.status, "ok");
    } else {
      k.child.kill("SIGINT");
    }
    const reply = await k.client.reply("shell", req, 120000);
    const io = await k.client.iopubOf(req, 120000);
    if (reply.content.status === "error") {
      assert.equal(reply.content.ename, "KeyboardInterrupt", String(reply.content.evalue));
    } else {
      assert.equal(reply.content.status, "ok");
      const result = io.find((m) => m.header.msg_type === "execute_result");
      assert.match(String((result?.content.data as Record<string, string>)["text/plain"]), /done/);
    }
    assert.equal(k.child.exitCode, null, "the kernel is alive");
    return reply;
  }

  it("keeps state set before the interrupts", async () => {
    assert.equal((await k.client.execute("const keptAcrossCompile: number = 41;", {}, 60000)).reply.content.status, "ok");
  });

  it("interrupt_request during the type check stops it: a KeyboardInterrupt, the cell's code not run", async () => {
    // The type check asks the io worker's interrupt count at every function declaration (a cancellation token).
    const reply = await interruptCompile(slowCell(1200, "m"), "message");
    assert.equal(reply.content.status, "error");
    const after = await k.client.execute("(globalThis as any).mr0 === undefined", {}, 60000);
    assert.equal((after.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string>)["text/plain"], "true");
  });

  it("SIGINT during the type check: the cell is answered", async () => {
    await interruptCompile(slowCell(1200, "s"), "signal");
  });

  it("after both, the kernel runs cells, type-checks them and kept its state", async () => {
    const ok = await k.client.execute("keptAcrossCompile + 1", {}, 60000);
    assert.equal(ok.reply.content.status, "ok");
    const result = ok.iopub.find((m) => m.header.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], "42");
    const bad = await k.client.execute("const wrong: number = 'text';", {}, 60000);
    assert.equal(bad.reply.content.status, "error");
    assert.match(String(bad.reply.content.evalue), /not assignable/);
  });
});
