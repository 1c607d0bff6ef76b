/**
 * The result of `mlflow.searchRuns`: one row per run with MLflow's column names (run_id, status, start_time,
 * metrics.<key>, params.<key>, tags.mlflow.runName …, as mlflow.search_runs' pandas frame has them), shown as a
 * rich table in a notebook and convertible to a polars DataFrame.
 */
import { displaySymbol, MimeBundle, printsAsText } from "../display";
import { tableHtml, tableText } from "../frame/table";
import { columnsToPolars } from "../frame/lazy";
import { Run } from "./entities";
import { getOwn } from "./validation";

/**
 * Runs as a table (what {@link searchRuns} returns).
 * @example
 * const runs = await mlflow.searchRuns();
 * runs.column("metrics.accuracy"); // one value per run
 */
export class RunsTable {
  /** Column names, in MLflow's order: attributes, then metrics.*, params.*, tags.* (each sorted). */
  readonly columns: string[];

  /** @param runs - the runs, newest first */
  constructor(readonly runs: Run[]) {
    const keys = (pick: (r: Run) => Record<string, unknown>, prefix: string) =>
      [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort().map((k) => `${prefix}.${k}`);
    this.columns = ["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time",
      ...keys((r) => r.data.metrics, "metrics"), ...keys((r) => r.data.params, "params"), ...keys((r) => r.data.tags, "tags")];
  }

  /** Number of runs. */
  get length(): number { return this.runs.length; }

  private cell(r: Run, col: string): unknown {
    switch (col) {
      case "run_id": return r.info.runId;
      case "experiment_id": return r.info.experimentId;
      case "status": return r.info.status;
      case "artifact_uri": return r.info.artifactUri;
      case "start_time": return new Date(r.info.startTime).toISOString();
      case "end_time": return r.info.endTime === null ? null : new Date(r.info.endTime).toISOString();
    }
    const dot = col.indexOf(".");
    const group = col.slice(0, dot) as "metrics" | "params" | "tags";
    return getOwn(r.data[group] as Record<string, unknown>, col.slice(dot + 1)) ?? null;
  }

  /**
   * One column's values, one per run (null where a run lacks it).
   * @example (await mlflow.searchRuns()).column("metrics.accuracy"); // [0.96, 0.95, …]
   */
  column(name: string): unknown[] {
    return this.runs.map((r) => this.cell(r, name));
  }

  /** Rows of values in {@link columns} order. */
  rows(): unknown[][] {
    return this.runs.map((r) => this.columns.map((c) => this.cell(r, c)));
  }

  /**
   * The table as a polars DataFrame (the equivalent of mlflow.search_runs' pandas frame).
   * @example (await mlflow.searchRuns()).toFrame().sort("metrics.accuracy", true);
   */
  toFrame(): import("nodejs-polars").DataFrame {
    const cols: Record<string, unknown[]> = {};
    for (const c of this.columns) cols[c] = this.column(c);
    return columnsToPolars(cols);
  }

  /** The short columns a person reads first: name, status, metrics and params (the artifact URI and tags left out). */
  private compact(): { columns: string[]; rows: unknown[][] } {
    const columns = ["run_id", "tags.mlflow.runName", "status", "start_time",
      ...this.columns.filter((c) => c.startsWith("metrics.") || c.startsWith("params."))];
    return { columns, rows: this.runs.map((r) => columns.map((c) => (c === "run_id" ? r.info.runId.slice(0, 8) : this.cell(r, c)))) };
  }

  [displaySymbol](): MimeBundle {
    const t = this.compact();
    return {
      "text/plain": tableText(t),
      "text/html": tableHtml(t, { caption: `${this.runs.length} run${this.runs.length === 1 ? "" : "s"} (run_id shortened; toFrame() has every column)` }),
    };
  }
}

printsAsText(RunsTable);
