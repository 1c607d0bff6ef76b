/**
 * Runs one notebook in this (fresh) process and reports a RunSummary to the parent over IPC.
 * argv: NOTEBOOK OUT ALLOW_ERRORS(0|1) [TYPE_ERRORS]
 */
import * as fs from "fs";
import { createInterpreter, parseTypeErrorMode } from "../interpreter";
import { kernelLog } from "../interpreter/capture";
import type { NbOutput } from "./notebook";
import { CellOutputs, cellSource, normalizeNotebook, parseNotebook } from "./notebook";
import type { RunSummary } from "./index";

async function run(file: string, out: string, allowErrors: boolean, typeErrorsFlag?: string): Promise<RunSummary> {
  const t0 = Date.now();
  const nb = parseNotebook(fs.readFileSync(file, "utf8"), file);
  // The notebook's own setting (metadata typelearn.typeErrors) wins over the command line's.
  const meta = (nb.metadata.typelearn ?? {}) as { typeErrors?: unknown };
  const typeErrors = meta.typeErrors !== undefined ? parseTypeErrorMode(meta.typeErrors, `${file}: metadata typelearn.typeErrors`)
    : typeErrorsFlag ? parseTypeErrorMode(typeErrorsFlag, "--type-errors") : undefined;
  const interp = createInterpreter({ cwd: process.cwd(), typeErrors });
  normalizeNotebook(nb, interp.kernelInfo().language_info.version);
  const displays = new Map<string, NbOutput[]>();
  let count = 0;
  let failed: RunSummary["failed"];
  let index = 0;
  for (const cell of nb.cells) {
    index++;
    if (cell.cell_type !== "code") continue;
    const src = cellSource(cell);
    if (src.trim() === "") continue;
    count++;
    const sink = new CellOutputs(displays);
    cell.outputs = sink.outputs;
    cell.execution_count = count;
    const outcome = await interp.execute(src, sink);
    // Let late output (timers, flushed streams) of this cell arrive before the next starts.
    await new Promise((r) => setImmediate(r));
    if (outcome.status === "ok") {
      if (outcome.result) sink.result(outcome.result.data, outcome.result.metadata, count);
    } else {
      sink.error(outcome.error);
      if (!failed) failed = { cell: index, id: cell.id, ename: outcome.error.ename, evalue: outcome.error.evalue };
      if (!allowErrors) break;
    }
  }
  fs.writeFileSync(out, JSON.stringify(nb, null, 1) + "\n");
  interp.close();
  return { file, out, cells: count, seconds: (Date.now() - t0) / 1000, failed: allowErrors ? undefined : failed };
}

const [file, out, allow, typeErrorsFlag] = process.argv.slice(2);
run(file, out, allow === "1", typeErrorsFlag || undefined).then(
  (summary) => { process.send?.(summary); process.disconnect?.(); setTimeout(() => process.exit(0), 100).unref(); },
  (e) => { kernelLog(`typelearn run: ${file}: ${(e as Error).stack ?? e}`); process.exit(1); },
);
