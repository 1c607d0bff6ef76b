/**
 * Bar charts and histograms: `plot.bar` (a value per named category, e.g. feature importances) and `plot.hist`
 * (counts per equal-width bin, binned here so the spec holds bins rather than the raw values).
 */
import { OptionError } from "../errors";
import type { Chart } from "./chart";
import { axisTitle, count, makeChart, markColor, positiveInt, type PlotOptions } from "./common";
import { toOptions } from "./positional";
import {
  finiteRows, fromData, labelColumn, numericColumn, sameLength, toRecords, type LabelColumn, type NumericColumn,
} from "./data";

/** Options of {@link bar}. */
export interface BarOptions extends PlotOptions {
  /** The category of each bar (names or numbers), or the name of a `data` column. */
  x: LabelColumn | string;
  /** The bar lengths, as many as x, or the name of a `data` column. */
  y: NumericColumn | string;
  /** Categories down the y axis with bars running right (default false) — easier to read for long names. */
  horizontal?: boolean;
  /** Bar order: "none" (as given, the default), "ascending" or "descending" by value. */
  sort?: "none" | "ascending" | "descending";
}

/**
 * A bar chart: one bar per category — `plot.bar(labels, values, { … })` as matplotlib's `plt.bar(labels, values)`,
 * or one options object.
 * @param options - x (categories), y (values), and the common options
 * @returns a Chart
 * @example
 * plot.bar({ x: data.featureNames, y: forest.featureImportances_!, horizontal: true, sort: "descending" })
 */
export function bar(options: BarOptions): Chart;
/**
 * A bar chart in matplotlib's order: `plt.bar(labels, values)` (`plt.barh` is `{ horizontal: true }`).
 * @param labels - the category of each bar (or a `data` column name)
 * @param values - the bar lengths, as many as labels (or a `data` column name)
 * @param options - horizontal, sort, title, axis labels … (everything but x and y)
 * @returns a Chart
 * @example plot.bar(data.featureNames, forest.featureImportances_, { horizontal: true, sort: "descending" })
 */
export function bar(labels: LabelColumn | string, values: NumericColumn | string, options?: Omit<BarOptions, "x" | "y">): Chart;
export function bar(...args: unknown[]): Chart {
  const o = toOptions<BarOptions>("plot.bar", args, ["x", "y"]) ?? ({} as BarOptions);
  const xs = fromData("x", o.x, o.data), ys = fromData("y", o.y, o.data);
  const x = labelColumn("x", xs.values).map(String);
  const y = numericColumn("y", ys.values);
  sameLength({ x, y });
  const rows = finiteRows({ y }, o.nonFinite ?? "raise");
  const sort = o.sort ?? "none";
  if (sort !== "none" && sort !== "ascending" && sort !== "descending") {
    throw new OptionError("sort", '"none", "ascending" or "descending"', sort);
  }
  const h = !!o.horizontal;
  const valueAxis = h ? "x" : "y";
  const catSort = sort === "none" ? null : sort === "ascending" ? valueAxis : `-${valueAxis}`;
  const cat = { field: "category", type: "nominal", sort: catSort, title: axisTitle(h ? o.yLabel : o.xLabel, xs.name ?? null) };
  const val = { field: "value", type: "quantitative", title: axisTitle(h ? o.xLabel : o.yLabel, ys.name ?? "value") };
  const body = {
    data: { values: toRecords({ category: x, value: y }, rows) },
    mark: { type: "bar", ...markColor(o) },
    encoding: h ? { y: cat, x: val } : { x: cat, y: val },
  };
  const shown = rows ? rows.length : x.length;
  const note = rows ? `${count(x.length - rows.length)} non-finite values left out` : undefined;
  // Horizontal bars get ~18 px each so every category name stays readable.
  const size = h ? { height: Math.max(120, Math.min(900, 18 * shown)) } : undefined;
  return makeChart(body, o, `bar chart of ${count(shown)} bars`, note, size);
}

