/**
 * Our TypeScript converter (replacing tslab's): a cell is checked as a module of a LanguageService program that
 * also holds the declarations of earlier cells (history.ts) and the library's .d.ts; only the cell file is
 * type-checked and emitted; its declaration output is folded into the history after the cell ran.
 */
import { CellHost, libraryDir } from "./host";
import { triggerNames, wordsOf } from "./lazy_types";
import { knownNodeGlobals, namesNodeModule, nodeGlobalNames, nodeTriggerWords } from "./node_types";
import { fallbackDeclarations } from "./fallback_declarations";
import { ndarrayIndexDiagnostics } from "./index_hints";
import { DeclarationHistory } from "./history";
import { bindingNames, toRunnable, type Runnable } from "./rewrite";
import { CellPositionMap } from "./sourcemap";
import { ts } from "./tsenv";

/** A diagnostic in the cell's own coordinates (0-based line and character). */
export interface CellDiagnostic {
  start: { line: number; character: number };
  messageText: string;
  code: number;
}

/** What compiling a cell gives. */
export interface CompiledCell {
  /** Syntax errors: the cell cannot run. */
  syntaxErrors: CellDiagnostic[];
  /** Type errors (empty when not checked). */
  typeErrors: CellDiagnostic[];
  /** The code to run (absent after syntax errors). */
  runnable?: Runnable;
  /** The cell's declaration output, to {@link CellCompiler.commit} once the cell ran. */
  declarations?: string;
  /** Maps positions in the running code back to the cell (absent after syntax errors). */
  positions?: CellPositionMap;
}

/** Completion candidates and the span they replace (UTF-16 offsets). */
export interface Completions {
  candidates: string[];
  /** JupyterLab's type label of each candidate ("function", "class", "instance" …). */
  types: string[];
  start: number;
  end: number;
}

const isIdChar = (c: string) => /[\w$\u00c0-\uffff]/.test(c);

/** Top-level names a cell declares (exported at the end of the checked text so the declaration output has them). */
export function topLevelNames(sf: ts.SourceFile): { names: string[]; lastIsExpression: boolean } {
  const names = new Set<string>();
  const exported = new Set<string>();
  const hasExport = (st: ts.Statement) =>
    ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) exported.add(el.name.text);
      }
      continue;
    }
    if (hasExport(st)) continue;
    if (ts.isVariableStatement(st)) {
      // `using` resources are disposed when the cell ends; TypeScript does not let them be exported.
      if (st.declarationList.flags & ts.NodeFlags.Using) continue;
      for (const d of st.declarationList.declarations) for (const n of bindingNames(d.name)) names.add(n);
    } else if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      if (c?.name) names.add(c.name.text);
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      else if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) for (const el of c.namedBindings.elements) names.add(el.name.text);
    } else if (ts.isImportEqualsDeclaration(st)) {
      names.add(st.name.text);
    } else if (ts.isModuleDeclaration(st)) {
      if (ts.isIdentifier(st.name) && !(st.flags & ts.NodeFlags.GlobalAugmentation)) names.add(st.name.text);
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)
      || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      names.add(st.name.text);
    }
  }
  const last = sf.statements[sf.statements.length - 1];
  return { names: [...names].filter((n) => !exported.has(n)), lastIsExpression: !!last && ts.isExpressionStatement(last) };
}

/** The converter: compile, complete and inspect cells against the state left by earlier cells. */
export class CellCompiler {
  readonly host: CellHost;
  readonly history = new DeclarationHistory();
  /**
   * Recent compilations by (declarations in scope, mode, code). A cell run again against the same declarations
   * compiles to the same result, so it skips the type checker (a notebook re-running a cell, a loop of
   * identical cells). Not used when the cell reads local .ts modules, whose text may have changed. Bounded.
   */
  private readonly recent = new Map<string, CompiledCell>();
  private static readonly recentMax = 32;

  constructor(cwd: string) {
    this.host = new CellHost(cwd);
  }

  /** Make `names` of module `spec` typed globals (the prelude). */
  addModuleGlobals(spec: string, names: readonly string[]): void {
    this.history.addModule(spec, names);
  }

