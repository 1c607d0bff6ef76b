/**
 * The TypeScript compiler the interpreter runs on (the package's own `typescript`, 5.9), the compiler options every
 * cell is checked with, and where this package lives (so `import … from "typelearn"` finds it from any folder).
 */
import "./tsload";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export { ts };

/** The root of this package (the folder holding package.json), from dist/kernel/interpreter. */
export const packageRoot = path.resolve(__dirname, "..", "..", "..");

/**
 * The standard library the cells are checked against: what Node 20 runs natively (ES2023), plus the few newer
 * APIs the interpreter installs when Node lacks them (Object.groupBy, Map.groupBy, Promise.withResolvers — see
 * polyfills.ts) and `using` declarations (Symbol.dispose exists in Node 20; TypeScript lowers `using` itself).
 */
export const cellLibs = [
  "lib.es2023.d.ts", "lib.es2024.object.d.ts", "lib.es2024.collection.d.ts", "lib.es2024.promise.d.ts",
  "lib.es2024.string.d.ts", "lib.esnext.disposable.d.ts",
];

/**
 * Options for checking and emitting a cell. `moduleDetection: force` makes every cell a module, so its top-level
 * names shadow the global declarations left by earlier cells instead of clashing with them; `module: preserve`
 * keeps imports (and `import x = require()`) as written and allows top-level await, which rewrite.ts then turns
 * into code that runs in the shared global scope.
 */
export function cellCompilerOptions(): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: cellLibs,
    // As tslab had it (the notebooks rely on it): no strict null checks, so fitted `coef_` needs no `!`.
    strict: false,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: true,
    // Tracebacks name the cell's own lines through it (sourcemap.ts).
    sourceMap: true,
    noEmitOnError: false,
    newLine: ts.NewLineKind.LineFeed,
    // No automatic @types: Node's typings are a root file of the program only when a cell needs them (host.ts,
    // node_types.ts); the type root stays for packages' `/// <reference types="node" />`.
    types: [],
    typeRoots: [typeRoot],
    allowJs: false,
    // The standard library is one root file, cellLibText(), instead of the ~65 files `lib: cellLibs` names.
    noLib: true,
  };
}

let libText: string | undefined;

/**
 * The standard library of {@link cellLibs} as one declaration file: the lib files they reference, in the order
 * TypeScript would put them in a program, concatenated (their `/// <reference lib>` lines dropped, so a package's
 * own `/// <reference lib="es2020" />` adds nothing under noLib either). Why one file: a new type checker — one per
 * cell — merges the global declarations of every script file into one table, cloning each symbol that several
 * files declare (`Array` is in a dozen); within one file the binder merged them once, when the file was parsed.
 * And each new program walks ~65 fewer files. The text starts with lib.es5's `/// <reference no-default-lib="true"/>`,
 * so TypeScript treats the file as a default library.
 */
export function cellLibText(): string {
  if (libText !== undefined) return libText;
  const dir = path.dirname(ts.getDefaultLibFilePath({}));
  const libMap = (ts as unknown as { libMap: Map<string, string> }).libMap;
  const order = (ts as unknown as { libs: readonly string[] }).libs;
  const names = new Set<string>();
  const texts = new Map<string, string>();
  const refRe = /^\/\/\/\s*<reference\s+lib\s*=\s*["']([^"']+)["']\s*\/>\s*$/gm;
  const visit = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    const file = libMap.get(name);
    if (!file) throw new Error(`unknown TypeScript lib ${name}`);
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    texts.set(name, text.replace(refRe, ""));
    for (const m of text.matchAll(refRe)) visit(m[1].toLowerCase());
  };
  for (const f of cellLibs) visit(f.replace(/^lib\./, "").replace(/\.d\.ts$/, ""));
  const sorted = [...names].sort((a, b) => rank(order, a) - rank(order, b));
  // es5 first: its no-default-lib directive must open the file.
  return (libText = sorted.map((n) => texts.get(n)).join("\n"));
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** Where the cells' `@types` packages are. */
export const typeRoot = path.join(packageRoot, "node_modules", "@types");

/** True when the compiled library exists (the kernel needs `npm run build` first). */
export function libraryBuilt(): boolean {
  return fs.existsSync(path.join(packageRoot, "dist", "lib", "index.js"));
}
