/**
 * Node's own typings (@types/node and undici-types: ~100 of a cell's ~390 files, the largest part of every new
 * program's file walk and of the checker's global merging) stay out of a cell's program unless the cell may need
 * them, like the package typings of lazy_types.ts. In their place the program gets a small declaration of the one
 * Node global that most cells use, `console`, copied from @types/node. A cell needs the real typings when it, or a
 * carried declaration it names (transitively), refers to a Node global (`process`, `Buffer`, `setTimeout`, `NodeJS` …;
 * `x.process` is a member, not the global), a Node module (`"fs"`, `"node:path"`), or a library declaration whose
 * type reaches one of them. Without them such a
 * name is unknown, so a cell using one gets an error and is checked again with the full program (compiler.ts):
 * leaving the typings out never loses an error, it only costs a second check for a cell it guessed wrong.
 */
import { builtinModules } from "module";
import * as path from "path";
import { ts } from "./tsenv";

/** Where @types/node's entry point is (a root file of the full program; the options name no `types`). */
export function nodeTypesEntry(typeRoot: string): string {
  return path.join(typeRoot, "node", "index.d.ts");
}

/**
 * The lean program's stand-in for @types/node: `console` with the members whose @types/node signatures name no
 * Node type, verbatim (so a call checks the same). `Console` stays a trigger name: only the value is covered.
 */
export const leanNodeGlobals = `interface Console {
  assert(value: any, message?: string, ...optionalParams: any[]): void;
  clear(): void;
  count(label?: string): void;
  countReset(label?: string): void;
  debug(message?: any, ...optionalParams: any[]): void;
  dirxml(...data: any[]): void;
  error(message?: any, ...optionalParams: any[]): void;
  group(...label: any[]): void;
  groupCollapsed(...label: any[]): void;
  groupEnd(): void;
  info(message?: any, ...optionalParams: any[]): void;
  log(message?: any, ...optionalParams: any[]): void;
  table(tabularData: any, properties?: readonly string[]): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  timeLog(label?: string, ...data: any[]): void;
  trace(message?: any, ...optionalParams: any[]): void;
  warn(message?: any, ...optionalParams: any[]): void;
  profile(label?: string): void;
  profileEnd(label?: string): void;
  timeStamp(label?: string): void;
}
declare var console: Console;
`;

/**
 * The global names @types/node 20 declares or augments (what {@link nodeGlobalNames} finds in it; a test keeps
 * the list equal to the installed typings). The kernel reads them from the real files once a full program has
 * parsed them, so a newer @types/node only makes the first guesses less precise, never a check wrong.
 */
export const knownNodeGlobals: readonly string[] = [
  "AbortController", "AbortSignal", "AllowSharedBuffer", "Array", "AsyncDisposable", "AsyncIteratorObject",
  "BigInt64Array", "BigUint64Array", "Blob", "BroadcastChannel", "Buffer", "BufferConstructor", "BufferEncoding",
  "ByteLengthQueuingStrategy", "CompressionStream", "Console", "CountQueuingStrategy", "CustomEvent", "DOMException",
  "DecompressionStream", "Disposable", "ErrorConstructor", "Event", "EventListenerOptions", "EventSource",
  "EventSourceInit", "EventTarget", "File", "Float32Array", "Float64Array", "FormData", "Global", "Headers",
  "ImportMeta", "Int16Array", "Int32Array", "Int8Array", "IteratorObject", "MessageChannel", "MessageEvent",
  "MessageEventInit", "MessagePort", "NodeJS", "NodeModule", "NodeRequire", "NonSharedBuffer", "PerformanceEntry",
  "PerformanceMark", "PerformanceMeasure", "PerformanceObserver", "PerformanceObserverEntryList",
  "PerformanceResourceTiming", "QueuingStrategy", "ReadableByteStreamController", "ReadableStream",
  "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableStreamDefaultController",
  "ReadableStreamDefaultReader", "ReadonlyArray", "RelativeIndexable", "Request", "RequestInit", "RequireResolve",
  "Response", "ResponseInit", "String", "SymbolConstructor", "TextDecoder", "TextDecoderStream", "TextEncoder",
  "TextEncoderStream", "TransformStream", "TransformStreamDefaultController", "URL", "URLSearchParams", "Uint16Array",
  "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WebSocket", "WebSocketInit", "WritableStream",
  "WritableStreamDefaultController", "WritableStreamDefaultWriter", "_Blob", "_ByteLengthQueuingStrategy",
  "_CompressionStream", "_CountQueuingStrategy", "_DecompressionStream", "_File", "_QueuingStrategy",
  "_ReadableByteStreamController", "_ReadableStream", "_ReadableStreamBYOBReader", "_ReadableStreamBYOBRequest",
  "_ReadableStreamDefaultController", "_ReadableStreamDefaultReader", "_TextDecoderStream", "_TextEncoderStream",
  "_TransformStream", "_TransformStreamDefaultController", "_WritableStream", "_WritableStreamDefaultController",
  "_WritableStreamDefaultWriter", "__dirname", "__filename", "atob", "btoa", "clearImmediate", "clearInterval",
  "clearTimeout", "console", "crypto", "exports", "fetch", "gc", "global", "module", "performance", "process",
  "queueMicrotask", "require", "setImmediate", "setInterval", "setTimeout", "structuredClone",
];

