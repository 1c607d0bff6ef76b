/**
 * Point and line charts: `plot.scatter` (optionally coloured by class or value, sampled above `maxPoints`) and
 * `plot.line` (one or several named series, thinned above `maxPoints`) — the latter cheap enough to redraw every
 * epoch of a training run.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import type { Chart } from "./chart";
import { axisTitle, count, makeChart, markColor, positiveInt, type PlotOptions } from "./common";
import { isOptionsObject, toOptions } from "./positional";
import {
  finiteRows, fromData, labelColumn, numericColumn, sameLength, sampleRows, toRecords, type LabelColumn, type NumericColumn,
} from "./data";

/** Options of {@link scatter}. */
export interface ScatterOptions extends PlotOptions {
  /** Horizontal positions (or the name of a `data` column). */
  x: NumericColumn | string;
  /** Vertical positions, as many as x (or the name of a `data` column). */
  y: NumericColumn | string;
  /** One value per point to colour by: class labels (a legend of categories) or numbers with `colorType`. */
  color?: LabelColumn | string;
  /** How colour values are read: "nominal" categories (default) or a "quantitative" colour ramp. */
  colorType?: "nominal" | "quantitative";
  /** Legend title (default "class" / "value"). */
  colorLabel?: string;
  /** Point area in square pixels (default 30). */
  pointSize?: number;
  /** Point opacity (default 0.7). */
  opacity?: number;
  /** Above this many points, a seeded random sample of this size is drawn, said so in the subtitle (default 5000). */
  maxPoints?: number;
  /** Seed of that sample (default 0). */
  seed?: number;
}

/**
 * A scatter plot of y against x — `plot.scatter(x, y, { … })` as matplotlib's `plt.scatter(x, y)`, or one
 * options object.
 * @param options - x, y (same length), optional color labels, and the common options
 * @returns a Chart; as a cell's value it shows as an SVG
 * @example
 * const Z = new PCA({ nComponents: 2 }).fitTransform(data.data);
 * plot.scatter(Z.col(0), Z.col(1), { color: data.target, xLabel: "PC 1", yLabel: "PC 2" })
 */
export function scatter(options: ScatterOptions): Chart;
/**
 * A scatter plot of y against x, in matplotlib's order: `plt.scatter(x, y, c=labels)`.
 * @param x - horizontal positions (or a `data` column name)
 * @param y - vertical positions, as many as x (or a `data` column name)
 * @param options - color labels, title, axis labels, size … (everything but x and y)
 * @returns a Chart; as a cell's value it shows as an SVG
 * @example plot.scatter(Z.col(0), Z.col(1), { color: data.target, title: "PCA" })
 */
export function scatter(x: NumericColumn | string, y: NumericColumn | string, options?: Omit<ScatterOptions, "x" | "y">): Chart;
export function scatter(...args: unknown[]): Chart {
  const o = toOptions<ScatterOptions>("plot.scatter", args, ["x", "y"]) ?? ({} as ScatterOptions);
  const xs = fromData("x", o.x, o.data), ys = fromData("y", o.y, o.data), cs = fromData("color", o.color, o.data);
  const x = numericColumn("x", xs.values);
  const y = numericColumn("y", ys.values);
  const colorType = o.colorType ?? "nominal";
  if (colorType !== "nominal" && colorType !== "quantitative") {
    throw new OptionError("colorType", '"nominal" or "quantitative"', colorType);
  }
  const color = cs.values === undefined ? undefined
    : colorType === "quantitative" ? numericColumn("color", cs.values) : labelColumn("color", cs.values);
  const n = sameLength({ x, y, color });
  const numeric: Record<string, number[] | undefined> = { x, y };
  if (colorType === "quantitative") numeric.color = color as number[] | undefined;
  let rows = finiteRows(numeric, o.nonFinite ?? "raise");
  const notes: string[] = [];
  if (rows) notes.push(`${count(n - rows.length)} non-finite points left out`);
  const maxPoints = positiveInt("maxPoints", o.maxPoints, 5000);
  const kept = rows ? rows.length : n;
  if (kept > maxPoints) {
    const pick = sampleRows(kept, maxPoints, o.seed ?? 0);
    rows = rows ? pick.map((i) => rows![i]) : pick;
    notes.push(`showing a random sample of ${count(maxPoints)} of ${count(kept)} points (seed ${o.seed ?? 0})`);
  }
  const encoding: Record<string, unknown> = {
    x: { field: "x", type: "quantitative", title: axisTitle(o.xLabel, xs.name ?? "x"), scale: { zero: false } },
    y: { field: "y", type: "quantitative", title: axisTitle(o.yLabel, ys.name ?? "y"), scale: { zero: false } },
  };
  if (color) {
    encoding.color = { field: "color", type: colorType,
      title: o.colorLabel ?? cs.name ?? (colorType === "nominal" ? "class" : "value") };
  }
  // Per-point ARIA labels would double the SVG of a large scatter; the axes keep theirs.
  const body = {
    data: { values: toRecords({ x, y, color }, rows) },
    mark: { type: "circle", size: o.pointSize ?? 30, opacity: o.opacity ?? 0.7, aria: false, ...markColor(o) },
    encoding,
  };
  return makeChart(body, o, `scatter of ${count(n)} points`, notes.join("; ") || undefined);
}

