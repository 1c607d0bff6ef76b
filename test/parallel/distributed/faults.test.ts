/**
 * Faults of the Redis backend, each with a real redis-server and three `typelearn worker` processes: a worker
 * killed with -9 mid-task, no worker at all, workers of another version, Redis restarted mid-search, and an
 * interrupt (SIGINT under vm's breakOnSigint, as in a kernel cell) cancelling the remote tasks. Searches that must
 * be watched while they run go to a child process (run_child.ts): runTasks blocks its thread.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import IORedis from "ioredis";
import { Queue } from "bullmq";
import { NoWorkersError, VersionMismatchError, parallelBackend, runTasks } from "../../../lib";
import { QUEUE, VERSION } from "../../../lib/parallel/remote/protocol";
import { RedisFixture, WorkerFixture, startRedis, startWorkerProcess } from "./cluster";
import { SMALL_GRID, runSearch } from "./grids";

interface Child { proc: ChildProcess; out: string[]; line(re: RegExp, ms?: number): Promise<string> }

function child(url: string, mode: string): Child {
  const proc = spawn(process.execPath, [path.join(__dirname, "run_child.js"), JSON.stringify({ url, mode })],
    { stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  let buf = "";
  const waiters: Array<() => void> = [];
  const feed = (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() as string;
    out.push(...parts);
    for (const w of waiters.splice(0)) w();
  };
  proc.stdout?.on("data", feed);
  proc.stderr?.on("data", feed);
  return {
    proc, out,
    line: (re, ms = 60_000) => new Promise((resolve, reject) => {
      const t0 = Date.now();
      const check = () => {
        const hit = out.find((l) => re.test(l));
        if (hit) return resolve(hit);
        if (proc.exitCode !== null || proc.signalCode !== null || Date.now() - t0 > ms) return reject(new Error(`child: no ${re}; output:\n${out.join("\n")}`));
        waiters.push(check);
        setTimeout(check, 200);
      };
      check();
    }),
  };
}

const taskOf = (l: string) => l.split(" ")[1];

describe("parallel/distributed: faults", function () {
  this.timeout(180_000);
  let redis: RedisFixture;
  let workers: WorkerFixture[] = [];
  let local = "";

  before(async () => {
    redis = await startRedis();
    workers = await Promise.all([0, 1, 2].map(() => startWorkerProcess(redis.url)));
    local = runSearch(SMALL_GRID, 1, 100);
  });
  after(async () => {
    parallelBackend("threads");
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
  });

  it("a worker killed with -9 mid-task: its task runs on another worker and the results are identical", async () => {
    const c = child(redis.url, "search");
    const victim = workers[0];
    const started = await victim.waitFor(new RegExp(`^start ${c.proc.pid}-`), 60_000, victim.lines.length);
    victim.proc.kill("SIGKILL");
    await new Promise((r) => victim.proc.once("exit", r));
    const task = taskOf(started);
    assert.ok(!victim.lines.includes(`done ${task}`), "the task was still running when its worker was killed");
    const result = await c.line(/^(RESULT|ERROR) /);
    assert.equal(result, `RESULT ${local}`);
    assert.ok(workers.slice(1).some((w) => w.lines.includes(`done ${task}`)), `task ${task} was finished by another worker`);
    workers[0] = await startWorkerProcess(redis.url);
  });

  it("Redis restarted mid-search: the search resumes and the results are identical", async () => {
    const marks = workers.map((w) => w.lines.length);
    const c = child(redis.url, "search");
    const mine = new RegExp(`^done ${c.proc.pid}-`);
    await Promise.any(workers.map((w, k) => w.waitFor(mine, 60_000, marks[k])));
    await redis.stop();
    const after = workers.map((w) => w.lines.length);
    await redis.start();
    const result = await c.line(/^(RESULT|ERROR) /, 90_000);
    assert.equal(result, `RESULT ${local}`);
    const resumed = workers.reduce((n, w, k) => n + w.lines.slice(after[k]).filter((l) => l.startsWith(`done ${c.proc.pid}-`)).length, 0);
    assert.ok(resumed > 0, "tasks of the search ran after the restart (it was mid-search)");
  });

  it("an interrupt cancels the remote tasks: queued jobs are removed, workers stop the running ones, the next search runs remotely", async () => {
    const marks = workers.map((w) => w.lines.length);
    const c = child(redis.url, "interrupt");
    await c.line(/^STARTED/);
    // this child's tasks (run ids start with the client's pid), not a line left by an earlier run
    const mine = new RegExp(`^start ${c.proc.pid}-`);
    const first = await Promise.any(workers.map((w, k) => w.waitFor(mine, 60_000, marks[k])));
    const runId = taskOf(first).split("#")[0];
    c.proc.kill("SIGINT");
    await c.line(/^INTERRUPTED/);
    const doneAtInterrupt = workers.reduce((n, w) => n + w.lines.filter((l) => l.startsWith(`done ${runId}#`)).length, 0);
    assert.ok(doneAtInterrupt < 45, "the interrupt reached the search in its remote part");
    const conn = new IORedis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE, { connection: conn });
    try {
      await Promise.any(workers.map((w, k) => w.waitFor(new RegExp(`^cancelled ${runId}#`), 15_000, marks[k]))).catch(() => {
        throw new Error(`no worker cancelled a task; child:\n${c.out.join("\n")}\ninterrupted run's lines per worker:\n${workers.map((w) => w.lines.filter((l) => l.includes(`${runId}#`)).map((l) => `| ${l}`).join("\n")).join("\n--\n")}`);
      });
      let counts: Record<string, number> = {};
      for (let k = 0; k < 50; k++) {
        counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
        if (Object.values(counts).every((n) => n === 0)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual(counts, { waiting: 0, active: 0, delayed: 0, prioritized: 0 });
      const doneLines = () => workers.map((w) => w.lines.filter((l) => l.startsWith(`done ${runId}#`)).length);
      const done = doneLines();
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(doneLines(), done, "no task of the run finished after the cancel");
      assert.ok(c.out.every((l) => !l.startsWith("FINISHED")));
      // the next search of that process runs on the workers again, with the right results
      assert.equal(await c.line(/^AGAIN /, 90_000), `AGAIN ${local}`);
      const runs = new Set(workers.flatMap((w) => w.lines.filter((l) => l.startsWith(`done ${c.proc.pid}-`)).map((l) => l.split("#")[0])));
      assert.equal(runs.size, 2, `runs of the interrupted process seen by workers: ${[...runs]}`);
    } finally {
      await queue.close();
      conn.disconnect(); // a connection given to BullMQ stays open after queue.close()
      c.proc.kill("SIGKILL");
    }
  });

  it("no worker alive: a NoWorkersError after the stated timeout, not a hang", async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    // heartbeats expire within WORKER_TTL_MS (3 s)
    await new Promise((r) => setTimeout(r, 3_500));
    parallelBackend(redis.url, { workerTimeout: 1_500 });
    assert.throws(() => runTasks("noop", [1, 2, 3], -1),
      (e: Error) => e instanceof NoWorkersError && /for 1\.5 s/.test(e.message) && /typelearn worker --redis/.test(e.message));
    parallelBackend("threads");
  });

  it("workers of another version: refused with a VersionMismatchError naming both versions", async () => {
    const client = new IORedis(redis.url);
    try {
      const id = "other-version-worker";
      await client.set(`typelearn:worker:${id}`, JSON.stringify({ id, version: "0.0.0-other", host: "x", pid: 1, concurrency: 1 }), "PX", 60_000);
      await client.sadd("typelearn:workers", id);
      parallelBackend(redis.url, { workerTimeout: 10_000 });
      assert.throws(() => runTasks("noop", [1, 2], -1), (e: Error) => e instanceof VersionMismatchError &&
        e.message.includes("0.0.0-other") && e.message.includes(VERSION));
    } finally {
      parallelBackend("threads");
      client.disconnect();
    }
  });
});