/**
 * Global names whose Node declarations change nothing a cell can observe, so naming them needs no Node typings:
 * `console` (declared by {@link leanNodeGlobals}) and the standard interfaces @types/node's compatibility files
 * re-declare with the same members as TypeScript's lib (`at` on arrays and strings, empty iterator objects).
 */
const harmless = new Set([
  "console", "Array", "ReadonlyArray", "String", "RelativeIndexable", "IteratorObject", "AsyncIteratorObject",
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
]);

/**
 * Members @types/node adds to standard objects (`Error.captureStackTrace`, `Symbol.dispose`): a cell naming one
 * needs Node's typings even as a member, unlike a library member (compiler.ts).
 */
export const nodeMemberWords: ReadonlySet<string> = new Set(["dispose", "asyncDispose", "captureStackTrace", "prepareStackTrace", "stackTraceLimit"]);

/**
 * The words that make a text need Node's typings: the Node globals that are not harmless, and the members
 * @types/node adds to standard interfaces (`Symbol.dispose` is declared by both; a cell using it is checked with
 * the real pair, as before).
 * @param globals Node's global names (from {@link knownNodeGlobals} or {@link nodeGlobalNames})
 */
export function nodeTriggerWords(globals: Iterable<string>): Set<string> {
  const out = new Set<string>(nodeMemberWords);
  for (const g of globals) if (!harmless.has(g)) out.add(g);
  return out;
}

const builtins = builtinModules.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
/**
 * A Node module named where a module is (`from "fs"`, `require('node:fs/promises')`, `import("os")`), or a path
 * into Node's typings (a type printed with an absolute `import("…")`).
 */
const nodeModuleRe = new RegExp(`(?:\\bfrom|\\brequire\\s*\\(|\\bimport\\s*\\(?)\\s*["'](?:node:)?(?:${builtins})(?:/[^"'\\n]*)?["']` +
  `|@types[\\\\/]node[\\\\/]|undici-types`);

/** Whether a text names a Node module (an import of one, or a type printed from one). */
export function namesNodeModule(text: string): boolean {
  return nodeModuleRe.test(text);
}

/** A Node module specifier (`fs`, `node:fs/promises`). */
export function isNodeModuleSpecifier(spec: string): boolean {
  return namesNodeModule(`from ${JSON.stringify(spec)}`);
}

/**
 * The global names a set of @types/node files declares: top-level declarations of its script files and those in
 * `declare global` blocks (also inside `declare module "…"`).
 * @param files @types/node's source files
 * @example nodeGlobalNames(program.getSourceFiles().filter((f) => /@types[\\/]node/.test(f.fileName))).has("process") // true
 */
export function nodeGlobalNames(files: readonly ts.SourceFile[]): Set<string> {
  const names = new Set<string>();
  const add = (st: ts.Statement): void => {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      return;
    }
    if (ts.isModuleDeclaration(st)) {
      if (st.flags & ts.NodeFlags.GlobalAugmentation) {
        if (st.body && ts.isModuleBlock(st.body)) st.body.statements.forEach(add);
        return;
      }
      if (ts.isStringLiteral(st.name)) {
        if (st.body && ts.isModuleBlock(st.body)) {
          for (const s of st.body.statements) if (ts.isModuleDeclaration(s) && s.flags & ts.NodeFlags.GlobalAugmentation) add(s);
        }
        return;
      }
    }
    const name = (st as ts.Statement & { name?: ts.Node }).name;
    if (name && ts.isIdentifier(name)) names.add(name.text);
  };
  for (const sf of files) {
    const isModule = ts.isExternalModule(sf);
    for (const st of sf.statements) if (!isModule || ts.isModuleDeclaration(st)) add(st);
  }
  return names;
}
