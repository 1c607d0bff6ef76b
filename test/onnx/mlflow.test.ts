/**
 * mlflow.logModel(model, path, { onnx: true }) adds MLflow's onnx flavor: model.onnx next to model.tl, an `onnx`
 * entry in MLmodel that real MLflow (2.17) reads with mlflow.onnx.load_model, and the same predictions in ONNX Runtime.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadWine } from "../../lib/datasets";
import { RandomForestClassifier } from "../../lib/ensemble";
import * as mlflow from "../../lib/track";
import { loadOnnx } from "../../lib/onnx";
import { flat } from "./helpers";
import { MLFLOW_RUN } from "../track/helpers";

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
    const r = spawnSync(MLFLOW_RUN, ["-c", py, dir], { encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /RandomForestClassifier \['label', 'probabilities'\]/);
  });
});
