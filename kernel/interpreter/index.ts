/**
 * The TypeScript interpreter behind the kernel: our converter on the TypeScript 5.9 LanguageService (compiler.ts)
 * with our own execution in the shared global scope, output capture, rich display and the typelearn prelude.
 */
import * as fs from "fs";
import * as path from "path";
import { setDisplayHook, toMimeBundle } from "../../lib/display";
import { installCapture, setCaptureSink } from "./capture";
import { CellCompiler } from "./compiler";
import { BODY_FIRST_LINE, createCellRequire, interruptPending, InterruptedError, runCell, type CellRuntime } from "./executor";
import { installInterruptibleTimers } from "./timers";
import { codePointsToUtf16, utf16ToCodePoints } from "./positions";
import { formatDiagnostics, formatError, type CellLocator } from "./errors";
import type { CellPositionMap } from "./sourcemap";
import { isComplete } from "./iscomplete";
import { installPolyfills } from "./polyfills";
import { packageRoot, ts } from "./tsenv";
import { saveTypeScriptCodeCache } from "./tsload";
import { applyRuntimeV8Flags } from "./v8flags";
import { deleteGlobals, readReset, releaseMemory } from "./reset";
import { readDirective, type TypeErrorMode } from "./typecheck";
import type {
  CompleteOutcome, ExecuteOutcome, InspectOutcome, Interpreter, KernelInfo, OutputSink,
} from "./types";

export type * from "./types";
export { kernelLog } from "./capture";
export { parseTypeErrorMode, type TypeErrorMode } from "./typecheck";

/** Options of {@link createInterpreter}. */
export interface InterpreterOptions {
  /** Directory that relative imports and `require` resolve from (default: process.cwd()). */
  cwd?: string;
  /** Load the typelearn prelude (all library names as globals). Default true. */
  prelude?: boolean;
  /**
   * What a type error does: `block` (report it, do not run the cell — the default), `warn` (print the
   * diagnostics on stderr and run anyway) or `off` (do not type-check; syntax errors still block).
   * A cell's `%typecheck MODE` line changes it for the rest of the session.
   */
  typeErrors?: TypeErrorMode;
  /** Build the TypeScript program right after creation, before the first cell (default true). */
  warmUp?: boolean;
}

const version: string = JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")).version;

const reserved = new Set(("break case catch class const continue debugger default delete do else enum export extends " +
  "false finally for function if import in instanceof new null return super switch this throw true try typeof var void " +
  "while with let static yield await implements interface package private protected public").split(" "));

const libraryEntry = path.join(packageRoot, "dist", "lib", "index.js");

/** Names the prelude makes global: every public export of the library that can be an identifier. */
export function preludeNames(): string[] {
  const lib = require(libraryEntry) as Record<string, unknown>;
  return Object.keys(lib).filter((k) => k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k) && !reserved.has(k)).sort();
}

/**
 * Put the library's exports on the global object as accessors, so an export that is itself a lazy getter (a
 * heavy optional package) is not loaded until a cell reads it; assigning the name replaces it with a plain value.
 */
function installPreludeValues(names: readonly string[]): void {
  const lib = require(libraryEntry) as Record<string, unknown>;
  const g = globalThis as Record<string, unknown>;
  for (const name of names) {
    if (Object.getOwnPropertyDescriptor(g, name)?.configurable === false) continue;
    Object.defineProperty(g, name, {
      configurable: true,
      enumerable: false,
      get: () => lib[name],
      set: (v: unknown) => Object.defineProperty(g, name, { value: v, writable: true, configurable: true, enumerable: true }),
    });
  }
}

/**
 * Create the interpreter. Only one may exist per process: cells share the process's global scope.
 * @example
 * const interp = createInterpreter();
 * const out = await interp.execute("1 + 1", sink); // { status: "ok", result: { data: { "text/plain": "2" } } }
 */
