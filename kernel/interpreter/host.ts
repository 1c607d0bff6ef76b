/**
 * The LanguageService host behind the interpreter. The files that change — the declarations carried between cells
 * (the prelude and a few small history files) and the cell being compiled — live in memory with version numbers; everything else (TypeScript's lib files,
 * @types/node, the library's .d.ts) is read once, kept as a snapshot and parsed once by the document registry,
 * so each new cell re-parses only itself and the small declaration file.
 */
import * as fs from "fs";
import * as path from "path";
import { isPackageSpecifier } from "./lazy_types";
import { leanNodeGlobals, nodeTypesEntry } from "./node_types";
import { cellCompilerOptions, cellLibText, packageRoot, ts, typeRoot } from "./tsenv";

/** Where the library's declaration files are. */
export const libraryDir = path.join(packageRoot, "dist", "lib") + path.sep;

/** A LanguageService, and the package switch its last program was built with. */
interface Service {
  service: ts.LanguageService;
  lean: boolean | undefined;
}

/** An in-memory file whose text the interpreter replaces. */
interface VirtualFile {
  version: number;
  text: string;
  snapshot?: ts.IScriptSnapshot;
}

/** The LanguageService and the two in-memory files it compiles. */
export class CellHost {
  /** The files holding the declarations of earlier cells (modules with `declare global`), in use first. */
  private readonly historyFiles: string[] = [];
  private historyCount = 0;
  /** The file holding the prelude: the library's names as globals (changes only when a cell redeclares one). */
  readonly preludeFile: string;
  /** The file holding the cell being checked. */
  readonly cellFile: string;
  /** The standard library, one file (tsenv.ts cellLibText). */
  readonly libFile: string;
  /** The lean program's stand-in for Node's typings (node_types.ts). */
  readonly leanNodeFile: string;
  /**
   * Node's typings, a root file of the program when a cell needs them. By its real path: packages' `/// <reference
   * types="node" />` resolve to it, and a second copy under another path would double every global.
   */
  readonly nodeFile = ts.sys.realpath?.(nodeTypesEntry(typeRoot)) ?? nodeTypesEntry(typeRoot);
  readonly options = cellCompilerOptions();
  private readonly virtual = new Map<string, VirtualFile>();
  private readonly diskSnapshots = new Map<string, ts.IScriptSnapshot | undefined>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  /** `typelearn` resolutions: the same answer for the whole session, and resolving reads package.json. */
  private readonly ownResolutions = new Map<string, ts.ResolvedModuleWithFailedLookupLocations>();
  private readonly localSource = new Map<string, boolean>();
  /**
   * Leave out the package typings the library's declarations import (lazy_types.ts): their imports from the
   * library's files stay unresolved (any) while this is set.
   */
  private lean = true;
  /**
   * Leave out Node's typings, replaced by a small declaration of `console` (node_types.ts). Only while the package
   * typings are out too: they reference Node's.
   */
  private leanNode = true;

  constructor(readonly cwd: string) {
    // The files sit in the notebook's folder, so relative imports and `import("./x")` types resolve from there.
    this.cellFile = path.join(cwd, "__typelearn_cell__.ts");
    this.preludeFile = path.join(cwd, "__typelearn_prelude__.d.ts");
    this.leanNodeFile = path.join(cwd, "__typelearn_node_globals__.d.ts");
    this.libFile = path.join(cwd, LIB_FILE);
    this.virtual.set(this.libFile, { version: 0, text: cellLibText() });
    this.virtual.set(this.leanNodeFile, { version: 0, text: leanNodeGlobals });
    this.virtual.set(this.preludeFile, { version: 0, text: "export {};\n" });
    this.virtual.set(this.cellFile, { version: 0, text: "" });
    this.resolutionCache = ts.createModuleResolutionCache(cwd, (f) => f, this.options);
    this.registries = splitRegistries(cwd, (key, options) => {
      if (!this.acquireAs && typeof options === "object") this.acquireAs = { key, options };
    });
    this.registry = this.registries.registry;
  }

  private readonly registries: Registries;

