/**
 * Library-aware diagnostics the type checker cannot give on its own. `X[0]` on an NDArray is valid TypeScript in
 * non-strict mode (an implicit `any`) and silently reads `undefined` at run time; a Python user writes it on the
 * first day. The cell is refused instead, naming the calls that do what `X[0]` means in NumPy.
 */
import { ts } from "./tsenv";

/** Diagnostic code of the NDArray indexing hint (outside TypeScript's own range). */
export const ndarrayIndexCode = 90001;

function isNDArray(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isNDArray);
  const sym = type.getSymbol() ?? type.aliasSymbol;
  if (!sym || sym.getName() !== "NDArray") return false;
  // Only our NDArray (declared in the library's array/ndarray module), not a user's class of the same name.
  return (sym.declarations ?? []).some((d) => /[\\/]array[\\/]ndarray\.(d\.)?ts$/.test(d.getSourceFile().fileName));
}

/**
 * `[i]` element accesses on an NDArray in `sf` up to `limit` (the cell's own text), as diagnostics.
 * @example ndarrayIndexDiagnostics(program, sf, code.length)
 */
export function ndarrayIndexDiagnostics(program: ts.Program, sf: ts.SourceFile, limit: number): ts.Diagnostic[] {
  const checker = program.getTypeChecker();
  const out: ts.Diagnostic[] = [];
  const visit = (node: ts.Node): void => {
    if (node.pos > limit) return;
    if (ts.isElementAccessExpression(node)) {
      const arg = node.argumentExpression;
      const argType = checker.getTypeAtLocation(arg);
      const numeric = (argType.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Any)) !== 0;
      if (numeric && isNDArray(checker.getTypeAtLocation(node.expression))) {
        const obj = node.expression.getText(sf);
        const i = arg.getText(sf);
        out.push({
          file: sf, start: node.getStart(sf), length: node.getWidth(sf), category: ts.DiagnosticCategory.Error,
          code: ndarrayIndexCode, source: "typelearn",
          messageText: `NDArray has no [i] indexing (${obj}[${i}] would be undefined): use ${obj}.get(${i}) for an element `
            + `(${obj}.get(i, j) in 2-D), ${obj}.row(${i}) for a row, or ${obj}.slice(start, end) for a range.`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
