/**
 * `plot.heatmap`: a matrix as coloured cells, annotated with its values — for confusion matrices and the mean
 * score over two hyper-parameters of a grid search.
 */
import { OptionError, ShapeError } from "../errors";
import type { Chart } from "./chart";
import { axisTitle, count, makeChart, type PlotOptions } from "./common";
import { finiteRows, labelColumn, numericMatrix, type LabelColumn } from "./data";
import type { NDArray } from "../array";

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends PlotOptions {
  /** The matrix: rows down the y axis, columns along x. */
  z: NDArray | readonly (readonly number[])[];
  /** Column names (default 0, 1, …). */
  xLabels?: LabelColumn;
  /** Row names (default 0, 1, …). */
  yLabels?: LabelColumn;
  /** Write each value in its cell (default: when there are at most 400 cells). */
  annotate?: boolean;
  /** d3 number format of the annotations, e.g. ".3f" or "d" (default: "d" for integers, ".3g" otherwise). */
  format?: string;
  /** Vega colour scheme (default "blues"). */
  colorScheme?: string;
  /** Legend title (default "value"). */
  colorLabel?: string;
}

/**
 * A heatmap of a matrix, rows top to bottom in order, with the value written in each cell.
 * @param options - z, optional xLabels / yLabels, and the common options
 * @returns a Chart
 * @example
 * plot.heatmap({ z: [[0.91, 0.95], [0.93, 0.96]], xLabels: [50, 100], yLabels: [5, 10],
 *   xLabel: "nEstimators", yLabel: "maxDepth", format: ".3f" })
 */
export function heatmap(options: HeatmapOptions): Chart {
  const o = options ?? ({} as HeatmapOptions);
  const z = numericMatrix("z", o.z);
  const nr = z.length, nc = nr ? z[0].length : 0;
  if (nr === 0 || nc === 0) throw new ShapeError("z", "a non-empty matrix", `${nr}×${nc}`);
  const xl = (o.xLabels === undefined ? Array.from({ length: nc }, (_, j) => j) : labelColumn("xLabels", o.xLabels)).map(String);
  const yl = (o.yLabels === undefined ? Array.from({ length: nr }, (_, i) => i) : labelColumn("yLabels", o.yLabels)).map(String);
  if (xl.length !== nc) throw new ShapeError("xLabels length", `${nc} labels, one per column of z`, `${xl.length}`);
  if (yl.length !== nr) throw new ShapeError("yLabels length", `${nr} labels, one per row of z`, `${yl.length}`);
  for (const [name, labels] of [["xLabels", xl], ["yLabels", yl]] as const) {
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup !== undefined) throw new OptionError(name, "distinct labels (each names one row or column)", `"${dup}" twice`);
  }
  const flat = z.flat();
  const keep = finiteRows({ z: flat }, o.nonFinite ?? "raise");
  const idx = keep ?? flat.map((_, k) => k);
  const values = idx.map((k) => ({ row: yl[Math.floor(k / nc)], col: xl[k % nc], value: flat[k] }));
  let lo = Infinity, hi = -Infinity;
  for (const k of idx) { lo = Math.min(lo, flat[k]); hi = Math.max(hi, flat[k]); }
  const allInt = idx.every((k) => Number.isInteger(flat[k]));
  const format = o.format ?? (allInt ? "d" : ".3g");
  const scheme = o.colorScheme ?? "blues";
  const rect = {
    mark: { type: "rect" },
    encoding: {
      color: { field: "value", type: "quantitative", title: o.colorLabel ?? "value", scale: { scheme } },
    },
  };
  const layers: Record<string, unknown>[] = [rect];
  if (o.annotate ?? nr * nc <= 400) {
    // Dark cells get white text: the upper half of a sequential scheme is dark.
    const mid = (lo + hi) / 2;
    layers.push({
      mark: { type: "text", fontSize: 12 },
      encoding: {
        text: { field: "value", type: "quantitative", format },
        color: { condition: { test: `datum.value > ${mid}`, value: "white" }, value: "black" },
      },
    });
  }
  const body = {
    data: { values },
    encoding: {
      x: { field: "col", type: "ordinal", sort: xl, title: axisTitle(o.xLabel, null), axis: { labelAngle: 0 } },
      y: { field: "row", type: "ordinal", sort: yl, title: axisTitle(o.yLabel, null) },
    },
    layer: layers,
  };
  // Square cells, large enough for a four-digit annotation, small enough that a 12×12 matrix fits.
  const step = Math.max(40, Math.min(90, Math.floor(480 / Math.max(nr, nc))));
  const size = { width: step * nc, height: step * nr };
  const note = keep ? `${count(flat.length - keep.length)} non-finite cells left out` : undefined;
  return makeChart(body, o, `heatmap of ${nr}×${nc} values`, note, size);
}
