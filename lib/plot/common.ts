/**
 * What every plot builder shares: the common options (title, axis labels, size, output choices, the NaN policy)
 * and assembling the top-level spec around a builder's layer.
 */
import { OptionError } from "../errors";
import { Chart, type ChartOutput, type VegaLiteSpec } from "./chart";
import type { Columns, NonFinitePolicy } from "./data";

/** Options every builder takes. */
export interface PlotOptions extends ChartOutput {
  /** Named columns; data channels (x, y, color) may then name a column instead of passing values. */
  data?: Columns;
  /** Chart title. */
  title?: string;
  /** x-axis title. */
  xLabel?: string;
  /** y-axis title. */
  yLabel?: string;
  /** Width of the plotting area in pixels (default 400, or a size fitting the cells of a heatmap). */
  width?: number;
  /** Height of the plotting area in pixels (default 260). */
  height?: number;
  /** One colour for the marks when no data drives the colour, e.g. "black" or "#d62728". */
  markColor?: string;
  /** NaN / ±Infinity in plotted numbers: "raise" (default, a NonFiniteError) or "drop" the affected points. */
  nonFinite?: NonFinitePolicy;
}

const NOTE_COLOR = "#b45309";

/** Check a pixel size option. */
export function pixels(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!(typeof v === "number" && Number.isFinite(v) && v >= 10 && v <= 4000)) {
    throw new OptionError(name, "a number of pixels in [10, 4000]", v);
  }
  return v;
}

/** Check a positive integer option. */
export function positiveInt(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!(Number.isInteger(v) && v >= 1)) throw new OptionError(name, "a positive integer", v);
  return v;
}

/**
 * Put a builder's layer into a full spec: size, title (with the note, e.g. about sampling, as subtitle), and a
 * Chart with a one-line description.
 * @param body - mark, encoding, data (and anything else) of the spec
 * @param o - the builder's options
 * @param what - what the chart shows, for its text form, e.g. "scatter of 200 points"
 * @param note - shown under the title when data was thinned or dropped
 */
export function makeChart(body: VegaLiteSpec, o: PlotOptions, what: string, note?: string,
  size?: { width?: number; height?: number }): Chart {
  const spec: VegaLiteSpec = {
    width: pixels("width", o.width, size?.width ?? 400),
    height: pixels("height", o.height, size?.height ?? 260),
  };
  // The note (data thinned or dropped) must be visible on the picture itself, so it is part of the title block;
  // Vega drops a title whose text is empty, so without a title the note becomes the (small) title.
  if (note && o.title) spec.title = { text: o.title, subtitle: note, subtitleColor: NOTE_COLOR };
  else if (note) spec.title = { text: note, fontSize: 11, fontWeight: "normal", color: NOTE_COLOR };
  else if (o.title !== undefined) spec.title = { text: o.title };
  Object.assign(spec, body);
  if (note) spec.usermeta = { note };
  const title = o.title ? ` "${o.title}"` : "";
  return new Chart(spec, { svg: o.svg, png: o.png, scale: o.scale,
    description: `<Chart: ${what}${title}${note ? ` (${note})` : ""}>` });
}

/** The mark's fixed colour, when asked for (a line's point markers take it too). */
export function markColor(o: PlotOptions): { color?: string } {
  if (o.markColor === undefined) return {};
  if (typeof o.markColor !== "string" || o.markColor === "") throw new OptionError("markColor", "a CSS colour string", o.markColor);
  return { color: o.markColor };
}

/** An axis title: the user's label, or the default. */
export function axisTitle(label: string | undefined, dflt: string | null): string | null {
  return label !== undefined ? label : dflt;
}

/** "12,345". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
