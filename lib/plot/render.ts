/**
 * Synchronous headless rendering of a Vega-Lite spec to SVG (and PNG through resvg).
 *
 * Vega's `View.toSVG()` is asynchronous, but a value's `Symbol.for("Jupyter.display")` method — and so `display()`
 * and the cell's last value — is synchronous. Rather than reach into vega's dataflow, one worker thread does the
 * asynchronous work while this thread waits on a shared flag (`Atomics.wait`) and then takes the result from a
 * message port with `receiveMessageOnPort`: a real synchronous call with vega's ordinary code path behind it.
 * The worker starts on the first render (so loading the library stays cheap) and is unref'd, so it never keeps a
 * program alive.
 */
import * as path from "path";
import { MessageChannel, Worker, receiveMessageOnPort } from "worker_threads";
import { TypelearnError } from "../errors";

/** Vega or Vega-Lite rejected a spec, or rendering failed or timed out. */
export class PlotRenderError extends TypelearnError {
  constructor(readonly reason: string) {
    super(`could not render the plot: ${reason}`);
  }
}

let worker: Worker | null = null;

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(path.join(__dirname, "render_worker.js"));
  w.unref();
  // A worker that died is replaced on the next render (a render in flight then ends by its timeout).
  w.on("error", () => { if (worker === w) worker = null; });
  w.on("exit", () => { if (worker === w) worker = null; });
  worker = w;
  return w;
}

/** How long a render may take before it is abandoned (ms). Generous: the first call also loads vega. */
const RENDER_TIMEOUT_MS = 60_000;

/**
 * Render a Vega-Lite spec to an SVG document, synchronously.
 * @param spec - a Vega-Lite v5 spec with inline data
 * @returns the `<svg …>` text, with coordinates shortened to two decimals
 * @example
 * const svg = renderSvg({ mark: "point", data: { values: [{ a: 1, b: 2 }] },
 *   encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } } });
 */
export function renderSvg(spec: object): string {
  const w = getWorker();
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  try {
    w.postMessage({ spec: JSON.stringify(spec), port: port2, flag }, [port2]);
    const waited = Atomics.wait(new Int32Array(flag), 0, 0, RENDER_TIMEOUT_MS);
    const got = receiveMessageOnPort(port1) as { message: { svg?: string; error?: string } } | undefined;
    if (!got) {
      if (waited === "timed-out") {
        // The worker may be stuck in a pathological spec: drop it so the next plot starts clean.
        void w.terminate();
        worker = null;
        throw new PlotRenderError(`no result after ${RENDER_TIMEOUT_MS / 1000} s`);
      }
      throw new PlotRenderError("the render worker stopped without an answer");
    }
    if (got.message.error !== undefined) throw new PlotRenderError(got.message.error);
    return uniqueIds(compactSvg(got.message.svg ?? ""));
  } finally {
    port1.close();
  }
}

const longNumber = /-?\d+\.\d{3,}/g;
const round2 = (s: string): string => String(Math.round(Number(s) * 100) / 100);

/**
 * Shorten vega's full-precision coordinates (17 digits) to 2 decimals — a hundredth of a pixel — inside
 * `transform` and `d` attributes only, never in text. For a scatter this halves the document.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/ (transform|d)="([^"]*)"/g, (_m, attr: string, value: string) =>
    ` ${attr}="${value.replace(longNumber, round2)}"`);
}

/**
 * Give the document's ids (vega names legend gradients and clip paths "gradient_0", "clip1", … in every chart) a
 * prefix of their own. Notebook front ends inline SVG outputs into one HTML page, where a second chart's
 * `url(#gradient_0)` would otherwise resolve to the first chart's definition. The prefix is a hash of the
 * document, so the same chart always gets the same ids and re-executed notebooks do not change needlessly.
 */
export function uniqueIds(svg: string): string {
  // vega numbers gradients from a process-wide counter, so first name them by order of appearance (with a control
  // character, which valid XML never contains)…
  const local = new Map<string, string>();
  for (const m of svg.matchAll(/ id="([^"]+)"/g)) if (!local.has(m[1])) local.set(m[1], `\u0001${local.size}\u0001`);
  if (local.size === 0) return svg;
  const rename = (m: string, id: string, wrap: (x: string) => string): string => {
    const l = local.get(id);
    return l === undefined ? m : wrap(l);
  };
  const normal = svg
    .replace(/ id="([^"]+)"/g, (m, id: string) => rename(m, id, (l) => ` id="${l}"`))
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => rename(m, id, (l) => `url(#${l})`))
    .replace(/href="#([^"]+)"/g, (m, id: string) => rename(m, id, (l) => `href="#${l}"`));
  // …then prefix them with a hash of the document: the same chart always gets the same ids.
  let h = 0x811c9dc5;
  for (let i = 0; i < normal.length; i++) h = Math.imul(h ^ normal.charCodeAt(i), 0x01000193);
  const prefix = `tl${(h >>> 0).toString(36)}-`;
  return normal.replace(/\u0001(\d+)\u0001/g, (_m, k: string) => `${prefix}${k}`);
}

/**
 * Rasterise an SVG document to PNG with resvg (system fonts).
 * @param svg - an SVG document
 * @param scale - pixel density (2 = retina)
 * @returns the PNG bytes
 * @example
 * const png = svgToPng(renderSvg(spec), 2);
 */
export function svgToPng(svg: string, scale = 1): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    background: "white",
  });
  return r.render().asPng();
}
