/**
 * The real front end: Debian's classic Jupyter Notebook 6.4 serving our kernel, Debian's Chromium driven by
 * puppeteer-core running every cell as a person would, and the SVG plots checked as drawn on the page.
 * Nothing is skipped: without jupyter-notebook or chromium installed the hooks fail with the package to install.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { Page } from "puppeteer-core";
import { repoRoot } from "../notebooks/helpers";
import { Chromium, assertPlotsVisible, inspectSvgs, launchChromium, repeatedSvgIds, screenshotDir } from "./browser";
import { CellState, classicSvgSelector, openNotebook, pageErrors, runAll, screenshotNotebook } from "./classic";
import { NotebookServer, processesMentioning, startNotebookServer } from "./server";

// Page-side code in the tampering check runs in Chromium (see browser.ts on typings).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

function assertAllRan(cells: CellState[], name: string): void {
  for (const c of cells) {
    assert.deepEqual(c.errors, [], `${name} cell ${c.index} raised`);
    assert.equal(typeof c.prompt, "number", `${name} cell ${c.index} did not run (prompt ${JSON.stringify(c.prompt)})`);
  }
}

describe("front end: classic Notebook 6.4 in Chromium", function () {
  this.timeout(240000);
  let server: NotebookServer | undefined;
  let chromium: Chromium | undefined;

  before(async function () {
    this.timeout(120000);
    server = await startNotebookServer();
    chromium = await launchChromium();
  });

  after(async function () {
    this.timeout(60000);
    await chromium?.close();
    await server?.stop();
  });

  async function runNotebook(file: string, prefix: string): Promise<{ page: Page; cells: CellState[] }> {
    const page = await chromium!.newPage([server!.base]);
    await openNotebook(page, server!, path.join(repoRoot, file));
    const cells = await runAll(page, server!, 180000);
    assertAllRan(cells, file);
    assert.deepEqual(pageErrors(page), [], `${file}: the notebook page threw`);
    await screenshotNotebook(page, path.join(screenshotDir, `${prefix}-page.png`));
    return { page, cells };
  }

  it("runs a fixture notebook and draws each image/svg+xml output (also when a Vega-Lite spec rides along)", async () => {
    const { page, cells } = await runNotebook("test/frontend/fixtures/svg-display.ipynb", "fixture");
    // The third bundle carries application/vnd.vegalite.v5+json, which Notebook 6.4 cannot render: it must
    // still have received it and fallen back to the SVG.
    assert.deepEqual(cells.map((c) => c.mimes), [
      [["image/svg+xml", "text/plain"]],
      [["image/svg+xml", "text/plain"]],
      [["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]],
    ]);
    const svgs = await assertPlotsVisible(chromium!, page, classicSvgSelector, 3, "fixture");
    assert.equal(svgs.length, 3);
    assert.deepEqual(svgs.map((s) => s.text), ["fixture bars", "", "fixture bars again"]);
    assert.deepEqual(svgs.map((s) => [Math.round(s.width), Math.round(s.height)]), [[320, 200], [240, 240], [320, 200]]);

    // The checks can fail: two plots defining the same id, a hidden plot and a covered one are all noticed.
    assert.deepEqual(await repeatedSvgIds(page, classicSvgSelector), []);
    await page.evaluate(() => {
      for (const svg of Array.from(document.querySelectorAll("#notebook-container .output_area svg")) as any[]) {
        svg.insertAdjacentHTML("afterbegin", '<defs><linearGradient id="gradient_0"/></defs>');
      }
    });
    assert.deepEqual(await repeatedSvgIds(page, classicSvgSelector), ["gradient_0"]);
    await page.evaluate(() => {
      const [a] = Array.from(document.querySelectorAll("#notebook-container .output_area svg")) as any[];
      a.closest(".output_subarea").style.visibility = "hidden";
      const cover = document.createElement("div");
      Object.assign(cover.style, { position: "fixed", left: "0", top: "0", width: "100vw", height: "100vh", background: "white", zIndex: "9999" });
      document.body.appendChild(cover);
    });
    const tampered = await inspectSvgs(chromium!, page, classicSvgSelector, "fixture-tampered");
    assert.equal(tampered[0].styleVisible, false, "a visibility:hidden plot was reported visible");
    assert.equal(tampered[1].onTop, false, "a covered plot was reported on top");
    assert.ok(tampered[1].ink < 0.01 * tampered[1].width * tampered[1].height, "a covered plot's screenshot still has ink");
    await page.close();
  });

  /** Run a guide notebook and check every SVG it displayed is drawn; returns the plots' drawn text. */
  async function runGuideNotebook(file: string, prefix: string, atLeast: number): Promise<string[]> {
    const { page, cells } = await runNotebook(file, prefix);
    const svgOutputs = cells.flatMap((c) => c.mimes).filter((m) => m.includes("image/svg+xml")).length;
    assert.ok(svgOutputs >= atLeast, `${file} displayed ${svgOutputs} SVG outputs, expected at least ${atLeast}`);
    const svgs = await assertPlotsVisible(chromium!, page, classicSvgSelector, atLeast, prefix);
    assert.equal(svgs.length, svgOutputs, "one drawn SVG per image/svg+xml output");
    await page.close();
    return svgs.map((s) => s.text);
  }

  it("runs notebooks/05-pca.ipynb: the PCA scatter and the cumulative-variance curve are drawn", async () => {
    const texts = await runGuideNotebook("notebooks/05-pca.ipynb", "05-pca", 2);
    assert.ok(texts.some((t) => t.includes("first two components")), `no PCA scatter among: ${texts.map((t) => t.slice(0, 80))}`);
    assert.ok(texts.some((t) => t.includes("Cumulative explained variance")), `no cumulative-variance plot among: ${texts.map((t) => t.slice(0, 80))}`);
  });

  it("runs notebooks/09-confusion-roc.ipynb: the confusion matrix and the ROC curve are drawn", async () => {
    const texts = await runGuideNotebook("notebooks/09-confusion-roc.ipynb", "09-confusion-roc", 3);
    // The matrix shows the guide's counts (40, 3 / 1, 70) and its class names.
    assert.ok(texts.some((t) => t.includes("malignant") && t.includes("benign") && /^40 3 1 70\b/.test(t)), `no confusion matrix among: ${texts.map((t) => t.slice(0, 80))}`);
    assert.ok(texts.some((t) => t.includes("ROC curve")), `no ROC curve among: ${texts.map((t) => t.slice(0, 80))}`);
  });

  it("shuts its kernels down with the server", async () => {
    const runtime = server!.runtimeDir;
    await chromium!.close();
    await server!.stop();
    assert.deepEqual(processesMentioning(runtime), [], "kernel processes outlived the notebook server");
  });
});