  /**
   * Every name module `spec` exports (values and types) as the checker sees it through the declarations'
   * `import * as … from spec` (added by {@link addModuleGlobals}); empty when the module is not imported there.
   */
  exportedNames(spec: string): string[] {
    this.setCell("");
    const program = this.host.program();
    const sf = program.getSourceFile(this.host.preludeFile);
    const checker = program.getTypeChecker();
    for (const st of sf?.statements ?? []) {
      const ref = ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) ? st.moduleReference.expression : undefined;
      if (!ref || !ts.isStringLiteral(ref) || ref.text !== spec) continue;
      const mod = checker.getSymbolAtLocation(ref);
      if (mod) return checker.getExportsOfModule(mod).map((s) => s.name);
    }
    return [];
  }

  /**
   * Names that need typings the lean program leaves out (lazy_types.ts, node_types.ts): library names whose types
   * reach package typings; and, for Node's, library names whose types reach them and Node's globals. Computed from
   * the first program.
   */
  private triggers?: { packages: Set<string>; node: Set<string> };
  /** Node's global names were read from the real typings (after the first program holding them). */
  private nodeGlobalsRead = false;

  /**
   * Which left-out typings checking `text` may need: it, or a carried declaration it names (and so on), names a
   * trigger (or a Node module, for Node's).
   */
  private needs(text: string): { packages: boolean; node: boolean } {
    if (!this.triggers) {
      const nodeWords = nodeTriggerWords(knownNodeGlobals);
      const lib = this.host.program().getSourceFiles().filter((f) => f.fileName.startsWith(libraryDir));
      this.triggers = { packages: triggerNames(lib), node: new Set([...triggerNames(lib, nodeWords), ...nodeWords]) };
    }
    const { packages, node } = this.triggers;
    const out = { packages: false, node: namesNodeModule(text) };
    const seen = new Set<string>();
    const queue = wordsOf(text);
    for (let w = queue.pop(); w !== undefined && !out.packages; w = queue.pop()) {
      if (seen.has(w)) continue;
      seen.add(w);
      if (packages.has(w)) out.packages = true;
      if (node.has(w)) out.node = true;
      const carried = this.history.cellText(w);
      if (carried) {
        if (!out.node && namesNodeModule(carried)) out.node = true;
        queue.push(...wordsOf(carried));
      }
    }
    return out;
  }

  /**
   * Once a program holds Node's real typings, their global names join the triggers: a carried declaration can
   * only name a Node type the typings have, so a newer @types/node than {@link knownNodeGlobals} lists is covered.
   */
  private readNodeGlobals(program: ts.Program): void {
    if (this.nodeGlobalsRead || this.host.isLeanNode || !this.triggers) return;
    this.nodeGlobalsRead = true;
    const files = program.getSourceFiles().filter((f) => /[\\/]@types[\\/]node[\\/]/.test(f.fileName));
    for (const w of nodeTriggerWords(nodeGlobalNames(files))) this.triggers.node.add(w);
  }

  /**
   * Put `text` in the cell file and the current declarations around it.
   * @param full check with the package and Node typings whatever the text names
   * @param withNode check with Node's typings whatever the text names
   */
  private setCell(text: string, full = false, withNode = false): ts.SourceFile {
    this.host.setText(this.host.preludeFile, this.history.preludeText());
    this.host.setHistory(this.history.chunkTexts());
    this.host.setText(this.host.cellFile, text);
    const needs = full ? { packages: true, node: true } : this.needs(text);
    this.host.setLean(!needs.packages, !needs.node && !withNode);
    const program = this.host.program();
    this.readNodeGlobals(program);
    const sf = program.getSourceFile(this.host.cellFile);
    if (!sf) throw new Error("the cell file is missing from the program");
    return sf;
  }

  /**
   * Check and emit a cell.
   * @param code the cell's source
   * @param checkTypes run the type checker (false: syntax only, the `off` type-error mode)
   */
  compile(code: string, checkTypes: boolean): CompiledCell {
    const key = `${checkTypes ? 1 : 0}\0${this.history.key()}\0${code}`;
    const hit = this.recent.get(key);
    if (hit) {
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit;
    }
    const out = this.compileFresh(code, checkTypes);
    if (!this.host.usesLocalSources(this.host.program())) {
      this.recent.set(key, out);
      if (this.recent.size > CellCompiler.recentMax) this.recent.delete(this.recent.keys().next().value!);
    }
    return out;
  }

  private compileFresh(code: string, checkTypes: boolean, full = false): CompiledCell {
    const parsed = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const { names, lastIsExpression } = topLevelNames(parsed);
    // Exporting every top-level name makes the declaration output describe all of them, and keeps imports that
    // this cell does not use itself (a later cell may).
    const text = names.length > 0 ? `${code}\n;export { ${names.join(", ")} };\n` : code;
    const sf = this.setCell(text, full);
    // One program for the whole compilation (each LanguageService call would re-check every file's version).
    const program = this.host.program();
    const inCell = (d: ts.Diagnostic) => d.start === undefined || d.start <= code.length;
    const syntaxErrors = program.getSyntacticDiagnostics(sf).filter(inCell).map((d) => toCell(sf, d));
    if (syntaxErrors.length > 0) return { syntaxErrors, typeErrors: [] };
    const typeErrors = checkTypes
      ? [...program.getSemanticDiagnostics(sf), ...ndarrayIndexDiagnostics(program, sf, code.length)]
        .filter((d) => inCell(d) && d.category === ts.DiagnosticCategory.Error).map((d) => toCell(sf, d))
      : [];
    // Without the package typings a type reaching them is `any`, and Node's globals are unknown: an error found then
    // is confirmed with them.
    if (typeErrors.length > 0 && this.host.isLean) return this.compileFresh(code, checkTypes, true);
    let js = "";
    let declarations = "";
    let sourceMap = "";
    program.emit(sf, (file, data) => {
      if (file.endsWith(".d.ts")) declarations = data;
      else if (file.endsWith(".js")) js = data;
      else if (file.endsWith(".js.map")) sourceMap = data;
    });
    if (!declarations && names.length > 0) declarations = fallbackDeclarations(program, sf);
    const runnable = toRunnable(js, lastIsExpression);
    return { syntaxErrors, typeErrors, runnable, declarations, positions: new CellPositionMap(runnable, js, sourceMap, code) };
  }

  /**
   * Build the programs before the first cell: once with Node's typings, which parses them (a second or more; the
   * document registry keeps them for the session, host.ts), so the first cell naming `process` or `setTimeout` is
   * not the one that waits; then the lean program most cells use.
   */
  warmUp(): void {
    this.setCell("", false, true);
    this.compile("", true);
  }

  /**
   * Forget the declarations of every cell (`%reset`) and rebuild the program with the prelude alone, so the
   * checker, its program and the cached compilations of the old session can be collected.
   */
  reset(): void {
    this.history.reset();
    this.recent.clear();
    this.host.resetServices();
    this.setCell("");
  }

  /** Fold a cell's declarations into the history (after it ran without throwing). */
  commit(declarations: string): void {
    this.history.update(declarations);
  }

  /** Completion labels by declaration node, reused while the declaring file is unchanged (see entryType). */
  private readonly labelCache = new WeakMap<ts.Node, string>();

  /** Completion candidates at UTF-16 offset `pos`, ranked as a notebook user expects (prefix matches first). */
  complete(code: string, pos: number): Completions {
    let start = pos;
    while (start > 0 && isIdChar(code[start - 1])) start--;
    // A global name may be one of Node's (`setTimeout`, `process`), and so may a module name: those completions
    // come from the program with Node's typings. A member's come from the lean one, unless the code names a trigger.
    const member = /\.\s*$/.test(code.slice(0, start)) && !/["'`]\s*$/.test(code.slice(0, start));
    this.setCell(code, false, !member);
    const info = this.host.service.getCompletionsAtPosition(this.host.cellFile, pos, { includeSymbol: true });
    let end = pos;
    while (end < code.length && isIdChar(code[end])) end++;
    const entries = info?.entries ?? [];
    const word = code.slice(start, end);
    // the program the completions came from (getProgram() re-syncs the project, so it is asked once)
    const labels: Labels = { checker: this.host.service.getProgram()?.getTypeChecker(), cache: this.labelCache };
    if (word === "" || /^\d/.test(word)) {
      const sorted = entries.slice().sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
      return { candidates: sorted.map((e) => e.name), types: sorted.map((e) => entryType(e, labels)), start: pos, end: pos };
    }
    const lower = word.toLowerCase();
    const ranked: { entry: ts.CompletionEntry; key: string; index: number }[] = [];
    entries.forEach((e, index) => {
      const l = e.name.toLowerCase();
      const rank = e.name.startsWith(word) ? "0" : l.startsWith(lower) ? "1" : l.includes(lower) ? "2" : "";
      if (rank) ranked.push({ entry: e, key: rank + e.sortText, index });
    });
    ranked.sort((a, b) => a.key.localeCompare(b.key) || a.index - b.index);
    return { candidates: ranked.map((r) => r.entry.name), types: ranked.map((r) => entryType(r.entry, labels)), start, end };
  }


  /** Hover text at UTF-16 offset `pos` (see {@link printQuickInfo} for the detail levels); "" when there is nothing. */
  inspect(code: string, pos: number, detail = 1): string {
    this.setCell(code);
    const service = this.host.service;
    const info = service.getQuickInfoAtPosition(this.host.cellFile, pos)
      ?? (pos > 0 ? service.getQuickInfoAtPosition(this.host.cellFile, pos - 1) : undefined);
    return info ? printQuickInfo(info, detail) : "";
  }
}

