/**
 * An executed notebook as one self-contained HTML page (`typelearn run … --to html`): code, text and every
 * chart's SVG inline as the kernel produced it — Debian's nbconvert 6.5 empties SVG outputs, and no Python is
 * needed here. Markdown cells are rendered by a small safe CommonMark subset (markdown.ts).
 */
import * as fs from "fs";
import { escapeHtml } from "../../lib/display";
import { markdownToHtml } from "./markdown";

type Json = Record<string, unknown>;
const text = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

function outputHtml(o: Json): string {
  const type = o.output_type;
  if (type === "stream") return `<pre class="stream ${escapeHtml(String(o.name))}">${escapeHtml(text(o.text))}</pre>`;
  if (type === "error") return `<pre class="error">${escapeHtml(stripAnsi((o.traceback as string[] ?? []).join("\n")))}</pre>`;
  const data = (o.data ?? {}) as Json;
  // The richest form a browser shows without scripts: SVG, then PNG, then HTML, then text.
  if (data["image/svg+xml"]) return `<div class="svg">${text(data["image/svg+xml"])}</div>`;
  if (data["image/png"]) return `<img alt="chart" src="data:image/png;base64,${text(data["image/png"]).replace(/\s/g, "")}">`;
  if (data["text/html"]) return `<div class="html">${text(data["text/html"])}</div>`;
  if (data["text/plain"] !== undefined) return `<pre>${escapeHtml(text(data["text/plain"]))}</pre>`;
  return "";
}

/**
 * The HTML page of an nbformat 4 notebook.
 * @param nb - the notebook JSON
 * @param title - the page title
 * @example fs.writeFileSync("out.html", notebookToHtml(JSON.parse(fs.readFileSync("out.ipynb", "utf8")), "out"));
 */
export function notebookToHtml(nb: Json, title: string): string {
  const cells = (nb.cells as Json[] ?? []).map((c) => {
    if (c.cell_type === "markdown") return `<div class="cell markdown"><div class="md">${markdownToHtml(text(c.source))}</div></div>`;
    if (c.cell_type !== "code") return `<div class="cell raw"><pre>${escapeHtml(text(c.source))}</pre></div>`;
    const n = c.execution_count ?? " ";
    const outs = (c.outputs as Json[] ?? []).map(outputHtml).join("\n");
    return `<div class="cell code"><div class="prompt">In [${n}]:</div><pre class="source">${escapeHtml(text(c.source))}</pre>` +
      `<div class="outputs">${outs}</div></div>`;
  });
  const style = "body{font-family:sans-serif;max-width:1000px;margin:2em auto}pre{white-space:pre-wrap;margin:4px 0}" +
    ".source{background:#f5f5f5;border:1px solid #ddd;padding:6px;font-size:13px}.prompt{color:#307fc1;font-family:monospace;font-size:12px}" +
    ".cell{margin:1em 0}.outputs{overflow-x:auto}.stream.stderr{background:#fdd}.error{background:#fdd}.md code{background:#f5f5f5;padding:0 2px}.md pre{background:#f5f5f5;padding:6px}.md blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em;color:#555}" +
    "table{border-collapse:collapse;font-size:12px}td,th{padding:2px 6px}";
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head>` +
    `<body>\n${cells.join("\n")}\n</body></html>\n`;
}

/**
 * Write `<notebook>.html` beside an executed notebook.
 * @returns the path written
 */
export function exportHtml(notebookPath: string): string {
  const nb = JSON.parse(fs.readFileSync(notebookPath, "utf8")) as Json;
  const out = notebookPath.replace(/\.ipynb$/, "") + ".html";
  fs.writeFileSync(out, notebookToHtml(nb, notebookPath.split(/[\\/]/).pop() ?? "notebook"));
  return out;
}
