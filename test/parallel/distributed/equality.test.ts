/**
 * The Redis backend gives the same results as nJobs 1, bit for bit: the guide's 540-fit grid, a forest, KMeans
 * restarts, crossValidate; the live progress counts remote tasks; shared data travels once per run. A real
 * redis-server and three `typelearn worker` processes (cluster.ts).
 */
import { strict as assert } from "assert";
import IORedis from "ioredis";
import {
  KMeans, RandomForestClassifier, crossValidate, parallelBackend, runTasks, GridSearchCV,
  InputTypeError, LogisticRegression,
} from "../../../lib";
import type { NDArray } from "../../../lib";
import { encodeRun, decodeTask } from "../../../lib/parallel/remote/codec";
import { setDisplayHook } from "../../../lib/display";
import { RedisFixture, WorkerFixture, startRedis, startWorkerProcess } from "./cluster";
import { GUIDE_GRID, guideData, hex, runSearch } from "./grids";

describe("parallel/distributed: results equal nJobs 1", function () {
  this.timeout(240_000);
  let redis: RedisFixture;
  let workers: WorkerFixture[] = [];

  before(async () => {
    redis = await startRedis();
    workers = await Promise.all([0, 1, 2].map(() => startWorkerProcess(redis.url)));
    parallelBackend(redis.url, { workerTimeout: 20_000 });
  });
  after(async () => {
    parallelBackend("threads");
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
  });

  it("runs the guide's 540-fit grid on the workers with cvResults_ bit-identical to nJobs 1", async () => {
    const marks = workers.map((w) => w.lines.length);
    const remote = runSearch(GUIDE_GRID, -1, undefined, 5);
    // the workers' lines arrive once this (blocked) thread reads its pipes again
    const doneLines = () => workers.map((w, k) => w.lines.slice(marks[k]).filter((l) => l.startsWith("done ")).length);
    for (let k = 0; k < 100 && doneLines().reduce((a, b) => a + b, 0) < 540; k++) await new Promise((r) => setTimeout(r, 100));
    const done = doneLines();
    assert.equal(done.reduce((a, b) => a + b, 0), 540, `tasks done per worker: ${done}`);
    assert.ok(done.filter((n) => n > 0).length >= 2, `work spread over workers: ${done}`);
    parallelBackend("threads");
    const local = runSearch(GUIDE_GRID, 1, undefined, 5);
    parallelBackend(redis.url, { workerTimeout: 20_000 });
    assert.equal(remote, local);
  });

  it("fits a forest's trees on the workers with identical probabilities and trees", () => {
    const { X, y } = guideData();
    const remote = new RandomForestClassifier({ nEstimators: 30, randomState: 3, nJobs: -1 }).fit(X, y);
    parallelBackend("threads");
    const local = new RandomForestClassifier({ nEstimators: 30, randomState: 3, nJobs: 1 }).fit(X, y);
    parallelBackend(redis.url, { workerTimeout: 20_000 });
    assert.equal(hex((remote.predictProba(X) as NDArray).data as Float64Array), hex((local.predictProba(X) as NDArray).data as Float64Array));
    assert.equal(hex(remote.featureImportances_.data as Float64Array), hex(local.featureImportances_.data as Float64Array));
  });

  it("runs KMeans restarts and crossValidate remotely with identical results", () => {
    const { X, y } = guideData();
    const km = (nJobs: number) => {
      const k = new KMeans({ nClusters: 3, nInit: 4, randomState: 0, nJobs } as ConstructorParameters<typeof KMeans>[0]).fit(X);
      return hex((k.clusterCenters_ as NDArray).data as Float64Array) + k.inertia_;
    };
    const cv = (nJobs: number) => {
      const r = crossValidate(new LogisticRegression({ maxIter: 200 }), X, y, { cv: 4, nJobs }) as unknown as { testScore: NDArray };
      return hex(r.testScore.data as Float64Array);
    };
    const remote = [km(-1), cv(-1)];
    parallelBackend("threads");
    const local = [km(1), cv(1)];
    parallelBackend(redis.url, { workerTimeout: 20_000 });
    assert.deepEqual(remote, local);
  });

  it("shows the live search progress as remote tasks finish", () => {
    const updates: string[] = [];
    setDisplayHook({ display: (b) => { updates.push(String(b["text/plain"])); }, clearOutput: () => undefined });
    try {
      const { X, y } = guideData();
      new GridSearchCV(new RandomForestClassifier({ nEstimators: 10, randomState: 0 }), { maxDepth: [2, 3, 4, 5] },
        { cv: 5, nJobs: -1, verbose: 1 }).fit(X, y);
    } finally {
      setDisplayHook(null);
    }
    const counts = updates.map((u) => /: (\d+)\/20 done/.exec(u)).filter((m) => m).map((m) => Number((m as RegExpExecArray)[1]));
    assert.ok(counts.length >= 3, `progress updates: ${JSON.stringify(updates)}`);
    assert.ok(counts.some((c) => c > 0 && c < 20), `intermediate counts: ${counts}`);
    assert.deepEqual([...counts].sort((a, b) => a - b), counts, "counts only grow");
    assert.equal(counts[counts.length - 1], 20);
  });

  it("sends shared data once per run (content-addressed blobs), tasks carry only specs and fold indices", async () => {
    const { X } = guideData();
    const x = new Float64Array(new SharedArrayBuffer(X.data.length * 8));
    x.set(X.data as Float64Array);
    const shared = { data: x, rows: X.shape[0] };
    const payloads = Array.from({ length: 50 }, (_, i) => ({ X: shared, fold: Int32Array.of(i, i + 1), spec: { c: i } }));
    const enc = encodeRun(payloads);
    const bodyBytes = enc.bodies.reduce((s, b) => s + b.length, 0);
    assert.ok(bodyBytes < x.byteLength / 5, `50 task bodies take ${bodyBytes} bytes, X alone ${x.byteLength}`);
    assert.equal(enc.blobs.size, 2, "one blob for X's shared memory, one for the common part");
    const sabs = new Map<string, SharedArrayBuffer>();
    for (const [h, b] of enc.blobs) { const s = new SharedArrayBuffer(b.length); new Uint8Array(s).set(b); sabs.set(h, s); }
    const common = decodeTask(enc.blobs.get(enc.common as string) as Uint8Array, null, sabs) as Record<string, unknown>;
    const back = decodeTask(enc.bodies[7], common, sabs) as typeof payloads[number];
    assert.deepEqual(Array.from(back.fold), [7, 8]);
    assert.equal(hex(back.X.data), hex(x));
    // after a remote search, Redis holds one blob per distinct array (+ the common part), not one per task
    const client = new IORedis(redis.url);
    try {
      await client.flushall();
      runSearch({ maxDepth: [2, 3] }, -1, 5);
      const blobs = await client.keys("typelearn:blob:*");
      assert.ok(blobs.length >= 2 && blobs.length <= 3, `blobs in Redis: ${blobs.length}`);
      const big = Math.max(...await Promise.all(blobs.map((k) => client.strlen(k))));
      assert.ok(big >= 364 * 30 * 8, `X travelled as a blob (${big} bytes)`);
    } finally {
      client.disconnect();
    }
  });

  it("re-throws a task's error with its class", () => {
    const bad = { X: { data: 1, rows: 1, cols: 1 }, y: { kind: "none" } };
    assert.throws(() => runTasks("fitAndScore", [bad, bad], -1),
      (e: Error) => e instanceof InputTypeError && /sharedView/.test(e.message) && /remote worker/.test(String(e.stack)));
  });
});
