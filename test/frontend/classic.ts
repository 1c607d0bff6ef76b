/**
 * Driving the classic Notebook (6.4) page the way a person does: open a notebook, wait for the kernel, Run All,
 * wait until every code cell has finished, then read back what the page holds.
 */
import * as fs from "fs";
import * as path from "path";
import { Page } from "puppeteer-core";
import { NotebookServer } from "./server";

// Page-side code runs in Chromium, where the notebook's own `Jupyter` global lives (see browser.ts on typings).
declare const Jupyter: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Selector of the SVGs the classic Notebook draws in output areas. */
export const classicSvgSelector = "#notebook-container .output_area svg";

/** One code cell after Run All, as the page's notebook model holds it. */
export interface CellState {
  index: number;
  /** The prompt number ("*" while running, null if never run). */
  prompt: number | string | null;
  outputTypes: string[];
  /** ename: evalue of every error output. */
  errors: string[];
  /** The MIME types of every rich output, in order. */
  mimes: string[][];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `check` (run in the page) until it returns true; on timeout throw with `describe()`'s account. */
async function waitInPage(page: Page, check: () => boolean, what: string, timeoutMs: number,
  describe: () => Promise<string>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(check).catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${await describe()}`);
    await sleep(250);
  }
}

const uncaught = new WeakMap<Page, string[]>();

/**
 * Uncaught exceptions the notebook's own JavaScript threw since {@link openNotebook} (e.g. while handling a
 * kernel message it did not expect). Console noise such as the missing widgets extension is not counted.
 */
export function pageErrors(page: Page): string[] {
  return [...(uncaught.get(page) ?? [])];
}

/** Copy `notebookFile` into the server's folder and open it; resolves once its kernel is connected and idle. */
export async function openNotebook(page: Page, server: NotebookServer, notebookFile: string): Promise<void> {
  const name = path.basename(notebookFile);
  fs.copyFileSync(notebookFile, path.join(server.notebookDir, name));
  const consoleLines: string[] = [];
  const errors: string[] = [];
  uncaught.set(page, errors);
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => {
    consoleLines.push(`pageerror: ${(e as Error).message}`);
    errors.push((e as Error).message);
  });
  await page.goto(`${server.base}/notebooks/${encodeURIComponent(name)}?token=${server.token}`, { waitUntil: "domcontentloaded" });
  const describe = async () => `browser console:\n${consoleLines.join("\n")}\nserver log:\n${server.log()}`;
  await waitInPage(page, () => typeof Jupyter !== "undefined" && Jupyter.notebook !== undefined &&
    Jupyter.notebook._fully_loaded === true && Jupyter.notebook.kernel != null && Jupyter.notebook.kernel.is_connected() &&
    document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
  `kernel "typelearn" of ${name} to be connected and idle`, 90000, describe);
}

/** The state of every code cell, from the page's notebook model. */
export function cellStates(page: Page): Promise<CellState[]> {
  return page.evaluate(() => Jupyter.notebook.get_cells()
    .map((c: any, index: number) => ({ c, index }))
    .filter(({ c }: any) => c.cell_type === "code")
    .map(({ c, index }: any) => ({
      index,
      prompt: c.input_prompt_number ?? null,
      outputTypes: c.output_area.outputs.map((o: any) => o.output_type),
      errors: c.output_area.outputs.filter((o: any) => o.output_type === "error").map((o: any) => `${o.ename}: ${o.evalue}`),
      mimes: c.output_area.outputs.filter((o: any) => o.data).map((o: any) => Object.keys(o.data)),
    })));
}

/**
 * Run All (the Cell menu's action) and wait until no code cell is running or queued and the kernel is idle
 * again; returns the cells' states.
 */
export async function runAll(page: Page, server: NotebookServer, timeoutMs: number): Promise<CellState[]> {
  const before = await cellStates(page);
  if (before.length === 0) throw new Error("the notebook has no code cells");
  // Same action as Cell → Run All: queues every cell on the kernel in order.
  await page.evaluate(() => { Jupyter.notebook.execute_all_cells(); });
  const describe = async () => `cells: ${JSON.stringify(await cellStates(page).catch(() => []))}\nserver log:\n${server.log()}`;
  // Execute marks every queued cell "*" synchronously; a cell aborted after an error loses its "*" without a
  // number, so "no * left" ends the wait either way and the caller's checks say what went wrong.
  await waitInPage(page, () => Jupyter.notebook.get_cells().filter((c: any) => c.cell_type === "code")
    .every((c: any) => c.input_prompt_number !== "*") &&
    document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
  "every code cell to finish", timeoutMs, describe);
  return cellStates(page);
}

/**
 * Full-length screenshot of the notebook: the classic page scrolls inside #site (sized to the window by the
 * page's own script) rather than the document, so the window is made as tall as #site's content for the shot.
 */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const viewport = page.viewport() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => {
    const site = document.querySelector("#site");
    return Math.ceil(site.getBoundingClientRect().top + site.scrollHeight);
  });
  await page.setViewport({ ...viewport, height: Math.min(Math.max(height, viewport.height), 16000) });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // the page re-sizes #site on resize
  await page.screenshot({ path: file });
  await page.setViewport(viewport);
}
