import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { LinearRegression, load, mlflow, np, toMimeBundle } from "../../lib";
import { FileStore } from "../../lib/track/file_store";
import { numberText, valueText } from "../../lib/track/validation";
import { freshStoreEachTest, readStore, readStoreStrict, repoRoot } from "./helpers";

/** The tracking module loaded anew (module state is per load), sharing nothing with the one the other tests set. */
function freshMlflow(): typeof mlflow {
  for (const k of Object.keys(require.cache)) if (/[\\/]lib[\\/]track[\\/]/.test(k)) delete require.cache[k];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const m = require("../../lib/track") as typeof mlflow;
  for (const k of Object.keys(require.cache)) if (/[\\/]lib[\\/]track[\\/]/.test(k)) delete require.cache[k];
  return m;
}

const pyText = JSON.parse(fs.readFileSync(path.join(repoRoot, "test", "fixtures", "track_python_text.json"), "utf8"));

describe("track: MLflow file store", function () {
  this.timeout(120000); // the real MLflow's import takes seconds
  let root: string;
  freshStoreEachTest((r) => { root = r; });

  it("writes the layout MLflow's FileStore reads: meta.yaml fields, params, metric lines, tags", async () => {
    const exp = await mlflow.setExperiment("cancer-classification");
    const run = await mlflow.startRun({ runName: "forest-depth-10" });
    await mlflow.logParam("n_estimators", 100);
    await mlflow.logParams({ max_depth: 10, criterion: "gini", bootstrap: true });
    await mlflow.logMetric("accuracy", 0.9649122807017544);
    for (let step = 0; step < 3; step++) await mlflow.logMetric("loss", 1 / (step + 1), { step, timestamp: 1000 + step });
    await mlflow.logMetrics({ f1: 0.97, auc: 0.995 }, { step: 2 });
    await mlflow.setTag("val/split", "holdout 20%");
    await run.end();

    // The strict reader: the rules MLflow does not check on read (field types, stray files, key rules).
    const strict = readStoreStrict(root);
    assert.deepEqual(strict.report.errors, []);
    assert.deepEqual(strict.report.skipped, []);
    assert.equal(strict.status, 0);
    // The real MLflow reads it back: everything below is what its client returns.
    const { report, status } = readStore(root);
    assert.deepEqual(report.errors, []);
    assert.equal(status, 0);
    const names = report.experiments.map((e) => e.name).sort();
    assert.deepEqual(names, ["Default", "cancer-classification"]);
    const e = report.experiments.find((x) => x.name === "cancer-classification")!;
    assert.equal(e.experiment_id, exp.experimentId);
    assert.equal(e.artifact_location, `file://${path.join(root, exp.experimentId)}`);
    assert.equal(e.runs.length, 1);
    const r = e.runs[0];
    assert.equal(r.run_id, run.runId);
    assert.match(r.run_id, /^[0-9a-f]{32}$/);
    assert.equal(r.run_name, "forest-depth-10");
    assert.equal(r.status, "FINISHED");
    assert.ok(r.end_time !== null && r.end_time >= r.start_time);
    assert.deepEqual(r.params, { n_estimators: "100", max_depth: "10", criterion: "gini", bootstrap: "True" });
    assert.deepEqual(r.metrics, { accuracy: 0.9649122807017544, loss: 1 / 3, f1: 0.97, auc: 0.995 });
    assert.deepEqual(r.history.loss, [[0, 1000, 1], [1, 1001, 0.5], [2, 1002, 1 / 3]]);
    assert.equal(r.tags["mlflow.runName"], "forest-depth-10");
    assert.equal(r.tags["mlflow.source.type"], "LOCAL");
    assert.equal(r.tags["mlflow.user"], r.user_id);
    assert.equal(r.tags["val/split"], "holdout 20%");
    assert.equal(r.artifact_uri, `file://${path.join(root, exp.experimentId, run.runId, "artifacts")}`);
  });

  it("makes experiment 0 'Default' and the .trash folder in a new store, as MLflow does", () => {
    const s = new FileStore(root);
    const meta = YAML.parse(fs.readFileSync(path.join(root, "0", "meta.yaml"), "utf8"));
    assert.equal(meta.experiment_id, "0");
    assert.equal(meta.name, "Default");
    assert.equal(meta.lifecycle_stage, "active");
    assert.ok(fs.statSync(path.join(root, ".trash")).isDirectory());
    assert.equal(s.getExperimentByName("Default")?.experimentId, "0");
  });

  it("stores the run status as MLflow's integer enum and updates it on endRun", async () => {
    const run = await mlflow.startRun();
    const metaFile = path.join(root, "0", run.runId, "meta.yaml");
    assert.equal(YAML.parse(fs.readFileSync(metaFile, "utf8")).status, 1);
    await mlflow.endRun("FAILED");
    const meta = YAML.parse(fs.readFileSync(metaFile, "utf8"));
    assert.equal(meta.status, 4);
    assert.equal(meta.source_type, 4);
    assert.deepEqual(meta.tags, []);
    assert.equal(mlflow.activeRun(), undefined);
    assert.match(meta.run_name, /^[a-z]+-[a-z]+-\d{1,3}$/);
  });

  it("rejects keys MLflow rejects, with MlflowError naming the key", async () => {
    await mlflow.startRun();
    for (const bad of ["../up", "a//b", "./a", "/abs", "star*", "x".repeat(251), "tab\tkey"]) {
      await assert.rejects(mlflow.logParam(bad, 1), (e: Error) => e instanceof mlflow.MlflowError && e.message.includes("param"), bad);
      await assert.rejects(mlflow.logMetric(bad, 1), mlflow.MlflowError, bad);
      await assert.rejects(mlflow.setTag(bad, 1), mlflow.MlflowError, bad);
    }
    // Unicode letters are word characters for Python's regex, hence allowed.
    await mlflow.logParam("größe", 3);
    await mlflow.logMetric("a/b c-d.e_f", 1);
  });

  it("keeps params immutable and metric values numeric, as MLflow does", async () => {
    await mlflow.startRun();
    await mlflow.logParam("depth", 3);
    await mlflow.logParam("depth", 3); // same value again is allowed
    await assert.rejects(mlflow.logParam("depth", 5), /Changing param values is not allowed/);
    await assert.rejects(mlflow.logMetric("acc", true as unknown as number), /invalid value true/);
    await assert.rejects(mlflow.logMetric("acc", 1, { step: 1.5 }), /invalid step/);
    await assert.rejects(mlflow.logMetric("acc", 1, { timestamp: -1 }), /invalid timestamp/);
    await assert.rejects(mlflow.logParam("long", "x".repeat(6001)), /exceeded length limit of 6000/);
  });

  it("refuses a second run while one is active unless nested, and tags the child with its parent", async () => {
    const parent = await mlflow.startRun({ runName: "parent" });
    await assert.rejects(mlflow.startRun(), /already active.*nested: true/s);
    const child = await mlflow.startRun({ runName: "child", nested: true });
    assert.equal(mlflow.activeRun(), child);
    await parent.end(); // ends the child too
    assert.equal(mlflow.activeRun(), undefined);
    const got = await mlflow.getRun(child.runId);
    assert.equal(got.data.tags["mlflow.parentRunId"], parent.runId);
    assert.equal(got.info.status, "FINISHED");
  });

  it("ends a run through Symbol.asyncDispose (what `await using` calls)", async () => {
    const run = await mlflow.startRun();
    await run[Symbol.asyncDispose]();
    assert.equal(mlflow.activeRun(), undefined);
    assert.equal((await mlflow.getRun(run.runId)).info.status, "FINISHED");
  });

  it("takes the tracking URI and experiment from MLflow's environment variables when none is set", async () => {
    const saved = { uri: process.env.MLFLOW_TRACKING_URI, exp: process.env.MLFLOW_EXPERIMENT_NAME };
    process.env.MLFLOW_TRACKING_URI = root;
    process.env.MLFLOW_EXPERIMENT_NAME = "from-env";
    assert.throws(() => mlflow.setTrackingUri(undefined as unknown as string), /setTrackingUri: expected a path or URI/);
    try {
      // A fresh module state: the env is read whenever no URI was set explicitly.
      const fresh = freshMlflow();
      assert.equal(fresh.getTrackingUri(), root);
      const run = await fresh.startRun();
      await run.end();
      const exp = new FileStore(root).getExperimentByName("from-env");
      assert.ok(exp);
      assert.equal(run.info.experimentId, exp.experimentId);
    } finally {
      if (saved.uri === undefined) delete process.env.MLFLOW_TRACKING_URI; else process.env.MLFLOW_TRACKING_URI = saved.uri;
      if (saved.exp === undefined) delete process.env.MLFLOW_EXPERIMENT_NAME; else process.env.MLFLOW_EXPERIMENT_NAME = saved.exp;
    }
  });

  it("starts a run on demand when something is logged outside one", async () => {
    await mlflow.logMetric("x", 2);
    const run = mlflow.activeRun();
    assert.ok(run);
    assert.equal((await mlflow.getRun(run.runId)).data.metrics.x, 2);
  });

  it("writes numbers as Python prints them (metric files are parsed with float())", () => {
    for (const { value, text } of pyText.floats as { value: number; text: string }[]) {
      if (Number.isInteger(value) && !text.includes("e") && !Object.is(value, -0)) assert.equal(numberText(value) + ".0", text); // JS has no int/float split
      else assert.equal(numberText(value), text, String(value));
    }
    for (const { value, text } of pyText.ints as { value: number; text: string }[]) assert.equal(numberText(value), text);
    assert.equal(numberText(NaN), pyText.special.nan);
    assert.equal(numberText(Infinity), pyText.special.inf);
    assert.equal(numberText(-Infinity), pyText.special["-inf"]);
    assert.equal(valueText(true), pyText.bools.true);
  });

  it("searchRuns gives a table with MLflow's columns, rich display and a polars frame", async () => {
    await mlflow.setExperiment("search");
    for (const depth of [2, 4]) {
      const r = await mlflow.startRun({ runName: `d${depth}` });
      await mlflow.logParam("max_depth", depth);
      await mlflow.logMetric("accuracy", depth / 10);
      await r.end();
    }
    const table = await mlflow.searchRuns();
    assert.equal(table.length, 2);
    assert.deepEqual(table.columns.slice(0, 6), ["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time"]);
    assert.ok(table.columns.includes("metrics.accuracy") && table.columns.includes("params.max_depth") && table.columns.includes("tags.mlflow.runName"));
    assert.deepEqual(table.column("metrics.accuracy").map(Number).sort(), [0.2, 0.4]);
    const bundle = toMimeBundle(table);
    assert.match(bundle["text/plain"], /metrics\.accuracy/);
    assert.match(String(bundle["text/html"]), /<table[^>]*>.*d2.*<\/table>/s);
    const df = table.toFrame();
    assert.equal(df.height, 2);
    assert.deepEqual([...df.getColumn("params.max_depth").toArray()].sort(), ["2", "4"]);
  });

  it("copies artifacts into the run's artifacts folder, files and directories", async () => {
    const src = fs.mkdtempSync(path.join(path.dirname(root), "src-"));
    fs.writeFileSync(path.join(src, "report.txt"), "hello");
    fs.mkdirSync(path.join(src, "plots"));
    fs.writeFileSync(path.join(src, "plots", "roc.svg"), "<svg/>");
    const run = await mlflow.startRun();
    await mlflow.logArtifact(path.join(src, "report.txt"));
    await mlflow.logArtifact(path.join(src, "plots"), "figures");
    await assert.rejects(mlflow.logArtifact(path.join(src, "missing.txt")), /not found/);
    await run.end();
    const { report } = readStore(root);
    const r = report.experiments.find((e) => e.experiment_id === "0")!.runs[0];
    assert.deepEqual(r.artifacts, ["figures/plots/roc.svg", "report.txt"]);
    assert.equal(fs.readFileSync(path.join(root, "0", run.runId, "artifacts", "report.txt"), "utf8"), "hello");
  });

  it("logModel writes the model file, an MLmodel descriptor with flavor typelearn, and the log-model history tag", async () => {
    const run = await mlflow.startRun();
    const model = { constructor: { name: "FakeModel" }, coef: [1, 2] };
    const info = await mlflow.logModel(model, "model", { save: (m, file) => fs.writeFileSync(file, JSON.stringify(m)) });
    await run.end();
    const dir = path.join(root, "0", run.runId, "artifacts", "model");
    const mlmodel = YAML.parse(fs.readFileSync(path.join(dir, "MLmodel"), "utf8"));
    assert.equal(mlmodel.run_id, run.runId);
    assert.equal(mlmodel.artifact_path, "model");
    assert.equal(mlmodel.flavors.typelearn.model_file, "model.tl");
    assert.match(mlmodel.utc_time_created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "model.tl"), "utf8")).coef, [1, 2]);
    assert.equal(info.modelUri, `runs:/${run.runId}/model`);
    const history = JSON.parse((await mlflow.getRun(run.runId)).data.tags["mlflow.log-model.history"]);
    assert.equal(history.length, 1);
    assert.equal(history[0].model_uuid, info.modelUuid);
    const { report } = readStore(root);
    assert.deepEqual(report.errors, []);
  });

  it("logModel saves a real estimator with dump, and load brings back the same predictions", async () => {
    const X = np.array([[1, 2], [2, 1], [3, 5], [4, 3], [5, 8]]);
    const y = np.array([3, 4, 9, 8, 14]);
    const model = new LinearRegression().fit(X, y);
    const run = await mlflow.startRun();
    await mlflow.logModel(model, "models/linear");
    await run.end();
    const file = path.join(root, "0", run.runId, "artifacts", "models", "linear", "model.tl");
    const back = load<LinearRegression>(file);
    assert.deepEqual(Array.from(back.predict(X).data), Array.from(model.predict(X).data));
    const mlmodel = YAML.parse(fs.readFileSync(path.join(path.dirname(file), "MLmodel"), "utf8"));
    assert.equal(mlmodel.flavors.typelearn.estimator_class, "LinearRegression");
    assert.equal(mlmodel.artifact_path, "models/linear");
    await assert.rejects(mlflow.logModel({ not: "a model" }, "m"), /expected a typelearn estimator/);
  });

  it("reuses an experiment by name and rejects unknown ids and empty names", async () => {
    const a = await mlflow.setExperiment("same");
    const b = await mlflow.setExperiment("same");
    assert.equal(a.experimentId, b.experimentId);
    await assert.rejects(mlflow.setExperiment({ experimentId: "123" }), /Could not find experiment with ID 123/);
    await assert.rejects(mlflow.setExperiment(""), /Invalid experiment name/);
    assert.throws(() => new FileStore(root).createExperiment("same"), /already exists/);
  });
});
