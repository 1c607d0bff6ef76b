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
    noLib: false,
  };
}

/** Where the cells' `@types` packages are. */
export const typeRoot = path.join(packageRoot, "node_modules", "@types");

/** True when the compiled library exists (the kernel needs `npm run build` first). */
export function libraryBuilt(): boolean {
  return fs.existsSync(path.join(packageRoot, "dist", "lib", "index.js"));
}
