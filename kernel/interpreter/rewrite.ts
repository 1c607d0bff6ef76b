/**
 * Turns a cell's emitted JavaScript (an ES module, types already stripped) into code that runs in the kernel's
 * one global scope: top-level names become global `var`s assigned in place (`const a = 1` → `a = 1`, `class C`
 * → `C = class C …`, imports → `require`), so a later cell may read, reassign or redeclare them — and functions
 * defined in one cell see the current value of a name another cell changed, as closures over one shared scope.
 * The cell body runs inside a function (async when it awaits at top level); its last expression is returned.
 */
import { ts } from "./tsenv";

/** Where a stretch of the body came from in the emitted JavaScript. */
export interface Origin {
  /** Offset in the body. */
  at: number;
  /** Offset in the emitted JavaScript. */
  js: number;
  /** Length of the stretch. */
  length: number;
  /** Copied as is (offsets inside map one to one); else written here (all of it maps to `js`). */
  verbatim: boolean;
}

/** A cell ready to run. */
export interface Runnable {
  /** The global names the cell declares (hoisted as `var` outside the cell function). */
  names: string[];
  /** The body of the cell function. */
  body: string;
  /** The body awaits at top level. */
  isAsync: boolean;
  /** Where each stretch of the body came from, in body order (for tracebacks in the cell's own lines). */
  origins: Origin[];
}

/** Pieces of the body with their origins: copied text or text written here, each tied to an emitted offset. */
type Fragment = { text: string; js: number; verbatim: boolean };

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
  const hoisted: Fragment[][] = [];
  const body: Fragment[][] = [];
  const copy = (n: ts.Node): Fragment => ({ text: n.getText(sf), js: n.getStart(sf), verbatim: true });
  const write = (text: string, at: ts.Node): Fragment => ({ text, js: at.getStart(sf), verbatim: false });
  /** A declaration without its `export` / `export default` prefix, as copied text. */
  const copyStripped = (st: ts.Node): Fragment => {
    const text = st.getText(sf), stripped = stripExport(text);
    return { text: stripped, js: st.getStart(sf) + text.length - stripped.length, verbatim: true };
  };
  const statements = sf.statements.filter((s) => !ts.isExportDeclaration(s) && !ts.isEmptyStatement(s));
  statements.forEach((st, i) => {
    if (ts.isImportDeclaration(st)) {
      body.push([write(importCode(st, sf, names), st)]);
    } else if (ts.isVariableStatement(st)) {
      const isVar = (st.declarationList.flags & ts.NodeFlags.BlockScoped) === 0;
      const parts: Fragment[] = [];
      for (const d of st.declarationList.declarations) {
        bindingNames(d.name, names);
        const sep = parts.length > 0 ? [write(", ", d)] : [];
        if (d.initializer) {
          const paren = !ts.isIdentifier(d.name);
          parts.push(...sep, write(paren ? "(" : "", d), copy(d.name), write(" = ", d), copy(d.initializer), write(paren ? ")" : "", d));
        } else if (!isVar && ts.isIdentifier(d.name)) {
          parts.push(...sep, copy(d.name), write(" = void 0", d));
        }
      }
      if (parts.length > 0) body.push([...parts, write(";", st)]);
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      // Function declarations are hoisted: callable from anywhere in the cell, as in a script.
      names.push(st.name.text);
      hoisted.push([write(`${st.name.text} = `, st), copyStripped(st), write(";", st)]);
    } else if (ts.isClassDeclaration(st) && st.name) {
      names.push(st.name.text);
      body.push([write(`${st.name.text} = `, st), copyStripped(st), write(";", st)]);
    } else if (ts.isExportAssignment(st)) {
      body.push([write("(", st), copy(st.expression), write(");", st)]);
    } else if (i === statements.length - 1 && lastIsExpression && ts.isExpressionStatement(st)) {
      body.push([write("return (", st), copy(st.expression), write(");", st)]);
    } else {
      body.push([copy(st)]);
    }
  });
  let text = "";
  const origins: Origin[] = [];
  hoisted.concat(body).forEach((fragments, i) => {
    if (i > 0) text += "\n";
    for (const f of fragments) {
      if (f.text.length === 0) continue;
      origins.push({ at: text.length, js: f.js, length: f.text.length, verbatim: f.verbatim });
      text += f.text;
    }
  });
  return { names: [...new Set(names)], body: text, isAsync: hasTopLevelAwait(sf), origins };
}
