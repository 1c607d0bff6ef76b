/**
 * Runs converted cells: tslab's converter turns a TypeScript cell into CommonJS code that reads and writes its
 * top-level names on a shared `exports` object; we run that code with `vm.runInThisContext` (breakOnSigint, so a
 * SIGINT stops a synchronous loop) and race top-level awaits against an interrupt promise.
 */
import * as path from "path";
import * as vm from "vm";
import Module, { createRequire } from "module";
import { packageRoot } from "./tsenv";

/**
 * The host object converted code reaches as `globalThis.__typelearn__`. Several interpreters may live in one
 * process (tests), so it is set before each run.
 */
export interface CellHost {
  exports: Record<string, unknown>;
  require: NodeJS.Require;
}

/** An error thrown when the user interrupts a cell. */
export class InterruptedError extends Error {
  constructor() {
    super("Execution interrupted");
    this.name = "KeyboardInterrupt";
  }
}

/** The exports object: named imports arrive as getters (defineProperty); store them as plain, rewritable values. */
export function createCellExports(): Record<string, unknown> {
  const store: Record<string, unknown> = {};
  const plain = (prop: PropertyKey, value: unknown) =>
    Reflect.defineProperty(store, prop, { value, writable: true, enumerable: true, configurable: true });
  return new Proxy(store, {
    defineProperty(_t, prop, attrs) {
      if (prop === "__esModule") return true;
      const get = attrs.get;
      if (!get) return plain(prop, attrs.value);
      // Read the getter on first use, not now: the library's lazy exports (pl, dfd) must not load their packages
      // at prelude time. The first read (or a write) turns the name into a plain value.
      return Reflect.defineProperty(store, prop, {
        enumerable: true, configurable: true,
        get() { const v = get(); plain(prop, v); return v; },
        set(v) { plain(prop, v); },
      });
    },
  });
}

/**
 * `require` for cells: resolves packages from the notebook's directory, maps `typelearn` to this package wherever
 * the notebook is, and serves modules that the converter compiled from local .ts files (side outputs).
 */
export function createCellRequire(cwd: string, sideOutputs: Map<string, string>): NodeJS.Require {
  const base = createRequire(path.join(cwd, "__cell__.js"));
  const fromPackage = createRequire(path.join(packageRoot, "package.json"));
  const sideModules = new Map<string, NodeJS.Module>();
  const wrapped = (id: string): unknown => {
    if (id === "typelearn") return fromPackage(path.join(packageRoot, "dist", "lib", "index.js"));
    if (id.startsWith("typelearn/")) return fromPackage(path.join(packageRoot, id.slice("typelearn/".length)));
    if (id.startsWith(".") || path.isAbsolute(id)) {
      let file = path.resolve(cwd, id);
      if (path.extname(file) === "") file += ".js";
      const cached = sideModules.get(file);
      if (cached) return cached.exports;
      const src = sideOutputs.get(file);
      if (src !== undefined) {
        const m = new Module(file, module) as NodeJS.Module & { _compile(code: string, file: string): void; paths: string[] };
        m.filename = file;
        m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
        m._compile(src, file);
        sideModules.set(file, m);
        return m.exports;
      }
    }
    return base(id);
  };
  return Object.assign(wrapped, base) as NodeJS.Require;
}

let interruptReject: ((e: Error) => void) | null = null;

/** Reject the pending top-level await of the running cell, if any. */
export function interruptPending(): void {
  const r = interruptReject;
  interruptReject = null;
  r?.(new InterruptedError());
}

/**
 * Run converted JS. Returns the value of the cell's last expression (or undefined).
 * @param js - the converter's CommonJS output
 * @param isAsync - the cell has top-level await
 * @param lastVar - the exports key holding the last expression's value
 * @param host - the interpreter's exports and require
 * @param filename - a name for stack traces, e.g. "cell[3]"
 */
/** Run converted JS synchronously; an async cell returns its promise. SIGINT → InterruptedError. */
export function runSync(js: string, isAsync: boolean, host: CellHost, filename: string): unknown {
  (globalThis as unknown as { __typelearn__: CellHost }).__typelearn__ = host;
  const prefix = isAsync ? "(async function(exports, require) { " : "(function(exports, require) { ";
  const wrapped = prefix + js + "\n})(__typelearn__.exports, __typelearn__.require)";
  try {
    return vm.runInThisContext(wrapped, { breakOnSigint: true, filename });
  } catch (e) {
    if ((e as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw new InterruptedError();
    throw e;
  }
}

export async function runConverted(js: string, isAsync: boolean, lastVar: string | undefined,
  host: CellHost, filename: string): Promise<unknown> {
  const exports = host.exports;
  const ret = runSync(js, isAsync, host, filename);
  if (isAsync) {
    const interrupted = new Promise<never>((_, reject) => { interruptReject = reject; });
    interrupted.catch(() => undefined);
    try {
      await Promise.race([ret as Promise<unknown>, interrupted]);
    } finally {
      interruptReject = null;
    }
  }
  if (!lastVar) return undefined;
  const value = exports[lastVar];
  delete exports[lastVar];
  return value;
}
