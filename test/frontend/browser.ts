/**
 * Debian's Chromium driven headless through puppeteer-core (no browser download), plus the checks the front-end
 * tests make on a page: which SVG plots are in the output areas and whether a person would actually see them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import puppeteer, { Browser, Page } from "puppeteer-core";
import { requireProgram, signalGroup } from "./server";

// The page-side callbacks below run inside Chromium; the project compiles without the DOM typings, so the few
// browser globals they touch are declared here, module-local.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const chromiumPath = "/usr/bin/chromium";

/** Screenshots go here (ignored by git) so a person can look at what the test saw. */
export const screenshotDir = path.resolve(__dirname, "..", "..", "..", "test", "frontend", "screenshots");

/** A headless Chromium with a fresh profile; `close` also kills its process group. */
export interface Chromium {
  browser: Browser;
  /** A new tab whose requests may only reach `allowed` origins (file:, data: and blob: are always allowed). */
  newPage(allowed: string[]): Promise<Page>;
  close(): Promise<void>;
}

/** Launch /usr/bin/chromium headless; fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Chromium> {
  requireProgram(chromiumPath, "Debian's Chromium", "apt-get install chromium");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tl-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    userDataDir: profile,
    // Without the background-networking switches Chromium keeps dialling Google services, which fail noisily
    // on a machine without internet; --no-sandbox because CI runs as root.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    defaultViewport: { width: 1280, height: 900 },
    protocolTimeout: 120000,
  });
  const pid = browser.process()?.pid;
  let closed = false;
  return {
    browser,
    async newPage(allowed: string[]) {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      // Nothing may come from outside this machine (MathJax or require.js from a CDN, fonts): the test must
      // see what an offline user sees, and never wait on a network that is not there.
      page.on("request", (req) => {
        const url = req.url();
        const ok = /^(file|data|blob):/.test(url) || allowed.some((o) => url.startsWith(o));
        void (ok ? req.continue() : req.abort("blockedbyclient"));
      });
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10000))]);
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What the test learns about one top-level SVG in an output area. */
export interface SvgReport {
  /** Index among the matched SVGs, in document order. */
  index: number;
  width: number;
  height: number;
  /** The box lies inside the document horizontally and, once scrolled into view, inside the viewport. */
  inPage: boolean;
  /** Not display:none / visibility:hidden / opacity 0 anywhere up the tree (Chromium's checkVisibility). */
  styleVisible: boolean;
  /** The elements hit at the box's centre and near its corners are the SVG or inside it (nothing covers it). */
  onTop: boolean;
  /** Number of drawn shapes (path, rect, circle, line, polyline, polygon, text, image) inside. */
  shapes: number;
  /** The text drawn inside (titles, axis labels, ticks), whitespace collapsed, at most 2000 characters. */
  text: string;
  /** The box in page coordinates after scrolling into view. */
  box: { x: number; y: number; width: number; height: number };
  /** Pixels of the element's screenshot that differ clearly from its background colour (see {@link inkPixels}). */
  ink: number;
}

/**
 * Inspect every top-level SVG matching `selector` (nested SVGs are parts of one plot and not counted): scroll
 * each into view, measure it the way a person would see it, and screenshot it into
 * `screenshotDir/<prefix>-svg<i>.png`.
 */
