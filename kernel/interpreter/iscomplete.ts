/**
 * is_complete_request: whether a console front end should run the code now or open a continuation line.
 * Incomplete means the parser ran out of text while still expecting something (an open brace, bracket,
 * string template …); any other syntax error means invalid.
 */
import type { IsCompleteOutcome } from "./types";
import { ts } from "./tsenv";
import { readDirective } from "./typecheck";

/** The indent for the continuation line: one level deeper after an opening bracket, one less after a closing one. */
function nextIndent(code: string): string {
  const line = /[^\n]*$/.exec(code)![0];
  const current = /^\s*/.exec(line)![0];
  if (/^\s*[}\])]/.test(line)) return current.slice(0, Math.max(0, current.length - 2));
  if (/[{([]\s*$/.test(line)) return current + "  ";
  return current;
}

/**
 * Judge a cell's completeness.
 * @example isComplete("function f() {") // { status: "incomplete", indent: "  " }
 */
export function isComplete(source: string): IsCompleteOutcome {
  const directive = readDirective(source);
  if (directive.error) return { status: "invalid" };
  const code = directive.code;
  // Two trailing blank lines force execution, as IPython's console does.
  if (/(^|\n)[ \t]*\n[ \t]*$/.test(code) && code.trim() !== "") return { status: "complete" };
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diags.length === 0) return { status: "complete" };
  const atEnd = diags.some((d) => d.start === code.length && typeof d.messageText === "string" && / expected\.$/.test(d.messageText))
    || diags.some((d) => d.code === 1160 || d.code === 1010); // unterminated template or comment
  return atEnd ? { status: "incomplete", indent: nextIndent(code) } : { status: "invalid" };
}
