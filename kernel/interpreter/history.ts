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
  /** Names whose declarations sit in one history file; past it, new names start the next file. */
  static readonly chunkNames = 64;
  private readonly byName = new Map<string, Entry[]>();
  private readonly header: string[] = [];
  private aliases = 0;
  /**
   * Cell names by history file. A cell's new names go to the last file and a redeclared name stays in its file,
   * so each cell changes one or two small files and TypeScript re-parses and re-binds only those: the cost of a
   * cell does not grow with the number of names the session declared before it.
   */
  private chunks: Set<string>[] = [];
  private readonly chunkOf = new Map<string, number>();
  private rendered: (string | null)[] = [];
  private cachedPrelude: string | null = null;
  /** The prelude's own entries, by name: what {@link reset} restores. */
  private readonly preludeEntries = new Map<string, Entry[]>();
  /** Bumped whenever a rendered text changes (a cheap key for compilations made against them). */
  private revision = 0;

  /**
   * Make `names` of module `spec` global (the prelude): `export import np = __tl.np;` aliases carry the value,
   * the type and the namespace meaning of each, and keep lazy exports lazy (an alias reads no value).
   */
  addModule(spec: string, names: readonly string[]): void {
    const alias = `__tl${this.aliases++}`;
    // `import = require` rather than `import * as`: with esModuleInterop the checker resolves every member of a
    // namespace-imported module (to see whether it is callable) in each new checker, i.e. on every cell.
    this.header.push(`import ${alias} = require(${JSON.stringify(spec)});`);
    for (const name of names) {
      const entries = [{ meaning: ALL, prelude: true, text: `export import ${name} = ${alias}.${name};` }];
      this.byName.set(name, entries);
      this.preludeEntries.set(name, entries);
      this.moveOut(name);
    }
    this.cachedPrelude = null;
    this.revision++;
  }

  /**
   * Forget every declaration cells made (`%reset`): only the prelude stays, as it was before the first cell.
   */
  reset(): void {
    this.byName.clear();
    for (const [name, entries] of this.preludeEntries) this.byName.set(name, entries);
    this.chunks = [];
    this.chunkOf.clear();
    this.rendered = [];
    this.cachedPrelude = null;
    this.revision++;
  }

  /**
   * Identifies the current declarations (prelude and cells): equal while {@link chunkTexts} and
   * {@link preludeText} are unchanged. Compilations are cached under it instead of under the texts themselves.
   */
  key(): number {
    return this.revision;
  }

  /** Number of declarations carried for cells (entries outside the prelude; for tests of the memory bound). */
  get cellDeclarations(): number {
    let n = 0;
    for (const entries of this.byName.values()) for (const e of entries) if (!e.prelude) n++;
    return n;
  }

  /** The .d.ts modules of the declarations cells made, one per history file. */
  chunkTexts(): string[] {
    return this.chunks.map((names, i) => (this.rendered[i] ??= this.render(false, [], names)));
  }

  /** All the declarations cells made, as one .d.ts module (for reading; the checker sees {@link chunkTexts}). */
  text(): string {
    return this.render(false, [], this.byName.keys());
  }

  /** The .d.ts module of the prelude's names that no cell has redeclared. */
  preludeText(): string {
    return (this.cachedPrelude ??= this.render(true, this.header, this.byName.keys()));
  }

  private render(prelude: boolean, header: string[], names: Iterable<string>): string {
    const moduleLines: string[] = ["export {};", ...header];
    const globalLines: string[] = [];
    for (const name of names) {
      for (const e of this.byName.get(name) ?? []) {
        if (!!e.prelude !== prelude) continue;
        if (e.moduleText) moduleLines.push(e.moduleText);
        globalLines.push(e.text);
      }
    }
    return `${moduleLines.join("\n")}\ndeclare global {\n${globalLines.join("\n")}\n}\n`;
  }

  /** Take `name` out of its history file (its file is rendered again). */
  private moveOut(name: string): void {
    const i = this.chunkOf.get(name);
    if (i === undefined) return;
    this.chunks[i].delete(name);
    this.chunkOf.delete(name);
    this.rendered[i] = null;
  }

  /** Put a cell name in a history file: its own if it has one, else the last (a new one when that is full). */
  private place(name: string): void {
    let i = this.chunkOf.get(name);
    if (i === undefined) {
      i = this.chunks.length - 1;
      if (i < 0 || this.chunks[i].size >= DeclarationHistory.chunkNames) {
        this.chunks.push(new Set());
        i++;
      }
      this.chunks[i].add(name);
      this.chunkOf.set(name, i);
    }
    this.rendered[i] = null;
  }

  /** The text of the declarations cells made for `name` (with their module-level imports); "" when none. */
  cellText(name: string): string {
    const entries = this.byName.get(name);
    if (!entries) return "";
    let text = "";
    for (const e of entries) if (!e.prelude) text += `${e.moduleText ?? ""}\n${e.text}\n`;
    return text;
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
    if (fresh.size === 0) return;
    const before = this.chunkTexts(), beforePrelude = this.preludeText();
    for (const [name, entries] of fresh) {
      const meaning = entries.reduce((m, e) => m | e.meaning, 0);
      const old = this.byName.get(name) ?? [];
      const kept = old.filter((e) => (e.meaning & meaning) === 0);
      if (old.some((e) => e.prelude && !kept.includes(e))) this.cachedPrelude = null;
      // In place (a redeclared name keeps its position and its file): a cell re-run with the same declarations
      // leaves the same texts, so its next compilation is found in the cache and the program is not rebuilt.
      this.byName.set(name, kept.concat(entries));
      this.place(name);
    }
    const after = this.chunkTexts();
    if (this.preludeText() !== beforePrelude || after.length !== before.length || after.some((t, i) => t !== before[i])) {
      this.revision++;
    }
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
