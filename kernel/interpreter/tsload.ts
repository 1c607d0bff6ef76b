/**
 * Loads the `typescript` package (9 MB of JavaScript) with a V8 code cache, so a kernel start does not recompile
 * it: the first kernel writes the cache after its first program (when the parser, binder and checker functions it
 * used are compiled), later kernels read it. The cache lives in $TYPELEARN_CACHE_DIR, else $XDG_CACHE_HOME/typelearn
 * (or ~/.cache/typelearn), keyed by the file's path, size and mtime, V8's version and the process's V8 flags; a missing,
 * stale or corrupt cache is rejected by V8 and rewritten, and any other problem falls back to a plain `require`.
 * Imported for its side effect, before anything else requires "typescript".
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import Module, { createRequire } from "module";
import { applyRuntimeV8Flags } from "./v8flags";

/** How TypeScript was loaded: from the code cache (`hit`), compiled with no cache (`miss`), a cache V8 refused. */
export type CodeCacheState = "hit" | "miss" | "rejected" | "off";

let script: vm.Script | null = null;
let cacheFile = "";
let needsWrite = false;
let state: CodeCacheState = "off";

/** The directory holding typelearn's caches. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TYPELEARN_CACHE_DIR) return env.TYPELEARN_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "typelearn");
}

/**
 * A short hash of the V8 flags given on the command line (KERNEL_NODE_FLAGS, NODE_OPTIONS): V8 rejects a cache
 * written under other flags, so a kernel and a plain `node` process keep one cache each instead of overwriting
 * each other's.
 */
function flagsKey(): string {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join("\0");
  return "f" + crypto.createHash("sha1").update(flags).digest("hex").slice(0, 8);
}

function load(): void {
  const file = require.resolve("typescript");
  if (require.cache[file]) return;
  // Before compiling: V8 stamps the cache with the flags in effect when it is written (after the first cell).
  applyRuntimeV8Flags();
  const st = fs.statSync(file);
  // The path's hash: two installs (a global one, a checkout) keep one cache each rather than replacing each other's.
  const where = "p" + crypto.createHash("sha1").update(file).digest("hex").slice(0, 8);
  cacheFile = path.join(cacheDir(), `typescript-${st.size}-${Math.trunc(st.mtimeMs)}-v8-${process.versions.v8}-${where}-${flagsKey()}.cache`);
  let cachedData: Buffer | undefined;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* first start */ }
  // Read as bytes and decode: readFileSync(file, "utf8") takes twice as long on this 9 MB file.
  const loaded = new vm.Script(Module.wrap(fs.readFileSync(file).toString("utf8")), { filename: file, cachedData });
  state = !cachedData ? "miss" : loaded.cachedDataRejected === true ? "rejected" : "hit";
  needsWrite = state !== "hit";
  script = needsWrite ? loaded : null;
  const m = new Module(file, module) as NodeJS.Module & { paths: string[] };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
  const fn = loaded.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  fn.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  require.cache[file] = m;
}

/**
 * How this process loaded TypeScript, and the cache file it reads and writes.
 * @example typeScriptCodeCache().state // "hit" on a kernel's second start
 */
export function typeScriptCodeCache(): { state: CodeCacheState; file: string } {
  return { state, file: cacheFile };
}

/** Write the code cache if this process compiled TypeScript from source (call once the compiler has been used). */
export function saveTypeScriptCodeCache(): void {
  if (!script || !needsWrite) return;
  needsWrite = false;
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, cacheFile);
    removeStale(cacheFile);
  } catch { /* a read-only home: start-up stays as fast as without a cache */ }
  script = null;
}

/**
 * Remove the caches this one replaces: same install and flags but another TypeScript file or V8 (a reinstall changes
 * the mtime), and caches named before the install and flags joined the key. Each is 4 MB.
 */
function removeStale(current: string): void {
  const dir = path.dirname(current), name = path.basename(current);
  const sameInstall = name.slice(name.lastIndexOf("-p"));
  for (const other of fs.readdirSync(dir)) {
    if (other === name || !other.startsWith("typescript-") || !other.endsWith(".cache")) continue;
    if (other.endsWith(sameInstall) || !/-p[0-9a-f]{8}-f[0-9a-f]{8}\.cache$/.test(other)) {
      try { fs.unlinkSync(path.join(dir, other)); } catch { /* another kernel removed it */ }
    }
  }
}

try {
  load();
} catch {
  // Leave "typescript" to the normal loader.
}
