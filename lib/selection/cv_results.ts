/**
 * cvResults_ of the searches: columns by candidate (params, split scores, means, standard deviations, ranks, times)
 * with NumPy's arithmetic (pairwise means, population std, rankdata "min"), shown as a table in notebooks.
 */
import { NDArray } from "../array/ndarray";
import { pairwiseSum } from "../array/reduce";
import { displaySymbol, escapeHtml, MimeBundle } from "../display";
import { Params } from "../base/estimator";
import { registerStateClass } from "../base/spec";
import { fmt } from "../format";
import { InputTypeError } from "../errors";
import { columnsToPolars } from "../frame/lazy";

/**
 * Per-candidate mean and population standard deviation over splits, as np.average(…, axis=1) and
 * sqrt(np.average((a − mean)², axis=1)).
 * @param values - row-major [nCandidates, nSplits]
 * @param nSplits - splits per candidate
 * @example
 * meanStd(Float64Array.of(1, 3), 2); // { mean: [2], std: [1] }
 */
export function meanStd(values: Float64Array, nSplits: number): { mean: Float64Array; std: Float64Array } {
  const nc = values.length / nSplits;
  const mean = new Float64Array(nc), std = new Float64Array(nc);
  const sq = new Float64Array(nSplits);
  for (let c = 0; c < nc; c++) {
    const m = pairwiseSum(values, c * nSplits, nSplits) / nSplits;
    for (let s = 0; s < nSplits; s++) { const d = values[c * nSplits + s] - m; sq[s] = d * d; }
    mean[c] = m;
    std[c] = Math.sqrt(pairwiseSum(sq, 0, nSplits) / nSplits);
  }
  return { mean, std };
}

/**
 * Ranks of the mean scores, greater is better, ties sharing the smallest rank (scipy rankdata "min" of −means);
 * NaN means rank with the worst; all NaN → all 1.
 * @param means - mean score per candidate
 * @example
 * rankMin(Float64Array.of(0.5, 0.9, 0.9)); // Int32Array [3, 1, 1]
 */
export function rankMin(means: Float64Array): Int32Array {
  const n = means.length;
  const ranks = new Int32Array(n).fill(1);
  let lowest = Infinity;
  let anyFinite = false;
  for (const m of means) if (!Number.isNaN(m)) { anyFinite = true; lowest = Math.min(lowest, m); }
  if (!anyFinite) return ranks;
  const v = Float64Array.from(means, (m) => (Number.isNaN(m) ? lowest - 1 : m));
  for (let i = 0; i < n; i++) {
    let greater = 0;
    for (let j = 0; j < n; j++) if (v[j] > v[i]) greater++;
    ranks[i] = greater + 1;
  }
  return ranks;
}

/** The cross-validation results of a search, one entry per candidate in every column. */
export class CVResults {
  /** Candidate parameter objects. */
  readonly params: Params[];
  /** Column name → values: `param_<name>` (undefined where a candidate lacks it), `split<k>TestScore`, means… */
  readonly columns: Record<string, NDArray | unknown[]>;

  /**
   * @param params - candidates
   * @param columns - the numeric and parameter columns, in display order
   */
  constructor(params: Params[], columns: Record<string, NDArray | unknown[]>) {
    this.params = params;
    this.columns = columns;
    for (const [k, v] of Object.entries(columns)) (this as unknown as Record<string, unknown>)[k] = v;
  }

  /** Mean test score per candidate. */
  declare readonly meanTestScore: NDArray;
  /** Standard deviation of the test scores per candidate. */
  declare readonly stdTestScore: NDArray;
  /** Rank per candidate (1 = best; ties share the smallest rank). */
  declare readonly rankTestScore: NDArray;
  /** Mean fit time per candidate (seconds). */
  declare readonly meanFitTime: NDArray;
  /** Mean score time per candidate (seconds). */
  declare readonly meanScoreTime: NDArray;
  /** Mean train score per candidate (returnTrainScore: true). */
  declare readonly meanTrainScore?: NDArray;
  /** Other columns: `split<k>TestScore`, `param_<name>`, std… */
  [column: string]: unknown;

  /** Number of candidates. */
  get length(): number { return this.params.length; }

  /**
   * One plain object per candidate (e.g. for a DataFrame: `pl.DataFrame(cv.toRecords())`).
   * @example
   * search.cvResults_.toRecords()[0].meanTestScore;
   */
  toRecords(): Record<string, unknown>[] {
    return this.params.map((p, i) => {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.columns)) row[k] = v instanceof NDArray ? v.data[i] : v[i];
      row.params = p;
      return row;
    });
  }

  /**
   * The results as a polars DataFrame, one row per candidate (scikit-learn's `pd.DataFrame(cv_results_)`): the
   * columns in order, then `params` as JSON text. Loads nodejs-polars on first use.
   * @example
   * search.cvResults_.toFrame().sort("rankTestScore").head(5);
   */
  toFrame(): import("nodejs-polars").DataFrame {
    const cols: Record<string, ArrayLike<unknown>> = {};
    for (const [k, v] of Object.entries(this.columns)) cols[k] = v instanceof NDArray ? v.data : v;
    cols.params = this.params.map((p) => JSON.stringify(p));
    return columnsToPolars(cols);
  }

  private cells(): { header: string[]; rows: string[][] } {
    const keys = Object.keys(this.columns);
    const header = ["", ...keys, "params"];
    const rows = this.params.map((p, i) => [String(i), ...keys.map((k) => {
      const col = this.columns[k];
      const v = col instanceof NDArray ? col.data[i] : col[i];
      if (typeof v === "number") return Number.isInteger(v) && /rank/.test(k) ? String(v) : fmt(v, ".6g");
      return v === undefined ? "--" : typeof v === "string" ? v : formatValue(v);
    }), formatValue(p)]);
    return { header, rows };
  }

  /** A fixed-width text table. */
  toString(): string {
    const { header, rows } = this.cells();
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
    return [line(header), ...rows.map(line)].join("\n");
  }

  /** Notebook display: an HTML table (one row per candidate) and the text table. */
  [displaySymbol](): MimeBundle {
    const { header, rows } = this.cells();
    const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
    const body = rows.map((r) => `<tr>${r.map((c, j) => (j === 0 ? `<th>${c}</th>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`).join("");
    const html = `<div class="typelearn-cv-results" style="overflow-x:auto"><table class="dataframe">` +
      `<thead><tr style="text-align:right">${th}</tr></thead><tbody>${body}</tbody></table>` +
      `<p>${this.params.length} candidates</p></div>`;
    return { "text/plain": this.toString(), "text/html": html };
  }

  /** console.log shows the text table. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

function formatValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")}}`;
  }
  return String(v);
}

// a fitted search's cvResults_ travels in fitted specs (worker results, saved model files) as its two fields
registerStateClass("CVResults", CVResults, {
  encode: (r) => ({ params: r.params, columns: r.columns }),
  decode: (d) => {
    const { params, columns } = (d ?? {}) as { params?: unknown; columns?: unknown };
    if (!Array.isArray(params) || columns === null || typeof columns !== "object" || Array.isArray(columns)) {
      throw new InputTypeError("CVResults data", "{ params: object[], columns: object }", d);
    }
    return new CVResults(params as Params[], columns as Record<string, NDArray | unknown[]>);
  },
});
