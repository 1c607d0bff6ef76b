/**
 * Type-check TypeScript snippets the way a notebook sees the library: every public name of the built lib's
 * declarations is a global (as the kernel's prelude makes them, so a cell's own `const auc` may shadow one),
 * strict mode, top-level await allowed. Any
 * TypeScript build can be passed in, so the same snippets are checked by the compiler we build with and by the one
 * the kernel's converter runs on.
 */
import * as fs from "fs";
import * as path from "path";

/** The parts of a TypeScript module used here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TypeScriptModule = any;

/** A snippet of notebook code. */
export interface Snippet {
  name: string;
  code: string;
}

/** The package root (dist/test/typing → three levels up). */
export const packageRoot = path.resolve(__dirname, "..", "..", "..");
const libIndex = path.join(packageRoot, "dist", "lib", "index");

const reserved = new Set(["default", "import", "export", "function", "class", "const"]);

/** Every public runtime name of the library, as the kernel's prelude imports them. */
export function preludeNames(): string[] {
  const lib = require(libIndex + ".js") as Record<string, unknown>;
  return Object.keys(lib).filter((k) => k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k) && !reserved.has(k)).sort();
}

/**
 * A declaration file making every prelude name a global, as the kernel's declaration history does: an
 * `export import name = lib.name` alias per name inside `declare global`, which carries every meaning of the export
 * (value, type with its type parameters, namespace — `nn.Module` as a base class and as a type).
 */
function preludeDeclarations(): string {
  const lines = preludeNames().map((k) => `  export import ${k} = tl.${k};`);
  return `import * as tl from ${JSON.stringify(libIndex)};\ndeclare global {\n${lines.join("\n")}\n}\nexport {};\n`;
}

/**
 * TS2667 ("Imports are not permitted in module augmentations") is reported on those aliases, yet the checker
 * resolves them in every file that uses them; the kernel's prelude relies on the same behaviour.
 */
const ALIAS_IN_AUGMENTATION = 2667;

/**
 * Type-check every snippet in one program and return each one's diagnostics as text (empty when it compiles).
 * @param ts - a TypeScript module
 * @param snippets - the code to check; each is its own module
 */
export function typeCheck(ts: TypeScriptModule, snippets: readonly Snippet[]): Map<string, string[]> {
  const dir = path.join(packageRoot, "__typing__");
  const files = new Map<string, string>();
  snippets.forEach((s, i) => files.set(path.join(dir, `snippet${i}.ts`), `${s.code}\nexport {};\n`));
  const prelude = path.join(dir, "prelude.ts");
  files.set(prelude, preludeDeclarations());
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10 ?? ts.ModuleResolutionKind.NodeJs,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    typeRoots: [path.join(packageRoot, "node_modules", "@types")],
    skipLibCheck: true,
    esModuleInterop: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f: string) => files.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f: string) => files.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f: string, lang: unknown, ...rest: unknown[]) => {
    const text = files.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const out = new Map<string, string[]>();
  const global = program.getGlobalDiagnostics().concat(program.getOptionsDiagnostics());
  if (global.length) throw new Error(`compiler setup: ${global.map((d: { messageText: unknown }) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  const preludeErrors = ts.getPreEmitDiagnostics(program, program.getSourceFile(prelude))
    .filter((d: { code: number }) => d.code !== ALIAS_IN_AUGMENTATION);
  if (preludeErrors.length) {
    throw new Error(`prelude: ${preludeErrors.map((d: { messageText: unknown }) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  }
  [...files.keys()].filter((f) => f !== prelude).forEach((f, i) => {
    const sf = program.getSourceFile(f);
    const diags = ts.getPreEmitDiagnostics(program, sf);
    out.set(snippets[i].name, diags.map((d: { start?: number; messageText: unknown }) => {
      const pos = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : null;
      const where = pos ? `line ${pos.line + 1}, col ${pos.character + 1}` : "";
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    }));
  });
  return out;
}

/** The code cells of a notebook, joined into one module (cells in order, as the kernel runs them). */
export function notebookCode(file: string): string {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells.filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n;\n");
}

/** The ```ts blocks of a Markdown file. */
export function markdownTsBlocks(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * The escape hatches in some code: non-null assertions (`x!`), `as` casts (except `as const`), `<T>x` assertions
 * and the `any` type, each as "line: text".
 * @param ts - a TypeScript module
 * @param code - the source
 */
export function escapeHatches(ts: TypeScriptModule, code: string): string[] {
  const sf = ts.createSourceFile("code.ts", code, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: { kind: number; type?: { kind: number }; getStart(): number; getText(): string }) => {
    const k = node.kind;
    const isConstCast = k === ts.SyntaxKind.AsExpression && node.type?.kind === ts.SyntaxKind.TypeReference &&
      /\bas const$/.test(node.getText());
    if (k === ts.SyntaxKind.NonNullExpression || (k === ts.SyntaxKind.AsExpression && !isConstCast) ||
      k === ts.SyntaxKind.TypeAssertionExpression || k === ts.SyntaxKind.AnyKeyword) {
      found.push(`${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