function toCell(sf: ts.SourceFile, d: ts.Diagnostic): CellDiagnostic {
  const start = sf.getLineAndCharacterOfPosition(d.start ?? 0);
  return { start, messageText: ts.flattenDiagnosticMessageText(d.messageText, "\n"), code: d.code };
}

/**
 * The hover text: at detail 0 (`x?`, a hover) the signature and the documentation's first paragraph; at detail 1
 * (`x??`, the inspector) the signature, the whole documentation and the tags (`@param x …`, `@returns …`, the
 * example). The prelude's alias lines (`import X = X`, `export X`) are internal plumbing and left out.
 */
export function printQuickInfo(info: ts.QuickInfo, detail = 1): string {
  const head = (info.displayParts ?? []).map((p) => p.text).join("")
    .split("\n").filter((l) => !/^import [\w$]+ = [\w$.]+;?$/.test(l) && !/^export [\w$]+;?$/.test(l)).join("\n")
    .replace(/^\(alias\) /, "");
  const docs = (info.documentation ?? []).map((p) => p.text).join("");
  if (detail < 1) {
    const summary = docs.split(/\n\s*\n/)[0].trim();
    return summary ? `${head}\n\n${summary}` : head;
  }
  const tags = (info.tags ?? []).map((t) => {
    const text = (t.text ?? []).map((p) => p.text).join("");
    if (!text) return "";
    return t.name === "param" ? `@param ${text}` : t.name === "example" ? `Example:\n${text}` : `@${t.name} ${text}`;
  }).filter((t) => t);
  const rest = [docs, ...tags].filter((t) => t);
  return rest.length > 0 ? `${head}\n\n${rest.join("\n")}` : head;
}

