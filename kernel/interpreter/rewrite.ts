/**
 * Turns a cell's emitted JavaScript (an ES module, types already stripped) into code that runs in the kernel's
 * one global scope: top-level names become global `var`s assigned in place (`const a = 1` → `a = 1`, `class C`
 * → `C = class C …`, imports → `require`), so a later cell may read, reassign or redeclare them — and functions
 * defined in one cell see the current value of a name another cell changed, as closures over one shared scope.
 * The cell body runs inside a function (async when it awaits at top level); its last expression is returned.
 */
import { ts } from "./tsenv";

/** A cell ready to run. */
export interface Runnable {
  /** The global names the cell declares (hoisted as `var` outside the cell function). */
  names: string[];
  /** The body of the cell function. */
  body: string;
  /** The body awaits at top level. */
  isAsync: boolean;
}

/** Identifiers bound by a declaration name (plain or destructuring pattern). */
export function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  }
  return out;
}

const stripExport = (text: string) => text.replace(/^export\s+(default\s+)?/, "");

function isFunctionBoundary(n: ts.Node): boolean {
  return ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n);
}

/** Whether `node` awaits outside any function (top-level await, `for await`, a lowered `await using`). */
export function hasTopLevelAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) { found = true; return; }
    if (isFunctionBoundary(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

function importCode(st: ts.ImportDeclaration, sf: ts.SourceFile, names: string[]): string {
  const spec = st.moduleSpecifier.getText(sf);
  const clause = st.importClause;
  if (!clause) return `require(${spec});`;
  const parts: string[] = [];
  if (clause.name) { names.push(clause.name.text); parts.push(`${clause.name.text} = __tlDefault(m);`); }
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) {
    names.push(nb.name.text);
    parts.push(`${nb.name.text} = __tlStar(m);`);
  } else if (nb) {
    for (const el of nb.elements) {
      if (el.isTypeOnly) continue;
      names.push(el.name.text);
      const from = el.propertyName ?? el.name;
      parts.push(`${el.name.text} = m[${JSON.stringify(ts.isIdentifier(from) ? from.text : (from as ts.StringLiteral).text)}];`);
    }
  }
  return `{ const m = require(${spec}); ${parts.join(" ")} }`;
}

/**
 * Rewrite emitted JS for the shared global scope.
 * @param js the cell's JavaScript as TypeScript emitted it (module: preserve, target ES2022)
 * @param lastIsExpression the cell's source ends with an expression statement (its value is the result)
 * @example toRunnable("const a = 1;\na + 1", true) // { names: ["a"], body: "a = 1;\nreturn (a + 1);", isAsync: false }
 */
export function toRunnable(js: string, lastIsExpression: boolean): Runnable {
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const names: string[] = [];
  const hoisted: string[] = [];
  const body: string[] = [];
  const statements = sf.statements.filter((s) => !ts.isExportDeclaration(s) && !ts.isEmptyStatement(s));
  statements.forEach((st, i) => {
    const text = st.getText(sf);
    if (ts.isImportDeclaration(st)) {
      body.push(importCode(st, sf, names));
    } else if (ts.isVariableStatement(st)) {
      const isVar = (st.declarationList.flags & ts.NodeFlags.BlockScoped) === 0;
      const parts: string[] = [];
      for (const d of st.declarationList.declarations) {
        bindingNames(d.name, names);
        const target = d.name.getText(sf);
        if (d.initializer) {
          const value = d.initializer.getText(sf);
          parts.push(ts.isIdentifier(d.name) ? `${target} = ${value}` : `(${target} = ${value})`);
        } else if (!isVar && ts.isIdentifier(d.name)) {
          parts.push(`${target} = void 0`);
        }
      }
      if (parts.length > 0) body.push(parts.join(", ") + ";");
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      // Function declarations are hoisted: callable from anywhere in the cell, as in a script.
      names.push(st.name.text);
      hoisted.push(`${st.name.text} = ${stripExport(text)};`);
    } else if (ts.isClassDeclaration(st) && st.name) {
      names.push(st.name.text);
      body.push(`${st.name.text} = ${stripExport(text)};`);
    } else if (ts.isExportAssignment(st)) {
      body.push(`(${st.expression.getText(sf)});`);
    } else if (i === statements.length - 1 && lastIsExpression && ts.isExpressionStatement(st)) {
      body.push(`return (${st.expression.getText(sf)});`);
    } else {
      body.push(text);
    }
  });
  return { names: [...new Set(names)], body: hoisted.concat(body).join("\n"), isAsync: hasTopLevelAwait(sf) };
}
