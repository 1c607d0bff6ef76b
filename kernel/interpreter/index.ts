/**
 * The TypeScript interpreter behind the kernel: tslab's converter (types across cells, completion, hover) with
 * our own execution, output capture, rich display and the typelearn prelude.
 */
import * as fs from "fs";
import * as path from "path";
import { setDisplayHook, toMimeBundle } from "../../lib/display";
import { installCapture, setCaptureSink } from "./capture";
import { createCellExports, createCellRequire, interruptPending, runConverted, runSync, type CellHost } from "./executor";
import { codePointsToUtf16, utf16ToCodePoints } from "./positions";
import { formatDiagnostics, formatError } from "./errors";
import { converterModule, forwardTypelearnModule, inspectModule, packageRoot, ts } from "./tsenv";
import type {
  CompleteOutcome, ExecuteOutcome, InspectOutcome, Interpreter, IsCompleteOutcome, KernelInfo, OutputSink,
} from "./types";

export type * from "./types";
export { kernelLog } from "./capture";

/** Options of {@link createInterpreter}. */
export interface InterpreterOptions {
  /** Directory that relative imports and `require` resolve from (default: process.cwd()). */
  cwd?: string;
  /** Load the typelearn prelude (all library names as globals). Default true. */
  prelude?: boolean;
}

const version: string = JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")).version;

const reserved = new Set(("break case catch class const continue debugger default delete do else enum export extends " +
  "false finally for function if import in instanceof new null return super switch this throw true try typeof var void " +
  "while with let static yield await implements interface package private protected public").split(" "));

/** Names the prelude imports: every public export of the library that can be an identifier. */
export function preludeNames(): string[] {
  const lib = require(path.join(packageRoot, "dist", "lib", "index.js")) as Record<string, unknown>;
  return Object.keys(lib).filter((k) => k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k) && !reserved.has(k)).sort();
}

/**
 * Create the interpreter. Only one may exist per process: cells share the process's global scope.
 * @example
 * const interp = createInterpreter();
 * const out = await interp.execute("1 + 1", sink); // { status: "ok", result: { data: { "text/plain": "2" } } }
 */
export function createInterpreter(options: InterpreterOptions = {}): Interpreter {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  // tslab's converter compiles cells as files in process.cwd(); relative requires resolve from `cwd`.
  forwardTypelearnModule(process.cwd());
  forwardTypelearnModule(cwd);
  installCapture();
  const converter = converterModule.createConverter({ isJS: false, isBrowser: false });
  const sideOutputs = new Map<string, string>();
  const host: CellHost = { exports: createCellExports(), require: createCellRequire(cwd, sideOutputs) };
  let prevDecl = "";
  let cellNumber = 0;

  function bindSink(sink: OutputSink): void {
    setCaptureSink(sink);
    setDisplayHook({
      display: (bundle, metadata, displayId, update) => sink.display(bundle, metadata, displayId, update),
      clearOutput: (wait) => sink.clearOutput(wait),
      input: sink.input ? (prompt, password) => sink.input!(prompt, password) : undefined,
    });
  }

  async function execute(code: string, sink: OutputSink): Promise<ExecuteOutcome> {
    bindSink(sink);
    cellNumber++;
    try {
      const conv = converter.convert(prevDecl, code);
      for (const side of conv.sideOutputs ?? []) sideOutputs.set(path.resolve(side.path), side.data);
      if (conv.diagnostics.length > 0) return { status: "error", error: formatDiagnostics(conv.diagnostics) };
      if (!conv.output) {
        prevDecl = conv.declOutput ?? "";
        return { status: "ok" };
      }
      const value = await runConverted(conv.output, !!conv.hasToplevelAwait, conv.lastExpressionVar,
        host, `cell[${cellNumber}]`);
      prevDecl = conv.declOutput ?? "";
      if (value === undefined) return { status: "ok" };
      return { status: "ok", result: { data: toMimeBundle(value), metadata: {} } };
    } catch (e) {
      return { status: "error", error: formatError(e) };
    }
  }

  function complete(code: string, cursorPos: number): CompleteOutcome {
    const pos = codePointsToUtf16(code, cursorPos);
    try {
      const info = converter.complete(prevDecl, code, pos);
      return {
        matches: info.candidates,
        cursorStart: utf16ToCodePoints(code, info.start),
        cursorEnd: utf16ToCodePoints(code, info.end),
        metadata: {},
      };
    } catch {
      return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} };
    }
  }

  function inspect(code: string, cursorPos: number): InspectOutcome {
    try {
      const info = converter.inspect(prevDecl, code, codePointsToUtf16(code, cursorPos));
      if (!info) return { found: false, data: {} };
      const text = inspectModule.printQuickInfo(info);
      return { found: text.length > 0, data: text ? { "text/plain": text } : {} };
    } catch {
      return { found: false, data: {} };
    }
  }

  function isComplete(code: string): IsCompleteOutcome {
    const r = converterModule.isCompleteCode(code);
    if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
    const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const diags: unknown[] = sf.parseDiagnostics ?? [];
    return diags.length > 0 ? { status: "invalid" } : { status: "complete" };
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

  const interp: Interpreter = {
    execute,
    complete,
    inspect,
    isComplete,
    kernelInfo,
    interrupt: interruptPending,
    close: () => { converter.close(); setCaptureSink(null); setDisplayHook(null); },
  };

  if (options.prelude !== false) loadPrelude();
  return interp;

  function loadPrelude(): void {
    const names = preludeNames();
    const src = `import { ${names.join(", ")} } from "typelearn";`;
    const conv = converter.convert(prevDecl, src);
    if (conv.diagnostics.length > 0) {
      throw new Error("typelearn prelude failed to compile: " + formatDiagnostics(conv.diagnostics).traceback.join("\n"));
    }
    runSync(conv.output ?? "", false, host, "prelude");
    prevDecl = conv.declOutput ?? "";
  }
}