  /**
   * TypeScript's lib files and the library's declarations parsed with their documentation comments (see
   * {@link addDocs}). Until then they are parsed without (two fifths of their parse at a kernel's start): the
   * comments matter to hovers only, never to a check.
   */
  private readonly withDocs = new Set<string>();

  /** The lib and library declaration files of the current program still parsed without their documentation. */
  filesWithoutDocs(): string[] {
    return this.program().getSourceFiles().map((f) => f.fileName).filter((f) => isDocFile(f) && !this.withDocs.has(f));
  }

  /**
   * Parse `file` again with its documentation comments (and bind it), under a new version, so that every later
   * program holds this copy (hovers show the documentation). Does nothing before the first program.
   */
  addDocs(file: string): void {
    const as = this.acquireAs;
    const snapshot = as && !this.withDocs.has(file) ? this.snapshot(file) : undefined;
    if (!as || !snapshot) return;
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(file as ts.Path, this.resolutionCache.getPackageJsonInfoCache(), ts.sys, this.options);
    const options = { ...as.options, impliedNodeFormat, jsDocParsingMode: undefined };
    const sf = this.registries.addDocs(file, file as ts.Path, this.options, as.key, snapshot, "1", options);
    if (!sf) return;
    this.withDocs.add(file);
    bindFile(sf, this.options);
  }

  /**
   * The registry key and parse options the programs acquire declaration files with (the first program's), so
   * {@link prepare} parses a file exactly as a later program would ask for it, and that program finds it parsed.
   */
  private acquireAs?: { key: ts.DocumentRegistryBucketKey; options: ts.CreateSourceFileOptions };

  /**
   * Parse a package's declaration file into the document registry the programs share and bind it, ahead of the
   * program that will hold it (warmup.ts), which then neither parses nor binds it. Does nothing before the first
   * program or for other files. Returns the parsed file (undefined when it did nothing).
   */
  prepare(file: string): ts.SourceFile | undefined {
    const as = this.acquireAs;
    const snapshot = as && packageFileRe.test(file) ? this.snapshot(file) : undefined;
    if (!as || !snapshot) return undefined;
    // The registry keeps a file per module format: the format a program would give this file (from package.json).
    const impliedNodeFormat = ts.getImpliedNodeFormatForFile(file as ts.Path, this.resolutionCache.getPackageJsonInfoCache(), ts.sys, this.options);
    const options = { ...as.options, impliedNodeFormat };
    const sf = this.registry.acquireDocumentWithKey(file, file as ts.Path, this.options, as.key, snapshot, this.version(file), ts.ScriptKind.TS, options);
    bindFile(sf, this.options);
    return sf;
  }

