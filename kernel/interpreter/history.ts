/**
 * The declarations that earlier cells leave for later ones, kept as one small .d.ts module whose names are made
 * global (`declare global { … }`). Each cell is a module, so its own top-level names shadow these; after a cell
 * has run, its declaration output replaces the entries of the names it declared. One entry list per name means
 * the file grows with the number of distinct names, not with the number of cells (1000 cells redeclaring `v`
 * leave one `v`).
 */
import { ts } from "./tsenv";

/** What a declaration declares: a value, a type, a namespace (bit flags). */
const VALUE = 1, TYPE = 2, NAMESPACE = 4, ALL = 7;

interface Entry {
  /** What this declaration declares; a later one with an overlapping meaning replaces it. */
  meaning: number;
  /** A module-level import the global text refers to (for names a cell imported). */
  moduleText?: string;
  /** The declaration inside `declare global`. */
  text: string;
  /** Part of the prelude (the library's names): kept in a file of its own that rarely changes. */
  prelude?: boolean;
}

/** The global declarations carried from cell to cell. */
export class DeclarationHistory {
  private readonly byName = new Map<string, Entry[]>();
  private readonly header: string[] = [];
  private aliases = 0;
  private cached: string | null = null;
  private cachedPrelude: string | null = null;

  /**
   * Make `names` of module `spec` global (the prelude): `export import np = __tl.np;` aliases carry the value,
   * the type and the namespace meaning of each, and keep lazy exports lazy (an alias reads no value).
   */
  addModule(spec: string, names: readonly string[]): void {
    const alias = `__tl${this.aliases++}`;
    this.header.push(`import * as ${alias} from ${JSON.stringify(spec)};`);
    for (const name of names) this.byName.set(name, [{ meaning: ALL, prelude: true, text: `export import ${name} = ${alias}.${name};` }]);
    this.cachedPrelude = null;
  }

  /**
   * The .d.ts module of the declarations cells made. Re-parsed whenever a cell declares something, so the
   * prelude's few hundred names live in {@link preludeText} instead.
   */
  text(): string {
    return (this.cached ??= this.render(false, []));
  }

  /** The .d.ts module of the prelude's names that no cell has redeclared. */
  preludeText(): string {
    return (this.cachedPrelude ??= this.render(true, this.header));
  }

  private render(prelude: boolean, header: string[]): string {
    const moduleLines: string[] = ["export {};", ...header];
    const globalLines: string[] = [];
    for (const entries of this.byName.values()) {
      for (const e of entries) {
        if (!!e.prelude !== prelude) continue;
        if (e.moduleText) moduleLines.push(e.moduleText);
        globalLines.push(e.text);
      }
    }
    return `${moduleLines.join("\n")}\ndeclare global {\n${globalLines.join("\n")}\n}\n`;
  }

  /** Whether `name` has a carried declaration. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Number of names carried (for tests of the memory bound). */
  get size(): number {
    return this.byName.size;
  }

  /**
   * Take in a cell's declaration output (TypeScript's .d.ts of the cell module, every top-level name exported):
   * its declarations replace earlier ones of the same name and meaning.
   */
  update(dts: string): void {
    const sf = ts.createSourceFile("cell.d.ts", dts, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const fresh = new Map<string, Entry[]>();
    const add = (name: string, e: Entry) => {
      const list = fresh.get(name);
      if (list) list.push(e); else fresh.set(name, [e]);
    };
    for (const st of sf.statements) this.collect(sf, st, add);
    for (const [name, entries] of fresh) {
      const meaning = entries.reduce((m, e) => m | e.meaning, 0);
      const old = this.byName.get(name) ?? [];
      const kept = old.filter((e) => (e.meaning & meaning) === 0);
      if (old.some((e) => e.prelude && !kept.includes(e))) this.cachedPrelude = null;
      this.byName.delete(name);
      this.byName.set(name, kept.concat(entries));
    }
    if (fresh.size > 0) this.cached = null;
  }

  private collect(sf: ts.SourceFile, st: ts.Statement, add: (name: string, e: Entry) => void): void {
    const full = (n: ts.Node) => sf.text.slice(n.pos, n.end).trim();
    // Keep the doc comment (hover shows it); drop export/declare, which `declare global` does not take.
    const body = (n: ts.Node) =>
      full(n).replace(/^((?:(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)\s*)*)(?:(?:export|declare|default)\s+)+/, "$1");
    // An imported name becomes a global alias of a module-level import. `import x = A` with a lone identifier
    // only carries a namespace, so values and types imported by default go through `typeof` and a type alias,
    // and named ones through a qualified alias (`A.name`), which carries every meaning.
    const alias = () => `__tlh${this.aliases++}`;
    const byDefault = (local: string, moduleText: (a: string) => string) => {
      const a = alias();
      add(local, { meaning: ALL, moduleText: moduleText(a), text: `const ${local}: typeof ${a};\ntype ${local} = ${a};` });
    };
    if (ts.isImportDeclaration(st)) {
      const from = ` from ${JSON.stringify((st.moduleSpecifier as ts.StringLiteral).text)};`;
      const clause = st.importClause;
      if (!clause) return;
      if (clause.name) byDefault(clause.name.text, (a) => `import ${a}${from}`);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        const a = alias();
        add(nb.name.text, { meaning: ALL, moduleText: `import * as ${a}${from}`, text: `export import ${nb.name.text} = ${a};` });
      } else if (nb) {
        for (const el of nb.elements) {
          const imported = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.propertyName.text) : el.name.text;
          if (imported === "default") { byDefault(el.name.text, (a) => `import ${a}${from}`); continue; }
          if (!/^[A-Za-z_$][\w$]*$/.test(imported)) continue;
          const a = alias();
          add(el.name.text, { meaning: ALL, moduleText: `import * as ${a}${from}`, text: `export import ${el.name.text} = ${a}.${imported};` });
        }
      }
      return;
    }
    if (ts.isImportEqualsDeclaration(st)) {
      const ref = st.moduleReference;
      if (ts.isExternalModuleReference(ref)) {
        byDefault(st.name.text, (a) => `import ${a} = require(${ref.expression.getText(sf)});`);
      } else {
        add(st.name.text, { meaning: ALL, text: `export import ${st.name.text} = ${ref.getText(sf)};` });
      }
      return;
    }
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      const kw = flags & ts.NodeFlags.Let ? "let" : flags & ts.NodeFlags.Const || flags & ts.NodeFlags.Using ? "const" : "var";
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) add(d.name.text, { meaning: VALUE, text: `${kw} ${full(d)};` });
      }
      return;
    }
    const named = st as ts.Statement & { name?: ts.Node };
    if (!named.name || !ts.isIdentifier(named.name)) return;
    const name = named.name.text;
    let meaning = 0;
    if (ts.isFunctionDeclaration(st)) meaning = VALUE;
    else if (ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) meaning = VALUE | TYPE;
    else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) meaning = TYPE;
    else if (ts.isModuleDeclaration(st)) meaning = VALUE | NAMESPACE;
    if (meaning) add(name, { meaning, text: body(st) });
  }
}
