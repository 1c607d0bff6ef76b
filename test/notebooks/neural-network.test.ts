import { strict as assert } from "assert";
import * as fs from "fs";
import { executeWithNbclient } from "./helpers";
import { assertWellFormedSvg } from "../plot/svg_helpers";

describe("notebooks/06-neural-network.ipynb", function () {
  this.timeout(600000);

  it("trains the guide's network to test accuracy ≥ 0.96, shows live progress, reloads it identically (nbclient)", () => {
    const { text, out } = executeWithNbclient("notebooks/06-neural-network.ipynb");
    assert.ok(!/Error/.test(text), text);
    const epochs = [...text.matchAll(/Epoch (\d+): Loss=(\d\.\d{4}), Test Accuracy=(\d\.\d{4})\n/g)];
    assert.deepEqual(epochs.map((m) => Number(m[1])), [20, 40, 60, 80, 100]);
    const losses = epochs.map((m) => Number(m[2]));
    // The guide's runs fall from ~0.4–0.55 at epoch 20 to ~0.07 at epoch 100.
    assert.ok(losses[0] > 0.3 && losses[0] < 0.65 && losses[4] < 0.1, `losses ${losses}`);
    const acc = Number(/Test accuracy: (\d\.\d{4})\n/.exec(text)?.[1]);
    assert.ok(acc >= 0.96, `test accuracy ${acc}`);
    assert.match(text, /CancerClassifier — epoch 100\/100, loss=0\.\d{4}, testAccuracy=0\.\d{4}/);
    assert.match(text, /identical predictions on all 114 test rows: true\n/);
    assert.match(text, /state keys: network\.0\.weight, network\.0\.bias, network\.3\.weight, network\.3\.bias, network\.6\.weight, network\.6\.bias\n/);
    assert.match(text, /Linear\(in_features=30, out_features=64, bias=True\)/);
    const cv = Number(/5-fold accuracy of the scaled MLP: (\d\.\d{4})/.exec(text)?.[1]);
    assert.ok(cv > 0.95, `cv ${cv}`);
    // The progress display kept one output, updated in place, carrying the Vega-Lite loss curve and — its final
    // frame being the one saved — the SVG that the classic Notebook and nbconvert show.
    const nb = JSON.parse(fs.readFileSync(out, "utf8"));
    const charts = nb.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? [])
      .filter((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.vegalite.v5+json"]);
    assert.equal(charts.length, 1);
    const values = (charts[0].data["application/vnd.vegalite.v5+json"] as { data: { values: { series: string }[] } }).data.values;
    assert.equal(values.filter((v) => v.series === "loss").length, 100);
    // nbformat may store a text output as a list of lines.
    assertWellFormedSvg(([] as string[]).concat(charts[0].data["image/svg+xml"] as string | string[]).join(""));
  });
});
