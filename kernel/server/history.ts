/**
 * In-memory input history of this kernel session, answering history_request (tail / range / search) the way
 * IPython's history manager does: entries are `[session, line_number, input]`, or `[session, line, [input,
 * output]]` when output is requested.
 */

/** One stored cell. */
export interface HistoryEntry {
  line: number;
  input: string;
  /** text/plain of the cell's execute_result, if it had one. */
  output: string | null;
}

/** A history_reply row. */
export type HistoryRow = [number, number, string | [string, string | null]];

/** A history_request's content (the fields this kernel reads). */
export interface HistoryQuery {
  hist_access_type?: unknown;
  output?: unknown;
  n?: unknown;
  session?: unknown;
  start?: unknown;
  stop?: unknown;
  pattern?: unknown;
  unique?: unknown;
}

/**
 * Translate a glob (`*` any run, `?` one character, `[...]` a class) into an anchored RegExp, as SQLite GLOB
 * matches it.
 * @param pattern the glob.
 * @example globToRegExp("6?7").test("6*7") // true
 */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let cls = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (cls.startsWith("^")) cls = "\\" + cls;
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function asInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : undefined;
}

/**
 * The session's history.
 * @example
 * const h = new History(1);
 * h.add(1, "6*7", "42");
 * h.query({ hist_access_type: "tail", n: 1 }) // [[1, 1, "6*7"]]
 */
export class History {
  private readonly entries: HistoryEntry[] = [];

  /** @param session the session number reported in rows (IPython numbers sessions from 1). */
  constructor(readonly session = 1) {}

  /**
   * Record a cell.
   * @param line its execution count.
   * @param input its source.
   * @param output text/plain of its result, or null.
   * @example h.add(3, "x + 1", "2")
   */
  add(line: number, input: string, output: string | null = null): void {
    this.entries.push({ line, input, output });
  }

  /**
   * Attach the result text to the entry for `line` (the result is known after the entry is recorded).
   * @param line the execution count.
   * @param output text/plain of the result.
   * @example h.setOutput(3, "2")
   */
  setOutput(line: number, output: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i].line === line) {
        this.entries[i].output = output;
        return;
      }
    }
  }

  /** Number of stored entries. */
  get length(): number {
    return this.entries.length;
  }

  /**
   * Answer a history_request; throws an Error naming the field for an unknown hist_access_type.
   * @param q the request content.
   * @example h.query({ hist_access_type: "search", pattern: "6?7", unique: true })
   */
  query(q: HistoryQuery): HistoryRow[] {
    const output = q.output === true;
    let rows: HistoryEntry[];
    switch (q.hist_access_type) {
      case "tail": {
        const n = asInt(q.n);
        rows = n === undefined ? this.entries.slice() : n <= 0 ? [] : this.entries.slice(-n);
        break;
      }
      case "range": {
        const session = asInt(q.session) ?? 0;
        if (session !== 0 && session !== this.session) {
          rows = [];
          break;
        }
        const start = asInt(q.start) ?? 1;
        const stop = asInt(q.stop);
        rows = this.entries.filter((e) => e.line >= start && (stop === undefined || stop === null || e.line < stop));
        break;
      }
      case "search": {
        const re = globToRegExp(typeof q.pattern === "string" ? q.pattern : "*");
        let found = this.entries.filter((e) => re.test(e.input));
        if (q.unique === true) {
          const seen = new Set<string>();
          const kept: HistoryEntry[] = [];
          for (let i = found.length - 1; i >= 0; i--) {
            if (!seen.has(found[i].input)) {
              seen.add(found[i].input);
              kept.push(found[i]);
            }
          }
          found = kept.reverse();
        }
        const n = asInt(q.n);
        rows = n === undefined ? found : n <= 0 ? [] : found.slice(-n);
        break;
      }
      default:
        throw new Error(
          `hist_access_type: expected "tail", "range" or "search", received ${JSON.stringify(q.hist_access_type)}`,
        );
    }
    return rows.map((e): HistoryRow => [this.session, e.line, output ? [e.input, e.output] : e.input]);
  }
}
