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
import { cellCompilerOptions, packageRoot, ts, typeRoot } from "./tsenv";

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
    this.virtual.set(this.leanNodeFile, { version: 0, text: leanNodeGlobals });
    this.virtual.set(this.preludeFile, { version: 0, text: "export {};\n" });
    this.virtual.set(this.cellFile, { version: 0, text: "" });
    this.resolutionCache = ts.createModuleResolutionCache(cwd, (f) => f, this.options);
    ({ registry: this.registry, releasePackages: this.releasePackages } = splitRegistry(cwd));
  }

  /**
   * One LanguageService for programs without Node's typings and one for programs with them, sharing the parsed
   * files: each keeps its last program, so a cell needing Node's typings after lean ones (or the other way round)
   * reuses that program's structure instead of walking every file of a program with another file list.
   */
  private readonly services: (Service | undefined)[] = [];
  private readonly registry: ts.DocumentRegistry;
  private readonly releasePackages: () => void;

  private makeService(withNode: boolean): Service {
    const entry: Service = { service: undefined!, lean: undefined };
    // getModuleResolutionCache and hasInvalidatedResolutions are read by the LanguageService though its host type
    // does not declare them.
    const host: ts.LanguageServiceHost & {
      getModuleResolutionCache(): ts.ModuleResolutionCache;
      hasInvalidatedResolutions(file: ts.Path): boolean;
    } = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [this.preludeFile, withNode ? this.nodeFile : this.leanNodeFile,
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
    this.releasePackages();
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
    const snap = text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    this.diskSnapshots.set(file, snap);
    return snap;
  }

  /** Whether the program reads a module of the user's (whose text may change without the cell changing). */
  usesLocalSources(program: ts.Program): boolean {
    return program.getSourceFiles().some((sf) => sf.fileName !== this.cellFile && this.isLocal(sf.fileName));
  }

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

/** The text of a history file without declarations (the shape of history.ts's files). */
const emptyHistory = "export {};\ndeclare global {\n}\n";

/** A .ts file outside node_modules: a module of the user's, which may change between cells. */
function isLocalSource(file: string): boolean {
  return !file.includes(`${path.sep}node_modules${path.sep}`) && /\.(c|m)?tsx?$/.test(file) && !file.endsWith(".d.ts");
}

/** A file of an installed package. */
const packageFileRe = /[\\/]node_modules[\\/]/;

/** Node's type declarations: 2 MB, mostly documentation comments. */
const nodeTypesRe = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

/**
 * A document registry that parses Node's own declarations without their JSDoc comments (two thirds of the kernel's
 * start-up parse; hovers over `fs.readFileSync` lose the prose, keep the signature) and every other file —
 * TypeScript's lib, the library, the cells — fully, so hovers show their documentation.
 */
function splitRegistry(cwd: string): { registry: ts.DocumentRegistry; releasePackages: () => void } {
  const full = ts.createDocumentRegistry(true, cwd);
  const lean = ts.createDocumentRegistry(true, cwd, ts.JSDocParsingMode.ParseNone);
  // Asked for every file of every new program (each cell): the answers are remembered per path.
  const picked = new Map<string, ts.DocumentRegistry>();
  const pick = (path: string) => {
    let r = picked.get(path);
    if (!r) picked.set(path, r = nodeTypesRe.test(path) ? lean : full);
    return r;
  };
  const leanOptions = (o: ts.CreateSourceFileOptions | ts.ScriptTarget | undefined) =>
    typeof o === "object" && o.jsDocParsingMode !== ts.JSDocParsingMode.ParseNone
      ? { ...o, jsDocParsingMode: ts.JSDocParsingMode.ParseNone } : o;
  // Package documents held past their programs (their releases are ignored below): how often each was acquired,
  // which is its reference count in the registry, so that releasePackages can drop it.
  const held = new Map<string, { path: ts.Path; key: ts.DocumentRegistryBucketKey; kind: ts.ScriptKind; format: ts.ResolutionMode; count: number }>();
  const registry: ts.DocumentRegistry = {
    ...full,
    acquireDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      const r = pick(path);
      const sf = r.acquireDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r === lean ? leanOptions(options) : options);
      if (packageFileRe.test(path) && !nodeTypesRe.test(path)) {
        // The registry files documents under the script kind it settled on (internal to TypeScript's SourceFile).
        const scriptKind = (sf as ts.SourceFile & { scriptKind: ts.ScriptKind }).scriptKind;
        const id = `${path}\0${key}\0${scriptKind}\0${sf.impliedNodeFormat}`;
        const h = held.get(id);
        if (h) h.count++;
        else held.set(id, { path, key, kind: scriptKind, format: sf.impliedNodeFormat, count: 1 });
      }
      return sf;
    },
    updateDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      const r = pick(path);
      return r.updateDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r === lean ? leanOptions(options) : options);
    },
    // A package's declarations (Node's, polars' …) never change, and a lean program drops them (lazy_types.ts,
    // node_types.ts): released, they would be parsed again (seconds for Node's) by the next cell that needs them.
    releaseDocumentWithKey: (path: ts.Path, key: ts.DocumentRegistryBucketKey, kind?: ts.ScriptKind, format?: ts.ResolutionMode) => {
      if (!packageFileRe.test(path)) pick(path).releaseDocumentWithKey(path, key, kind!, format);
    },
  };
  /** Drop every package's typings but Node's (call with no program alive that holds them). */
  const releasePackages = () => {
    for (const h of held.values()) {
      for (let k = 0; k < h.count; k++) pick(h.path).releaseDocumentWithKey(h.path, h.key, h.kind, h.format);
    }
    held.clear();
  };
  return { registry, releasePackages };
}
