/**
 * Loads the `typescript` package (9 MB of JavaScript) with a V8 code cache, so a kernel start does not recompile
 * it: the first kernel writes the cache after its first cell (when the parser and checker functions it used are
 * compiled), later kernels read it. The cache lives in $XDG_CACHE_HOME/typelearn (or ~/.cache/typelearn), keyed
 * by the file's size and mtime and V8's version; any problem falls back to a plain `require`.
 * Imported for its side effect, before anything else requires "typescript".
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import Module, { createRequire } from "module";

let script: vm.Script | null = null;
let cacheFile = "";
let needsWrite = false;

function load(): void {
  const file = require.resolve("typescript");
  if (require.cache[file]) return;
  const st = fs.statSync(file);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  cacheFile = path.join(base, "typelearn", `typescript-${st.size}-${Math.trunc(st.mtimeMs)}-v8-${process.versions.v8}.cache`);
  let cachedData: Buffer | undefined;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* first start */ }
  script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  needsWrite = !cachedData || script.cachedDataRejected === true;
  const m = new Module(file, module) as NodeJS.Module & { paths: string[] };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  fn.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  require.cache[file] = m;
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
  } catch { /* a read-only home: start-up stays as fast as without a cache */ }
  script = null;
}

try {
  load();
} catch {
  // Leave "typescript" to the normal loader.
}
