/**
 * notebooks/12-tracking.ipynb through nbclient: the logged scores are scikit-learn's on the same split
 * (test/fixtures/track_notebook_reference.json), and the store it wrote passes the MLflow FileStore reader.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { readStore } from "../track/helpers";
import { executeWithNbclient, repoRoot } from "./helpers";

const ref = JSON.parse(fs.readFileSync(path.join(repoRoot, "test", "fixtures", "track_notebook_reference.json"), "utf8"));
const f4 = (x: number) => x.toFixed(4);

describe("notebooks/12-tracking.ipynb", function () {
  this.timeout(600000);

  it("logs scikit-learn's scores, shows the runs table and chart, and leaves a valid MLflow store", () => {
    const { text, out } = executeWithNbclient("notebooks/12-tracking.ipynb");
    assert.ok(!/Error/.test(text), text);
    assert.ok(text.includes(`Logged run with accuracy: ${f4(ref.guide_accuracy)}\n`), text);
    for (const s of ref.sweep) {
      const line = `n_estimators ${String(s.n_estimators).padStart(3)}: accuracy ${f4(s.accuracy)}, ` +
        `F1 malignant ${f4(s.f1_malignant)}, log loss ${f4(s.log_loss)}`;
      assert.ok(text.includes(line + "\n"), `missing "${line}" in:\n${text}`);
    }
    const best = ref.sweep.reduce((a: { log_loss: number }, b: { log_loss: number }) => (b.log_loss < a.log_loss ? b : a));
    assert.ok(text.includes(`reloaded model: log loss ${f4(best.log_loss)}, accuracy ${f4(best.accuracy)}\n`), text);

    const nb = JSON.parse(fs.readFileSync(out, "utf8"));
    const outputs = nb.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? []);
    assert.ok(outputs.some((o: { data?: Record<string, unknown> }) => /<table class="typelearn-frame">/.test(String(o.data?.["text/html"] ?? ""))), "runs table HTML");
    const chart = outputs.find((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.vegalite.v5+json"]);
    assert.ok(chart, "a Vega-Lite chart");
    assert.equal((chart.data["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } }).data.values.length, 4);

    const store = /Store: (\S+)/.exec(text)?.[1];
    assert.ok(store, text);
    const { report, status } = readStore(store);
    assert.deepEqual(report.errors, []);
    assert.equal(status, 0);
    const exp = report.experiments.find((e) => e.name === "cancer-classification")!;
    assert.equal(exp.runs.length, 5);
    for (const r of exp.runs) {
      assert.equal(r.status, "FINISHED");
      assert.deepEqual(r.artifacts, ["model/MLmodel", "model/model.tl"]);
      assert.ok(r.metrics.accuracy !== undefined);
    }
    const trees100 = exp.runs.find((r) => r.run_name === "trees-100")!;
    assert.equal(trees100.metrics.log_loss, ref.sweep[3].log_loss);
    fs.rmSync(store, { recursive: true, force: true });
  });
});