/** Options of {@link line}. */
export interface LineOptions extends PlotOptions {
  /** Horizontal positions shared by every series (default 0, 1, 2, …), or the name of a `data` column. */
  x?: NumericColumn | string;
  /**
   * The values, several named series `{ train: [...], validation: [...] }` drawn in one colour each, or the names
   * of `data` columns (one name, or a list of names for several series).
   */
  y: NumericColumn | Record<string, NumericColumn> | string | readonly string[];
  /** Mark each point as well (default: true up to 50 points). */
  points?: boolean;
  /** Legend title for named series (default "series"). */
  seriesLabel?: string;
  /** Vega-Lite line interpolation, e.g. "linear" (default), "step-after", "monotone". */
  interpolate?: string;
  /** Above this many points per series, every k-th point (and the last) is drawn, said so in the subtitle (default 5000). */
  maxPoints?: number;
}

/**
 * A line chart of one or several series — for curves such as a loss per epoch or a score against k.
 * @param options - y (an array, or named series), optional shared x, and the common options
 * @returns a Chart
 * @example
 * const id = "loss";
 * display(plot.line({ y: [], title: "loss", svg: false }), { displayId: id });
 * for (let epoch = 1; epoch <= 50; epoch++) {
 *   losses.push(trainOneEpoch());
 *   updateDisplay(plot.line({ y: { train: losses }, title: "loss", svg: false }), id);
 * }
 * updateDisplay(plot.line({ y: { train: losses }, title: "loss" }), id); // final frame with an SVG
 */
export function line(options: LineOptions): Chart;
/**
 * A line chart in matplotlib's order: `plot.line(y)`, `plot.line(x, y)` as `plt.plot(x, y)`, then the options.
 * `y` may be named series `{ train: [...], validation: [...] }`.
 * @param x - horizontal positions (omit: 0, 1, 2, …)
 * @param y - the values, or named series
 * @param options - title, axis labels, points … (everything but x and y)
 * @returns a Chart
 * @example plot.line(ks, scores, { xLabel: "k", yLabel: "silhouette" })
 */
export function line(x: NumericColumn | string, y: LineOptions["y"], options?: Omit<LineOptions, "x" | "y">): Chart;
/**
 * A line chart of y against 0, 1, 2, … — matplotlib's `plt.plot(y)`; y may be named series.
 * @param y - the values, or named series `{ train: [...], validation: [...] }`
 * @param options - title, axis labels, points … (everything but x and y)
 * @returns a Chart
 * @example plot.line({ train: trainLoss, validation: valLoss }, { title: "loss" })
 */