/** Options of {@link hist}. */
export interface HistOptions extends PlotOptions {
  /** The values to count, or the name of a `data` column. */
  x: NumericColumn | string;
  /** Number of equal-width bins between the smallest and largest value (default 30). */
  bins?: number;
  /** A group per value: one stacked colour per group (or the name of a `data` column). */
  color?: LabelColumn | string;
  /** Legend title (default "group"). */
  colorLabel?: string;
}

/**
 * A histogram: counts of x in equal-width bins (edges as `np.histogram(x, bins)` places them). Binning happens
 * here, so a million values cost no more output than thirty bins.
 * @param options - x, bins, optional color groups, and the common options
 * @returns a Chart
 * @example
 * plot.hist({ x: np.random.normal(0, 1, 1000), bins: 20, title: "standard normal" })
 */
export function hist(options: HistOptions): Chart;
/**
 * A histogram in matplotlib's order: `plt.hist(x, bins=20)` is `plot.hist(x, { bins: 20 })` (or `plot.hist(x, 20)`).
 * @param x - the values to count (or a `data` column name)
 * @param options - bins, color groups, title, axis labels … (everything but x), or the number of bins
 * @returns a Chart
 * @example plot.hist(np.random.normal(0, 1, 1000), { bins: 20, title: "standard normal" })
 */
export function hist(x: NumericColumn | string, options?: Omit<HistOptions, "x"> | number): Chart;
export function hist(...args: unknown[]): Chart {
  if (args.length === 2 && typeof args[1] === "number") args = [args[0], { bins: args[1] }];
  const o = toOptions<HistOptions>("plot.hist", args, ["x"]) ?? ({} as HistOptions);
  const xs = fromData("x", o.x, o.data), cs = fromData("color", o.color, o.data);
  const x = numericColumn("x", xs.values);
  const groups = cs.values === undefined ? undefined : labelColumn("color", cs.values).map(String);
  sameLength({ x, color: groups });
  const bins = positiveInt("bins", o.bins, 30);
  const rows = finiteRows({ x }, o.nonFinite ?? "raise");
  const idx = rows ?? Array.from({ length: x.length }, (_, i) => i);
  let lo = Infinity, hi = -Infinity;
  for (const i of idx) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; }
  if (idx.length === 0) { lo = 0; hi = 1; } else if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => lo + b * width);
  edges[bins] = hi;
  const names = groups ? Array.from(new Set(idx.map((i) => groups[i]))) : [""];
  const counts = names.map(() => new Float64Array(bins));
  const gIndex = new Map(names.map((g, k) => [g, k]));
  for (const i of idx) {
    // The last bin is closed on the right, as in NumPy.
    const b = Math.min(bins - 1, Math.max(0, Math.floor((x[i] - lo) / width)));
    counts[groups ? gIndex.get(groups[i])! : 0][b]++;
  }
  const values: Record<string, unknown>[] = [];
  names.forEach((g, k) => {
    for (let b = 0; b < bins; b++) {
      const rec: Record<string, unknown> = { start: edges[b], end: edges[b + 1], count: counts[k][b] };
      if (groups) rec.group = g;
      values.push(rec);
    }
  });
  const encoding: Record<string, unknown> = {
    x: { field: "start", type: "quantitative", bin: { binned: true }, title: axisTitle(o.xLabel, xs.name ?? "x") },
    x2: { field: "end" },
    y: { field: "count", type: "quantitative", stack: groups ? "zero" : null, title: axisTitle(o.yLabel, "count") },
  };
  if (groups) encoding.color = { field: "group", type: "nominal", title: o.colorLabel ?? cs.name ?? "group", sort: names };
  const note = rows ? `${count(x.length - rows.length)} non-finite values left out` : undefined;
  return makeChart({ data: { values }, mark: { type: "bar", binSpacing: 0, ...markColor(o) }, encoding }, o,
    `histogram of ${count(idx.length)} values in ${bins} bins`, note);
}
