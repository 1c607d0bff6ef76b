/**
 * typelearn's REST client against the real MLflow 2.17 server (started here on loopback, serving artifacts through
 * its proxy, the default of `mlflow server`): runs, metric history, 8000-character tags, a model logged and loaded
 * back through `mlflow-artifacts:`, artifacts downloaded, MLflow's own Python client reading what typelearn
 * uploaded (MLmodel's utc_time_created a string), and notebook 12 run with only its tracking URI changed to http.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { mlflow } from "../../lib";
import { loadBreastCancer } from "../../lib/datasets";
import { RandomForestClassifier } from "../../lib/ensemble";
import { NDArray } from "../../lib/array/ndarray";
import { MlflowError } from "../../lib/track/validation";
import { MLFLOW_RUN, lastLine, repoRoot, runMlflowPython } from "./helpers";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Start `mlflow server` (file backend, artifacts proxied to a folder) and wait until /health answers. */
async function startServer(dir: string): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const port = await freePort();
  let log = "";
  const child = spawn(MLFLOW_RUN, ["-m", "mlflow", "server", "--host", "127.0.0.1", "--port", String(port),
    "--backend-store-uri", path.join(dir, "mlruns"), "--artifacts-destination", path.join(dir, "artifacts"), "--workers", "1"],
  { stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout!.on("data", (d) => { log += d; });
  child.stderr!.on("data", (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited ${child.exitCode}: ${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child, log: () => log };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function python(script: string, env: Record<string, string>): string {
  return lastLine(runMlflowPython(script, [], env));
}

describe("track: REST client against a real MLflow 2.17 server", function () {
  this.timeout(600000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-mlflow-server-"));
  let server: { url: string; child: ChildProcess; log: () => string };
  before(async () => { server = await startServer(dir); });
  after(async () => {
    const pid = server?.child.pid;
    if (pid) {
      // the server and its gunicorn workers share the process group started here
      const exited = new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.once("exit", r)));
      try { process.kill(-pid, "SIGTERM"); } catch { /* already gone */ }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
      try { process.kill(-pid, "SIGKILL"); } catch { /* all gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    while (mlflow.activeRun()) await mlflow.endRun("KILLED");
  });

  const data = loadBreastCancer();
  const X = data.data as NDArray;

  it("logs a run, its metric history, an 8000-character tag and a model; loads the model back through the proxy", async () => {
    mlflow.setTrackingUri(server.url);
    await mlflow.setExperiment("rest-compat");
    const run = await mlflow.startRun({ runName: "forest" });
    const forest = new RandomForestClassifier({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(X, data.target);
    await mlflow.logParam("n_estimators", 5);
    for (let step = 0; step < 30; step++) await mlflow.logMetric("loss", 1 / (step + 1), { step, timestamp: 1000 + step });
    const long = "t".repeat(8000);
    await mlflow.setTag("long", long);
    await assert.rejects(mlflow.setTag("too-long", "t".repeat(8001)), MlflowError);
    const info = await mlflow.logModel(forest, "model");
    await run.end();

    assert.match(run.info.artifactUri, /^mlflow-artifacts:/);
    const got = await mlflow.getRun(run.runId);
    assert.equal(got.data.tags.long, long);
    const history = await mlflow.getMetricHistory(run.runId, "loss");
    assert.deepEqual(history.map((m) => m.step), Array.from({ length: 30 }, (_, i) => i));

    const reloaded = await mlflow.loadModel<RandomForestClassifier>(info.modelUri);
    assert.deepEqual(Array.from((reloaded.predictProba(X) as NDArray).data), Array.from((forest.predictProba(X) as NDArray).data));

    const local = await mlflow.downloadArtifacts({ runId: run.runId, artifactPath: "model" });
    assert.deepEqual(fs.readdirSync(local).sort(), ["MLmodel", "model.tl"]);
    assert.match(fs.readFileSync(path.join(local, "MLmodel"), "utf8"), /^utc_time_created: '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}'$/m);
    const all = await mlflow.downloadArtifacts({ artifactUri: `runs:/${run.runId}` });
    assert.ok(fs.existsSync(path.join(all, "model", "model.tl")));
    await assert.rejects(mlflow.downloadArtifacts({ runId: run.runId, artifactPath: "nope" }), (e: unknown) => e instanceof MlflowError && e.errorCode === "RESOURCE_DOES_NOT_EXIST");
    await assert.rejects(mlflow.loadModel(`runs:/${run.runId}/../x`), MlflowError);

    // MLflow's own client reads what typelearn uploaded: the same model file, MLmodel's time a string
    const py = JSON.parse(python(`
import json, os, hashlib, mlflow
from mlflow.models import Model
p = mlflow.artifacts.download_artifacts(run_id=${JSON.stringify(run.runId)}, artifact_path="model")
m = Model.load(p)
h = mlflow.MlflowClient().get_metric_history(${JSON.stringify(run.runId)}, "loss")
print(json.dumps({"sha": hashlib.sha256(open(os.path.join(p, "model.tl"), "rb").read()).hexdigest(),
  "time_type": type(m.utc_time_created).__name__, "flavor": list(m.flavors), "history": len(h)}))`, { MLFLOW_TRACKING_URI: server.url }));
    const { createHash } = await import("crypto");
    assert.equal(py.sha, createHash("sha256").update(fs.readFileSync(path.join(local, "model.tl"))).digest("hex"));
    assert.equal(py.time_type, "str");
    assert.deepEqual(py.flavor, ["typelearn"]);
    assert.equal(py.history, 30);
  });

  it("notebook 12 runs unchanged but for its tracking URI, set to the server", () => {
    const src = JSON.parse(fs.readFileSync(path.join(repoRoot, "notebooks", "12-tracking.ipynb"), "utf8"));
    let replaced = 0;
    for (const cell of src.cells) {
      const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      if (text.includes("mlflow.setTrackingUri(store);")) {
        cell.source = text.replace("mlflow.setTrackingUri(store);", `mlflow.setTrackingUri(${JSON.stringify(server.url)});`);
        replaced++;
      }
    }
    assert.equal(replaced, 1);
    const nbDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-nb12-http-"));
    const file = path.join(nbDir, "12-tracking.ipynb");
    fs.writeFileSync(file, JSON.stringify(src));
    const bin = path.join(repoRoot, "bin", "typelearn.js");
    const r = spawnSync(process.execPath, [bin, "run", file, "--out", path.join(nbDir, "out")], { encoding: "utf8", timeout: 600000, cwd: path.join(repoRoot, "notebooks") });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const nb = JSON.parse(fs.readFileSync(path.join(nbDir, "out", "12-tracking.ipynb"), "utf8"));
    const text = nb.cells.flatMap((c: { outputs?: { text?: string }[] }) => (c.outputs ?? []).map((o) => o.text ?? "")).join("");
    const logged = /best run: \S+, logged log loss (\S+), accuracy (\S+)/.exec(text);
    const again = /reloaded model: log loss (\S+), accuracy (\S+)/.exec(text);
    assert.ok(logged && again, text);
    assert.deepEqual([again[1], again[2]], [logged[1], logged[2]]);
    assert.match(text, new RegExp(`The runs are on the tracking server ${server.url.replace(/[.]/g, "\\.")}`));
    fs.rmSync(nbDir, { recursive: true, force: true });
  });
});
