/**
 * The type-error switch: `block` (a type error stops the cell, the default), `warn` (diagnostics go to stderr and
 * the cell runs) or `off` (no type check). Set per kernel (`typelearn kernel --type-errors=warn`, written into
 * kernel.json by `typelearn install --type-errors warn`), per notebook (metadata `typelearn.typeErrors`, honoured by
 * `typelearn run`) or from any front end with a cell whose first line is `%typecheck warn`.
 */

/** What a type error does. */
export type TypeErrorMode = "block" | "warn" | "off";

const modes: readonly TypeErrorMode[] = ["block", "warn", "off"];

/**
 * Validate a mode given by a user (flag, metadata, magic).
 * @param value the text given
 * @param where where it came from, for the error message
 * @example parseTypeErrorMode("warn", "--type-errors") // "warn"
 */
export function parseTypeErrorMode(value: unknown, where: string): TypeErrorMode {
  if (typeof value === "string" && (modes as readonly string[]).includes(value)) return value as TypeErrorMode;
  throw new Error(`${where} must be one of ${modes.join(", ")}; received ${JSON.stringify(value)}`);
}

/** A cell with its `%typecheck` line read off. */
export interface Directive {
  /** The cell's code; the directive line is blanked, so line numbers stay the cell's own. */
  code: string;
  /** The mode the directive sets, if any. */
  mode?: TypeErrorMode;
  /** A malformed directive. */
  error?: string;
}

const directiveRe = /^[ \t]*%typecheck\b[ \t]*([^\n]*?)[ \t]*(?=\n|$)/;

/**
 * Read a leading `%typecheck MODE` line.
 * @example readDirective("%typecheck warn\nconst a: string = 1") // { code: "\nconst a: string = 1", mode: "warn" }
 */
export function readDirective(source: string): Directive {
  const m = directiveRe.exec(source);
  if (!m) return { code: source };
  const code = source.slice(m[0].length);
  try {
    return { code, mode: parseTypeErrorMode(m[1], "%typecheck") };
  } catch (e) {
    return { code, error: `${(e as Error).message} (usage: %typecheck block|warn|off)` };
  }
}
