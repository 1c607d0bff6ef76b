import { strict as assert } from "assert";
import * as fs from "fs";
import { executeWithNbclient, executeWithRunner } from "./helpers";
import { assertWellFormedSvg } from "../plot/svg_helpers";

type Output = { output_type: string; data?: Record<string, unknown> };

/** The SVG pictures and text of a notebook's rich outputs. */
function pictures(nb: { cells: { outputs?: Output[] }[] }): { svg: string; text: string; vegaLite: boolean }[] {
  const found: { svg: string; text: string; vegaLite: boolean }[] = [];
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const svg = o.data?.["image/svg+xml"];
      if (svg === undefined) continue;
      const text = o.data!["text/plain"];
      found.push({
        svg: Array.isArray(svg) ? svg.join("") : String(svg),
        text: Array.isArray(text) ? text.join("") : String(text),
        vegaLite: typeof o.data!["application/vnd.vegalite.v5+json"] === "object",
      });
    }
  }
  return found;
}

// Notebook → the text forms of the charts its new cells draw, in order. (08 is left out: its grid search takes
// half a minute; its heatmap is built the same way as 09's confusion matrix.)
const expected: Record<string, RegExp[]> = {
  "01-linear-regression": [/^<Chart: layered chart of 2 charts "House prices/, /^<Chart: histogram of 40 values in 10 bins/],
  "02-random-forest": [/^<Chart: bar chart of 30 bars/],
  "04-kmeans": [/^<Chart: line chart of 5 points/, /^<Chart: layered chart of 2 charts "Customer segments"/],
  "05-pca": [/^<Chart: scatter of 569 points/, /^<Chart: line chart of 3 series, 30 points each/],
  "07-cross-validation": [/^<Chart: line chart of 2 series, 5 points each/],
  "09-confusion-roc": [/^<ConfusionMatrixDisplay: 2 classes \[malignant, benign\]>/, /^<Chart: ROC curve, AUC = 0\.9959/,
    /^<Chart: precision-recall curve/],
};

describe("notebooks: plots", function () {
  this.timeout(600000);

  const runs = new Map<string, ReturnType<typeof executeWithRunner>>();
  const run = (name: string) => {
    if (!runs.has(name)) runs.set(name, executeWithRunner(`notebooks/${name}.ipynb`));
    return runs.get(name)!;
  };

  for (const [name, charts] of Object.entries(expected)) {
    it(`${name}: typelearn run stores each chart as a well-formed SVG next to its Vega-Lite spec`, () => {
      const { nb } = run(name);
      const got = pictures(nb as never);
      assert.equal(got.length, charts.length, got.map((g) => g.text).join("\n"));
      got.forEach((g, i) => {
        assert.match(g.text, charts[i]);
        assert.ok(g.vegaLite, "Vega-Lite spec stored too");
        assertWellFormedSvg(g.svg);
      });
    });
  }

  it("04-kmeans: the progress bar's output holds its final state", () => {
    const { text } = run("04-kmeans");
    assert.match(text, /k-means: 100%\|██████████\| 5\/5 \[\d\d:\d\d<00:00\]\n/);
  });

  it("09-confusion-roc through a real Jupyter client (nbclient): SVGs in a valid notebook", () => {
    const { out } = executeWithNbclient("notebooks/09-confusion-roc.ipynb");
    const got = pictures(JSON.parse(fs.readFileSync(out, "utf8")));
    assert.equal(got.length, 3);
    got.forEach((g) => assertWellFormedSvg(g.svg));
  });
});
