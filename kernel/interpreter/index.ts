/**
 * The TypeScript interpreter behind the kernel: our converter on the TypeScript 5.9 LanguageService (compiler.ts)
 * with our own execution in the shared global scope, output capture, rich display and the typelearn prelude.
 */
import * as fs from "fs";
import * as path from "path";
import { setDisplayHook, toMimeBundle } from "../../lib/display";
import { installCapture, kernelLog, setCaptureSink } from "./capture";
import { CellCompiler } from "./compiler";
import { BODY_FIRST_LINE, createCellRequire, interruptPending, InterruptedError, runCell, type CellRuntime } from "./executor";
import { installInterruptibleTimers, kernelTimers } from "./timers";
import { BackgroundWarmUp } from "./warmup";
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
  CompleteOutcome, ExecuteOutcome, InspectOutcome, Interpreter, InterruptWatch, KernelInfo, OutputSink,
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

/** How long after its start an idle kernel begins preparing Node's typings when no cell came (ms). */
const IDLE_BEFORE_WARM_UP_MS = 1500;
/** How long after a cell the background preparation goes on (ms; more than the server's abort delay). */
const AFTER_CELL_WARM_UP_MS = 100;

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
  // The library's JavaScript (~280 modules) loads when a cell first reads one of its names, not at start.
  let lib: Record<string, unknown> | undefined;
  const g = globalThis as Record<string, unknown>;
  for (const name of names) {
    if (Object.getOwnPropertyDescriptor(g, name)?.configurable === false) continue;
    Object.defineProperty(g, name, {
      configurable: true,
      enumerable: false,
      get: () => (lib ??= require(libraryEntry) as Record<string, unknown>)[name],
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
   * The prelude: every export of the library becomes a global name of the cells, typed (the declarations' import of
   * `typelearn`) and, for values, on the global object. The names come from the library's declarations through the
   * first program's checker (values apart from type-only names), so the start neither waits for the library's
   * JavaScript nor builds a program for a prelude that is about to change.
   */
  function ensurePrelude(): void {
    if (typeGlobals) return;
    typeGlobals = true;
    const { values, types } = compiler.moduleExports("typelearn");
    const usable = (n: string) => /^[A-Za-z_$][\w$]*$/.test(n) && !reserved.has(n) && n !== "__esModule";
    prelude = values.filter(usable).sort();
    compiler.addModuleGlobals("typelearn", [...prelude, ...types.filter(usable).sort()]);
    installPreludeValues(prelude);
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

  /** The kernel's interrupt state (watchInterrupts): a compilation stops when an interrupt came meanwhile. */
  let watch: InterruptWatch | null = null;

  /**
   * Settle the compiler (compiler.ts settle) after the current request: the server posts the reply and the idle
   * status from the promise continuations of execute, which run before an immediate.
   */
  let settling = false;
  function settleSoon(): void {
    if (settling) return;
    settling = true;
    kernelTimers.setImmediate(() => {
      settling = false;
      try { compiler.settle(); } catch (e) { kernelLog(`typelearn: ${(e as Error)?.stack ?? e}`); }
    });
  }

  async function execute(source: string, sink: OutputSink): Promise<ExecuteOutcome> {
    bindSink(sink);
    cellNumber++;
    busy = true;
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
      ensurePrelude();
      watch?.compiling(true);
      let compiled: ReturnType<typeof compiler.compile>;
      try {
        compiled = compiler.compile(code, mode !== "off");
      } finally {
        watch?.compiling(false);
      }
      settleSoon();
      saveTypeScriptCodeCache();
      // An interrupt that came while the cell compiled (after the type check's last look): the cell does not run.
      if (watch?.requested()) throw new InterruptedError("Execution interrupted (while the cell compiled)");
      if (compiled.syntaxErrors.length > 0) return { status: "error", error: formatDiagnostics(compiled.syntaxErrors) };
      if (compiled.typeErrors.length > 0) {
        const formatted = formatDiagnostics(compiled.typeErrors);
        if (mode === "block") return { status: "error", error: formatted };
        sink.stream("stderr", formatted.traceback.map((l) => `TypeScriptError ${l}\n`).join(""));
      }
      if (compiled.positions) rememberCell(`cell[${cellNumber}]`, compiled.positions);
      for (const name of compiled.runnable!.names) userNames.add(name);
      const value = await runCell(compiled.runnable!, rt, `cell[${cellNumber}]`);
      // Later cells see this cell's names (and types) only once it ran to the end, as the values exist then. The
      // declarations are made and folded in once the reply is out (or by the next request, whichever comes first).
      compiler.commitLater(compiled);
      settleSoon();
      if (value === undefined) return { status: "ok" };
      return { status: "ok", result: { data: toMimeBundle(value), metadata: {} } };
    } catch (e) {
      const error = e instanceof ts.OperationCanceledException ? new InterruptedError("Execution interrupted (while the cell compiled)") : e;
      return { status: "error", error: formatError(error, locateInCell) };
    } finally {
      busy = false;
      quietUntil = performance.now() + AFTER_CELL_WARM_UP_MS;
      resumeWarmUpLater(AFTER_CELL_WARM_UP_MS);
    }
  }

  function watchInterrupts(w: InterruptWatch): void {
    watch = w;
    compiler.cancellation = {
      isCancellationRequested: () => w.requested(),
      throwIfCancellationRequested: () => {
        if (w.requested()) throw new ts.OperationCanceledException();
      },
    };
  }

  function complete(code: string, cursorPos: number): CompleteOutcome {
    const pos = codePointsToUtf16(code, cursorPos);
    try {
      ensurePrelude();
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
      ensurePrelude();
      // A hover shows the documentation, which the start left out of the lib and library files (warmup.ts).
      background.finishDocs();
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

  // The declarations' `import … = require("typelearn")`, through which ensurePrelude reads the names.
  if (options.prelude !== false) compiler.addModuleGlobals("typelearn", []);

  /**
   * Node's typings and the documentation are prepared in the background (warmup.ts) once the kernel is idle: a moment after a cell, or a
   * while after the start when none came. Slices run on Node's own timers (not stopped by an interrupt, timers.ts),
   * never while a cell runs, and not between a cell's reply and the kernel's idle status (the server publishes
   * that after a failed cell's short abort delay; front ends and jupyter_kernel_test wait 0.1 s for it).
   */
  const background = new BackgroundWarmUp(compiler);
  const nodeWarmUp = options.warmUp !== false ? background : null;
  let busy = false;
  let closed = false;
  let sliceQueued = false;
  /** No slice before this time (performance.now()): the server is still finishing the last cell's request. */
  let quietUntil = 0;
  function resumeWarmUp(): void {
    if (!nodeWarmUp || nodeWarmUp.done || sliceQueued || busy || closed) return;
    sliceQueued = true;
    kernelTimers.setImmediate(() => {
      sliceQueued = false;
      if (busy || closed) return;
      const wait = quietUntil - performance.now();
      if (wait > 0) return resumeWarmUpLater(wait + 1);
      let more = false;
      try { more = nodeWarmUp.step(); } catch { /* a cell needing the typings parses them itself */ }
      if (more) resumeWarmUp();
    });
  }
  function resumeWarmUpLater(ms: number): void {
    if (nodeWarmUp && !nodeWarmUp.done) kernelTimers.setTimeout(resumeWarmUp, ms).unref();
  }

  if (options.warmUp !== false) {
    // Parse and bind the lib and library declarations (about a second) as soon as the event loop turns, while the
    // kernel's sockets come up and the front end connects, instead of inside the first cell.
    kernelTimers.setImmediate(() => {
      if (cellNumber > 0) return;
      try { ensurePrelude(); compiler.warmUp(); saveTypeScriptCodeCache(); } catch { /* the first cell will report it */ }
      resumeWarmUpLater(IDLE_BEFORE_WARM_UP_MS);
    });
  }

  return {
    execute,
    complete,
    inspect,
    isComplete,
    kernelInfo,
    interrupt: interruptPending,
    watchInterrupts,
    close: () => { closed = true; compiler.host.dispose(); setCaptureSink(null); setDisplayHook(null); },
  };
}
