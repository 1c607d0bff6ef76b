/**
 * HTML rendering of NDArrays for Jupyter: 2-D arrays as a rows × columns table with index headers, 1-D arrays as
 * one indexed row, larger arrays truncated to their first and last entries with "…" cells, a caption giving shape
 * and dtype. Arrays of three or more dimensions show NumPy's text inside <pre>.
 */
import { escapeHtml } from "../mime_bundle";
import { floatFormatter, formatStr } from "./format";
import { NDArray } from "./ndarray";

/** Rows/columns shown in full up to this many; beyond it only the first and last {@link HTML_EDGE}. */
export const HTML_MAX = 20;
/** Entries shown at each end of a truncated axis. */
export const HTML_EDGE = 5;

/** Indices shown along an axis of length n, with -1 marking the "…" gap. */
function shownIndices(n: number): number[] {
  if (n <= HTML_MAX) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: HTML_EDGE }, (_, i) => i);
  const tail = Array.from({ length: HTML_EDGE }, (_, i) => n - HTML_EDGE + i);
  return [...head, -1, ...tail];
}

function cellFormatter(a: NDArray, rows: number[], cols: number[], ncols: number): (x: number) => string {
  if (a.dtype === "bool") return (x) => (x ? "True" : "False");
  if (a.dtype === "int32") return (x) => String(x);
  const shown: number[] = [];
  for (const i of rows) if (i >= 0) for (const j of cols) if (j >= 0) shown.push(a.data[i * ncols + j]);
  const f = floatFormatter(shown);
  return (x) => f(x).trim();
}

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * An HTML table for `a` (used by NDArray's Jupyter display).
 * @example arrayToHtml(eye(2)); // "<table class=\"typelearn-ndarray\">…"
 */
export function arrayToHtml(a: NDArray): string {
  // nowrap: a short 1-D array makes a narrow table, and the caption would otherwise wrap onto three lines.
  const caption = `<caption style="caption-side:bottom;text-align:left;white-space:nowrap">NDArray shape ${shapeText(a.shape)}, dtype ${a.dtype}</caption>`;
  if (a.ndim === 0 || a.ndim > 2 || a.size === 0) {
    return `<table class="typelearn-ndarray">${caption}<tr><td><pre>${escapeHtml(formatStr(a))}</pre></td></tr></table>`;
  }
  const nrows = a.ndim === 2 ? a.shape[0] : 1;
  const ncols = a.shape[a.ndim - 1];
  const rows = a.ndim === 2 ? shownIndices(nrows) : [0];
  const cols = shownIndices(ncols);
  const fmt = cellFormatter(a, rows, cols, ncols);
  const td = 'style="text-align:right;font-family:monospace"';
  const parts: string[] = [`<table class="typelearn-ndarray">`, caption, "<thead><tr><th></th>"];
  for (const j of cols) parts.push(j < 0 ? "<th>…</th>" : `<th>${j}</th>`);
  parts.push("</tr></thead><tbody>");
  for (const i of rows) {
    parts.push("<tr>");
    if (i < 0) {
      parts.push("<th>…</th>");
      for (let k = 0; k < cols.length; k++) parts.push(`<td ${td}>…</td>`);
    } else {
      parts.push(a.ndim === 2 ? `<th>${i}</th>` : "<th></th>");
      for (const j of cols) parts.push(j < 0 ? `<td ${td}>…</td>` : `<td ${td}>${escapeHtml(fmt(a.data[i * ncols + j]))}</td>`);
    }
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  return parts.join("");
}
