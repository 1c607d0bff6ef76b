import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { OptionError } from "../../lib/errors";
import {
  WorkerDiedError, addWorkerModule, effectiveJobs, poolStats, runTasks, shareArray, sharedView, cpuCount,
} from "../../lib/parallel";
import "./helpers/tasks";

type Sq = { value: number; threadId: number; main: boolean };

before(() => addWorkerModule(path.join(__dirname, "helpers", "tasks.js")));

describe("parallel: effectiveJobs", () => {
  it("joblib conventions and typed errors", () => {
    assert.equal(effectiveJobs(undefined), 1);
    assert.equal(effectiveJobs(null), 1);
    assert.equal(effectiveJobs(3), 3);
    assert.equal(effectiveJobs(-1), cpuCount());
    assert.equal(effectiveJobs(-1000), 1);
    assert.throws(() => effectiveJobs(0), OptionError);
    assert.throws(() => effectiveJobs(1.5), OptionError);
  });
});

describe("parallel: runTasks", () => {
  it("nJobs 1 runs inline; nJobs 2 runs in workers; results in payload order and equal", () => {
    const xs = Array.from({ length: 25 }, (_, i) => i - 5);
    const inline = runTasks<Sq>("test.square", xs, 1);
    assert.ok(inline.every((r) => r.main));
    const pooled = runTasks<Sq>("test.square", xs, 2);
    assert.ok(pooled.every((r) => !r.main));
    assert.deepEqual(pooled.map((r) => r.value), inline.map((r) => r.value));
    assert.ok(new Set(pooled.map((r) => r.threadId)).size >= 1);
  });
  it("tasks run concurrently on two workers (each waits for the other at a rendezvous)", () => {
    const counter = new SharedArrayBuffer(4);
    const r = runTasks<{ met: boolean; threadId: number }>("test.rendezvous", [{ counter }, { counter }], 2);
    assert.equal(new Set(r.map((x) => x.threadId)).size, 2);
    assert.ok(r.every((x) => x.met), "a task never saw the other one running");
  });
  it("shared arrays reach workers without copying", () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => i);
    const s = shareArray(a);
    assert.ok(s.buffer instanceof SharedArrayBuffer);
    const r = runTasks<{ s: number; shared: boolean }>("test.sumShared",
      [{ a: s, from: 0, to: 500 }, { a: s, from: 500, to: 1000 }], 2);
    assert.equal(r[0].s + r[1].s, 499500);
    assert.ok(r.every((x) => x.shared));
    assert.equal(shareArray(sharedView(s)).buffer, s.buffer); // already shared: no second copy
  });
  it("a task's error reaches the caller with its class and message; the pool stays usable", () => {
    assert.throws(() => runTasks("test.fail", [1, 2, 3, 4, 5], 2),
      (e: Error) => e instanceof OptionError && /anything but 3, received 3/.test(e.message) && /worker/.test(e.stack ?? ""));
    assert.deepEqual(runTasks<number>("test.fail", [1, 2, 4], 2), [1, 2, 4]);
  });
  it("a worker that dies is reported (WorkerDiedError) and replaced", () => {
    runTasks("test.square", [1, 2], 2);
    const before = poolStats().spawned;
    assert.throws(() => runTasks("test.exit", [0, 1, 2, 3], 2), WorkerDiedError);
    assert.deepEqual(runTasks<Sq>("test.square", [1, 2, 3, 4], 2).map((r) => r.value), [1, 4, 9, 16]);
    assert.ok(poolStats().spawned > before);
    assert.ok(poolStats().workers >= 2);
  });
  it("unknown task names and unclonable payloads are typed errors", () => {
    assert.throws(() => runTasks("no.such.task", [1, 2], 2), OptionError);
    assert.throws(() => runTasks("test.square", [() => 1, 2], 2), /could not be cloned/);
    assert.deepEqual(runTasks<Sq>("test.square", [5, 6], 2).map((r) => r.value), [25, 36]);
  });
  it("the pool does not keep the process alive (a child running a parallel task exits by itself)", function () {
    this.timeout(15000);
    // The spawn timeout is only a hang guard: a child the pool kept alive would be killed and fail the status check.
    const r = spawnSync(process.execPath, [path.join(__dirname, "helpers", "child.js")], { timeout: 10000, encoding: "utf8" });
    assert.equal(r.status, 0, `child failed: ${r.stderr} (signal ${r.signal})`);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { values: [1, 4, 9, 16], inWorkers: true });
  });
});
