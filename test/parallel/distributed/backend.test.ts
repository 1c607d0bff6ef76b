/**
 * The backend switch and the worker CLI's argument checks, plus Redis unreachable: no redis-server needed for
 * these (an unused loopback port stands for a Redis that is down).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { OptionError, RedisUnavailableError, currentBackend, parallelBackend, runTasks } from "../../../lib";
import { freePort } from "./cluster";

const ROOT = path.join(__dirname, "..", "..", "..", "..");

describe("parallel/distributed: backend switch", function () {
  this.timeout(60_000);
  afterEach(() => { parallelBackend("threads"); });

  it("switches between threads and a Redis URL and returns the previous backend", () => {
    assert.deepEqual(parallelBackend("redis://127.0.0.1:6390", { workerTimeout: 5000 }), { kind: "threads" });
    assert.deepEqual(currentBackend(), { kind: "redis", url: "redis://127.0.0.1:6390", options: { workerTimeout: 5000 } });
    assert.equal(parallelBackend("threads").kind, "redis");
    assert.equal(currentBackend().kind, "threads");
  });

  it("rejects an unknown backend or a bad timeout with an OptionError", () => {
    assert.throws(() => parallelBackend("dask://x"), (e: Error) => e instanceof OptionError && /Redis URL/.test(e.message));
    assert.throws(() => parallelBackend("redis://h:1", { workerTimeout: -1 }), OptionError);
    assert.equal(currentBackend().kind, "threads");
  });

  it("reads TYPELEARN_PARALLEL when parallelBackend was never called", () => {
    const code = `const l = require(${JSON.stringify(path.join(ROOT, "dist", "lib", "index.js"))});
      process.stdout.write(JSON.stringify(l.currentBackend()));`;
    const r = spawnSync(process.execPath, ["-e", code], { env: { ...process.env, TYPELEARN_PARALLEL: "redis://10.1.2.3:6379" } });
    assert.deepEqual(JSON.parse(r.stdout.toString()), { kind: "redis", url: "redis://10.1.2.3:6379", options: {} });
    const bad = spawnSync(process.execPath, ["-e", code], { env: { ...process.env, TYPELEARN_PARALLEL: "spark" } });
    assert.match(bad.stderr.toString(), /TYPELEARN_PARALLEL: expected "threads" or a Redis URL/);
  });

  it("nJobs 1 stays inline whatever the backend", () => {
    parallelBackend("redis://127.0.0.1:1", { redisTimeout: 500 });
    assert.deepEqual(runTasks("noop", [1, 2], 1), [1, 2]);
  });

  it("throws RedisUnavailableError when Redis does not answer within redisTimeout", async () => {
    const port = await freePort();
    parallelBackend(`redis://127.0.0.1:${port}`, { redisTimeout: 1000 });
    assert.throws(() => runTasks("noop", [1, 2, 3], -1),
      (e: Error) => e instanceof RedisUnavailableError && e.message.includes(`127.0.0.1:${port}`) && /for 1 s/.test(e.message));
  });

  it("typelearn worker refuses missing or bad arguments with the usage", () => {
    const bin = path.join(ROOT, "bin", "typelearn.js");
    const none = spawnSync(process.execPath, [bin, "worker"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr.toString(), /worker needs --redis redis:\/\/host:port/);
    const bad = spawnSync(process.execPath, [bin, "worker", "--redis", "redis://127.0.0.1:1", "--concurrency", "0"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr.toString(), /--concurrency expects a positive integer, received "0"/);
  });
});
