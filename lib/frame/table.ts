/**
 * Tables of mixed values (data frames, run lists) as text and HTML, laid out the way pandas prints a DataFrame:
 * an index column, right-aligned cells, long tables cut to their first and last rows with a "..." row, and a
 * "[n rows x m columns]" footer when cut.
 */
import { escapeHtml } from "../mime_bundle";

/** A table to render: column names, row values (row-major), and optional row labels. */
export interface TableData {
  columns: string[];
  rows: unknown[][];
  /** Row labels; default 0, 1, 2, … */
  index?: unknown[];
}

/** Options of {@link tableText} and {@link tableHtml}. */
export interface TableOptions {
  /** Show every row up to this many; beyond it the first and last `edge` rows (default 60, like pandas). */
  maxRows?: number;
  /** Rows shown at each end of a cut table (default 5). */
  edge?: number;
  /** A caption under the HTML table. */
  caption?: string;
  /** How a missing value (null, undefined) shows (default "null"; pandas-like frames use "NaN"). */
  missing?: string;
}

/** A cell as text: numbers with up to 6 significant digits (whole numbers as they are), null/NaN as "NaN"/"null". */
export function cellText(v: unknown, missing = "null"): string {
  if (v === null || v === undefined) return missing;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(5).replace(/\.?0+e/, "e");
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function shownRows(n: number, maxRows: number, edge: number): number[] {
  if (n <= maxRows) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: edge }, (_, i) => i), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)];
}

/**
 * The table as pandas-style text.
 * @example tableText({ columns: ["a"], rows: [[1], [2]] }); // "   a\n0  1\n1  2"
 */
export function tableText(t: TableData, options: TableOptions = {}): string {
  const n = t.rows.length;
  const rows = shownRows(n, options.maxRows ?? 60, options.edge ?? 5);
  const index = (i: number) => (i < 0 ? "..." : cellText(t.index ? t.index[i] : i));
  const grid: string[][] = [["", ...t.columns]];
  for (const i of rows) grid.push([index(i), ...t.columns.map((_, j) => (i < 0 ? "..." : cellText(t.rows[i][j], options.missing)))]);
  const widths = grid[0].map((_, j) => Math.max(...grid.map((r) => r[j].length)));
  const lines = grid.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[0]) : c.padStart(widths[j]))).join("  ").trimEnd());
  if (rows.length < n) lines.push("", `[${n} rows x ${t.columns.length} columns]`);
  return lines.join("\n");
}

/**
 * The table as an HTML table (the `text/html` of a frame's display).
 * @example tableHtml({ columns: ["a"], rows: [[1]] }); // "<table class=\"typelearn-frame\">…"
 */
export function tableHtml(t: TableData, options: TableOptions = {}): string {
  const n = t.rows.length;
  const rows = shownRows(n, options.maxRows ?? 60, options.edge ?? 5);
  // nowrap: JupyterLab's output area is narrower than a wide frame; a cell must not break inside its value (a
  // timestamp at its hyphens) — the table scrolls sideways instead, as pandas' frames do there.
  const td = 'style="text-align:right;white-space:nowrap"';
  const parts = ['<table class="typelearn-frame">'];
  const caption = options.caption ?? (rows.length < n ? `${n} rows × ${t.columns.length} columns` : "");
  if (caption) parts.push(`<caption style="caption-side:bottom;text-align:left">${escapeHtml(caption)}</caption>`);
  parts.push("<thead><tr><th></th>", ...t.columns.map((c) => `<th>${escapeHtml(c)}</th>`), "</tr></thead><tbody>");
  for (const i of rows) {
    if (i < 0) {
      parts.push("<tr><th>…</th>", ...t.columns.map(() => `<td ${td}>…</td>`), "</tr>");
      continue;
    }
    parts.push(`<tr><th>${escapeHtml(cellText(t.index ? t.index[i] : i))}</th>`);
    for (let j = 0; j < t.columns.length; j++) parts.push(`<td ${td}>${escapeHtml(cellText(t.rows[i][j], options.missing))}</td>`);
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  return parts.join("");
}
