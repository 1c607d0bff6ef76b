/**
 * The `%reset` magic (IPython's `%reset -f`): a cell that is only `%reset` or `%reset -f` forgets every name the
 * session's cells declared — their values on the global object and their declarations in the type checker — and
 * gives the memory back (releaseMemory), so a long session's memory returns to its level right after start. There is no
 * confirmation prompt, so `-f` is accepted and changes nothing.
 */
import * as inspector from "inspector";
import * as v8 from "v8";
import * as vm from "vm";
import { mallocTrim } from "./malloc_trim";

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

type GcFunction = () => void;
let gc: GcFunction | undefined;

function gcFunction(): GcFunction {
  if (!gc) {
    gc = (globalThis as { gc?: GcFunction }).gc;
    if (!gc) {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as GcFunction;
    }
  }
  return gc;
}

/**
 * A full garbage collection (the kernel is not started with --expose-gc; V8 can still hand out its `gc`). Called
 * without options: Node 20's `gc({ type: "major", execution: "sync" })` returned with nothing collected.
 * @example collectGarbage()
 */
export function collectGarbage(): void {
  gcFunction()();
}

/**
 * V8's memory-reducing full collection, the one a low-memory notification runs: unlike `gc()` it also shrinks the
 * young generation (grown to its 64 MB maximum over a session) and releases the emptied pages. V8 11's `gc()` has
 * no option for it (`flavor: "last-resort"` left the young generation as it was); the inspector's
 * HeapProfiler.collectGarbage runs it, from a session of this thread. Falls back to a plain full collection.
 */
function memoryReducingCollection(): Promise<void> {
  let session: inspector.Session;
  try {
    session = new inspector.Session();
    session.connect();
  } catch {
    collectGarbage();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    session.post("HeapProfiler.collectGarbage", (err) => {
      // Disconnecting inside the session's own callback deadlocks the inspector: leave it first.
      setImmediate(() => session.disconnect());
      if (err) collectGarbage();
      resolve();
    });
  });
}

/**
 * Give the session's memory back (`%reset`): V8's memory-reducing collection, then glibc's malloc_trim where
 * available (malloc_trim.ts). Measured in the kernel after 500 declaring cells and `%reset`: two plain full
 * collections left 235 MB resident (heapTotal 164 MB, young generation 61 MB), the memory-reducing one 178 MB
 * (heapTotal 105 MB, young generation 5 MB), the trim then 168 MB.
 * @example await releaseMemory()
 */
export async function releaseMemory(): Promise<void> {
  await memoryReducingCollection();
  await mallocTrim();
}
