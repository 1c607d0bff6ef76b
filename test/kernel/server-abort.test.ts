/**
 * Replies to the execute_requests aborted after a failed cell carry what ipykernel 6 sends (kernelbase.py
 * _send_abort_reply): content `{ status: "aborted" }` with no execution_count, metadata with `status` and
 * `started`; aborted cells do not advance the execution count.
 */
import { strict as assert } from "assert";
import { startKernelProcess, type KernelProcess } from "./helpers/spawn";

describe("kernel server: aborted replies as ipykernel sends them", function () {
  this.timeout(30000);
  let k: KernelProcess;
  before(async () => { k = await startKernelProcess("fake"); });
  after(() => k?.kill());

  it("content is { status: 'aborted' } only; the next cell's count follows the failed cell's", async () => {
    const opts = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const failing = k.client.send("shell", "execute_request", { ...opts, code: "const t = Date.now(); while (Date.now() - t < 200) {} throw new Error('stop')" });
    const a = k.client.send("shell", "execute_request", { ...opts, code: "1" });
    const b = k.client.send("shell", "execute_request", { ...opts, code: "2" });
    const failed = await k.client.reply("shell", failing);
    assert.equal(failed.content.status, "error");
    for (const req of [a, b]) {
      const r = await k.client.reply("shell", req);
      assert.deepEqual(r.content, { status: "aborted" });
      assert.equal(r.metadata.status, "aborted");
      assert.ok(!Number.isNaN(Date.parse(String(r.metadata.started))), "metadata.started is a date, as ipykernel's");
    }
    await k.client.iopubOf(b);
    const next = await k.client.execute("3");
    assert.equal(next.reply.content.execution_count, (failed.content.execution_count as number) + 1,
      "aborted cells take no execution count");
  });
});
