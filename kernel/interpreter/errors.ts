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

/** A thrown value as an error message: its class name, message and the stack frames that belong to the user. */
export function formatError(e: unknown): ExecError {
  if (e instanceof Error) {
    const ename = e.name || e.constructor?.name || "Error";
    const evalue = e.message;
    let frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    // Frames below the last cell frame belong to the kernel that ran the cell, not to the user.
    const lastCell = frames.map((l) => /cell\[\d+\]/.test(l)).lastIndexOf(true);
    if (lastCell >= 0) frames = frames.slice(0, lastCell + 1);
    frames = frames.filter((l) => !internalFrame.test(l));
    return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
  }
  const text = util.inspect(e);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}
