/**
 * What completion and hover show for a TypeScript answer: the hover text of a quick info, and the JupyterLab type
 * label of a completion entry (compiler.ts asks; kept apart so the compiler file holds the compile path).
 */
import { ts } from "./tsenv";

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