  /**
   * Prepare Node's typings (see {@link prepare}) one file per step: the entry, the files it references, and the
   * package files they import (undici-types), as a program holding {@link nodeFile} reads them. Each file's imports
   * are resolved on the way, which fills the resolution cache that program asks; Node's own modules (`"fs"`,
   * `"node:events"`) are declared inside these files and resolve to none. Yields each file's name.
   */
  *prepareNodeTypings(): Generator<string> {
    const seen = new Set<string>([this.nodeFile]);
    const queue = [this.nodeFile];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const sf = this.prepare(file);
      if (!sf) continue;
      const next = sf.referencedFiles.map((r) => path.resolve(path.dirname(file!), r.fileName));
      for (const spec of moduleSpecifiers(sf.statements)) {
        const r = this.resolve(spec, file, this.options).resolvedModule;
        if (r) next.push(r.resolvedFileName);
      }
      for (const n of next) {
        if (!seen.has(n) && nodeTypesRe.test(n) && n.endsWith(".d.ts")) {
          seen.add(n);
          queue.push(n);
        }
      }
      yield file;
    }
  }

  /**
   * One LanguageService for programs without Node's typings and one for programs with them, sharing the parsed
   * files: each keeps its last program, so a cell needing Node's typings after lean ones (or the other way round)
   * reuses that program's structure instead of walking every file of a program with another file list.
   */
  private readonly services: (Service | undefined)[] = [];
  private readonly registry: ts.DocumentRegistry;

  private makeService(withNode: boolean): Service {
    const entry: Service = { service: undefined!, lean: undefined };
    // getModuleResolutionCache and hasInvalidatedResolutions are read by the LanguageService though its host type
    // does not declare them.
    const host: ts.LanguageServiceHost & {
      getModuleResolutionCache(): ts.ModuleResolutionCache;
      hasInvalidatedResolutions(file: ts.Path): boolean;
    } = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [this.libFile, this.preludeFile, withNode ? this.nodeFile : this.leanNodeFile,
        ...this.historyFiles.slice(0, this.historyCount), this.cellFile],
      getScriptVersion: (f) => this.version(f),
      getScriptSnapshot: (f) => this.snapshot(f),
      getCurrentDirectory: () => this.cwd,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.virtual.has(f) || ts.sys.fileExists(f),
      readFile: (f, enc) => this.virtual.get(f)?.text ?? ts.sys.readFile(f, enc),
      directoryExists: (d) => ts.sys.directoryExists(d),
      getDirectories: (d) => ts.sys.getDirectories(d),
      realpath: (p) => ts.sys.realpath?.(p) ?? p,
      useCaseSensitiveFileNames: () => true,
      // Shared with the program: it also caches package.json lookups, which otherwise run for every file of every
      // new program (each cell).
      getModuleResolutionCache: () => this.resolutionCache,
      resolveModuleNameLiterals: (literals, containingFile, redirected, options) =>
        literals.map((lit) => this.resolve(lit.text, containingFile, options)),
      // The library files' package imports resolve differently since this service's last program.
      hasInvalidatedResolutions: (file) => entry.lean !== undefined && entry.lean !== this.lean && file.startsWith(libraryDir),
    };
    entry.service = ts.createLanguageService(host, this.registry);
    return entry;
  }

  private current(): Service {
    const i = this.leanNode ? 0 : 1;
    return (this.services[i] ??= this.makeService(i === 1));
  }

  /** The LanguageService of the current program (see {@link setLean}). */
  get service(): ts.LanguageService {
    return this.current().service;
  }

  /** Dispose of the LanguageServices. */
  dispose(): void {
    for (const s of this.services) s?.service.dispose();
  }

  /**
   * Forget the programs and the packages' parsed typings (`%reset`): a type error is confirmed with every package's
   * typings (compiler.ts), which the registry otherwise keeps for the session — 20 MB that outlived `%reset`. Both
   * LanguageServices go (the one not in use keeps its last program, and checker, until its next use); Node's
   * typings, which start-up parses, and TypeScript's lib stay parsed. New services are made on use.
   */
  resetServices(): void {
    this.dispose();
    this.services.length = 0;
    this.registries.releasePackages();
  }

  /** Replace an in-memory file's text (a new version only when the text changed). */
  setText(file: string, text: string): void {
    const v = this.virtual.get(file)!;
    if (v.text === text) return;
    v.text = text;
    v.version++;
    v.snapshot = undefined;
  }

  /**
   * Set the history files' texts (one file per text). The program holds them in batches of
   * {@link historyBatch}, the ones past the texts empty: a new history file then changes a file's text but not the
   * program's list of files, which TypeScript must otherwise walk again in full (every ~30 declaring cells).
   * The empty ones have the shape of a history file (a module with a global block), so filling one keeps the
   * program's structure too. Files past the last batch leave the program.
   */
  setHistory(texts: readonly string[]): void {
    const count = Math.ceil(texts.length / CellHost.historyBatch) * CellHost.historyBatch;
    for (let i = this.historyFiles.length; i < count; i++) {
      const file = path.join(this.cwd, `__typelearn_history_${i}__.d.ts`);
      this.historyFiles.push(file);
      this.virtual.set(file, { version: 0, text: emptyHistory });
    }
    for (let i = 0; i < Math.max(count, this.historyCount); i++) this.setText(this.historyFiles[i], texts[i] ?? emptyHistory);
    this.historyCount = count;
  }

  /** History files are added to the program this many at a time (see {@link setHistory}). */
  static readonly historyBatch = 16;

  /** The current text of an in-memory file. */
  text(file: string): string {
    return this.virtual.get(file)!.text;
  }

  /**
   * What the next program leaves out.
   * @param lean the package typings the library's declarations import
   * @param leanNode Node's typings (kept whenever the package typings are in)
   */
  setLean(lean: boolean, leanNode = lean): void {
    this.leanNode = lean && leanNode;
    this.lean = lean;
  }

  /** Whether the current program leaves the library's package typings or Node's out. */
  get isLean(): boolean {
    return this.lean || this.leanNode;
  }

  /** Whether the current program leaves Node's typings out. */
  get isLeanNode(): boolean {
    return this.leanNode;
  }

  /** The program for the current texts (the LanguageService rebuilds it only when a version changed). */
  program(): ts.Program {
    const s = this.current();
    const p = s.service.getProgram();
    if (!p) throw new Error("TypeScript language service has no program");
    s.lean = this.lean;
    return p;
  }

  private version(file: string): string {
    if (this.withDocs.has(file)) return "1";
    const v = this.virtual.get(file);
    if (v) return String(v.version);
    if (!this.isLocal(file)) return "0";
    try { return String(fs.statSync(file).mtimeMs); } catch { return "missing"; }
  }

  private snapshot(file: string): ts.IScriptSnapshot | undefined {
    const v = this.virtual.get(file);
    if (v) return (v.snapshot ??= ts.ScriptSnapshot.fromString(v.text));
    // Files on disk are read once per kernel: they are the unchanging part (lib files, .d.ts of packages).
    // Local .ts modules a notebook imports are the exception; their mtime decides.
    if (this.diskSnapshots.has(file) && !this.isLocal(file)) return this.diskSnapshots.get(file);
    const text = ts.sys.readFile(file);
    const snap = text === undefined ? undefined
      : ts.ScriptSnapshot.fromString(file.startsWith(libraryDir) ? namespaceImportsAsRequire(text) : text);
    this.diskSnapshots.set(file, snap);
    return snap;
  }

  /** Whether the program reads a module of the user's (whose text may change without the cell changing). */
  usesLocalSources(program: ts.Program): boolean {
    let uses = this.localSourcesOf.get(program);
    if (uses === undefined) {
      uses = program.getSourceFiles().some((sf) => sf.fileName !== this.cellFile && this.isLocal(sf.fileName));
      this.localSourcesOf.set(program, uses);
    }
    return uses;
  }

  /** {@link usesLocalSources} by program (a completion or a hover asks again of the same program). */
  private readonly localSourcesOf = new WeakMap<ts.Program, boolean>();

  private isLocal(file: string): boolean {
    let v = this.localSource.get(file);
    if (v === undefined) this.localSource.set(file, v = isLocalSource(file));
    return v;
  }

  /** `typelearn` (and `typelearn/…`) is always this package, whatever folder the notebook is in. */
  private resolve(name: string, containingFile: string, options: ts.CompilerOptions): ts.ResolvedModuleWithFailedLookupLocations {
    if (name === "typelearn" || name.startsWith("typelearn/")) {
      const known = this.ownResolutions.get(name);
      if (known) return known;
      const rest = name === "typelearn" ? "./dist/lib/index" : "./" + name.slice("typelearn/".length);
      const r = ts.resolveModuleName(rest, path.join(packageRoot, "package.json"), options, ts.sys);
      const out = r.resolvedModule ? { resolvedModule: { ...r.resolvedModule, isExternalLibraryImport: true } } : r;
      this.ownResolutions.set(name, out);
      return out;
    }
    if (this.lean && containingFile.startsWith(libraryDir) && isPackageSpecifier(name)) return { resolvedModule: undefined };
    return ts.resolveModuleName(name, containingFile, options, ts.sys, this.resolutionCache);
  }
}

