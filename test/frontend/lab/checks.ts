/**
 * What the JupyterLab tests expect of each stored output (read from the notebook's JSON) and what they find in
 * the page's output areas, so both the outputs page and the live notebook panel are judged the same way.
 */
import { strict as assert } from "assert";
import { Page } from "puppeteer-core";
import { Chromium, inspectSvgs } from "../browser";

// Page-side callbacks run in Chromium (see browser.ts on typings).
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An nbformat output as stored in an .ipynb file. */
export interface StoredOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const decode = (s: string) => s.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, "&").trim();
// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

/** What one output should look like once drawn. */
export interface Expected {
  kind: "chart" | "table" | "progress" | "html" | "error" | "stream" | "text";
  /** chart: the size of the SVG rendered in-process from the same spec (width, height), when the bundle has one. */
  size?: [number, number];
  /** table: body rows and the first body row's cells, as the stored HTML has them. */
  rows?: number;
  firstRow?: string[];
  /** progress: the bar's final value and maximum. */
  progress?: [number, number];
  /** error: the traceback lines; stream: the text; text: text/plain. */
  lines?: string[];
}

/**
 * The outputs of one code cell as JupyterLab's output model holds them: consecutive stream outputs of the same
 * name merge into one (OutputAreaModel does so), so the expected list follows suit.
 */
export function expectedOutputs(outputs: StoredOutput[]): Expected[] {
  const merged: StoredOutput[] = [];
  for (const o of outputs) {
    const last = merged[merged.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      merged[merged.length - 1] = { ...last, text: joined(last.text) + joined(o.text) };
    } else merged.push(o);
  }
  return merged.map((o): Expected => {
    if (o.output_type === "error") return { kind: "error", lines: (o.traceback ?? []).map((l) => stripAnsi(l).trim()).filter(Boolean) };
    if (o.output_type === "stream") return { kind: "stream", lines: joined(o.text).split("\n").map((l) => l.trim()).filter(Boolean) };
    const data = o.data ?? {};
    if ("application/vnd.vegalite.v5+json" in data) {
      const svg = joined(data["image/svg+xml"]);
      const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
      return { kind: "chart", size: m ? [Number(m[1]), Number(m[2])] : undefined };
    }
    const html = joined(data["text/html"]);
    if (/class="typelearn-progress"/.test(html)) {
      const m = /<progress value="(\d+)" max="(\d+)"/.exec(html);
      return { kind: "progress", progress: m ? [Number(m[1]), Number(m[2])] : undefined };
    }
    if (/<table\b/.test(html)) {
      // Body rows: inside <tbody> when the HTML has one; else every row outside <thead>/<tfoot> (the browser
      // then puts them in an implicit tbody).
      const body = /<tbody\b/.test(html) ? html.split(/<tbody\b/)[1].split(/<\/tbody>/)[0]
        : html.replace(/<thead\b[\s\S]*?<\/thead>|<tfoot\b[\s\S]*?<\/tfoot>/g, "");
      const rowsHtml = body.split(/<tr\b/).slice(1);
      const firstRow = Array.from((rowsHtml[0] ?? "").matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g), (m) => decode(m[1]));
      return { kind: "table", rows: rowsHtml.length, firstRow };
    }
    if (html) return { kind: "html" };
    return { kind: "text", lines: joined(data["text/plain"]).split("\n").map((l) => l.trim()).filter(Boolean) };
  });
}

/** What the page shows for one output (one `.jp-OutputArea-child`). */
export interface Shown {
  vega: number;
  canvases: { width: number; height: number }[];
  tables: { rows: number; firstRow: string[]; wrapped: number }[];
  progress: { value: number; max: number }[];
  /** The output's text as drawn (innerText), ANSI never reaches the DOM. */
  text: string;
  /** The renderer's classes (jp-RenderedHTMLCommon, jp-RenderedText …) to name what drew it. */
  renderer: string;
}