/**
 * The JupyterLab label of a completion. TypeScript calls a member of an object (`np.mean`, `plot.scatter`) or a
 * const holding a function a "property" / "const"; a Python user expects "function" there, as IPython labels
 * `np.mean`. So those kinds are labelled by their value's type: callable → function, constructable → class.
 * Resolving a label means resolving the name's type (for an alias, the library module behind the prelude's
 * `import X = …`), ~0.5 ms per name on a loaded machine and hundreds of names in a global completion, so labels are
 * cached by declaration node: the LanguageService keeps the nodes of an unchanged file (TypeScript's lib, the
 * library's .d.ts, the prelude) from one program to the next, and a changed file gets new nodes, which miss. Names
 * declared in the cell itself or in earlier cells' history are not cached: their types may refer to each other.
 * @param e - a completion entry (asked for with includeSymbol)
 * @param labels - the checker of the program the entries came from, and the cache
 * @example entryType(entry, { checker: program.getTypeChecker(), cache: new WeakMap() }); // "function" for np.mean
 */
export function entryType(e: ts.CompletionEntry, labels: Labels): string {
  const checker = labels.checker;
  if (!e.symbol || !checker || !VALUE_KINDS.has(e.kind)) return jupyterType(e.kind);
  const decl = e.symbol.declarations?.[0];
  const cacheable = decl !== undefined && !/__typelearn_(cell|history_\d+)__\.d?\.?ts$/.test(decl.getSourceFile().fileName);
  const known = cacheable ? labels.cache.get(decl) : undefined;
  if (known) return known;
  const label = valueLabel(e, checker);
  if (cacheable) labels.cache.set(decl, label);
  return label;
}

/** What entryType needs: the checker, and labels cached by declaration node. */
export interface Labels {
  checker: ts.TypeChecker | undefined;
  cache: WeakMap<ts.Node, string>;
}

function valueLabel(e: ts.CompletionEntry, checker: ts.TypeChecker): string {
  // a library name in a cell is an alias (`import accuracyScore = …`): label what it stands for
  let sym = e.symbol!;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  if (sym.flags & ts.SymbolFlags.Class) return "class";
  if (sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return "function";
  if (sym.flags & ts.SymbolFlags.Variable || sym.flags & ts.SymbolFlags.Property) {
    const type = checker.getTypeOfSymbol(sym);
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) return "function";
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0) return "class";
    return e.kind === "alias" ? "instance" : jupyterType(e.kind);
  }
  if (sym.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return "module";
  return jupyterType(e.kind);
}

/** Completion kinds whose label depends on the value's type (see entryType). */
const VALUE_KINDS = new Set(["property", "getter", "const", "let", "var", "local var", "alias"]);

/**
 * TypeScript's completion kind as the type label JupyterLab shows (the labels IPython's completer sends:
 * function, class, module, keyword, instance, property, param).
 * @example jupyterType("method"); // "function"
 */
export function jupyterType(kind: string): string {
  switch (kind) {
    case "function": case "local function": case "method": case "construct": case "call": return "function";
    case "class": case "local class": case "interface": case "type": case "enum": case "alias": return "class";
    case "module": case "external module name": return "module";
    case "keyword": return "keyword";
    case "property": case "getter": case "setter": case "enum member": return "property";
    case "parameter": case "type parameter": return "param";
    default: return "instance";
  }
}
