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
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const Jupyter: any; // eslint-disable-line @typescript-eslint/no-explicit-any

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

  it("shows a 569×31 polars frame through typelearn's table and redraws the live training SVG mid-training in one output", async () => {
    const file = "test/frontend/fixtures/frame-progress.ipynb";
    const page = await chromium!.newPage([server!.base]);
    await openNotebook(page, server!, path.join(repoRoot, file));
    // Record every display update the page applies, as it applies it: which cell, whether it still ran, the
    // frame's title (text/plain names the epoch) and whether the update carried an SVG with a drawn curve.
    await page.evaluate(() => {
      const w = window as any;
      w.__tlUpdates = [];
      Jupyter.notebook.events.on("output_updated.OutputArea", (_e: unknown, d: any) => {
        const cells = Jupyter.notebook.get_cells();
        const cell = cells.find((c: any) => c.output_area === d.output_area);
        const svg = String(d.output.data["image/svg+xml"] ?? "");
        w.__tlUpdates.push({ cell: cells.indexOf(cell), running: cell?.input_prompt_number === "*",
          title: String(d.output.data["text/plain"] ?? ""), svg: svg.length > 0, marks: /<(path|polyline|line)\b/.test(svg),
          outputsNow: d.output_area.outputs.length, svgsNow: d.output_area.element[0].querySelectorAll("svg").length });
      });
    });
    const cells = await runAll(page, server!, 180000);
    assertAllRan(cells, file);
    assert.deepEqual(pageErrors(page), [], `${file}: the notebook page threw`);
    await screenshotNotebook(page, path.join(screenshotDir, "frame-progress-page.png"));

    // The frame: one text/html table, shape in its caption, dtypes in the headers, pandas' head and tail rows.
    assert.deepEqual(cells[0].mimes, [["text/plain", "text/html"]]);
    const table = await page.evaluate(() => {
      const t = document.querySelectorAll("#notebook-container .output_area table.typelearn-frame");
      if (t.length !== 1) return { count: t.length } as any;
      const el = t[0];
      const r = el.getBoundingClientRect();
      return {
        count: 1, width: r.width, height: r.height,
        visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
        caption: el.querySelector("caption")?.textContent ?? "",
        headers: Array.from(el.querySelectorAll("thead th"), (h: any) => h.textContent),
        rowLabels: Array.from(el.querySelectorAll("tbody tr"), (tr: any) => tr.querySelector("th").textContent),
        firstRow: Array.from(el.querySelectorAll("tbody tr:first-child td"), (td: any) => td.textContent),
        lastRow: Array.from(el.querySelectorAll("tbody tr:last-child td"), (td: any) => td.textContent),
        cells: Array.from(el.querySelectorAll("tbody td"), (td: any) => td.textContent),
      };
    });
    assert.equal(table.count, 1, "expected exactly one typelearn-frame table on the page");
    assert.ok(table.visible && table.width > 200 && table.height > 100, `table not drawn: ${JSON.stringify({ ...table, cells: undefined })}`);
    assert.equal(table.caption, "polars DataFrame, shape (569, 31)");
    assert.equal(table.headers.length, 32);
    assert.equal(table.headers[1], "mean radius (Float64)");
    assert.equal(table.headers[31], "target (Int32)");
    assert.deepEqual(table.rowLabels, ["0", "1", "2", "3", "4", "…", "564", "565", "566", "567", "568"]);
    // The first and last rows of scikit-learn's breast-cancer data (row 0: 17.99 … 0.1189, malignant).
    assert.deepEqual([table.firstRow[0], table.firstRow[3], table.firstRow[29], table.firstRow[30]], ["17.99", "1001", "0.1189", "0"]);
    assert.deepEqual([table.lastRow[0], table.lastRow[30]], ["7.76", "1"]);
    const significant = (s: string) => s.replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").length;
    const long = table.cells.filter((c: string) => c !== "…" && significant(c) > 6);
    assert.deepEqual(long, [], "cells printed with more than 6 significant digits");
    assert.equal(table.cells.filter((c: string) => c === "…").length, 31, "one ellipsis row between head and tail");

    // The live training chart: one output, updated in place, with an SVG curve already while training ran.
    assert.deepEqual(cells[1].mimes, [["text/plain", "application/vnd.vegalite.v5+json", "image/svg+xml"]]);
    const updates: any[] = await page.evaluate(() => (window as any).__tlUpdates);
    const progressIndex = cells[1].index;
    const ours = updates.filter((u) => u.cell === progressIndex);
    assert.ok(ours.length >= 2, `expected several live updates, got ${JSON.stringify(updates)}`);
    assert.ok(ours.every((u) => u.running && u.outputsNow === 1 && u.svgsNow <= 1), `an update added outputs or SVGs: ${JSON.stringify(ours)}`);
    const midTraining = ours.filter((u) => u.svg && !/epoch 16\/16/.test(u.title));
    assert.ok(midTraining.length >= 1, `no SVG frame before the last epoch: ${JSON.stringify(ours)}`);
    assert.ok(midTraining.every((u) => u.marks), `a mid-training SVG without a drawn curve: ${JSON.stringify(midTraining)}`);
    assert.match(ours[ours.length - 1].title, /^fixture net — epoch 16\/16, loss=/);
    const svgs = await assertPlotsVisible(chromium!, page, classicSvgSelector, 1, "frame-progress");
    assert.equal(svgs.length, 1, "the progress display left more than one SVG");
    const paths = await page.evaluate((sel: string) => document.querySelector(sel).querySelectorAll("path, polyline, line").length, classicSvgSelector);
    assert.ok(paths > 0, "the final training chart has no path or line");
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
