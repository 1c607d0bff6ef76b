/**
 * Artifacts read back from a file store: loadModel("runs:/<id>/model") and downloadArtifacts (in place, or copied
 * to dstPath), MLmodel's utc_time_created written quoted so Python's YAML reads a string as MLflow writes it, and
 * typed errors for a missing artifact or a model of another flavor.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LinearRegression, mlflow } from "../../lib";
import { NDArray } from "../../lib/array/ndarray";
import { MlflowError } from "../../lib/track/validation";
import { tempStore } from "./helpers";

describe("track: artifacts and models read back from a file store", () => {
  afterEach(async () => {
    while (mlflow.activeRun()) await mlflow.endRun("KILLED");
  });

  it("loadModel and downloadArtifacts by run URI; MLmodel's time is a quoted string", async () => {
    mlflow.setTrackingUri(tempStore());
    const X = [[0, 1], [1, 0], [2, 2], [3, 1]];
    const model = new LinearRegression().fit(X, [1, 2, 5, 6]);
    const run = await mlflow.startRun();
    const info = await mlflow.logModel(model, "models/lr");
    await run.end();

    const back = await mlflow.loadModel<LinearRegression>(info.modelUri);
    assert.deepEqual(Array.from((back.predict(X) as NDArray).data), Array.from((model.predict(X) as NDArray).data));

    const inPlace = await mlflow.downloadArtifacts({ runId: run.runId, artifactPath: "models/lr" });
    assert.ok(inPlace.endsWith(path.join("artifacts", "models", "lr")));
    const dst = fs.mkdtempSync(path.join(os.tmpdir(), "tl-dl-"));
    const copied = await mlflow.downloadArtifacts({ artifactUri: `runs:/${run.runId}/models`, dstPath: dst });
    assert.equal(copied, path.join(dst, "models"));
    assert.deepEqual(fs.readdirSync(path.join(copied, "lr")).sort(), ["MLmodel", "model.tl"]);
    assert.deepEqual(fs.readFileSync(path.join(copied, "lr", "model.tl")), fs.readFileSync(path.join(inPlace, "model.tl")));
    // a folder given as a path works like the run URI
    assert.ok((await mlflow.loadModel(inPlace)) instanceof LinearRegression);

    const text = fs.readFileSync(path.join(inPlace, "MLmodel"), "utf8");
    assert.match(text, /^utc_time_created: '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}'$/m);
    const py = spawnSync("/usr/bin/python3", ["-c", "import sys, yaml; print(type(yaml.safe_load(open(sys.argv[1]))['utc_time_created']).__name__)",
      path.join(inPlace, "MLmodel")], { encoding: "utf8" });
    assert.equal(py.stdout.trim(), "str", py.stderr);

    await assert.rejects(mlflow.downloadArtifacts({ runId: run.runId, artifactPath: "nothing" }),
      (e: unknown) => e instanceof MlflowError && e.errorCode === "RESOURCE_DOES_NOT_EXIST");
    fs.writeFileSync(path.join(dst, "MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n");
    await assert.rejects(mlflow.loadModel(dst), (e: unknown) => e instanceof MlflowError && /flavors sklearn, expected "typelearn"/.test(e.message));
    await assert.rejects(mlflow.downloadArtifacts({}), MlflowError);
  });
});
