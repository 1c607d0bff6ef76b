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

/** Node's `util.inspect.custom`: what `console.log(x)` and the REPL call to show an object. */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

function inspectAsPlainText(this: Displayable): string {
  return this[displaySymbol]()["text/plain"];
}

/**
 * Make `console.log(x)` (and `util.inspect`) print what x's text/plain display shows — the report text, the
 * chart summary — instead of the object's internals. The one place library display classes get that behaviour
 * (a class that defines its own inspect method keeps it).
 * @param classes - classes whose instances implement the display convention
 * @example printsAsText(ClassificationReport); // console.log(classificationReport(y, p)) prints the table
 */
export function printsAsText(...classes: (abstract new (...args: never[]) => Displayable)[]): void {
  for (const C of classes) {
    if (Object.prototype.hasOwnProperty.call(C.prototype, inspectSymbol)) continue;
    Object.defineProperty(C.prototype, inspectSymbol, { value: inspectAsPlainText, writable: true, configurable: true });
  }
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
