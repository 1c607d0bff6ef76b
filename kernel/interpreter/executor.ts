/**
 * Runs compiled cells (rewrite.ts's Runnable) in the process's global scope with `vm.runInThisContext`
 * (breakOnSigint, so a SIGINT stops a synchronous loop) and races top-level awaits against an interrupt promise.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import Module, { createRequire } from "module";
import type { Runnable } from "./rewrite";
import { packageRoot, ts } from "./tsenv";

/**
 * What the running code reaches as `globalThis.__typelearn__`: the cell's `require` and the two import helpers.
 * Several interpreters may live in one process (tests), so it is set before each run.
 */
export interface CellRuntime {
  require: NodeJS.Require;
}

/** An error thrown when the user interrupts a cell. */
export class InterruptedError extends Error {
  constructor(message = "Execution interrupted") {
    super(message);
    this.name = "KeyboardInterrupt";
  }
}

/** `import x from "m"`: the module's default export, or the CommonJS module itself (esModuleInterop). */
function importDefault(m: unknown): unknown {
  return m && (m as { __esModule?: boolean }).__esModule ? (m as { default: unknown }).default : m;
}

/** `import * as ns from "m"`: an ES module's namespace as is; a CommonJS module gets a `default` (esModuleInterop). */
function importStar(m: unknown): unknown {
  if (m && (m as { __esModule?: boolean }).__esModule) return m;
  if (m === null || (typeof m !== "object" && typeof m !== "function")) return { default: m };
  return Object.assign(Object.create(null), m, { default: m });
}

const localExtensions = [".ts", ".tsx", ".mts", ".cts", "/index.ts"];

/** A local TypeScript module the notebook imports, compiled on first use (and again when the file changed). */
function loadLocalTs(file: string, cache: Map<string, { mtime: number; module: NodeJS.Module }>): unknown {
  const mtime = fs.statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.module.exports;
  const out = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const m = new Module(file, module) as NodeJS.Module & { _compile(code: string, file: string): void; paths: string[] };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
  cache.set(file, { mtime, module: m });
  m._compile(out, file);
  return m.exports;
}

/**
 * `require` for cells: resolves packages from the notebook's directory, maps `typelearn` to this package wherever
 * the notebook is, and compiles local .ts modules (`import { f } from "./helpers"`).
 */
export function createCellRequire(cwd: string): NodeJS.Require {
  const base = createRequire(path.join(cwd, "__cell__.js"));
  const fromPackage = createRequire(path.join(packageRoot, "package.json"));
  const local = new Map<string, { mtime: number; module: NodeJS.Module }>();
  const wrapped = (id: string): unknown => {
    if (id === "typelearn") return fromPackage(path.join(packageRoot, "dist", "lib", "index.js"));
    if (id.startsWith("typelearn/")) return fromPackage(path.join(packageRoot, id.slice("typelearn/".length)));
    if (id.startsWith(".") || path.isAbsolute(id)) {
      const file = path.resolve(cwd, id);
      const candidates = /\.(c|m)?tsx?$/.test(file) ? [file] : localExtensions.map((e) => file + e);
      const found = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (found && !fs.existsSync(file + ".js")) return loadLocalTs(found, local);
    }
    return base(id);
  };
  return Object.assign(wrapped, base) as NodeJS.Require;
}

let interruptReject: ((e: Error) => void) | null = null;

/** Reject the pending top-level await of the running cell, if any; false when no cell was waiting. */
export function interruptPending(): boolean {
  const r = interruptReject;
  interruptReject = null;
  r?.(new InterruptedError());
  return r !== null;
}

/** The one small script every cell runs through (compiled once, not once per cell). */
let runner: vm.Script | undefined;

/** Generated lines before the cell's body in the code {@link runSync} evaluates (the body starts on line 2). */
export const BODY_FIRST_LINE = 2;

/**
 * Run a cell synchronously; an async cell returns its promise. SIGINT → InterruptedError.
 * @param cell the rewritten cell
 * @param rt the cell's require
 * @param filename a name for stack traces, e.g. "cell[3]"
 */
export function runSync(cell: Runnable, rt: CellRuntime, filename: string): unknown {
  const g = globalThis as unknown as { __typelearn__: unknown };
  // The names are global `var`s, declared by the code itself so they stay redeclarable by later cells.
  const head = cell.names.length > 0 ? `var ${cell.names.join(", ")};` : "";
  const code = `${head}(${cell.isAsync ? "async " : ""}function (require, __tlDefault, __tlStar) {\n${cell.body}\n})` +
    `.call(globalThis, __typelearn__.require, __typelearn__.importDefault, __typelearn__.importStar)\n//# sourceURL=${filename}`;
  // Indirect eval runs the code in the global scope. A vm.Script per cell would do the same but Node 20 keeps
  // about 1 kB for every distinct script ever compiled; the one small constant script below only provides
  // breakOnSigint (a SIGINT stops whatever runs inside it, the eval included).
  g.__typelearn__ = { require: rt.require, importDefault, importStar, run: () => (0, eval)(code) };
  try {
    return (runner ??= new vm.Script("__typelearn__.run()", { filename: "typelearn-cell" })).runInThisContext({ breakOnSigint: true });
  } catch (e) {
    if ((e as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw new InterruptedError();
    throw e;
  }
}

/** Run a cell and resolve with the value of its last expression (undefined when it has none). */
export async function runCell(cell: Runnable, rt: CellRuntime, filename: string): Promise<unknown> {
  const ret = runSync(cell, rt, filename);
  if (!cell.isAsync) return ret;
  const interrupted = new Promise<never>((_, reject) => { interruptReject = reject; });
  interrupted.catch(() => undefined);
  try {
    return await Promise.race([ret as Promise<unknown>, interrupted]);
  } finally {
    interruptReject = null;
  }
}
