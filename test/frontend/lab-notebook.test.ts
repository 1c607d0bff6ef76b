/**
 * A real JupyterLab 4 notebook panel (built from @jupyterlab/notebook, services, rendermime and the mime
 * extensions, bundled by esbuild) served by Debian's Notebook 6.4 server on its own origin, running every cell of
 * guide notebooks 01, 06 and 12 (and a fixture with a progress bar and an error) on the typelearn kernel, in
 * Debian's Chromium. Fails, naming the package, without chromium or jupyter-notebook.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Page } from "puppeteer-core";
import { repoRoot } from "../notebooks/helpers";
import { Chromium, launchChromium, screenshotDir } from "./browser";
import { LabBundle, buildLabPage } from "./lab/bundle";
import { StoredOutput, assertChartsVisible, assertShown, expectedOutputs, shownOutputs } from "./lab/checks";
import { NotebookServer, processesMentioning, startNotebookServer } from "./server";

// Page-side code runs in Chromium (see browser.ts on typings).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface OutputChange { cell: number; type: string; outputs: number }
interface RunResult {
  page: Page;
  /** Run All's verdict: true when every cell ran without error. */
  ok: boolean;
  /** The notebook as the panel's model holds it after the run (nbformat JSON). */
  cells: { cell_type: string; execution_count?: number | null; outputs?: StoredOutput[] }[];
  changes: OutputChange[];
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("front end: a JupyterLab 4 notebook panel running the typelearn kernel", function () {
  this.timeout(300000);
  let bundle: LabBundle | undefined;
  let server: NotebookServer | undefined;
  let chromium: Chromium | undefined;

  before(async function () {
    this.timeout(180000);
    bundle = await buildLabPage();
    server = await startNotebookServer({ staticDir: bundle.dir });
    chromium = await launchChromium();
  });

  after(async function () {
    this.timeout(60000);
    await chromium?.close();
    await server?.stop();
  });

  /** Open `file` in the panel, Run All, wait until it settled and the kernel is idle; read the model back. */
  async function runInLab(file: string): Promise<RunResult> {
    const name = path.basename(file);
    fs.copyFileSync(path.join(repoRoot, file), path.join(server!.notebookDir, name));
    const page = await chromium!.newPage([server!.base, server!.base.replace(/^http/, "ws")]);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server!.base}/static/index.html`, { waitUntil: "load" });
    await page.evaluate(async (base: string, token: string, p: string) => {
      window.tlNotebook = await window.typelearnLab.openNotebook({ baseUrl: `${base}/`, token, path: p });
      window.tlNotebook.runAll();
    }, server!.base, server!.token, name);
    const until = Date.now() + 240000;
    const state = () => page.evaluate(() => ({
      done: window.tlNotebook.done,
      kernel: window.tlNotebook.panel.sessionContext.session?.kernel?.status,
    }));
    for (let s = await state(); s.done === undefined || s.kernel !== "idle"; s = await state()) {
      if (Date.now() > until) throw new Error(`${file} did not finish in JupyterLab within 240 s: ${JSON.stringify(s)}\nserver log:\n${server!.log()}`);
      await sleep(500);
    }
    const result = await page.evaluate(() => ({
      ok: window.tlNotebook.done,
      cells: window.tlNotebook.panel.model.toJSON().cells,
      changes: window.tlNotebook.changes,
    }));
    await screenshotPanel(page, path.join(screenshotDir, `lab-notebook-${name.replace(/\.ipynb$/, "")}-page.png`));
    return { page, errors, ...result };
  }

  /** The panel scrolls inside itself: make the window as tall as its content for one full-length screenshot. */
  async function screenshotPanel(page: Page, file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const viewport = page.viewport() ?? { width: 1280, height: 900 };
    // Run All leaves the notebook scrolled to its last cell: back to the top, then measure the content.
    const height: number = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll(".jp-NotebookPanel, .jp-NotebookPanel *")) as any[];
      for (const e of all) if (e.scrollTop > 0) e.scrollTop = 0;
      return Math.max(...all.map((e) => e.scrollHeight + e.getBoundingClientRect().top));
    });
    await page.setViewport({ ...viewport, height: Math.min(Math.max(Math.ceil(height), viewport.height), 16000) });
    await sleep(300);
    await page.screenshot({ path: file });
    await page.setViewport(viewport);
  }

  /** Every code cell's outputs drawn as the panel's model holds them; returns the number of charts. */
  async function assertAllDrawn(run: RunResult, file: string): Promise<number> {
    const code = run.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code");
    const shown = await shownOutputs(run.page, ".jp-Notebook .jp-CodeCell");
    assert.equal(shown.length, code.length, `${file}: one drawn code cell per model cell`);
    let charts = 0;
    code.forEach(({ c, i }, k) => {
      const expected = expectedOutputs(c.outputs ?? []);
      charts += expected.filter((e) => e.kind === "chart").length;
      assertShown(expected, shown[k], `${file} cell ${i} (JupyterLab notebook)`);
    });
    await assertChartsVisible(chromium!, run.page, ".jp-Notebook", charts, `lab-notebook-${path.basename(file, ".ipynb")}`);
    assert.deepEqual(run.errors, [], `${file}: the page threw`);
    return charts;
  }

  function assertAllRan(run: RunResult, file: string): void {
    assert.equal(run.ok, true, `${file}: Run All reported a failed cell`);
    for (const [i, c] of run.cells.entries()) {
      if (c.cell_type !== "code") continue;
      assert.equal(typeof c.execution_count, "number", `${file} cell ${i} did not run`);
      const errors = (c.outputs ?? []).filter((o) => o.output_type === "error");
      assert.deepEqual(errors, [], `${file} cell ${i} raised`);
    }
  }

  for (const [file, charts] of [
    ["notebooks/01-linear-regression.ipynb", 2],
    ["notebooks/06-neural-network.ipynb", 1],
    ["notebooks/12-tracking.ipynb", 1],
  ] as const) {
    it(`runs every cell of ${file} and draws every output: charts with marks, tables' rows`, async () => {
      const run = await runInLab(file);
      assertAllRan(run, file);
      assert.equal(await assertAllDrawn(run, file), charts, `${file}: charts drawn`);
      if (file.includes("06-")) {
        // The live training chart: displayed once, then replaced in place epoch after epoch, ending at 100/100.
        const i = run.cells.findIndex((c) => (c.outputs ?? []).some((o) => /CancerClassifier — epoch/.test(String(o.data?.["text/plain"] ?? ""))));
        assert.ok(i >= 0, "no training display in notebook 06");
        const ours = run.changes.filter((ch) => ch.cell === i && ch.type !== "clear");
        assert.equal(ours.filter((ch) => ch.type === "add" && ch.outputs === 1).length, 1, `the training chart was added more than once: ${JSON.stringify(ours)}`);
        assert.ok(ours.filter((ch) => ch.type === "set").length >= 2, `the training chart was not updated in place: ${JSON.stringify(ours)}`);
        const chart = run.cells[i].outputs!.filter((o) => o.data?.["application/vnd.vegalite.v5+json"]);
        assert.equal(chart.length, 1, "one training chart");
        assert.match(String(chart[0].data!["text/plain"]), /epoch 100\/100/);
        // The module's parameter table: names and shapes read left-aligned, counts right-aligned (JupyterLab's
        // CSS right-aligns every cell unless the bundle says otherwise).
        const align = await run.page.evaluate(() => Array.from(document.querySelectorAll("table.typelearn-module tbody tr:first-child td"),
          (td: any) => window.getComputedStyle(td).textAlign));
        assert.deepEqual(align, ["left", "left", "right"]);
      }
      await run.page.close();
    });
  }

  it("updates a progress bar in place (one output, final state) and shows an error at the cell's own line", async () => {
    const file = "test/frontend/fixtures/lab-extras.ipynb";
    const run = await runInLab(file);
    // Run All stops at the fixture's runtime error (cell 3), so the type-error cell after it does not run.
    assert.equal(run.ok, false, "Run All should report the fixture's failing cell");
    const bar = run.changes.filter((ch) => ch.cell === 1 && ch.type !== "clear");
    assert.deepEqual(bar.slice(0, 1), [{ cell: 1, type: "add", outputs: 1 }], `first change: ${JSON.stringify(bar)}`);
    const updates = bar.slice(1).filter((ch) => ch.type === "set");
    assert.ok(updates.length >= 2 && updates.every((ch) => ch.outputs === 1), `progress not updated in place: ${JSON.stringify(bar)}`);
    // After the bar, only the cell's result is added.
    assert.deepEqual(bar.filter((ch) => ch.type === "add").map((ch) => ch.outputs), [1, 2]);
    await assertAllDrawn(run, file);
    const shown = await shownOutputs(run.page, ".jp-Notebook .jp-CodeCell");
    assert.deepEqual(shown[0][0].progress, [{ value: 25, max: 25 }]);
    assert.match(shown[2][0].text, /RangeError: fixture failure after 3 lines\s+at cell\[3\]:4:7\s+throw new RangeError/);
    await run.page.close();
  });

  it("shuts its kernels down with the server", async () => {
    const runtime = server!.runtimeDir;
    await chromium!.close();
    await server!.stop();
    assert.deepEqual(processesMentioning(runtime), [], "kernel processes outlived the notebook server");
  });
});
