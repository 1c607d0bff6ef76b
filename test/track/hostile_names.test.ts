/**
 * Hostile names and crashes against the file store: "__proto__" and "constructor" keys round-trip (and real MLflow
 * 2.17 reads them), names a file system cannot hold, a name that would be both a value and a folder, and an
 * artifact folder with a symbolic-link loop are MlflowErrors (never raw file-system errors), ":" is a valid name
 * character as in MLflow, and a writer killed with -9 leaves no temporary file in the run folder (its leftovers
 * are swept once the writer is gone).
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mlflow } from "../../lib";
import { FileStore } from "../../lib/track/file_store";
import { MlflowError } from "../../lib/track/validation";
import { freshStoreEachTest, lastLine, runMlflowPython } from "./helpers";

/** Run Python with the real MLflow 2.17 on a store; returns its stdout parsed as JSON. */
function realMlflow(root: string, script: string): unknown {
  return JSON.parse(lastLine(runMlflowPython(script, [], { MLFLOW_TRACKING_URI: `file://${root}` })));
}

const isMlflowError = (re: RegExp) => (e: unknown) => e instanceof MlflowError && re.test(e.message);

describe("track: hostile names and killed writers", function () {
  this.timeout(180000);
  let root: string;
  freshStoreEachTest((r) => { root = r; });

  it("__proto__ and constructor keys are written and read back as ordinary keys; MLflow 2.17 reads them too", async () => {
    await mlflow.setExperiment("hostile");
    const run = await mlflow.startRun({ tags: { ["__proto__"]: "t" } });
    await mlflow.logParam("__proto__", "p");
    await mlflow.logParams({ ["constructor"]: "c", ["__proto__"]: "p" });
    await mlflow.logMetric("__proto__", 0.5);
    await mlflow.setTags({ ["constructor"]: "ct" });
    await run.end();
    const other = await mlflow.startRun();
    await mlflow.logParam("plain", 1);
    await other.end();

    const got = await mlflow.getRun(run.runId);
    assert.ok(Object.prototype.hasOwnProperty.call(got.data.params, "__proto__"));
    assert.equal(got.data.params["__proto__"], "p");
    assert.equal(got.data.params["constructor"], "c");
    assert.equal(got.data.metrics["__proto__"], 0.5);
    assert.equal(got.data.tags["__proto__"], "t");
    assert.equal(got.data.tags["constructor"], "ct");
    assert.equal(Object.getPrototypeOf(got.data.params), Object.prototype);

    const table = await mlflow.searchRuns();
    const byId = new Map(table.column("run_id").map((id, i) => [id, i]));
    const protoCol = table.column("params.__proto__");
    const ctorCol = table.column("params.constructor");
    assert.equal(protoCol[byId.get(run.runId)!], "p");
    assert.equal(ctorCol[byId.get(run.runId)!], "c");
    // a run without the key has null there, not Object.prototype or Object
    assert.equal(protoCol[byId.get(other.runId)!], null);
    assert.equal(ctorCol[byId.get(other.runId)!], null);

    const py = realMlflow(root, `
import json, mlflow
r = mlflow.get_run(${JSON.stringify(run.runId)})
print(json.dumps({"params": r.data.params, "metrics": r.data.metrics, "tags": {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")}}))`) as
      { params: Record<string, string>; metrics: Record<string, number>; tags: Record<string, string> };
    assert.equal(py.params["__proto__"], "p");
    assert.equal(py.params["constructor"], "c");
    assert.equal(py.metrics["__proto__"], 0.5);
    assert.deepEqual(py.tags, { ["__proto__"]: "t", ["constructor"]: "ct" });
  });

  it("a 250-character CJK key (750 bytes, too long for a file name) is an MlflowError, not ENAMETOOLONG", async () => {
    const cjk = "数".repeat(250);
    await mlflow.startRun();
    await assert.rejects(mlflow.logParam(cjk, 1), isMlflowError(/750 bytes in UTF-8, over the 255-byte limit/));
    await assert.rejects(mlflow.logMetric(cjk, 1), isMlflowError(/255-byte limit/));
    await assert.rejects(mlflow.setTag(`a/${"数".repeat(100)}`, 1), isMlflowError(/255-byte limit/));
    await assert.rejects(mlflow.startRun({ nested: true, tags: { [cjk]: 1 } }), isMlflowError(/255-byte limit/));
    // within the limits: 85 CJK characters (255 bytes) per part, and MLflow's own 250-character limit
    await mlflow.logParam("数".repeat(85), 1);
    await mlflow.logParam(`${"语".repeat(85)}/${"数".repeat(85)}`, 2);
    await assert.rejects(mlflow.logParam("a".repeat(251), 1), isMlflowError(/length 251, which exceeded length limit of 250/));
  });

  it("a name that would be both a value and a folder ('a' then 'a/b', or the reverse) is an MlflowError", async () => {
    const run = await mlflow.startRun();
    await mlflow.logMetric("a", 1);
    await assert.rejects(mlflow.logMetric("a/b", 2), isMlflowError(/already has a metric 'a'.*cannot also be the folder of 'a\/b'/));
    await mlflow.logParam("x/y", 1);
    await assert.rejects(mlflow.logParam("x", 2), isMlflowError(/already has params named 'x\/…'/));
    await mlflow.setTag("t", 1);
    await assert.rejects(mlflow.setTags({ "t/u/v": 2 }), isMlflowError(/tag 't'/));
    // the run is still usable and holds what was logged
    await mlflow.logMetric("a", 3);
    const got = await mlflow.getRun(run.runId);
    assert.equal(got.data.metrics.a, 3);
    assert.equal(got.data.params["x/y"], "1");
    assert.deepEqual((await mlflow.getMetricHistory(run.runId, "a")).map((m) => m.value), [1, 3]);
  });

  it("':' is a valid name character, as in MLflow 2.17 (outside Windows)", async () => {
    const run = await mlflow.startRun();
    await mlflow.logMetric("eval:accuracy", 0.9);
    assert.equal((await mlflow.getRun(run.runId)).data.metrics["eval:accuracy"], 0.9);
  });

  it("an artifact folder with a symbolic-link loop or a dangling link is an MlflowError; linked files are copied", async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "tl-art-"));
    fs.mkdirSync(path.join(src, "plots", "inner"), { recursive: true });
    fs.writeFileSync(path.join(src, "plots", "a.txt"), "a");
    fs.writeFileSync(path.join(os.tmpdir(), `tl-linked-${process.pid}.txt`), "linked");
    fs.symlinkSync(path.join(os.tmpdir(), `tl-linked-${process.pid}.txt`), path.join(src, "plots", "linked.txt"));
    const run = await mlflow.startRun();
    await mlflow.logArtifact(path.join(src, "plots"));
    const artifacts = new FileStore(root).artifactDir(run.runId);
    assert.equal(fs.readFileSync(path.join(artifacts, "plots", "linked.txt"), "utf8"), "linked");
    assert.ok(!fs.lstatSync(path.join(artifacts, "plots", "linked.txt")).isSymbolicLink());

    fs.symlinkSync(path.join(src, "plots"), path.join(src, "plots", "inner", "loop"));
    await assert.rejects(mlflow.logArtifact(path.join(src, "plots"), "again"), isMlflowError(/symbolic link loop/));
    fs.unlinkSync(path.join(src, "plots", "inner", "loop"));
    fs.symlinkSync("self", path.join(src, "plots", "self"));
    await assert.rejects(mlflow.logArtifact(path.join(src, "plots"), "again"), isMlflowError(/symbolic link that cannot be followed \(a link loop\)/));
    fs.unlinkSync(path.join(src, "plots", "self"));
    fs.symlinkSync(path.join(src, "nowhere"), path.join(src, "plots", "dangling"));
    await assert.rejects(mlflow.logArtifact(path.join(src, "plots"), "again"), isMlflowError(/its target does not exist/));
    fs.symlinkSync("selfloop", path.join(src, "selfloop"));
    await assert.rejects(mlflow.logArtifact(path.join(src, "selfloop")), isMlflowError(/symbolic link loop/));
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(path.join(os.tmpdir(), `tl-linked-${process.pid}.txt`), { force: true });
  });

  it("a writer killed with -9 leaves no temporary file in the run folder; stale ones are swept; MLflow still reads the store", async () => {
    const store = new FileStore(root);
    const run = store.createRun({ experimentId: "0", userId: "u", startTime: Date.now(), runName: "victim", tags: {} });
    const runDir = path.join(root, "0", run.info.runId);
    const lib = path.join(__dirname, "..", "..", "lib", "track", "file_store.js");
    const script = `
      const { FileStore } = require(${JSON.stringify(lib)});
      const s = new FileStore(${JSON.stringify(root)});
      const big = "x".repeat(7000);
      for (let i = 0; ; i++) {
        s.setTag(${JSON.stringify(run.info.runId)}, "t" + (i % 50), big + i);
        if (i === 200) process.stdout.write("going\\n");
      }`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    assert.deepEqual(walk(runDir).filter((f) => path.basename(f).startsWith(".tmp-")), []);

    // leftovers of a dead writer (in the store's .trash, or in the run folder where older versions wrote them)
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const old = new Date(Date.now() - 3600_000);
    const stale = [path.join(root, ".trash", `.tmp-${dead}-0123456789ab`), path.join(runDir, `.tmp-${dead}-ba9876543210`)];
    const live = path.join(root, ".trash", `.tmp-${process.pid}-aaaaaaaaaaaa`);
    for (const f of [...stale, live]) {
      fs.writeFileSync(f, "half");
      fs.utimesSync(f, old, old);
    }
    // and a half-made experiment folder (MLflow would fail listing deleted experiments on its name)
    const halfExperiment = path.join(root, ".trash", `.tmp-experiment-123456789012345678-${dead}-k3x9q`);
    fs.mkdirSync(halfExperiment);
    fs.writeFileSync(path.join(halfExperiment, "meta.yaml"), "name: half\n");
    fs.utimesSync(halfExperiment, old, old);
    new FileStore(root).getRun(run.info.runId);
    for (const f of [...stale, halfExperiment]) assert.ok(!fs.existsSync(f), `${f} swept`);
    assert.ok(fs.existsSync(live), "a live writer's temporary file is kept");
    fs.rmSync(live);

    const py = realMlflow(root, `
import json, mlflow
from mlflow.entities import ViewType
runs = mlflow.search_runs(experiment_ids=["0"], output_format="list")
exps = mlflow.search_experiments(view_type=ViewType.ALL)
print(json.dumps({"n": len(runs), "tags": len([k for k in runs[0].data.tags if k.startswith("t")]), "exps": len(exps)}))`) as { n: number; tags: number; exps: number };
    assert.equal(py.n, 1);
    assert.equal(py.exps, 1);
    assert.equal(py.tags, 50);
  });
});
