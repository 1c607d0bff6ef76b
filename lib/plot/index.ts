/**
 * lib/plot: Vega-Lite charts that show inline in notebooks — the `plot` builders, `vegaLite(spec)` for
 * hand-written specs, scikit-learn's metric displays, and the `progress` bar.
 */
import * as plot from "./builders";

export { Chart, vegaLite, VEGA_LITE_SCHEMA } from "./chart";
export type { ChartOutput, VegaLiteSpec } from "./chart";
export type { PlotOptions } from "./common";
export type { ScatterOptions, LineOptions } from "./xy";
export type { BarOptions, HistOptions } from "./bars";
export type { HeatmapOptions } from "./heatmap";
export type { NumericColumn, LabelColumn, NonFinitePolicy, Columns } from "./data";
export { ConfusionMatrixDisplay, RocCurveDisplay, PrecisionRecallDisplay } from "./displays";
export type { ConfusionMatrixDisplayOptions, CurveDisplayOptions } from "./displays";
export { PlotRenderError } from "./render";
export { progress, Progress } from "./progress";
export type { ProgressOptions } from "./progress";

/**
 * The chart builders (a namespace, so hovering `plot.scatter` shows its documentation and example). Each takes
 * the data in matplotlib's order then an options object — `plot.scatter(x, y, { title })` — or one options object
 * (data columns plus title, axis labels, size, output choices), and returns a {@link Chart}, which shows as SVG
 * (and interactive Vega-Lite where the front end supports it).
 * @example
 * plot.scatter(sizes, prices, { xLabel: "size (sq ft)", yLabel: "price ($)" })
 */
export { plot };
