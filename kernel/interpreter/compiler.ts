/**
 * Our TypeScript converter (replacing tslab's): a cell is checked as a module of a LanguageService program that
 * also holds the declarations of earlier cells (history.ts) and the library's .d.ts; only the cell file is
 * type-checked and emitted; its declaration output is folded into the history after the cell ran.
 */
import { kernelLog } from "./capture";
import { CellHost, libraryDir } from "./host";
import { isPackageSpecifier, referencedNames, topLevelDeclarationNames, triggerNames, wordsOf } from "./lazy_types";
import { knownNodeGlobals, namesNodeModule, nodeGlobalNames, nodeMemberWords, nodeTriggerWords } from "./node_types";
import { fallbackDeclarations } from "./fallback_declarations";
import { ndarrayIndexDiagnostics } from "./index_hints";
import { DeclarationHistory } from "./history";
import { bindingNames, toRunnable, type Runnable } from "./rewrite";
import { CellPositionMap } from "./sourcemap";
import { entryType, printQuickInfo, type Labels } from "./labels";
import { ts } from "./tsenv";

export { entryType, jupyterType, printQuickInfo, type Labels } from "./labels";

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
  /**
   * The cell's declaration output, to {@link CellCompiler.commit} once the cell ran. Made on first read from the
   * program the cell was checked in; the compiler reads it before its texts change ({@link CellCompiler.settle}).
   */
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
  /**
   * Asked during the type check and the emit (at each function, class, interface and namespace declaration): a
   * requested cancellation stops the compilation with ts.OperationCanceledException (an interrupt, index.ts).
   */
  cancellation?: ts.CancellationToken;
  /** The last compilation's program reads a module of the user's (so it is not cached). */
  private readsLocalSources = false;

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
    const { values, types } = this.moduleExports(spec);
    return [...values, ...types];
  }

  /**
   * The names module `spec` exports, split into values (a runtime export: a class, function, const …) and
   * type-only names (interfaces, type aliases), as the checker sees them through the declarations' `import … =
   * require(spec)` (added by {@link addModuleGlobals}); both empty when the module is not imported there. Read
   * from the declarations, so the kernel need not load the library's JavaScript to know its prelude's names.
   */
  moduleExports(spec: string): { values: string[]; types: string[] } {
    this.setCell("");
    const program = this.host.program();
    const sf = program.getSourceFile(this.host.preludeFile);
    const checker = program.getTypeChecker();
    for (const st of sf?.statements ?? []) {
      const ref = ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) ? st.moduleReference.expression : undefined;
      if (!ref || !ts.isStringLiteral(ref) || ref.text !== spec) continue;
      const mod = checker.getSymbolAtLocation(ref);
      if (!mod) continue;
      const values: string[] = [], types: string[] = [];
      for (const s of checker.getExportsOfModule(mod)) {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        (target.flags & ts.SymbolFlags.Value ? values : types).push(s.name);
      }
      return { values, types };
    }
    return { values: [], types: [] };
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
   * Which left-out typings checking `text` may need: it, or a carried declaration it refers to (and so on), refers
   * to a trigger (or names a Node module, for Node's). Only referenced names count (lazy_types.ts referencedNames):
   * `x.data` or `{ target: 1 }` trigger nothing; the members @types/node adds to standard objects
   * (`Error.captureStackTrace`) still count as words.
   */
  private needs(text: string, parsed?: ts.SourceFile): { packages: boolean; node: boolean } {
    if (!this.triggers) {
      const nodeWords = nodeTriggerWords(knownNodeGlobals);
      const lib = this.host.program().getSourceFiles().filter((f) => f.fileName.startsWith(libraryDir));
      // Only names a cell can refer to: a member's trigger (`data`) is reached through its receiver's.
      const top = topLevelDeclarationNames(lib);
      const referable = (names: Set<string>) => new Set([...names].filter((n) => top.has(n)));
      this.triggers = { packages: referable(triggerNames(lib)), node: new Set([...referable(triggerNames(lib, nodeWords)), ...nodeWords]) };
    }
    const { packages, node } = this.triggers;
    const out = { packages: false, node: false };
    const seen = new Set<string>();
    const texts = [text];
    for (let t = texts.pop(); t !== undefined && !out.packages; t = texts.pop()) {
      if (!out.node && (namesNodeModule(t) || wordsOf(t).some((w) => nodeMemberWords.has(w)))) out.node = true;
      const refs = t === text && parsed ? referencedNames(parsed) : this.referenced(t);
      // A package the text imports itself comes with its typings (and Node's, which they reference).
      if (refs.modules.some(isPackageSpecifier)) out.packages = true;
      for (const w of refs.names) {
        if (seen.has(w)) continue;
        seen.add(w);
        if (packages.has(w)) out.packages = true;
        if (node.has(w)) out.node = true;
        const carried = this.history.cellText(w);
        if (carried) texts.push(carried);
      }
    }
    return out;
  }

  /** referencedNames by text (cells and carried declarations come back again and again); bounded. */
  private readonly referencedCache = new Map<string, ReturnType<typeof referencedNames>>();
  private referenced(text: string): ReturnType<typeof referencedNames> {
    let names = this.referencedCache.get(text);
    if (!names) {
      if (this.referencedCache.size >= 2000) this.referencedCache.clear();
      this.referencedCache.set(text, names = referencedNames(text));
    }
    return names;
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
   * @param source the text whose references decide the typings (the cell without the export line compile adds),
   *   and its parse when there is one
   */
  private setCell(text: string, full = false, withNode = false, source: { text: string; parsed?: ts.SourceFile } = { text }): ts.SourceFile {
    this.settle();
    this.host.setText(this.host.preludeFile, this.history.preludeText());
    this.host.setHistory(this.history.chunkTexts());
    this.host.setText(this.host.cellFile, text);
    const needs = full ? { packages: true, node: true } : this.needs(source.text, source.parsed);
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
    this.settle();
    const key = `${checkTypes ? 1 : 0}\0${this.history.key()}\0${code}`;
    const hit = this.recent.get(key);
    if (hit) {
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit;
    }
    const out = this.compileFresh(code, checkTypes);
    if (!this.readsLocalSources) {
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
    const sf = this.setCell(text, full, false, { text: code, parsed });
    // One program for the whole compilation (each LanguageService call would re-check every file's version).
    const program = this.host.program();
    this.readsLocalSources = this.host.usesLocalSources(program);
    const inCell = (d: ts.Diagnostic) => d.start === undefined || d.start <= code.length;
    const syntaxErrors = program.getSyntacticDiagnostics(sf).filter(inCell).map((d) => toCell(sf, d));
    if (syntaxErrors.length > 0) return { syntaxErrors, typeErrors: [] };
    const typeErrors = checkTypes
      ? [...program.getSemanticDiagnostics(sf, this.cancellation), ...ndarrayIndexDiagnostics(program, sf, code.length)]
        .filter((d) => inCell(d) && d.category === ts.DiagnosticCategory.Error).map((d) => toCell(sf, d))
      : [];
    // Without the package typings a type reaching them is `any`, and Node's globals are unknown: an error found then
    // is confirmed with them.
    if (typeErrors.length > 0 && this.host.isLean) return this.compileFresh(code, checkTypes, true);
    let js = "";
    let sourceMap = "";
    // The JavaScript only (EmitOnly.Js, which emit's public type does not name): running the cell needs no more.
    program.emit(sf, (file, data) => {
      if (file.endsWith(".js")) js = data;
      else if (file.endsWith(".js.map")) sourceMap = data;
    }, this.cancellation, emitJsOnly);
    const runnable = toRunnable(js, lastIsExpression);
    const out = withLazyDeclarations({ syntaxErrors, typeErrors, runnable, positions: new CellPositionMap(runnable, js, sourceMap, code) }, () => {
      let declarations = "";
      program.emit(sf, (file, data) => { if (file.endsWith(".d.ts")) declarations = data; }, undefined, true);
      return !declarations && names.length > 0 ? fallbackDeclarations(program, sf) : declarations;
    });
    this.unsettled = out;
    return out;
  }

  /**
   * The last compilation, whose declaration output is not made yet: made from its program, it must be made before
   * the host's texts change (an incremental parse reuses the old tree's nodes). See {@link settle}.
   */
  private unsettled?: CompiledCell;
  /** A cell that ran, whose declarations join the history at the next {@link settle}. */
  private toCommit?: CompiledCell;

  /**
   * Make the last compilation's declaration output and fold in the cell that ran ({@link commitLater}). Every
   * compile, completion and hover settles first; the interpreter also settles once a cell's reply is out, so the
   * declaration emit (a third of a declaring cell's compile) is not between a cell and its result.
   */
  settle(): void {
    const unsettled = this.unsettled, ran = this.toCommit;
    this.unsettled = this.toCommit = undefined;
    if (unsettled) void unsettled.declarations;
    if (ran) this.history.update(ran.declarations ?? "");
  }

  /** Fold a cell's declarations into the history at the next {@link settle} (after it ran without throwing). */
  commitLater(cell: CompiledCell): void {
    // Not settle(): that would make this cell's declarations now, between the cell and its reply. A cell that ran
    // before and is still waiting (no compilation since) goes in first.
    const waiting = this.toCommit;
    if (waiting && waiting !== cell) this.history.update(waiting.declarations ?? "");
    this.toCommit = cell;
  }

  /**
   * Build the lean program most cells use before the first cell, and compile an empty cell against it (the
   * parser, binder and checker of the library's and TypeScript's declarations: most of a kernel start). The program
   * with Node's typings is left to {@link NodeWarmUp} (warmup.ts), which prepares it in slices once the kernel is
   * idle, so the first result does not wait for it.
   */
  warmUp(): void {
    this.compile("", true);
  }

  /**
   * Build the program with Node's typings (the last step of warmup.ts's NodeWarmUp, once their files are parsed
   * and bound), so the first cell naming a Node global reuses its structure, and the typings' global names join
   * the triggers (readNodeGlobals).
   */
  warmUpNode(): void {
    this.setCell("", false, true);
  }

  /**
   * Forget the declarations of every cell (`%reset`) and rebuild the program with the prelude alone, so the
   * checker, its program and the cached compilations of the old session can be collected.
   */
  reset(): void {
    this.settle();
    this.history.reset();
    this.recent.clear();
    this.host.resetServices();
    this.setCell("");
  }

  /** Fold a cell's declarations into the history (after it ran without throwing). */
  commit(declarations: string): void {
    this.settle();
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

/** `EmitOnly.Js`: program.emit's fourth argument, typed as `emitOnlyDtsFiles?: boolean`, also takes this. */
const emitJsOnly = 0 as unknown as boolean;

/**
 * `cell` with a `declarations` property made by `make` on first read and then kept (`make` is dropped, and with it
 * the program it holds).
 */
function withLazyDeclarations(cell: Omit<CompiledCell, "declarations">, make: () => string): CompiledCell {
  let made: string | undefined;
  let maker: (() => string) | undefined = make;
  return Object.defineProperty(cell as CompiledCell, "declarations", {
    enumerable: true,
    get: () => {
      if (maker) {
        const m = maker;
        maker = undefined;
        try {
          made = m();
        } catch (e) {
          // Later cells will not see this one's names; the kernel and this cell's result stay as they are.
          kernelLog(`typelearn: the declarations of a cell could not be made: ${(e as Error)?.stack ?? e}`);
          made = "";
        }
      }
      return made;
    },
  });
}

function toCell(sf: ts.SourceFile, d: ts.Diagnostic): CellDiagnostic {
  const start = sf.getLineAndCharacterOfPosition(d.start ?? 0);
  return { start, messageText: ts.flattenDiagnosticMessageText(d.messageText, "\n"), code: d.code };
}
