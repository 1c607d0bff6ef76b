/**
 * The rich-display convention shared by the library and the kernel: a value shows itself richly by having a method
 * under `Symbol.for("Jupyter.display")` that returns a MIME bundle (the convention of Deno's Jupyter kernel). A leaf:
 * every family that renders itself (arrays, frames, estimators, reports) imports this, and lib/display.ts, which
 * turns any value into a bundle, sits above them all.
 */

/** The well-known symbol a displayable value implements. */
export const displaySymbol: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content (string for text types, JSON for JSON types). Always has text/plain. */
export interface MimeBundle {
  "text/plain": string;
  [mime: string]: unknown;
}

/** A value that can render itself as a MIME bundle. */
export interface Displayable {
  [displaySymbol](): MimeBundle;
}

/** True when `v` implements the display convention. */
export function isDisplayable(v: unknown): v is Displayable {
  return v != null && (typeof v === "object" || typeof v === "function") &&
    typeof (v as Record<symbol, unknown>)[Symbol.for("Jupyter.display")] === "function";
}

/** Escape text for inclusion in HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A MIME bundle wrapped as a displayable value, e.g. `display(mime({"text/html": "<b>hi</b>"}))`. */
export function mime(bundle: Record<string, unknown>): Displayable {
  const text = typeof bundle["text/plain"] === "string" ? bundle["text/plain"] as string : "[rich output]";
  return { [displaySymbol]: () => ({ ...bundle, "text/plain": text }) } as Displayable;
}
