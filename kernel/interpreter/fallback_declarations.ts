/**
 * Declarations for a cell whose declaration emit failed. TypeScript refuses to write an inferred type it can only
 * reach through a package outside the notebook's folder (TS2742: a polars DataFrame made through the library's
 * lazy `pl`, say) and then emits no .d.ts at all, so the cell's names would vanish from later cells. Here each
 * name's type is printed by the checker instead, with absolute `import("…")` types where it must; the history
 * file is only ever read by the kernel on this machine, so such paths are sound there.
 */
import { ts } from "./tsenv";

const typeFlags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.UseFullyQualifiedType |
  ts.NodeBuilderFlags.IgnoreErrors;

/**
 * The declaration-file text of a cell module's exports, as the emitter would have written it.
 * @param program - the program holding the cell
 * @param sf - the cell's source file (a module exporting every top-level name)
 * @returns `declare const …` / type declarations plus one `export { … }` line; "" when nothing is exported
 */
export function fallbackDeclarations(program: ts.Program, sf: ts.SourceFile): string {
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) return "";
  const printer = ts.createPrinter({ removeComments: true });
  const lines: string[] = [];
  const names: string[] = [];
  for (const exp of checker.getExportsOfModule(mod)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = sym.declarations ?? [];
    if (sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      // Type declarations are written in source form: they name only what the cell's code itself names.
      for (const d of decls) {
        if (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d)) {
          lines.push(d.getText(sf).replace(/^(?:export\s+)?(?:declare\s+)?/, "declare "));
        }
      }
    }
    if (sym.flags & ts.SymbolFlags.Value) {
      const at = sym.valueDeclaration ?? decls[0] ?? sf;
      const node = checker.typeToTypeNode(checker.getTypeOfSymbolAtLocation(sym, at), undefined, typeFlags);
      const type = node ? printer.printNode(ts.EmitHint.Unspecified, node, sf) : "any";
      const constant = ts.isVariableDeclaration(at) ? (ts.getCombinedNodeFlags(at) & ts.NodeFlags.Const) !== 0
        : !ts.isSourceFile(at);
      lines.push(`declare ${constant ? "const" : "let"} ${exp.name}: ${type};`);
    }
    names.push(exp.name);
  }
  return names.length > 0 ? `${lines.join("\n")}\nexport { ${names.join(", ")} };\n` : "";
}
