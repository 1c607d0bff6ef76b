/**
 * nbformat 4.5 reading and writing, and the output list of a cell as a Jupyter front end keeps it: consecutive
 * stream text merged, display updates applied in place by display_id, clear_output(wait) honoured.
 */
import { randomBytes } from "crypto";
import type { MimeBundle } from "../../lib/display";
import type { ExecError, OutputSink } from "../interpreter/types";

/** One nbformat output. */
export type NbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** One nbformat cell (the fields we touch). */
export interface NbCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NbOutput[];
  execution_count?: number | null;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NbCell[];
}

/** A cell's source as one string. */
export function cellSource(cell: NbCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Parse a notebook file's text, checking the parts we rely on. */
export function parseNotebook(text: string, file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(text) as Notebook;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!nb || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${file}: expected an nbformat 4 notebook with a cells array`);
  }
  return nb;
}

/** Upgrade to nbformat 4.5 (cell ids) and set the typelearn kernelspec and language info. */
export function normalizeNotebook(nb: Notebook, languageVersion: string): void {
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    if (!cell.id || seen.has(cell.id) || !/^[a-zA-Z0-9-_]{1,64}$/.test(cell.id)) cell.id = randomBytes(4).toString("hex");
    seen.add(cell.id);
    cell.metadata ??= {};
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  nb.metadata.kernelspec = { name: "typelearn", display_name: "TypeScript (typelearn)", language: "typescript" };
  nb.metadata.language_info = {
    name: "typescript", version: languageVersion, mimetype: "text/typescript", file_extension: ".ts",
    codemirror_mode: { name: "javascript", typescript: true }, pygments_lexer: "typescript",
  };
}

/** Text MIME types are stored as strings, JSON ones as objects (as Jupyter does). */
function storeBundle(bundle: MimeBundle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bundle)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" || /json/.test(k) ? v : JSON.stringify(v);
  }
  return out;
}

/** Collects one cell's outputs as a front end would store them. Implements the interpreter's OutputSink. */
export class CellOutputs implements OutputSink {
  readonly outputs: NbOutput[] = [];
  private readonly byDisplayId = new Map<string, NbOutput[]>();
  private clearPending = false;

  constructor(private readonly allDisplays: Map<string, NbOutput[]>) {}

  private push(o: NbOutput): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      last.text += o.text;
      return;
    }
    this.outputs.push(o);
  }

  stream(name: "stdout" | "stderr", text: string): void {
    this.push({ output_type: "stream", name, text });
  }

  display(data: MimeBundle, metadata: Record<string, unknown>, displayId?: string, update?: boolean): void {
    if (update) {
      // Every output ever shown under this id (in any cell) is replaced, as JupyterLab does.
      for (const o of displayId ? this.allDisplays.get(displayId) ?? [] : []) {
        if (o.output_type === "display_data" || o.output_type === "execute_result") {
          o.data = storeBundle(data);
          o.metadata = metadata;
        }
      }
      return;
    }
    const out: NbOutput = { output_type: "display_data", data: storeBundle(data), metadata };
    this.push(out);
    if (displayId) {
      const list = this.allDisplays.get(displayId) ?? [];
      list.push(out);
      this.allDisplays.set(displayId, list);
      this.byDisplayId.set(displayId, list);
    }
  }

  clearOutput(wait: boolean): void {
    if (wait) this.clearPending = true;
    else this.outputs.length = 0;
  }

  /** Record the cell's execute_result. */
  result(data: MimeBundle, metadata: Record<string, unknown>, executionCount: number): void {
    this.push({ output_type: "execute_result", data: storeBundle(data), metadata, execution_count: executionCount });
  }

  /** Record the cell's error. */
  error(err: ExecError): void {
    this.push({ output_type: "error", ...err });
  }
}