/**
 * Bind a file as a checker would first (binding is per file, kept on it, and skipped by every later checker);
 * `bindSourceFile` is an internal export of TypeScript's, so without it the checker binds the file itself.
 */
function bindFile(sf: ts.SourceFile, options: ts.CompilerOptions): void {
  const bind = (ts as unknown as { bindSourceFile?: (f: ts.SourceFile, o: ts.CompilerOptions) => void }).bindSourceFile;
  bind?.(sf, options);
}

/** The module names that import and export statements name, also inside `declare module "…" { }` blocks. */
function moduleSpecifiers(statements: readonly ts.Statement[], out: string[] = []): string[] {
  for (const st of statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      out.push(st.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
      out.push(st.moduleReference.expression.text);
    } else if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
      moduleSpecifiers(st.body.statements, out);
    }
  }
  return out;
}

/**
 * The library's own namespace imports (`import * as arr from "./array"` in np.d.ts) as `import arr = require(…)`:
 * the same names and types for a TypeScript module, but with esModuleInterop the checker resolves every export of a
 * namespace-imported module to see whether the namespace is callable — again in each new checker, i.e. for every
 * cell that names `np` (~1 ms of its check). The prelude's aliases avoid it the same way (history.ts).
 * @example namespaceImportsAsRequire('import * as arr from "./array";') // 'import arr = require("./array");'
 */
