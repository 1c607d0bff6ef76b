/**
 * Third-party typings the library's declarations reach (nodejs-polars, danfojs-node, fastify and what they pull in:
 * ~150 of the ~520 files of a cell's program) are left out of the program unless a cell needs them. Each cell
 * builds a new program and checker whose cost grows with the number of files, and a cell like `np.arange(5)` never
 * reaches a polars type. A cell needs them when it, or a carried declaration it refers to (transitively), refers to
 * a "trigger" (referencedNames: not as a member, `x.data`, which reaches nothing its receiver does not) or imports a
 * package itself: a top-level library declaration whose type reaches such a module, directly or through other
 * library declarations (`pl`, `serve`, `FrameBunch`, a class with such a member …). Names are matched by name, not
 * by symbol, so the test errs on the side of loading the typings. A cell checked without them that reports a type
 * error is checked again with them (compiler.ts), so leaving them out never adds an error.
 */
import { builtinModules } from "module";
import { isNodeModuleSpecifier } from "./node_types";
import { ts } from "./tsenv";

const builtins = new Set(builtinModules);

/** A module specifier that names a package other than Node's own modules (and not a relative path). */
export function isPackageSpecifier(spec: string): boolean {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return false;
  if (spec === "typelearn" || spec.startsWith("typelearn/")) return false;
  return !builtins.has(spec) && !builtins.has(spec.split("/")[0]);
}

/** The identifier words of a text (a superset of the names it refers to). */
export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

const K = ts.SyntaxKind;
const declarationKinds = new Set<ts.SyntaxKind>([
  K.FunctionDeclaration, K.ClassDeclaration, K.InterfaceDeclaration, K.TypeAliasDeclaration, K.EnumDeclaration,
  K.ModuleDeclaration, K.VariableDeclaration, K.PropertySignature, K.PropertyDeclaration, K.MethodSignature,
  K.MethodDeclaration, K.GetAccessor, K.SetAccessor, K.EnumMember, K.Parameter, K.TypeParameter, K.BindingElement,
]);

/** The name a declaration introduces, when a cell could write it. */
function declaredName(node: ts.Node): ts.Identifier | ts.StringLiteral | ts.PrivateIdentifier | undefined {
  const name = (node as ts.Node & { name?: ts.Node }).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) && declarationKinds.has(node.kind)
    ? name : undefined;
}

/**
 * The trigger names of the library's declaration files: every declaration (and every declaration enclosing it)
 * whose text refers to a package module, a Node module, one of `globals` or another trigger, to a fixed point.
 * Name-based and so conservative: a same-named declaration elsewhere is a trigger too.
 * @param files the library's .d.ts source files
 * @param globals global names whose typings are left out too (Node's: `Buffer`, `NodeJS` …, node_types.ts)
 * @example triggerNames(libFiles).has("pl") // true: `const pl: typeof import("nodejs-polars")`
 */
export function triggerNames(files: readonly ts.SourceFile[], globals: Iterable<string> = []): Set<string> {
  const external = (spec: string) => isPackageSpecifier(spec) || isNodeModuleSpecifier(spec);
  const triggers = new Set<string>();
  const pending: string[] = [];
  const taint = (names: readonly string[]) => {
    for (const n of names) if (!triggers.has(n)) { triggers.add(n); pending.push(n); }
  };
  /** For each word referred to, the enclosing declaration names of each reference. */
  const refs = new Map<string, (readonly string[])[]>();
  for (const sf of files) {
    const visit = (node: ts.Node, names: readonly string[]): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && external(node.moduleSpecifier.text)) {
        // Names imported from a package are triggers wherever the file uses them.
        const c = node.importClause;
        if (c?.name) taint([c.name.text]);
        const nb = c?.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) taint([nb.name.text]);
        else if (nb) for (const el of nb.elements) taint([el.name.text]);
        return;
      }
      if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
        && ts.isStringLiteral(node.moduleReference.expression) && external(node.moduleReference.expression.text)) {
        taint([node.name.text]);
        return;
      }
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)
        && external(node.argument.literal.text)) {
        taint(names);
      } else if (ts.isIdentifier(node)) {
        let list = refs.get(node.text);
        if (!list) refs.set(node.text, list = []);
        list.push(names);
        return;
      }
      const own = declaredName(node);
      const inner = own && !ts.isParameter(node) && !ts.isTypeParameterDeclaration(node) ? [...names, own.text] : names;
      ts.forEachChild(node, (child) => { if (child !== own) visit(child, inner); });
    };
    visit(sf, []);
  }
  // A reference taints the declarations around it once what it refers to is a trigger.
  for (const g of globals) for (const names of refs.get(g) ?? []) taint(names);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const names of refs.get(name) ?? []) taint(names);
  }
  return triggers;
}

