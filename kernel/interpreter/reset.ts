/**
 * The `%reset` magic (IPython's `%reset -f`): a cell that is only `%reset` or `%reset -f` forgets every name the
 * session's cells declared — their values on the global object and their declarations in the type checker — and
 * collects the garbage, so a long session's memory returns close to its level right after start. There is no
 * confirmation prompt, so `-f` is accepted and changes nothing.
 */
import * as v8 from "v8";
import * as vm from "vm";

/** What a cell's text asks for: nothing special, a reset, or a malformed `%reset` line. */
export type ResetRequest = { reset: false } | { reset: true; error?: string };

const resetRe = /^\s*%reset\b([^\n]*)$/;

/**
 * Read a `%reset` cell (the magic must be the cell's only content).
 * @example readReset("%reset -f") // { reset: true }
 * @example readReset("%reset -x") // { reset: true, error: "…" }
 */
export function readReset(source: string): ResetRequest {
  const m = resetRe.exec(source.trimEnd());
  if (!m) return { reset: false };
  const args = m[1].trim();
  if (args === "" || args === "-f") return { reset: true };
  return { reset: true, error: `%reset takes no arguments but -f; received ${JSON.stringify(args)} (usage: %reset -f)` };
}

/**
 * Remove global names a cell declared (their `var`s are configurable, as those of any eval'd code are).
 * @param names - the names to delete
 * @param keep - names that must not simply vanish (the prelude's; the caller puts them back)
 */
export function deleteGlobals(names: Iterable<string>, keep: ReadonlySet<string>): void {
  const g = globalThis as Record<string, unknown>;
  for (const name of names) {
    if (keep.has(name)) continue;
    const d = Object.getOwnPropertyDescriptor(g, name);
    if (d?.configurable) delete g[name];
    else if (d && "value" in d && d.writable) g[name] = undefined;
  }
}

let gc: (() => void) | undefined;

/** A full garbage collection (the kernel is not started with --expose-gc; V8 can still hand out its `gc`). */
export function collectGarbage(): void {
  if (!gc) {
    gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    }
  }
  gc();
  gc();
}