export function namespaceImportsAsRequire(text: string): string {
  return text.replace(/^import \* as ([A-Za-z_$][\w$]*) from ("\.{1,2}\/[^"\n]*");$/gm, "import $1 = require($2);");
}

/** The text of a history file without declarations (the shape of history.ts's files). */
const emptyHistory = "export {};\ndeclare global {\n}\n";

/** A .ts file outside node_modules: a module of the user's, which may change between cells. */
function isLocalSource(file: string): boolean {
  return !file.includes(`${path.sep}node_modules${path.sep}`) && /\.(c|m)?tsx?$/.test(file) && !file.endsWith(".d.ts");
}

/** A file of an installed package. */
const packageFileRe = /[\\/]node_modules[\\/]/;

/** TypeScript's lib files and the library's own declarations: parsed without documentation at first (CellHost.withDocs). */
const tsLibRe = /[\\/]node_modules[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/;
function isDocFile(file: string): boolean {
  return file.endsWith(".d.ts") && (file.startsWith(libraryDir) || tsLibRe.test(file) || path.basename(file) === LIB_FILE);
}

/** The name of the one-file standard library (tsenv.ts cellLibText) in the cell's directory. */
const LIB_FILE = "__typelearn_lib__.d.ts";

/** Node's type declarations: 2 MB, mostly documentation comments. */
const nodeTypesRe = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

/** The document registry the LanguageServices share, and the move of a file to its copy with documentation. */
interface Registries {
  registry: ts.DocumentRegistry;
  /**
   * Replace the copy of `path` parsed without documentation by one parsed with it, keeping the LanguageServices'
   * references (as many acquisitions of the new copy as of the old). Undefined when no program holds the old one.
   */
  addDocs(fileName: string, path: ts.Path, settings: ts.CompilerOptions, key: ts.DocumentRegistryBucketKey, snapshot: ts.IScriptSnapshot, version: string, options: ts.CreateSourceFileOptions): ts.SourceFile | undefined;
  /** Drop every package's typings but Node's (call with no program alive that holds them). */
  releasePackages(): void;
}

/**
 * A document registry that parses Node's own declarations without their JSDoc comments (two thirds of the kernel's
 * start-up parse; hovers over `fs.readFileSync` lose the prose, keep the signature), TypeScript's lib and the
 * library's declarations without them until {@link Registries.addDocs} (warmup.ts adds them after the start), and
 * the cells fully, so hovers show their documentation.
 */
function splitRegistries(cwd: string, onAcquire: (key: ts.DocumentRegistryBucketKey, options: ts.CreateSourceFileOptions | ts.ScriptTarget | undefined) => void): Registries {
  const full = ts.createDocumentRegistry(true, cwd);
  const lean = ts.createDocumentRegistry(true, cwd, ts.JSDocParsingMode.ParseNone);
  const noDocs = ts.createDocumentRegistry(true, cwd, ts.JSDocParsingMode.ParseNone);
  /** Lib and library files moved to `full`. */
  const docsAdded = new Set<string>();
  /** References the LanguageServices hold to each file in `noDocs` (what a move hands over to `full`). */
  const held = new Map<string, number>();
  // Package documents held past their programs (their releases are ignored below): how often each was acquired,
  // which is its reference count in the registry, so that releasePackages can drop it.
  const packagesHeld = new Map<string, { path: ts.Path; key: ts.DocumentRegistryBucketKey; kind: ts.ScriptKind; format: ts.ResolutionMode; count: number }>();
  // Asked for every file of every new program (each cell): the answers are remembered per path.
  const picked = new Map<string, ts.DocumentRegistry>();
  const pick = (path: string) => {
    if (isDocFile(path)) return docsAdded.has(path) ? full : noDocs;
    let r = picked.get(path);
    if (!r) picked.set(path, r = nodeTypesRe.test(path) ? lean : full);
    return r;
  };
  const leanOptions = (o: ts.CreateSourceFileOptions | ts.ScriptTarget | undefined) =>
    typeof o === "object" && o.jsDocParsingMode !== ts.JSDocParsingMode.ParseNone
      ? { ...o, jsDocParsingMode: ts.JSDocParsingMode.ParseNone } : o;
  const registry: ts.DocumentRegistry = {
    ...full,
    acquireDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      onAcquire(key, options);
      const r = pick(path);
      if (r === noDocs) held.set(path, (held.get(path) ?? 0) + 1);
      const sf = r.acquireDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r !== full ? leanOptions(options) : options);
      if (packageFileRe.test(path) && !nodeTypesRe.test(path)) {
        // The registry files documents under the script kind it settled on (internal to TypeScript's SourceFile).
        const scriptKind = (sf as ts.SourceFile & { scriptKind: ts.ScriptKind }).scriptKind;
        const id = `${path}\0${key}\0${scriptKind}\0${sf.impliedNodeFormat}`;
        const h = packagesHeld.get(id);
        if (h) h.count++;
        else packagesHeld.set(id, { path, key, kind: scriptKind, format: sf.impliedNodeFormat, count: 1 });
      }
      return sf;
    },
    updateDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      const r = pick(path);
      return r.updateDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r !== full ? leanOptions(options) : options);
    },
    // A package's declarations (Node's, polars' …) never change, and a lean program drops them (lazy_types.ts,
    // node_types.ts): released, they would be parsed again (seconds for Node's) by the next cell that needs them.
    releaseDocumentWithKey: (path: ts.Path, key: ts.DocumentRegistryBucketKey, kind?: ts.ScriptKind, format?: ts.ResolutionMode) => {
      if (packageFileRe.test(path)) return;
      const r = pick(path);
      if (r === noDocs) held.set(path, (held.get(path) ?? 1) - 1);
      r.releaseDocumentWithKey(path, key, kind!, format);
    },
  };
  const addDocs: Registries["addDocs"] = (fileName, path, settings, key, snapshot, version, options) => {
    const n = held.get(path) ?? 0;
    if (n <= 0 || docsAdded.has(path)) return undefined;
    docsAdded.add(path);
    held.delete(path);
    // Created with one reference; then one more per further reference of the old copy.
    const sf = full.updateDocumentWithKey(fileName, path, settings, key, snapshot, version, ts.ScriptKind.TS, options);
    for (let i = 1; i < n; i++) full.acquireDocumentWithKey(fileName, path, settings, key, snapshot, version, ts.ScriptKind.TS, options);
    for (let i = 0; i < n; i++) noDocs.releaseDocumentWithKey(path, key, ts.ScriptKind.TS, options.impliedNodeFormat);
    return sf;
  };
  /** Drop every package's typings but Node's (call with no program alive that holds them). */
  const releasePackages = () => {
    for (const h of packagesHeld.values()) {
      for (let k = 0; k < h.count; k++) pick(h.path).releaseDocumentWithKey(h.path, h.key, h.kind, h.format);
    }
    packagesHeld.clear();
  };
  return { registry, addDocs, releasePackages };
}