/**
 * The names declared at the top level of declaration files: the only trigger names a cell can refer to by name
 * (through the prelude, a carried declaration or an `import("…").Name` type); a member's name (`data`) is reached
 * through its receiver.
 * @param files the library's .d.ts source files
 * @example topLevelDeclarationNames(libFiles).has("loadIris") // true; .has("data") is false
 */
export function topLevelDeclarationNames(files: readonly ts.SourceFile[]): Set<string> {
  const out = new Set<string>();
  for (const sf of files) {
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.add(d.name.text);
      } else {
        const name = declaredName(st);
        if (name && ts.isIdentifier(name)) out.add(name.text);
      }
    }
  }
  return out;
}

/**
 * The names a text refers to, as far as choosing typings goes: every identifier except those that name a member
 * (`x.data`, `A.B`'s `B`, `{ data: 1 }`, `{ data: d } = x`, a class or interface member) or declare a name
 * (`const data`, a parameter), plus the words of module specifiers and of import and export declarations. A member
 * access needs no trigger of its own: its type comes from the receiver, whose root is a referenced name, and
 * triggerNames taints every declaration enclosing a trigger (a class with a polars-typed member is one), so
 * `loadIris().data` needs the typings through `loadIris`, not through `data`.
 * Also the module specifiers the text names.
 * @param source a cell or a carried declaration (TypeScript), or its parsed file (parent pointers not needed)
 * @example referencedNames("const d = bunch.data; d.target").names // ["bunch", "d"]
 */
export function referencedNames(source: string | ts.SourceFile): { names: string[]; modules: string[] } {
  const sf = typeof source === "string" ? ts.createSourceFile("refs.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) : source;
  const out: string[] = [];
  const modules: string[] = [];
  const specifier = (arg: ts.Node | undefined) => {
    if (arg && ts.isStringLiteralLike(arg)) {
      modules.push(arg.text);
      out.push(...wordsOf(arg.text));
    }
  };
  const visit = (node: ts.Node, parent: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node)) {
      out.push(...wordsOf(sf.text.slice(node.pos, node.end)));
      if (ts.isImportEqualsDeclaration(node)) {
        if (ts.isExternalModuleReference(node.moduleReference)) specifier(node.moduleReference.expression);
      } else specifier(node.moduleSpecifier);
      return;
    }
    if (ts.isIdentifier(node)) {
      if (!namesMemberOrDeclaration(node, parent)) out.push(node.text);
      return;
    }
    if (ts.isCallExpression(node) && (node.expression.kind === K.ImportKeyword
      || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) specifier(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier(node.argument.literal);
    ts.forEachChild(node, (child) => visit(child, node));
  };
  ts.forEachChild(sf, (child) => visit(child, sf));
  return { names: out, modules };
}

/** An identifier that names a member or declares a name rather than referring to one. */
function namesMemberOrDeclaration(id: ts.Identifier, p: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isQualifiedName(p)) return p.right === id;
  if (ts.isBindingElement(p)) return p.propertyName === id || p.name === id;
  if (ts.isShorthandPropertyAssignment(p)) return false;
  if (ts.isMetaProperty(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return (p as ts.Node & { name?: ts.Node }).name === id && (declarationKinds.has(p.kind) || ts.isPropertyAssignment(p)
    || ts.isClassExpression(p) || ts.isFunctionExpression(p) || ts.isNamespaceExportDeclaration(p));
}
