import { strict as assert } from "assert";
import { spawn } from "child_process";
import { Worker } from "worker_threads";
import * as fs from "fs";
import * as path from "path";
import { FileStore } from "../../lib/track/file_store";
import { readStore, readStoreStrict, repoRoot, tempStore } from "./helpers";

const WORKERS = 4;
const RUNS = 6;
const STEPS = 25;

// Each child: races the others to create the same experiment, logs its own runs, and hammers one shared run
// (appending metric lines, setting tags, re-logging the same param) through the same store directory.
const childSource = `
const { mlflow } = require(${JSON.stringify(path.join(repoRoot, "dist", "lib", "index.js"))});
const { FileStore } = require(${JSON.stringify(path.join(repoRoot, "dist", "lib", "track", "file_store.js"))});
const fs = require("fs"), path = require("path");
const [root, worker, sharedRun, artifact] = process.argv.slice(-4); // -e and a worker put different things before them
(async () => {
  mlflow.setTrackingUri(root);
  await mlflow.setExperiment("shared-experiment");
  const store = new FileStore(root);
  for (let r = 0; r < ${RUNS}; r++) {
    const run = await mlflow.startRun({ runName: "w" + worker + "-r" + r });
    await mlflow.logParams({ worker, run: r, lr: 0.1 * (r + 1) });
    for (let s = 0; s < ${STEPS}; s++) {
      await mlflow.logMetric("loss", 1 / (s + 1), { step: s });
      store.logMetric(sharedRun, { key: "shared", value: Number(worker) * 1000 + s, timestamp: Date.now(), step: s });
    }
    await mlflow.setTag("worker", worker);
    await mlflow.logArtifact(artifact, "files");
    store.setTag(sharedRun, "last-writer", "w" + worker);
    store.logParam(sharedRun, "same", "value");
    await run.end();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

function runWorker(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const w = new Worker(childSource, { eval: true, argv: args, stderr: true });
    let stderr = "";
    w.stderr.on("data", (d) => { stderr += d; });
    w.on("error", (e) => { stderr += String(e); });
    w.on("exit", (code) => resolve({ code, stderr }));
  });
}

function runChild(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["-e", childSource, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d) => { stderr += d; });
    p.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("track: concurrent writers", function () {
  this.timeout(120000);

  it("several processes logging into one store leave every file valid and nothing lost", () => checkConcurrent(runChild));

  it("worker threads logging into one store do the same", () => checkConcurrent(runWorker));
});

async function checkConcurrent(run: (args: string[]) => Promise<{ code: number | null; stderr: string }>): Promise<void> {
  {
    const root = tempStore();
    const store = new FileStore(root);
    const shared = store.createRun({ experimentId: "0", userId: "test", startTime: Date.now(), runName: "shared", tags: {} });
    const artifact = path.join(path.dirname(root), "artifact.bin");
    fs.writeFileSync(artifact, Buffer.alloc(64 * 1024, 7));

    const children = Array.from({ length: WORKERS }, (_, w) => run([root, String(w), shared.info.runId, artifact]));
    // Read the store while the children write: a reader must never see a torn or half-made entry (the strict
    // reader: it also flags a run folder without meta.yaml, which MLflow would skip without a word).
    let reads = 0;
    let done = false;
    const all = Promise.all(children).then((r) => { done = true; return r; });
    while (!done) {
      const { report } = readStoreStrict(root);
      assert.deepEqual(report.errors, [], "a concurrent read saw a malformed store");
      reads++;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const c of await all) assert.equal(c.code, 0, c.stderr);
    assert.ok(reads > 0);

    const strict = readStoreStrict(root);
    assert.deepEqual(strict.report.errors, []);
    assert.deepEqual(strict.report.skipped, []);
    assert.equal(strict.status, 0);
    // What the real MLflow reads back.
    const { report, status } = readStore(root);
    assert.deepEqual(report.errors, []);
    assert.equal(status, 0);
    const exps = report.experiments.filter((e) => e.name === "shared-experiment");
    assert.equal(exps.length, 1, "racing setExperiment calls must create one experiment");
    const runs = exps[0].runs;
    assert.equal(runs.length, WORKERS * RUNS);
    const names = new Set(runs.map((r) => r.run_name));
    assert.equal(names.size, WORKERS * RUNS);
    for (const r of runs) {
      assert.equal(r.status, "FINISHED");
      assert.equal(r.history.loss.length, STEPS);
      assert.equal(r.params.worker, r.tags.worker);
      assert.deepEqual(r.artifacts, ["files/artifact.bin"]);
      assert.equal(fs.statSync(path.join(root, exps[0].experiment_id, r.run_id, "artifacts", "files", "artifact.bin")).size, 64 * 1024);
    }
    const sharedRun = report.experiments.find((e) => e.experiment_id === "0")!.runs.find((r) => r.run_id === shared.info.runId)!;
    assert.equal(sharedRun.history.shared.length, WORKERS * RUNS * STEPS, "every appended metric line is kept whole");
    const values = new Set(sharedRun.history.shared.map((h) => h[2]));
    assert.equal(values.size, WORKERS * STEPS);
    assert.match(sharedRun.tags["last-writer"], /^w[0-3]$/);
    assert.equal(sharedRun.params.same, "value");
    // No temporary file survives anywhere in the store.
    const leftovers: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.startsWith(".tmp-")) leftovers.push(path.join(d, e.name));
      }
    };
    walk(root);
    assert.deepEqual(leftovers, []);
  }
}
