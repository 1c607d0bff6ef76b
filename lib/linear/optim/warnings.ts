/**
 * Warnings in scikit-learn's words (ConvergenceWarning, UserWarning) written to stderr, where a notebook shows
 * them as a stream next to the cell's output.
 */

/** A function receiving each warning line; the default writes to process.stderr. */
export type WarningSink = (line: string) => void;

let sink: WarningSink = (line) => { process.stderr.write(line + "\n"); };

/**
 * Write "Category: message" to the warning sink.
 * @param category - e.g. "ConvergenceWarning"
 * @param message - the text
 * @example
 * warn("ConvergenceWarning", "lbfgs failed to converge (status=1)");
 */
export function warn(category: string, message: string): void {
  sink(`${category}: ${message}`);
}

/**
 * Replace where warnings go (tests capture them this way); returns the previous sink.
 * @param next - the new sink
 * @example
 * const lines: string[] = [];
 * const prev = setWarningSink((l) => lines.push(l));
 * // … fit …
 * setWarningSink(prev);
 */
export function setWarningSink(next: WarningSink): WarningSink {
  const prev = sink;
  sink = next;
  return prev;
}