export async function inspectSvgs(chromium: Chromium, page: Page, selector: string, prefix: string): Promise<SvgReport[]> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const count = await page.evaluate((sel: string) =>
    Array.from(document.querySelectorAll(sel)).filter((el: any) => !el.parentElement.closest("svg")).length, selector);
  const reports: SvgReport[] = [];
  for (let i = 0; i < count; i++) {
    const r = await page.evaluate((sel: string, index: number) => {
      const svg = Array.from(document.querySelectorAll(sel)).filter((el: any) => !el.parentElement.closest("svg"))[index] as any;
      svg.scrollIntoView({ block: "center", inline: "nearest" });
      const r = svg.getBoundingClientRect();
      const docWidth = document.documentElement.scrollWidth;
      const inPage = r.width > 0 && r.height > 0 && r.left + window.scrollX >= 0 && r.right + window.scrollX <= docWidth &&
        r.top < window.innerHeight && r.bottom > 0;
      const styleVisible = svg.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
      // The centre and four points inset 10 % from the corners must all hit the plot (or a part of it).
      const onTop = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]].every(([fx, fy]) => {
        const x = Math.min(Math.max(r.left + fx * r.width, 0), window.innerWidth - 1);
        const y = Math.min(Math.max(r.top + fy * r.height, 0), window.innerHeight - 1);
        const hit = document.elementFromPoint(x, y);
        return hit !== null && svg.contains(hit);
      });
      const shapes = svg.querySelectorAll("path, rect, circle, ellipse, line, polyline, polygon, text, image").length;
      const text = Array.from(svg.querySelectorAll("text"), (t: any) => (t.textContent ?? "").trim()).filter((t) => t)
        .join(" ").replace(/\s+/g, " ").slice(0, 2000);
      return {
        index, width: r.width, height: r.height, inPage, styleVisible, onTop, shapes, text,
        box: { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height }, ink: 0,
      };
    }, selector, i);
    if (r.width > 0 && r.height > 0) {
      // The element's own screenshot: puppeteer maps its box through whichever containers scrolled.
      const handle = await page.evaluateHandle((sel: string, index: number) =>
        Array.from(document.querySelectorAll(sel)).filter((el: any) => !el.parentElement.closest("svg"))[index], selector, i);
      const element = handle.asElement();
      if (element === null) throw new Error(`${prefix} SVG #${i} vanished from the page`);
      const png = await element.screenshot({ path: path.join(screenshotDir, `${prefix}-svg${i}.png`) });
      await handle.dispose();
      r.ink = await inkPixels(chromium, png);
    }
    reports.push(r);
  }
  return reports;
}

/**
 * Count the pixels of a PNG that differ clearly from its most common colour (the background), by decoding it
 * in a blank tab: proof that the screenshot of a plot has something drawn in it, not an empty box.
 */
export async function inkPixels(chromium: Chromium, png: Uint8Array): Promise<number> {
  const page = await chromium.newPage([]);
  try {
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
    return await page.evaluate(async (src: string) => {
      const img = new window.Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const freq = new Map<number, number>();
      for (let i = 0; i < px.length; i += 4) {
        const key = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
      let bg = 0, best = -1;
      for (const [k, n] of freq) if (n > best) { best = n; bg = k; }
      const [br, bgc, bb] = [(bg >> 16) & 255, (bg >> 8) & 255, bg & 255];
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (Math.abs(px[i] - br) + Math.abs(px[i + 1] - bgc) + Math.abs(px[i + 2] - bb) > 60) ink++;
      }
      return ink;
    }, dataUrl);
  } finally {
    await page.close();
  }
}

/**
 * Ids defined more than once inside the SVGs matching `selector`. Front ends inline every SVG output into one
 * document, so an id used by two plots (a legend gradient, a clip path) makes the second plot paint with the
 * first one's definition.
 */
export async function repeatedSvgIds(page: Page, selector: string): Promise<string[]> {
  const ids: string[] = await page.evaluate((sel: string) =>
    Array.from(document.querySelectorAll(sel)).flatMap((svg: any) => Array.from(svg.querySelectorAll("[id]"), (e: any) => e.id)),
  selector);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** Assert what a person would see of each plot: a real box on the page, not hidden or covered, with ink in it. */
export async function assertPlotsVisible(chromium: Chromium, page: Page, selector: string, atLeast: number,
  prefix: string): Promise<SvgReport[]> {
  const svgs = await inspectSvgs(chromium, page, selector, prefix);
  assert.ok(svgs.length >= atLeast, `expected at least ${atLeast} SVG plots in ${prefix}, found ${svgs.length}`);
  assert.deepEqual(await repeatedSvgIds(page, selector), [], `${prefix}: ids defined more than once by the plots on the page`);
  for (const s of svgs) {
    const what = `${prefix} SVG #${s.index} ("${s.text.slice(0, 80)}") ${JSON.stringify({ ...s, text: undefined })}`;
    assert.ok(s.width >= 50 && s.height >= 50, `${what}: box too small to be a plot`);
    assert.ok(s.inPage, `${what}: not within the page`);
    assert.ok(s.styleVisible, `${what}: hidden by style`);
    assert.ok(s.onTop, `${what}: covered by another element`);
    assert.ok(s.shapes > 0, `${what}: draws no shapes`);
    // A plot's screenshot has marks in it: at least 1 % of its pixels differ clearly from the background.
    assert.ok(s.ink > 0.01 * s.width * s.height, `${what}: screenshot is blank (${s.ink} ink pixels)`);
  }
  return svgs;
}
