/**
 * The rich-display convention shared by the library and the kernel: a value shows itself richly by having a method
 * under `Symbol.for("Jupyter.display")` that returns a MIME bundle (the convention of Deno's Jupyter kernel).
 * Here: display / updateDisplay / clearOutput / input through the hook the kernel installs, and toMimeBundle.
 */
import { frameBundle } from "./frame/display";
import { displaySymbol, isDisplayable, type MimeBundle } from "./mime_bundle";

// The convention itself lives in mime_bundle.ts, below every family that renders (frames, arrays, estimators);
// this file, which also knows foreign data frames, sits above them.
export { displaySymbol, escapeHtml, inspectSymbol, isDisplayable, mime, printsAsText, type Displayable, type MimeBundle } from "./mime_bundle";

/** Options of {@link display}. */
export interface DisplayOptions {
  /** An id under which the output can later be replaced with {@link updateDisplay}. */
  displayId?: string;
  /** Extra per-MIME metadata for the front end. */
  metadata?: Record<string, unknown>;
}

/** Where display calls go; the kernel installs one, plain Node programs get the text fallback below. */
export interface DisplayHook {
  display(bundle: MimeBundle, metadata: Record<string, unknown>, displayId?: string, update?: boolean): void;
  clearOutput(wait: boolean): void;
  /** Read a line from the user (the notebook's input box); absent → the terminal is used. */
  input?(prompt: string, password: boolean): Promise<string>;
}

const textHook: DisplayHook = {
  display(bundle) { process.stdout.write(bundle["text/plain"] + "\n"); },
  clearOutput() { /* a terminal keeps its lines */ },
};
let hook: DisplayHook = textHook;

/** Install the display hook (the kernel calls this); `null` restores the plain-text fallback. */
export function setDisplayHook(h: DisplayHook | null): void { hook = h ?? textHook; }

/** True when a front end (the kernel, the notebook runner, a test) receives displays — not the plain-text fallback. */
export function displayHookInstalled(): boolean { return hook !== textHook; }

/**
 * Turn any value into a MIME bundle: a displayable value renders itself; anything else is shown as text the way
 * Node's REPL prints it.
 */
export function toMimeBundle(value: unknown): MimeBundle {
  // Frames of nodejs-polars and danfojs, recognised by shape (neither package is loaded to check). First, because
  // nodejs-polars has a Jupyter display of its own (its full-precision HTML, seconds for a 569×31 frame).
  const frame = frameBundle(value);
  if (frame) return frame;
  if (isDisplayable(value)) {
    const b = value[displaySymbol]();
    if (b && typeof b === "object") {
      const plain = typeof b["text/plain"] === "string" ? b["text/plain"] : inspectValue(value);
      return { ...b, "text/plain": plain };
    }
  }
  return { "text/plain": inspectValue(value) };
}

function inspectValue(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require("util") as typeof import("util")).inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 });
}

/**
 * Show a value in the notebook output (rich when it implements `Symbol.for("Jupyter.display")`).
 * @param value - anything; a MIME bundle can be passed via an object implementing the display symbol
 * @param options - `displayId` to update the output later
 * @example
 * const id = "progress";
 * display("starting…", { displayId: id });
 * updateDisplay("done", id);
 */
export function display(value: unknown, options: DisplayOptions = {}): void {
  hook.display(toMimeBundle(value), options.metadata ?? {}, options.displayId, false);
}

/**
 * Replace the output shown earlier under `displayId` with a new value.
 * @param value - the new content
 * @param displayId - the id given to {@link display}
 * @example
 * updateDisplay(`epoch ${epoch}/10`, "progress");
 */
export function updateDisplay(value: unknown, displayId: string, metadata: Record<string, unknown> = {}): void {
  hook.display(toMimeBundle(value), metadata, displayId, true);
}

/**
 * Clear the current cell's output.
 * @param wait - when true, clear only when the next output arrives (avoids flicker)
 * @example
 * clearOutput(true); display(frame);
 */
export function clearOutput(wait = false): void { hook.clearOutput(wait); }

/**
 * Ask the user for a line of text: in a notebook the front end shows an input box (when it allows stdin);
 * in a plain Node program the terminal is read.
 * @param prompt - text shown before the input
 * @param options - `password: true` hides what is typed (in front ends that support it)
 * @example
 * const name = await input("Your name: ");
 */
export async function input(prompt = "", options: { password?: boolean } = {}): Promise<string> {
  if (hook.input) return hook.input(prompt, !!options.password);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const readline = require("readline") as typeof import("readline");
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve));
  } finally {
    rl.close();
  }
}
