/**
 * JupyterLab 4's own renderers on every output typelearn stores: each guide notebook executed by `typelearn run`
 * (plus two fixtures for what the guide does not show: a progress bar, a frame, a runtime and a type error) is
 * drawn by JupyterLab's OutputArea and RenderMimeRegistry with the Vega 5, JavaScript and JSON mime extensions,
 * once trusted and once untrusted (as a reopened notebook is), in Debian's Chromium.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { Page } from "puppeteer-core";
import { repoRoot } from "../notebooks/helpers";
import { Chromium, launchChromium, screenshotDir } from "./browser";
import { LabBundle, buildLabPage } from "./lab/bundle";
import { StoredOutput, assertChartsVisible, assertShown, expectedOutputs, shownOutputs } from "./lab/checks";

// Page-side code runs in Chromium (see browser.ts on typings).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface StoredNotebook { cells: { cell_type: string; outputs?: StoredOutput[] }[] }

/** Run `typelearn run` on `files` into `out` (allowing errors: the fixture fails on purpose). */
function typelearnRun(files: string[], out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin", "typelearn.js"), "run", ...files, "--out", out,
      "--allow-errors"], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d) => { log += d; });
    child.stderr.on("data", (d) => { log += d; });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`typelearn run exited ${code}:\n${log}`))));
  });
}

const guide = fs.readdirSync(path.join(repoRoot, "notebooks")).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort()
  .map((f) => path.join(repoRoot, "notebooks", f));
const fixtures = ["lab-extras.ipynb", "frame-progress.ipynb"].map((f) => path.join(repoRoot, "test", "frontend", "fixtures", f));

describe("front end: JupyterLab 4's renderers on every executed notebook, trusted and untrusted", function () {
  this.timeout(240000);
  let chromium: Chromium | undefined;
  let bundle: LabBundle | undefined;
  let page: Page | undefined;
  let outDir = "";
  const notebooks = new Map<string, StoredNotebook>();
  const pageErrors: string[] = [];

  before(async function () {
    // Executing the thirteen guide notebooks dominates the run: two `typelearn run` processes share them.
    this.timeout(600000);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-lab-executed-"));
    const all = [...guide, ...fixtures];
    const [built] = await Promise.all([
      buildLabPage(),
      typelearnRun(all.filter((_, i) => i % 2 === 0), outDir),
      typelearnRun(all.filter((_, i) => i % 2 === 1), outDir),
    ]);
    bundle = built;
    for (const f of all) notebooks.set(path.basename(f), JSON.parse(fs.readFileSync(path.join(outDir, path.basename(f)), "utf8")));
    chromium = await launchChromium();
    page = await chromium.newPage([]);
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(pathToFileURL(path.join(bundle.dir, "index.html")).href, { waitUntil: "load" });
    for (const trusted of [true, false]) {
      for (const [name, nb] of notebooks) {
        await page.evaluate((n: string, content: unknown, t: boolean) => window.typelearnLab.renderOutputs(n, content, t), name, nb, trusted);
      }
    }
    // Vega renders asynchronously: wait until every Vega output holds its canvas.
    const charts = [...notebooks.values()].flatMap((nb) => nb.cells.flatMap((c) => c.outputs ?? []))
      .filter((o) => o.data && "application/vnd.vegalite.v5+json" in o.data).length * 2;
    await page.waitForFunction((n: number) => document.querySelectorAll(".jp-RenderedVegaCommon5 canvas").length >= n,
      { timeout: 120000, polling: 250 }, charts).catch(async () => {
      const found = await page!.evaluate(() => document.querySelectorAll(".jp-RenderedVegaCommon5 canvas").length);
      throw new Error(`JupyterLab's Vega renderer drew ${found} of ${charts} charts within 120 s; page errors: ${pageErrors.join("\n")}`);
    });
  });

  after(async function () {
    this.timeout(60000);
    await chromium?.close();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  for (const trusted of [true, false]) {
    const mode = trusted ? "trusted" : "untrusted";
    for (const file of [...guide, ...fixtures]) {
      const name = path.basename(file);
      it(`${mode}: ${name} — every chart drawn with marks, every table's rows, progress bars and errors as stored`, async () => {
        const nb = notebooks.get(name)!;
        const scope = `.tl-notebook[data-notebook="${name}"][data-trusted="${trusted}"]`;
        const shown = await shownOutputs(page!, `${scope} .tl-cell`);
        const codeCells = nb.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code");
        assert.equal(shown.length, codeCells.length, `${name}: one output area per code cell`);
        let charts = 0;
        codeCells.forEach(({ c, i }, k) => {
          const expected = expectedOutputs(c.outputs ?? []);
          charts += expected.filter((e) => e.kind === "chart").length;
          assertShown(expected, shown[k], `${name} cell ${i} (${mode})`);
        });
        const prefix = `lab-${mode}-${name.replace(/\.ipynb$/, "")}`;
        await assertChartsVisible(chromium!, page!, scope, charts, prefix);
        const section = await page!.$(scope);
        await section!.screenshot({ path: path.join(screenshotDir, `${prefix}-page.png`) });
        assert.deepEqual(pageErrors, [], "the page threw");
      });
    }
  }

  it("shows the fixture's runtime and type errors at the cell's own line numbers", async () => {
    const shown = await shownOutputs(page!, '.tl-notebook[data-notebook="lab-extras.ipynb"] .tl-cell');
    // Both modes: code cells 3 and 4 of the fixture are its 3rd and 4th code cells.
    for (const cells of [shown.slice(0, 4), shown.slice(4)]) {
      assert.match(cells[2][0].text, /RangeError: fixture failure after 3 lines\s+at cell\[3\]:4:7\s+throw new RangeError/);
      assert.match(cells[3][0].text, /^3:7 - Type 'string' is not assignable to type 'number'\./);
    }
  });

  it("the sanitizer of untrusted outputs strips nothing from typelearn's HTML (and does strip a script)", async () => {
    const removed: Record<string, string[]> = {};
    for (const [name, nb] of notebooks) {
      for (const o of nb.cells.flatMap((c) => c.outputs ?? [])) {
        const html = o.data?.["text/html"];
        if (html === undefined) continue;
        const r: Record<string, number> = await page!.evaluate((h: string) => window.typelearnLab.sanitizerReport(h),
          Array.isArray(html) ? html.join("") : String(html));
        for (const k of Object.keys(r)) (removed[k] ??= []).push(name);
      }
    }
    assert.deepEqual(removed, {}, "JupyterLab's sanitizer removed parts of typelearn's HTML outputs");
    // The report can fail: a script, an event handler and a fixed position are all stripped.
    const probe = await page!.evaluate(() => window.typelearnLab.sanitizerReport(
      '<div onclick="x()" style="color:red;position:fixed"><script>1</script></div>'));
    assert.deepEqual(probe, { "div[onclick]": 1, "div{position}": 1, script: 1 });
  });
});
