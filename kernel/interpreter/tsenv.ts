/**
 * Loads tslab's TypeScript converter and teaches its compiler host where `typelearn` lives, so that
 * `import … from "typelearn"` type-checks and runs from any working directory, not only where node_modules sits.
 */
import * as fs from "fs";
import * as path from "path";
import { createRequire } from "module";

/** The root of this package (the folder holding package.json), from dist/kernel/interpreter. */
export const packageRoot = path.resolve(__dirname, "..", "..", "..");

const tslabRequire = createRequire(require.resolve("tslab/package.json"));

/** The TypeScript build tslab pins (its converter must be fed this exact module). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ts: any = tslabRequire("@tslab/typescript-for-tslab");

/** tslab's converter module (only the converter: we use neither its executor nor its Jupyter layer). */
export const converterModule: typeof import("tslab/dist/converter") = tslabRequire("./dist/converter");
/** tslab's QuickInfo printer for inspect replies. */
export const inspectModule: typeof import("tslab/dist/inspect") = tslabRequire("./dist/inspect");

let patched = false;
const cwds = new Set<string>();
const virtualRe = /^(.*?)[\\/]node_modules[\\/]typelearn(?=$|[\\/])/;

/**
 * Make `<cwd>/node_modules/typelearn/…` resolve to this package for the TypeScript compiler host, for every
 * cwd an interpreter was created in. tslab builds its host on `ts.sys`, so wrapping a few of its file-system
 * calls is enough. The running kernel's own library is always the one imported, so types and values agree.
 */
export function forwardTypelearnModule(cwd: string): void {
  cwds.add(path.normalize(cwd));
  if (patched) return;
  patched = true;
  const map = (p: string): string => {
    const n = path.normalize(p);
    const m = virtualRe.exec(n);
    if (!m || !cwds.has(m[1])) return mapDependency(n) ?? p;
    const rest = n.slice(m[0].length);
    // The library's own dependencies are not looked up under the virtual typelearn folder: resolution walks on to
    // <cwd>/node_modules/<dep> (below), so a cell's declarations name them as "nodejs-polars", not as a path
    // through typelearn/node_modules (TypeScript's "cannot be named … not portable", TS2742).
    if (/^[\\/]node_modules(?=$|[\\/])/.test(rest)) return path.join(packageRoot, "node_modules", ".typelearn-hidden");
    return path.join(packageRoot, rest);
  };
  const depRe = /^(.*?)[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)(.*)$/;
  const mapDependency = (n: string): string | undefined => {
    const m = depRe.exec(n);
    if (!m || !cwds.has(m[1]) || m[2] === "typelearn") return undefined;
    // A package the notebook's folder lacks but the library has (its dependencies): types come from the library's copy.
    if (fs.existsSync(path.join(m[1], "node_modules", m[2]))) return undefined;
    const lib = path.join(packageRoot, "node_modules", m[2]);
    return fs.existsSync(lib) ? lib + m[3] : undefined;
  };
  const sys = ts.sys;
  for (const name of ["readFile", "fileExists", "getFileSize", "getModifiedTime", "readDirectory"]) {
    if (typeof sys[name] !== "function") continue;
    const orig = sys[name].bind(sys);
    sys[name] = (p: string, ...rest: unknown[]) => orig(map(p), ...rest);
  }
  const origDirExists = sys.directoryExists.bind(sys);
  sys.directoryExists = (p: string) => {
    const n = path.normalize(p);
    if (path.basename(n) === "node_modules" && cwds.has(path.dirname(n))) return true;
    return origDirExists(map(p));
  };
  const origRealpath = sys.realpath?.bind(sys);
  if (origRealpath) {
    // Keep the virtual path: declarations must stay under the virtual folder so relative imports keep mapping.
    sys.realpath = (p: string) => (map(p) !== p ? p : origRealpath(p));
  }
}

/** True when the compiled library exists (the kernel needs `npm run build` first). */
export function libraryBuilt(): boolean {
  return fs.existsSync(path.join(packageRoot, "dist", "lib", "index.js"));
}
