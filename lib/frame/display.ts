/**
 * Rich display of data frames the library does not own: danfojs DataFrame/Series (pandas-like text and an HTML
 * table) and nodejs-polars DataFrame/Series (polars' own text and an HTML table). Recognised by shape, so
 * displaying never loads either package.
 */
import type { MimeBundle } from "../mime_bundle";
import { isDanfoDataFrame, isDanfoSeries, isPolarsDataFrame, isPolarsSeries } from "./adapters";
import { tableHtml, tableText } from "./table";

type Obj = Record<string, unknown>;

/**
 * A float column as pandas prints it: one number of decimals for the whole column (enough for every value at
 * 6 decimals at most, and at least 1), missing values as NaN.
 */
export function pandasFloatColumn(values: readonly unknown[]): string[] {
  let decimals = 1;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const text = String(Number(v.toFixed(6)));
    const dot = text.indexOf(".");
    if (dot >= 0 && !text.includes("e")) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return values.map((v) => (typeof v !== "number" || Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? v.toFixed(decimals) : v > 0 ? "inf" : "-inf"));
}

function pandasCells(columns: unknown[][], dtypes: readonly unknown[]): unknown[][] {
  return columns.map((c, j) => (/float/.test(String(dtypes[j])) ? pandasFloatColumn(c) : c));
}

function danfoFrame(df: Obj): MimeBundle {
  const values = df.values as unknown[][];
  const names = (df.columns as unknown[]).map(String);
  const cols = pandasCells(names.map((_, j) => values.map((r) => r[j])), (df.dtypes as unknown[]) ?? []);
  const t = { columns: names, rows: values.map((_, i) => cols.map((c) => c[i])), index: df.index as unknown[] };
  const [n, m] = df.shape as number[];
  return {
    "text/plain": tableText(t, { missing: "NaN" }),
    "text/html": tableHtml(t, { missing: "NaN", caption: `danfo DataFrame, ${n} rows × ${m} columns` }),
  };
}

function danfoSeries(s: Obj): MimeBundle {
  const name = Array.isArray(s.columns) && s.columns.length ? String(s.columns[0]) : "";
  const dtype = Array.isArray(s.dtypes) && s.dtypes.length ? String(s.dtypes[0]) : "";
  const values = s.values as unknown[];
  const shown = pandasCells([values], [dtype])[0];
  const t = { columns: [name], rows: shown.map((v) => [v]), index: s.index as unknown[] };
  // pandas prints a Series without a header row (index, four spaces, right-aligned values), then name and dtype.
  const idx = t.index.map((i) => String(i));
  const cells = shown.map((v) => (v === null || v === undefined ? "NaN" : String(v)));
  const iw = Math.max(0, ...idx.map((x) => x.length));
  const vw = Math.max(0, ...cells.map((x) => x.length));
  const line = (i: number) => `${idx[i].padEnd(iw)}    ${cells[i].padStart(vw)}`;
  const n = cells.length;
  // Like pandas: more than 60 values → the first and last 5 around "..." and the length in the footer.
  const body = n > 60
    ? [...Array.from({ length: 5 }, (_, i) => line(i)), "..".padEnd(iw) + "    " + "...".padStart(vw), ...Array.from({ length: 5 }, (_, i) => line(n - 5 + i))].join("\n")
    : cells.map((_, i) => line(i)).join("\n");
  return {
    "text/plain": `${body}\nName: ${name}, ${n > 60 ? `Length: ${n}, ` : ""}dtype: ${dtype}`,
    "text/html": tableHtml(t, { missing: "NaN", caption: `danfo Series "${name}", ${values.length} values, dtype ${dtype}` }),
  };
}

function polarsFrame(df: Obj): MimeBundle {
  const columns = (df.columns as unknown[]).map(String);
  // df.rows() and df.dtypes cost ~2 ms for 569×31 where getColumns() (a Series object per column) took 20–90 ms.
  const rows = (df.rows as () => unknown[][])();
  const height = Number(df.height ?? rows.length);
  const dtypes = (df.dtypes as unknown[]).map((d) => String(d).replace(/^DataType\((.*)\)$/, "$1"));
  // typelearn's table rather than polars' own text: head and tail rows as pandas shows them, 6 significant digits.
  const shape = `shape: (${height}, ${columns.length})`;
  return {
    "text/plain": `${shape}\n${tableText({ columns, rows })}\ndtypes: ${columns.map((c, j) => `${c} ${dtypes[j]}`).join(", ")}`,
    "text/html": tableHtml({ columns: columns.map((c, j) => `${c} (${dtypes[j]})`), rows },
      { caption: `polars DataFrame, shape (${height}, ${columns.length})` }),
  };
}

function polarsSeries(s: Obj): MimeBundle {
  const values = Array.from((s.toArray as () => ArrayLike<unknown>)());
  return {
    "text/plain": String(s),
    "text/html": tableHtml({ columns: [String(s.name)], rows: values.map((v) => [v]) },
      { caption: `polars Series, length ${values.length}, dtype ${String(s.dtype).replace(/^DataType\((.*)\)$/, "$1")}` }),
  };
}

/**
 * The MIME bundle of a danfojs or nodejs-polars frame or series, or null for anything else.
 * @example frameBundle(new dfd.DataFrame({ a: [1] }))?.["text/html"]; // "<table class=\"typelearn-frame\">…"
 */
export function frameBundle(v: unknown): MimeBundle | null {
  if (isDanfoDataFrame(v)) return danfoFrame(v);
  if (isDanfoSeries(v)) return danfoSeries(v);
  if (isPolarsDataFrame(v)) return polarsFrame(v);
  if (isPolarsSeries(v)) return polarsSeries(v);
  return null;
}

