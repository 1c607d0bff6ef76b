/**
 * A V8 code cache for the JavaScript modules a kernel loads at start (the library's ~265 dist files, the kernel's
 * own, the few packages they require): compiling them was a third of the library's load time. Node 20 has no
 * `module.enableCompileCache`, so this hooks `Module.prototype._compile` for files under the package root, compiles
 * through `vm.Script` with the cached data, and after the kernel's first program writes one cache file holding every
 * module compiled so far (`saveModuleCodeCache`). Entries are keyed by the file's path and a hash of its text, the
 * file by V8's version and the process's V8 flags (V8 rejects a cache made under other flags); a rejected or
 * unreadable cache only means compiling from source, as without this file.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import Module from "module";
import { cacheDir, flagsKey, onSaveCodeCache } from "./interpreter/tsload";

interface Entry { hash: string; data: Buffer }
interface Compiled { file: string; hash: string; script: vm.Script; data?: Buffer }

type CompileFn = (this: NodeJS.Module, content: string, filename: string) => unknown;
const proto = Module.prototype as unknown as { _compile: CompileFn };
const M = Module as unknown as {
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: unknown; _cache: unknown;
};

let installed: { root: string; file: string; original: CompileFn; cached: Map<string, Entry>; compiled: Compiled[]; dirty: boolean; saved: boolean } | null = null;
/** Counts for tests and the start-up bench: modules compiled from the cache, from source, and caches V8 refused. */
export const moduleCacheStats = { hit: 0, miss: 0, rejected: 0 };

/** The cache file of this process: one per V8 version and set of command-line flags. */
export function moduleCacheFile(): string {
  return path.join(cacheDir(), `modules-v8-${process.versions.v8}-${flagsKey()}.cache`);
}

/** Read the cache file: a JSON index line, then the entries' data back to back. Any problem gives an empty map. */
function readCache(file: string): Map<string, Entry> {
  const map = new Map<string, Entry>();
  let buf: Buffer;
  try { buf = fs.readFileSync(file); } catch { return map; }
  try {
    const nl = buf.indexOf(10);
    const index = JSON.parse(buf.subarray(0, nl).toString("utf8")) as [string, string, number][];
    let at = nl + 1;
    for (const [f, hash, length] of index) {
      if (at + length > buf.length) break;
      map.set(f, { hash, data: buf.subarray(at, at + length) });
      at += length;
    }
  } catch { map.clear(); }
  return map;
}

/** The `require` Node gives a module (its makeRequireFunction, from the public-but-undocumented Module statics). */
function makeRequire(mod: NodeJS.Module): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as NodeJS.Require["extensions"];
  require.cache = M._cache as NodeJS.Require["cache"];
  return require;
}

/**
 * Compile the package's modules with the code cache from now on (call before requiring them; idempotent).
 * @param root the package root: only .js files under it go through the cache (typescript.js has tsload.ts).
 * @example installModuleCodeCache(packageRoot)
 */
export function installModuleCodeCache(root: string): void {
  if (installed) return;
  const file = moduleCacheFile();
  const state = { root: root.endsWith(path.sep) ? root : root + path.sep, file, original: proto._compile, cached: readCache(file), compiled: [] as Compiled[], dirty: false, saved: false };
  installed = state;
  onSaveCodeCache(saveModuleCodeCache);
  const importModuleDynamically = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  proto._compile = function (this: NodeJS.Module, content: string, filename: string): unknown {
    if (installed !== state || state.saved || !filename.startsWith(state.root) || !filename.endsWith(".js")) {
      return state.original.call(this, content, filename);
    }
    const hash = crypto.createHash("sha1").update(content).digest("base64");
    const entry = state.cached.get(filename);
    const cachedData = entry && entry.hash === hash ? entry.data : undefined;
    const script = new vm.Script(Module.wrap(content), {
      filename, cachedData, ...(importModuleDynamically ? { importModuleDynamically: importModuleDynamically as never } : {}),
    });
    if (cachedData && script.cachedDataRejected !== true) {
      moduleCacheStats.hit++;
      state.compiled.push({ file: filename, hash, script, data: cachedData });
    } else {
      if (cachedData) moduleCacheStats.rejected++; else moduleCacheStats.miss++;
      state.compiled.push({ file: filename, hash, script });
      state.dirty = true;
    }
    const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => unknown;
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };
}

/**
 * Write the cache when a module was compiled from source this time (call once the kernel has run its first program,
 * so the functions that start-up used are compiled and go into the cache). Modules loaded later compile as Node
 * compiles them: the cache holds what a start needs, and nothing keeps their scripts.
 */
export function saveModuleCodeCache(): void {
  const state = installed;
  if (!state || state.saved) return;
  state.saved = true;
  const compiled = state.compiled;
  state.compiled = [];
  state.cached.clear();
  if (!state.dirty) return;
  try {
    const index: [string, string, number][] = [];
    const blobs: Buffer[] = [];
    for (const c of compiled) {
      const data = c.data ?? c.script.createCachedData();
      index.push([c.file, c.hash, data.length]);
      blobs.push(data);
    }
    fs.mkdirSync(path.dirname(state.file), { recursive: true });
    const tmp = `${state.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(JSON.stringify(index) + "\n"), ...blobs]));
    fs.renameSync(tmp, state.file);
  } catch { /* a read-only cache directory: starts stay as fast as without a cache */ }
}

/** Stop using the cache (tests): modules compile as Node compiles them. */
export function uninstallModuleCodeCache(): void {
  if (!installed) return;
  proto._compile = installed.original;
  installed = null;
}
