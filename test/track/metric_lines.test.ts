/**
 * Metric files as MLflow >= 3.0 writes them: a value logged with a dataset is a 5-field line
 * "timestamp value step dataset_name dataset_digest". The file store reads them beside 2- and 3-field lines (a run
 * with such a metric no longer breaks searchRuns for the whole experiment) and keeps the dataset.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { mlflow } from "../../lib";
import { FileStore, parseMetricLines } from "../../lib/track/file_store";
import { MlflowError } from "../../lib/track/validation";
import { tempStore } from "./helpers";

describe("track: MLflow 3 metric lines", () => {
  it("reads 5-field lines (with dataset name and digest) beside 2- and 3-field ones", async () => {
    const root = tempStore();
    const store = new FileStore(root);
    const run = store.createRun({ experimentId: "0", userId: "u", startTime: 1, runName: "m3", tags: {} });
    store.logMetric(run.info.runId, { key: "acc", value: 0.5, timestamp: 10, step: 0 });
    const file = path.join(root, "0", run.info.runId, "metrics", "acc");
    fs.appendFileSync(file, "11 0.75 1 eval_set 3f2a9c1d\n12 0.8\n13 0.9 2 train_set e3b0c442\n");
    const history = store.getMetricHistory(run.info.runId, "acc");
    assert.deepEqual(history, [
      { key: "acc", value: 0.5, timestamp: 10, step: 0 },
      { key: "acc", value: 0.75, timestamp: 11, step: 1, datasetName: "eval_set", datasetDigest: "3f2a9c1d" },
      { key: "acc", value: 0.8, timestamp: 12, step: 0 },
      { key: "acc", value: 0.9, timestamp: 13, step: 2, datasetName: "train_set", datasetDigest: "e3b0c442" },
    ]);
    assert.equal(store.getRun(run.info.runId).data.metrics.acc, 0.9);
    mlflow.setTrackingUri(root);
    const table = await mlflow.searchRuns({ experimentIds: ["0"] });
    assert.deepEqual(table.column("metrics.acc"), [0.9]);
  });

  it("any other field count is a malformed-metric MlflowError naming the metric", () => {
    assert.throws(() => parseMetricLines("acc", "1 0.5 0 eval\n"),
      (e: unknown) => e instanceof MlflowError && /Metric 'acc' is malformed; .*4 fields\. Expected 2, 3, or 5 fields/.test(e.message));
    assert.throws(() => parseMetricLines("acc", "1 0.5 0 a b c\n"), MlflowError);
  });
});