export function line(y: NumericColumn | Record<string, NumericColumn> | string, options?: Omit<LineOptions, "x" | "y">): Chart;
export function line(...args: unknown[]): Chart {
  const o = lineOptions(args) ?? ({} as LineOptions);
  let yIn: unknown = o.y;
  let yName: string | undefined;
  if (typeof yIn === "string") ({ values: yIn, name: yName } = fromData("y", yIn, o.data));
  else if (Array.isArray(yIn) && yIn.length > 0 && yIn.every((v) => typeof v === "string")) {
    yIn = Object.fromEntries((yIn as string[]).map((k) => [k, fromData("y", k, o.data).values]));
  }
  const named = isSeriesRecord(yIn);
  const series: [string, number[]][] = named
    ? Object.entries(yIn as Record<string, NumericColumn>).map(([k, v]) => [k, numericColumn(`y.${k}`, v)])
    : [["y", numericColumn("y", yIn)]];
  if (series.length === 0) throw new ShapeError("y", "at least one series", "an empty object");
  const len = series[0][1].length;
  for (const [k, v] of series) {
    if (v.length !== len) throw new ShapeError(`y.${k} length`, `${len} values, as many as y.${series[0][0]}`, `${v.length}`);
  }
  const xs = fromData("x", o.x, o.data);
  const x = xs.values === undefined ? Array.from({ length: len }, (_, i) => i) : numericColumn("x", xs.values);
  if (x.length !== len) throw new ShapeError("x length", `${len} values, as many as y`, `${x.length}`);
  const maxPoints = positiveInt("maxPoints", o.maxPoints, 5000);
  if (maxPoints < 2) throw new OptionError("maxPoints", "at least 2 for a line", maxPoints);
  // Every stride-th point plus the last: at most maxPoints in all.
  const stride = len > maxPoints ? Math.ceil((len - 1) / (maxPoints - 1)) : 1;
  const policy = o.nonFinite ?? "raise";
  const values: Record<string, unknown>[] = [];
  let dropped = 0;
  for (const [name, v] of series) {
    const keep = finiteRows({ x, [named ? `y.${name}` : "y"]: v }, policy);
    const ok = keep ? new Set(keep) : null;
    for (let i = 0; i < len; i++) {
      if (stride > 1 && i % stride !== 0 && i !== len - 1) continue;
      if (ok && !ok.has(i)) { dropped++; continue; }
      values.push(named ? { x: x[i], y: v[i], series: name } : { x: x[i], y: v[i] });
    }
  }
  const notes: string[] = [];
  if (dropped) notes.push(`${count(dropped)} non-finite points left out`);
  if (stride > 1) notes.push(`every ${stride}th of ${count(len)} points shown`);
  const encoding: Record<string, unknown> = {
    x: { field: "x", type: "quantitative", title: axisTitle(o.xLabel, xs.name ?? "x"), scale: { zero: false }, ...integerTicks(x) },
    y: { field: "y", type: "quantitative", title: axisTitle(o.yLabel, named ? "value" : yName ?? "y"), scale: { zero: false } },
  };
  if (named) {
    encoding.color = { field: "series", type: "nominal", title: o.seriesLabel ?? "series",
      sort: series.map(([k]) => k) };
  }
  const body = {
    data: { values },
    mark: { type: "line", point: o.points ?? len <= 50, interpolate: o.interpolate ?? "linear", ...markColor(o) },
    encoding,
  };
  const what = named ? `line chart of ${series.length} series, ${count(len)} points each` : `line chart of ${count(len)} points`;
  return makeChart(body, o, what, notes.join("; ") || undefined);
}

/** line's calling forms: (options), (y), (y, options), (x, y), (x, y, options); named series are plain objects too. */
function lineOptions(args: unknown[]): LineOptions {
  if (args.length === 0 || (args.length === 1 && isOptionsObject(args[0]) && !isSeriesOfColumns(args[0]))) return args[0] as LineOptions;
  const dataLike = (v: unknown) => v !== undefined && (!isOptionsObject(v) || isSeriesOfColumns(v));
  if (!dataLike(args[1])) {
    // (y) or (y, options): matplotlib's plt.plot(y)
    // Not through toOptions: a lone `{ train: [...] }` is y here, not the options object.
    const [y, rest] = args;
    if (args.length > 2 || (rest !== undefined && !isOptionsObject(rest))) {
      throw new InputTypeError("plot.line options", "an options object after y", args.length > 2 ? args[1] : rest);
    }
    if (rest?.y !== undefined) throw new OptionError("plot.line y", "given once: as an argument or as an option, not both", rest.y);
    return { ...rest, y } as LineOptions;
  }
  return toOptions<LineOptions>("plot.line", args, ["x", "y"]);
}

/** `{ train: [...], validation: [...] }`: every value a column, none a setting such as a title (x, y, data are options). */
function isSeriesOfColumns(v: unknown): boolean {
  if (!isOptionsObject(v) || "x" in v || "y" in v || "data" in v) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every((c) => Array.isArray(c) || ArrayBuffer.isView(c) || (typeof c === "object" && c !== null && "shape" in c));
}

function isSeriesRecord(y: unknown): boolean {
  return y !== null && typeof y === "object" && !Array.isArray(y) && !ArrayBuffer.isView(y) &&
    Object.getPrototypeOf(y) === Object.prototype;
}

/** A few whole-number x values (epochs, folds, k) get exactly those ticks: no "fold 1.5". */
function integerTicks(x: number[]): { axis?: { values: number[]; format: string } } {
  if (x.length === 0 || !x.every(Number.isInteger)) return {};
  let lo = Infinity, hi = -Infinity;
  for (const v of x) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (hi - lo > 20) return {};
  return { axis: { values: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i), format: "d" } };
}
