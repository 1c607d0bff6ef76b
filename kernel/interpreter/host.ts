/**
 * The LanguageService host behind the interpreter. The files that change — the declarations carried between cells
 * (the prelude and a few small history files) and the cell being compiled — live in memory with version numbers; everything else (TypeScript's lib files,
 * @types/node, the library's .d.ts) is read once, kept as a snapshot and parsed once by the document registry,
 * so each new cell re-parses only itself and the small declaration file.
 */
import * as fs from "fs";
import * as path from "path";
import { isPackageSpecifier } from "./lazy_types";
import { cellCompilerOptions, packageRoot, ts } from "./tsenv";

/** Where the library's declaration files are. */
export const libraryDir = path.join(packageRoot, "dist", "lib") + path.sep;

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
  readonly options = cellCompilerOptions();
  readonly service: ts.LanguageService;
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
  /** The lean switch changed since the last program: the library files' module resolutions are stale. */
  private leanChanged = false;

  constructor(readonly cwd: string) {
    // The files sit in the notebook's folder, so relative imports and `import("./x")` types resolve from there.
    this.cellFile = path.join(cwd, "__typelearn_cell__.ts");
    this.preludeFile = path.join(cwd, "__typelearn_prelude__.d.ts");
    this.virtual.set(this.preludeFile, { version: 0, text: "export {};\n" });
    this.virtual.set(this.cellFile, { version: 0, text: "" });
    this.resolutionCache = ts.createModuleResolutionCache(cwd, (f) => f, this.options);
    // getModuleResolutionCache and hasInvalidatedResolutions are read by the LanguageService though its host type
    // does not declare them.
    const host: ts.LanguageServiceHost & {
      getModuleResolutionCache(): ts.ModuleResolutionCache;
      hasInvalidatedResolutions(file: ts.Path): boolean;
    } = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [this.preludeFile, ...this.historyFiles.slice(0, this.historyCount), this.cellFile],
      getScriptVersion: (f) => this.version(f),
      getScriptSnapshot: (f) => this.snapshot(f),
      getCurrentDirectory: () => cwd,
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
      hasInvalidatedResolutions: (file) => this.leanChanged && file.startsWith(libraryDir),
    };
    this.service = ts.createLanguageService(host, splitRegistry(cwd));
  }

  /** Replace an in-memory file's text (a new version only when the text changed). */
  setText(file: string, text: string): void {
    const v = this.virtual.get(file)!;
    if (v.text === text) return;
    v.text = text;
    v.version++;
    v.snapshot = undefined;
  }

  /** Set the history files' texts (one file per text; files past them leave the program). */
  setHistory(texts: readonly string[]): void {
    for (let i = this.historyFiles.length; i < texts.length; i++) {
      const file = path.join(this.cwd, `__typelearn_history_${i}__.d.ts`);
      this.historyFiles.push(file);
      this.virtual.set(file, { version: 0, text: "" });
    }
    texts.forEach((t, i) => this.setText(this.historyFiles[i], t));
    for (let i = texts.length; i < this.historyCount; i++) this.setText(this.historyFiles[i], "");
    this.historyCount = texts.length;
  }

  /** The current text of an in-memory file. */
  text(file: string): string {
    return this.virtual.get(file)!.text;
  }

  /** Whether the next program leaves out the package typings the library's declarations import. */
  setLean(lean: boolean): void {
    if (lean === this.lean) return;
    this.lean = lean;
    this.leanChanged = true;
  }

  /** Whether the current program leaves the library's package typings out. */
  get isLean(): boolean {
    return this.lean;
  }

  /** The program for the current texts (the LanguageService rebuilds it only when a version changed). */
  program(): ts.Program {
    const p = this.service.getProgram();
    if (!p) throw new Error("TypeScript language service has no program");
    this.leanChanged = false;
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

/** A .ts file outside node_modules: a module of the user's, which may change between cells. */
function isLocalSource(file: string): boolean {
  return !file.includes(`${path.sep}node_modules${path.sep}`) && /\.(c|m)?tsx?$/.test(file) && !file.endsWith(".d.ts");
}

/** Node's type declarations: 2 MB, mostly documentation comments. */
const nodeTypesRe = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

/**
 * A document registry that parses Node's own declarations without their JSDoc comments (two thirds of the kernel's
 * start-up parse; hovers over `fs.readFileSync` lose the prose, keep the signature) and every other file —
 * TypeScript's lib, the library, the cells — fully, so hovers show their documentation.
 */
function splitRegistry(cwd: string): ts.DocumentRegistry {
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
  const registry: ts.DocumentRegistry = {
    ...full,
    acquireDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      const r = pick(path);
      return r.acquireDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r === lean ? leanOptions(options) : options);
    },
    updateDocumentWithKey: (fileName, path, settings, key, snapshot, version, kind, options) => {
      const r = pick(path);
      return r.updateDocumentWithKey(fileName, path, settings, key, snapshot, version, kind, r === lean ? leanOptions(options) : options);
    },
    releaseDocumentWithKey: (path: ts.Path, key: ts.DocumentRegistryBucketKey, kind?: ts.ScriptKind, format?: ts.ResolutionMode) =>
      pick(path).releaseDocumentWithKey(path, key, kind!, format),
  };
  return registry;
}
