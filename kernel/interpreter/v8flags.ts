/**
 * The V8 flags the interpreter sets at run time, in one place, applied before TypeScript is compiled (tsload.ts).
 * V8 stamps a code cache with a hash of the flags in effect when it is written and rejects it when the flags
 * differ at load: the cache is written after the first cell, when these flags are on, so they must be on already
 * when the next kernel loads it — setting them later made every kernel reject the cache and recompile TypeScript.
 */
import * as v8 from "v8";

/** `--heap-growing-percent=30`: keeps the old generation near its live size (why: createInterpreter in index.ts). */
export const RUNTIME_V8_FLAGS: readonly string[] = ["--heap-growing-percent=30"];

/** Set {@link RUNTIME_V8_FLAGS} (idempotent: setting a flag to the value it has leaves the flag hash unchanged). */
export function applyRuntimeV8Flags(): void {
  for (const f of RUNTIME_V8_FLAGS) v8.setFlagsFromString(f);
}
