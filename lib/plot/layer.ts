/**
 * `plot.layer`: several charts drawn on one set of axes — points with a fitted line, clusters with their centres.
 */
import { InputTypeError, ShapeError } from "../errors";
import { Chart, type VegaLiteSpec } from "./chart";
import { makeChart, type PlotOptions } from "./common";

/** The parts of a built chart that belong to its layer (size and title belong to the whole picture). */
function layerOf(spec: VegaLiteSpec, o: PlotOptions): VegaLiteSpec {
  const { $schema: _s, width: _w, height: _h, title: _t, usermeta: _u, ...rest } = spec;
  const enc = rest.encoding as Record<string, Record<string, unknown>> | undefined;
  if (enc && (o.xLabel !== undefined || o.yLabel !== undefined)) {
    // One axis title for all layers; otherwise Vega-Lite joins the layers' titles with commas.
    const e = { ...enc };
    if (o.xLabel !== undefined && e.x) e.x = { ...e.x, title: o.xLabel };
    if (o.yLabel !== undefined && e.y) e.y = { ...e.y, title: o.yLabel };
    rest.encoding = e;
  }
  return rest;
}

/**
 * Overlay charts on shared axes (and shared scales): the first chart is drawn first, underneath.
 * @param charts - charts from the builders (their own titles and sizes are ignored; notes on thinned data are kept
 *   in the text form)
 * @param options - title, axis labels (applied to every layer), size and output choices of the whole picture
 * @returns a Chart
 * @example
 * plot.layer([
 *   plot.scatter({ x: sizes, y: prices }),
 *   plot.line({ x: [800, 3500], y: model.predict([[800], [3500]]), markColor: "black" }),
 * ], { title: "price against size", xLabel: "size", yLabel: "price" })
 */
export function layer(charts: readonly Chart[], options: PlotOptions = {}): Chart {
  if (!Array.isArray(charts)) throw new InputTypeError("charts", "an array of charts", charts);
  if (charts.length === 0) throw new ShapeError("charts", "at least one chart", "an empty array");
  charts.forEach((c, i) => { if (!(c instanceof Chart)) throw new InputTypeError(`charts[${i}]`, "a Chart", c); });
  const layers = charts.map((c) => layerOf(c.spec, options));
  // Notes about thinned or dropped data stay visible on the combined picture.
  const notes = charts.map((c) => (c.spec.usermeta as { note?: string } | undefined)?.note).filter((s): s is string => !!s);
  const what = `layered chart of ${charts.length} charts`;
  return makeChart({ layer: layers }, options, what, notes.join("; ") || undefined);
}