export function createInterpreter(options: InterpreterOptions = {}): Interpreter {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  // Each new cell leaves a program and a type checker of garbage (megabytes). By default V8 lets the old
  // generation grow to several times its live size before collecting, which over a long session showed as
  // hundreds of MB of resident memory holding nothing; 30% headroom keeps it near the live size (measured: no
  // slower per cell, bench/kernel). Re-measured with lean programs (200 declaring cells in-process, load ~15): RSS
  // 281 MB with it vs 318 MB without, 1.06× vs 1.19× the pre-session level after `%reset`, CPU 9.9 vs 10.6 s.
  // The flag lives in v8flags.ts: tsload.ts sets it before compiling TypeScript so its code cache stays valid.
  applyRuntimeV8Flags();
  installCapture();
  installPolyfills();
  // A timer callback stopped by an interrupt settles the cell awaiting; with no cell running, the interrupt is
  // thrown out of the callback so the server reports it as a KeyboardInterrupt.
  installInterruptibleTimers(() => {
    if (!interruptPending()) throw new InterruptedError("Execution interrupted (in a timer callback)");
  });
  const compiler = new CellCompiler(cwd);
  const rt: CellRuntime = { require: createCellRequire(cwd) };
  let mode: TypeErrorMode = options.typeErrors ?? "block";
  let cellNumber = 0;
  let typeGlobals = options.prelude === false;
  /** The prelude's value names (values on the global object, restored by `%reset`). */
  let prelude: string[] = [];
  /** Global names cells declared (what `%reset` deletes). */
  const userNames = new Set<string>();

  /**
   * The library's type-only exports (option interfaces, `MimeBundle` …) become global types too. Their names
   * come from the checker, so this waits for the first program (the warm-up, or the first request).
   */
  function ensureTypeGlobals(): void {
    if (typeGlobals) return;
    typeGlobals = true;
    const values = new Set(preludeNames());
    const types = compiler.exportedNames("typelearn").filter((n) => !values.has(n) && /^[A-Za-z_$][\w$]*$/.test(n) && !reserved.has(n));
    if (types.length > 0) compiler.addModuleGlobals("typelearn", types);
  }

  function bindSink(sink: OutputSink): void {
    setCaptureSink(sink);
    setDisplayHook({
      display: (bundle, metadata, displayId, update) => sink.display(bundle, metadata, displayId, update),
      clearOutput: (wait) => sink.clearOutput(wait),
      input: sink.input ? (prompt, password) => sink.input!(prompt, password) : undefined,
    });
  }

  /** Position maps of the cells run so far (the latest 1,000: a function defined long ago may still throw). */
  const cellMaps = new Map<string, CellPositionMap>();
  function rememberCell(file: string, map: CellPositionMap): void {
    cellMaps.set(file, map);
    if (cellMaps.size > 1000) cellMaps.delete(cellMaps.keys().next().value!);
  }
  const locateInCell: CellLocator = (file, line, column) => {
    const map = cellMaps.get(file);
    if (!map) return { line, column, source: "" };
    const at = map.toCell(line - BODY_FIRST_LINE, column - 1);
    return at ? { line: at.line + 1, column: at.column + 1, source: map.sourceLine(at.line) } : null;
  };

  /** `%reset`: forget the cells' names, values and declarations; the prelude stays. */
  async function reset(): Promise<void> {
    const preludeSet = new Set(prelude);
    deleteGlobals(userNames, preludeSet);
    installPreludeValues(prelude.filter((n) => userNames.has(n)));
    userNames.clear();
    cellMaps.clear();
    compiler.reset();
    await releaseMemory();
  }

  async function execute(source: string, sink: OutputSink): Promise<ExecuteOutcome> {
    bindSink(sink);
    cellNumber++;
    try {
      const magic = readReset(source);
      if (magic.reset) {
        if (magic.error) return { status: "error", error: { ename: "UsageError", evalue: magic.error, traceback: [magic.error] } };
        await reset();
        return { status: "ok" };
      }
      const directive = readDirective(source);
      if (directive.error) return { status: "error", error: { ename: "UsageError", evalue: directive.error, traceback: [directive.error] } };
      if (directive.mode) mode = directive.mode;
      const code = directive.code;
      ensureTypeGlobals();
      const compiled = compiler.compile(code, mode !== "off");
      saveTypeScriptCodeCache();
      if (compiled.syntaxErrors.length > 0) return { status: "error", error: formatDiagnostics(compiled.syntaxErrors) };
      if (compiled.typeErrors.length > 0) {
        const formatted = formatDiagnostics(compiled.typeErrors);
        if (mode === "block") return { status: "error", error: formatted };
        sink.stream("stderr", formatted.traceback.map((l) => `TypeScriptError ${l}\n`).join(""));
      }
      if (compiled.positions) rememberCell(`cell[${cellNumber}]`, compiled.positions);
      for (const name of compiled.runnable!.names) userNames.add(name);
      const value = await runCell(compiled.runnable!, rt, `cell[${cellNumber}]`);
      // Later cells see this cell's names (and types) only once it ran to the end, as the values exist then.
      compiler.commit(compiled.declarations ?? "");
      if (value === undefined) return { status: "ok" };
      return { status: "ok", result: { data: toMimeBundle(value), metadata: {} } };
    } catch (e) {
      return { status: "error", error: formatError(e, locateInCell) };
    }
  }

  function complete(code: string, cursorPos: number): CompleteOutcome {
    const pos = codePointsToUtf16(code, cursorPos);
    try {
      ensureTypeGlobals();
      const info = compiler.complete(code, pos);
      const cursorStart = utf16ToCodePoints(code, info.start), cursorEnd = utf16ToCodePoints(code, info.end);
      // JupyterLab reads type labels from IPython's experimental completion metadata.
      const types = info.candidates.map((text, k) => ({ start: cursorStart, end: cursorEnd, text, type: info.types[k] }));
      return { matches: info.candidates, cursorStart, cursorEnd, metadata: { _jupyter_types_experimental: types } };
    } catch {
      return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} };
    }
  }

  function inspect(code: string, cursorPos: number, detailLevel = 0): InspectOutcome {
    try {
      ensureTypeGlobals();
      const text = compiler.inspect(code, codePointsToUtf16(code, cursorPos), detailLevel);
      return { found: text.length > 0, data: text ? { "text/plain": text } : {} };
    } catch {
      return { found: false, data: {} };
    }
  }

  function kernelInfo(): KernelInfo {
    return {
      protocol_version: "5.3",
      implementation: "typelearn",
      implementation_version: version,
      language_info: {
        name: "typescript",
        version: ts.version,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true },
        pygments_lexer: "typescript",
      },
      banner: `typelearn ${version}: TypeScript ${ts.version} on Node ${process.version}, with an ML standard library`,
      help_links: [{ text: "typelearn", url: "https://www.npmjs.com/package/typelearn" }],
    };
  }

  if (options.prelude !== false) {
    prelude = preludeNames();
    compiler.addModuleGlobals("typelearn", prelude);
    installPreludeValues(prelude);
  }
  if (options.warmUp !== false) {
    // Parse and bind the lib and library declarations (about a second) as soon as the event loop turns, while the
    // kernel's sockets come up and the front end connects, instead of inside the first cell.
    setImmediate(() => {
      if (cellNumber > 0) return;
      try { ensureTypeGlobals(); compiler.warmUp(); saveTypeScriptCodeCache(); } catch { /* the first cell will report it */ }
    });
  }

  return {
    execute,
    complete,
    inspect,
    isComplete,
    kernelInfo,
    interrupt: interruptPending,
    close: () => { compiler.host.dispose(); setCaptureSink(null); setDisplayHook(null); },
  };
}
