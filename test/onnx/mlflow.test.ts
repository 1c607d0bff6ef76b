/**
 * mlflow.logModel(model, path, { onnx: true }) adds MLflow's onnx flavor: model.onnx next to model.tl, an `onnx`
 * entry in MLmodel that real MLflow (2.17) reads with mlflow.onnx.load_model, and the same predictions in ONNX Runtime.
 * An OnnxModel (from loadOnnx) logs as its own bytes under the onnx flavor only; real MLflow resolves its runs:/ URI
 * from the store and loads it with mlflow.onnx, and mlflow.loadModel gives it back as an OnnxModel.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadWine } from "../../lib/datasets";
import { RandomForestClassifier } from "../../lib/ensemble";
import * as mlflow from "../../lib/track";
import { exportOnnx, loadOnnx, OnnxModel } from "../../lib/onnx";
import { MlflowError } from "../../lib/track/validation";
import { flat } from "./helpers";
import { runMlflowPython } from "../track/helpers";

describe("onnx: MLflow onnx flavor", function () {
  this.timeout(300_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tl-onnx-mlflow-"));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("logModel({ onnx: true }) writes model.onnx and the onnx flavor that mlflow.onnx.load_model reads", async () => {
    const d = loadWine();
    const X = d.data as NDArray;
    const model = new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, randomState: 0 }).fit(X, d.target as NDArray);
    mlflow.setTrackingUri(root);
    const run = await mlflow.startRun();
    const info = await mlflow.logModel(model, "model", { onnx: true });
    await run.end();
    assert.deepEqual(Object.keys(info.flavors).sort(), ["onnx", "typelearn"]);
    const dir = path.join(root, "0", run.runId, "artifacts", "model");
    assert.ok(fs.existsSync(path.join(dir, "model.tl")));
    assert.deepEqual(flat(loadOnnx(path.join(dir, "model.onnx")).predict(X)), flat(model.predict(X)));
    const py = "import mlflow.onnx, sys\nm = mlflow.onnx.load_model(sys.argv[1])\n" +
      "print(dict((p.key, p.value) for p in m.metadata_props)['typelearn.class'], [o.name for o in m.graph.output])";
    assert.match(runMlflowPython(py, [dir]), /RandomForestClassifier \['label', 'probabilities'\]/);
  });

  it("logModel(onnxModel) writes its own bytes with the onnx flavor only; real MLflow loads it from the run", async () => {
    const d = loadWine();
    const X = d.data as NDArray;
    const forest = new RandomForestClassifier({ nEstimators: 4, maxDepth: 3, randomState: 1 }).fit(X, d.target as NDArray);
    const m = loadOnnx(exportOnnx(forest));
    mlflow.setTrackingUri(root);
    const run = await mlflow.startRun();
    const info = await mlflow.logModel(m, "onnx_model");
    await assert.rejects(mlflow.logModel(m, "again", { save: () => undefined }), MlflowError);
    await run.end();
    assert.deepEqual(Object.keys(info.flavors), ["onnx"]);
    const dir = path.join(root, "0", run.runId, "artifacts", "onnx_model");
    assert.deepEqual(fs.readdirSync(dir).sort(), ["MLmodel", "model.onnx"]);
    assert.ok(Buffer.from(fs.readFileSync(path.join(dir, "model.onnx"))).equals(Buffer.from(m.bytes)), "the model's own bytes");
    // real MLflow: resolve runs:/ through the file store, read MLmodel's flavor, load with mlflow.onnx; check the graph
    const py = "import sys, mlflow, mlflow.onnx, onnx\nfrom mlflow.models import Model\nmlflow.set_tracking_uri(sys.argv[1])\n" +
      "uri = 'runs:/' + sys.argv[2] + '/onnx_model'\n" +
      "flavors = Model.load(uri).flavors\nm = mlflow.onnx.load_model(uri)\nonnx.checker.check_model(m, full_check=True)\n" +
      "print(sorted(flavors), flavors['onnx']['data'], [o.name for o in m.graph.output], dict((p.key, p.value) for p in m.metadata_props)['typelearn.class'])";
    assert.match(runMlflowPython(py, [root, run.runId]), /\['onnx'\] model\.onnx \['label', 'probabilities'\] RandomForestClassifier/);
    // and back in typelearn: the onnx-only model loads as an OnnxModel with the same predictions
    const back = await mlflow.loadModel(info.modelUri);
    assert.ok(back instanceof OnnxModel);
    assert.deepEqual(flat(back.predict(X)), flat(forest.predict(X)));
    m.release();
  });
});
