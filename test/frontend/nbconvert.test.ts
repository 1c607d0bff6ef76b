/**
 * The static front end: a notebook executed by `typelearn run` (as `npm start` does), converted by Debian's
 * nbconvert to HTML, must carry its SVG plots inline, and Chromium opening that file offline must show them.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { repoRoot } from "../notebooks/helpers";
import { Chromium, assertPlotsVisible, launchChromium, screenshotDir } from "./browser";
import { python, requirePythonModule } from "./server";

// Page-side code runs in Chromium (see browser.ts on typings).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** SVGs in nbconvert's output areas (its default "lab" template; the classic template's class too). */
export const nbconvertSvgSelector = ".jp-OutputArea-output svg, .output_area svg";

/**
 * Debian 12's nbconvert (6.5) passes every image/svg+xml output through lxml's HTML cleaner, which deletes all
 * of an SVG's drawing elements and leaves an empty box (nbconvert issue 1849; later 7.x releases clean SVG with an
 * SVG allow-list instead). Swapping that filter for an identity function (os.fspath returns a string unchanged)
 * keeps the markup, on 6.5 and 7.x alike. It is what README tells users to pass, for notebooks they trust.
 */
export const keepSvgFlags = ["--HTMLExporter.filters", "clean_html=os.fspath"];

/** Folders made by {@link executeAndConvert}, removed by the suite's after hook. */
const tempDirs: string[] = [];

/** Execute `notebook` with `typelearn run`, convert it with nbconvert; returns the HTML file and the executed JSON. */
export function executeAndConvert(notebook: string): { html: string; executed: string } {
  requirePythonModule("nbconvert", "python3-nbconvert");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-nbconvert-"));
  tempDirs.push(dir);
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bin", "typelearn.js"), "run", path.join(repoRoot, notebook),
    "--out", dir], { encoding: "utf8", timeout: 300000 });
  assert.equal(run.status, 0, `typelearn run failed on ${notebook}:\n${run.stdout}\n${run.stderr}`);
  const executed = path.join(dir, path.basename(notebook));
  const conv = spawnSync(python, ["-m", "nbconvert", "--to", "html", ...keepSvgFlags, "--output-dir", dir, executed],
    { encoding: "utf8", timeout: 120000, env: { ...process.env, JUPYTER_NO_CONFIG: "1" } });
  assert.equal(conv.status, 0, `nbconvert failed on ${executed}:\n${conv.stdout}\n${conv.stderr}`);
  return { html: executed.replace(/\.ipynb$/, ".html"), executed };
}

/** The image/svg+xml outputs an executed notebook stored, in order. */
export function storedSvgs(executed: string): string[] {
  const nb = JSON.parse(fs.readFileSync(executed, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  const out: string[] = [];
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      const svg = o.data?.["image/svg+xml"];
      if (svg !== undefined) out.push(Array.isArray(svg) ? svg.join("") : String(svg));
    }
  }
  return out;
}

/** Open an HTML file offline (only file: and data: requests are allowed) and assert its plots are visible. */
export async function assertHtmlPlotsVisible(chromium: Chromium, html: string, atLeast: number, prefix: string) {
  const page = await chromium.newPage([]);
  try {
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    // The page loads Debian's MathJax, whose "Loading …" banner sits in the bottom-left corner for a second
    // or so: look at the page once it is gone, as a reader would.
    await page.waitForFunction(() => {
      const m = document.querySelector("#MathJax_Message");
      return m === null || m.style.display === "none";
    }, { timeout: 60000, polling: 200 }).catch(() => {
      throw new Error(`MathJax never finished loading in ${html}`);
    });
    const svgs = await assertPlotsVisible(chromium, page, nbconvertSvgSelector, atLeast, prefix);
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${prefix}-page.png`), fullPage: true });
    return svgs;
  } finally {
    await page.close();
  }
}

describe("front end: nbconvert HTML of an executed notebook in Chromium", function () {
  this.timeout(240000);
  let chromium: Chromium | undefined;

  before(async function () {
    this.timeout(60000);
    chromium = await launchChromium();
  });

  after(async function () {
    this.timeout(30000);
    await chromium?.close();
    for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("inlines the fixture notebook's three SVG outputs, and Chromium shows them", async () => {
    const { html, executed } = executeAndConvert("test/frontend/fixtures/svg-display.ipynb");
    const stored = storedSvgs(executed);
    assert.equal(stored.length, 3, "typelearn run stored the three SVG outputs");
    const text = fs.readFileSync(html, "utf8");
    // Each stored SVG appears whole and inline in the HTML (nbconvert copies the markup, it does not rasterise it).
    for (const svg of stored) assert.ok(text.includes(svg.trim()), `HTML lacks ${svg.slice(0, 120)}…`);
    const svgs = await assertHtmlPlotsVisible(chromium!, html, 3, "nbconvert-fixture");
    assert.equal(svgs.length, 3);
    assert.deepEqual(svgs.map((s) => s.text), ["fixture bars", "", "fixture bars again"]);
  });

  for (const [notebook, atLeast, titles] of [
    ["notebooks/05-pca.ipynb", 2, ["first two components", "Cumulative explained variance"]],
    ["notebooks/09-confusion-roc.ipynb", 3, ["Random forest on the test set", "ROC curve"]],
  ] as const) {
    it(`inlines every plot of ${notebook} whole, and Chromium shows them`, async () => {
      const { html, executed } = executeAndConvert(notebook);
      const stored = storedSvgs(executed);
      assert.ok(stored.length >= atLeast, `${notebook} stored ${stored.length} SVG outputs, expected at least ${atLeast}`);
      const text = fs.readFileSync(html, "utf8");
      for (const svg of stored) assert.ok(text.includes(svg.trim()), `HTML lacks ${svg.slice(0, 120)}…`);
      const prefix = `nbconvert-${path.basename(notebook, ".ipynb")}`;
      const svgs = await assertHtmlPlotsVisible(chromium!, html, stored.length, prefix);
      assert.equal(svgs.length, stored.length, "one drawn SVG per stored image/svg+xml output");
      for (const t of titles) assert.ok(svgs.some((s) => s.text.includes(t)), `no plot titled "${t}"`);
    });
  }
});