/** Read every output of the cells under `root` (a CSS selector): cell wrapper → its outputs. */
export async function shownOutputs(page: Page, cellSelector: string): Promise<Shown[][]> {
  return page.evaluate((sel: string) => Array.from(document.querySelectorAll(sel), (cell: any) =>
    Array.from(cell.querySelectorAll(".jp-OutputArea-child"), (child: any) => {
      const out = child.querySelector(".jp-OutputArea-output");
      return {
        vega: child.querySelectorAll(".jp-RenderedVegaCommon5").length,
        canvases: Array.from(child.querySelectorAll(".jp-RenderedVegaCommon5 canvas"), (c: any) => {
          const r = c.getBoundingClientRect();
          return { width: r.width, height: r.height };
        }),
        tables: Array.from(child.querySelectorAll("table"), (t: any) => ({
          rows: t.querySelectorAll("tbody tr").length,
          firstRow: Array.from(t.querySelectorAll("tbody tr:first-child td"), (td: any) => td.textContent.trim()),
          // Body cells whose value the browser broke over more than one line: its text spans more than 1.5
          // of its own line boxes (text nodes only: a <code> box's padding is not a line).
          wrapped: Array.from(t.querySelectorAll("tbody td"), (td: any) => {
            const walker = document.createTreeWalker(td, 4 /* NodeFilter.SHOW_TEXT */);
            const rects: any[] = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const range = document.createRange();
              range.selectNodeContents(n);
              rects.push(...Array.from(range.getClientRects()).filter((r: any) => r.height > 0));
            }
            if (rects.length === 0) return false;
            const top = Math.min(...rects.map((r) => r.top)), bottom = Math.max(...rects.map((r) => r.bottom));
            return bottom - top > 1.5 * Math.min(...rects.map((r) => r.height));
          }).filter(Boolean).length,
        })),
        progress: Array.from(child.querySelectorAll("progress"), (p: any) => ({ value: p.value, max: p.max })),
        text: String(out?.innerText ?? ""),
        renderer: String(out?.className ?? ""),
      };
    })), cellSelector);
}

/** Assert that `shown` draws what `expected` describes; `where` names the notebook, cell and mode. */
export function assertShown(expected: Expected[], shown: Shown[], where: string): void {
  assert.equal(shown.length, expected.length,
    `${where}: ${shown.length} outputs drawn, ${expected.length} stored (${expected.map((e) => e.kind).join(", ")})`);
  expected.forEach((e, i) => {
    const s = shown[i];
    const what = `${where} output ${i} (${e.kind}, drawn by "${s.renderer}")`;
    switch (e.kind) {
      case "chart":
        assert.equal(s.vega, 1, `${what}: not drawn by JupyterLab's Vega renderer`);
        assert.equal(s.canvases.length, 1, `${what}: expected one Vega canvas, found ${s.canvases.length}`);
        if (e.size) {
          // The same Vega-Lite spec laid out by vega in the browser and by vega in Node: the same height, and a
          // width no wider (Node has no font metrics, so vega there estimates label widths generously) and not
          // much narrower than the SVG.
          const [w, h] = e.size;
          const c = s.canvases[0];
          assert.ok(Math.abs(c.height - h) <= 2 && c.width <= w + 2 && c.width >= 0.75 * w,
            `${what}: drawn ${c.width}×${c.height}, the stored SVG of the same spec is ${w}×${h}`);
        }
        break;
      case "table":
        assert.equal(s.tables.length, 1, `${what}: expected one table`);
        assert.equal(s.tables[0].rows, e.rows, `${what}: body rows`);
        assert.deepEqual(s.tables[0].firstRow, e.firstRow, `${what}: first row`);
        assert.equal(s.tables[0].wrapped, 0, `${what}: cells broken over several lines`);
        break;
      case "progress":
        assert.equal(s.progress.length, 1, `${what}: expected one <progress>`);
        assert.deepEqual([s.progress[0].value, s.progress[0].max], e.progress, `${what}: final state`);
        break;
      case "error":
      case "stream":
      case "text": {
        const text = s.text.split("\n").map((l) => l.trim()).join("\n");
        for (const line of e.lines ?? []) assert.ok(text.includes(line), `${what}: line "${line}" not shown; shown:\n${s.text.slice(0, 2000)}`);
        if (e.kind === "error") assert.match(s.renderer, /jp-RenderedText/, `${what}: not drawn as text`);
        break;
      }
      case "html":
        assert.ok(s.text.trim().length > 0, `${what}: empty`);
        break;
    }
  });
}

/**
 * Every Vega canvas under `scope`: on the page with a real size, not hidden or covered, and with marks in its
 * screenshot — the checks the classic test makes of SVG plots, applied to the canvas JupyterLab draws.
 */
export async function assertChartsVisible(chromium: Chromium, page: Page, scope: string, count: number, prefix: string): Promise<void> {
  const charts = await inspectSvgs(chromium, page, `${scope} .jp-RenderedVegaCommon5 canvas`, prefix);
  assert.equal(charts.length, count, `${prefix}: ${charts.length} Vega canvases, expected ${count}`);
  for (const c of charts) {
    const what = `${prefix} chart #${c.index} ${JSON.stringify(c.box)}`;
    assert.ok(c.width >= 50 && c.height >= 50, `${what}: box too small to be a chart`);
    assert.ok(c.inPage, `${what}: not within the page`);
    assert.ok(c.styleVisible, `${what}: hidden by style`);
    assert.ok(c.onTop, `${what}: covered by another element`);
    assert.ok(c.ink > 0.01 * c.width * c.height, `${what}: screenshot is blank (${c.ink} ink pixels)`);
  }
}
