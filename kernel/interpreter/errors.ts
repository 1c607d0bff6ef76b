/**
 * Turns TypeScript diagnostics and thrown values into Jupyter error content (ename, evalue, traceback).
 */
import * as util from "util";
import type { ExecError } from "./types";

interface Diag { start: { line: number; character: number }; messageText: string; fileName?: string }

/** Diagnostics as `line:col - message` in the cell's own (1-based) line numbers. */
export function formatDiagnostics(diags: readonly Diag[]): ExecError {
  const lines = diags.map((d) => `${d.fileName ? d.fileName + " " : ""}${d.start.line + 1}:${d.start.character + 1} - ${d.messageText}`);
  return { ename: "TypeScriptError", evalue: lines[0] ?? "compilation failed", traceback: lines };
}

const internalFrame = /\(node:|\(internal\/|kernel[\\/]interpreter[\\/]|at node:|at new Promise \(<anonymous>\)/;

/**
 * Where a frame of a cell really is: 1-based line and column in the cell `file` names, and that line's source;
 * null for code that is not the user's (the wrapper that calls the cell body).
 */
export type CellLocator = (file: string, line: number, column: number) => { line: number; column: number; source: string } | null;

const cellFrame = /^(\s+at )(?:(.*?) \()?(cell\[\d+\]):(\d+):(\d+)\)?$/;

/**
 * A thrown value as an error message: its class name, message and the stack frames that belong to the user.
 * @param locate - maps frames of cells to the cells' own lines (without it they keep the generated positions)
 */
export function formatError(e: unknown, locate?: CellLocator): ExecError {
  if (e instanceof Error) {
    const ename = e.name || e.constructor?.name || "Error";
    const evalue = e.message;
    let frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    // Frames below the last cell frame belong to the kernel that ran the cell, not to the user.
    const lastCell = frames.map((l) => /cell\[\d+\]/.test(l)).lastIndexOf(true);
    if (lastCell >= 0) frames = frames.slice(0, lastCell + 1);
    frames = frames.filter((l) => !internalFrame.test(l));
    const out: string[] = [];
    for (const frame of frames) {
      const m = locate ? cellFrame.exec(frame) : null;
      if (!m) { out.push(frame); continue; }
      const [, at, fn, file, line, column] = m;
      const where = locate!(file, Number(line), Number(column));
      if (!where) continue;
      // The cell's top level runs in an anonymous function that V8 calls "eval"; name it after the cell instead.
      const name = fn && fn !== "eval" && fn !== "async eval" ? `${fn} ` : "";
      const loc = `${file}:${where.line}:${where.column}`;
      out.push(name ? `${at}${name}(${loc})` : `${at}${loc}`);
      if (where.source) out.push(`        ${where.source}`);
    }
    return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...out] };
  }
  const text = util.inspect(e);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}
