import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The library's sources (the test runs from dist/test, the sources sit at the repository root). */
const LIB = path.resolve(__dirname, "..", "..", "lib");

/**
 * Cycles that are known and accepted, each as its sorted member list. NDArray's methods delegate to the array
 * family's free functions, which construct NDArrays: one family in one folder, loaded as a unit through
 * lib/array/index.ts. Anything else — in particular a circle between two folders (layers) — fails the test.
 */
const ACCEPTED: Record<string, string> = {
  ["array/broadcast.ts array/creation.ts array/elementwise.ts array/format.ts array/html.ts array/manipulation.ts " +
    "array/matmul.ts array/ndarray.ts array/reduce.ts array/sorting.ts array/stats.ts array/util.ts"]:
    "NDArray's methods and the array functions that build NDArrays",
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)) ?? null;
}

/**
 * The files `file` loads at run time: imports and re-exports unless type-only (`import type`, or every name
 * marked `type`), and `require("./…")` / `import("./…")` calls, which are imports too, only deferred.
 */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = new Set<string>();
  const add = (spec: ts.Expression | undefined): void => {
    const target = spec && ts.isStringLiteral(spec) ? resolveLocal(file, spec.text) : null;
    if (target) found.add(target);
  };
  const allTypes = (names: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean =>
    names.length > 0 && names.every((n) => n.isTypeOnly);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const typeOnly = !!c && (c.isTypeOnly ||
        (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && allTypes(c.namedBindings.elements)));
      if (!typeOnly) add(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly = node.isTypeOnly ||
        (!!node.exportClause && ts.isNamedExports(node.exportClause) && allTypes(node.exportClause.elements));
      if (!typeOnly) add(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...found];
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { connect(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
    if (scc.length > 1 || graph.get(v)!.includes(v)) out.push(scc);
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return out;
}

describe("lib/ import graph", () => {
  const graph = new Map(sources(LIB).map((f) => [f, runtimeImports(f)]));

  it("reads the sources and their imports", () => {
    assert.ok(graph.size > 100, `found ${graph.size} files under ${LIB}`);
    // the graph is what it should be: display.ts reaches frames, table.ts reaches the display convention
    assert.ok(graph.get(path.join(LIB, "display.ts"))!.includes(path.join(LIB, "frame", "display.ts")));
    assert.ok(graph.get(path.join(LIB, "frame", "table.ts"))!.includes(path.join(LIB, "mime_bundle.ts")));
  });

  it("finds a cycle, a deferred require and a re-export, but not a type-only import", () => {
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "tl-imports-"));
    const write = (name: string, text: string): string => { fs.writeFileSync(path.join(dir, name), text); return path.join(dir, name); };
    const a = write("a.ts", 'import { b } from "./b";\nimport type { C } from "./c";\nimport { type D } from "./d";\nexport const a = b;\n');
    const b = write("b.ts", 'export const b = () => require("./a");\n');
    const c = write("c.ts", 'export { a } from "./a";\nexport type C = 1;\n');
    const d = write("d.ts", "export type D = 1;\n");
    const g = new Map([a, b, c, d].map((f) => [f, runtimeImports(f)]));
    assert.deepEqual(g.get(a), [b]);
    assert.deepEqual(g.get(c), [a]);
    assert.deepEqual(cycles(g).map((s) => s.sort()), [[a, b]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has no import cycle (runtime imports; `import type` excluded) beyond the accepted ones", () => {
    const found = cycles(graph).map((scc) => scc.map((f) => path.relative(LIB, f).split(path.sep).join("/")).sort().join(" "));
    const unexpected = found.filter((c) => !(c in ACCEPTED));
    assert.deepEqual(unexpected, [], `import cycles in lib/:\n${unexpected.join("\n")}`);
    // An accepted cycle that has gone (or changed members) is removed from the list, so it cannot come back unseen.
    assert.deepEqual(Object.keys(ACCEPTED).filter((c) => !found.includes(c)), []);
  });
});
