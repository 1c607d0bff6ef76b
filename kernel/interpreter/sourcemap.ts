/**
 * Where a position in the code that ran came from in the cell the user wrote. A cell goes through two steps:
 * TypeScript emits JavaScript (with a source map, decoded here), and rewrite.ts rearranges the emitted statements
 * for the shared global scope (recording, per copied fragment, where it came from). Stack frames of a throwing cell
 * are mapped back through both, so a traceback names the cell's own lines and columns.
 */
import type { Runnable } from "./rewrite";

/** Decoded mappings: per generated line, segments of [generated column, source line, source column], by column. */
export type LineSegments = Array<Array<[number, number, number]>>;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const digit = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) digit[BASE64.charCodeAt(i)] = i;

/**
 * Decode a source map's `mappings` (Source Map v3: base64 VLQ fields, relative to the previous segment).
 * @param mappings - the `mappings` string
 * @returns per generated line, its segments (those with a source position only)
 * @example
 * decodeMappings("AAAA;AACA"); // [[[0, 0, 0]], [[0, 1, 0]]]
 */
export function decodeMappings(mappings: string): LineSegments {
  const lines: LineSegments = [[]];
  let srcLine = 0, srcCol = 0, genCol = 0;
  let i = 0;
  const fields: number[] = [];
  while (i <= mappings.length) {
    const c = mappings[i];
    if (i === mappings.length || c === ";" || c === ",") {
      if (fields.length >= 4) {
        genCol += fields[0];
        srcLine += fields[2];
        srcCol += fields[3];
        lines[lines.length - 1].push([genCol, srcLine, srcCol]);
      } else if (fields.length >= 1) {
        genCol += fields[0];
      }
      fields.length = 0;
      if (c === ";") { lines.push([]); genCol = 0; }
      i++;
      continue;
    }
    let value = 0, shift = 0, d: number;
    do {
      d = digit[mappings.charCodeAt(i++)] ?? -1;
      if (d < 0) throw new Error(`bad source map character at ${i - 1}`);
      value += (d & 31) * 2 ** shift;
      shift += 5;
    } while (d & 32);
    fields.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
  }
  for (const l of lines) l.sort((a, b) => a[0] - b[0]);
  return lines;
}

/** Start offsets of the lines of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The last index whose value is ≤ x in an ascending list (−1 if none). */
function floorIndex(values: readonly number[], x: number): number {
  let lo = 0, hi = values.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/**
 * Maps positions in a cell's running body back to the cell's source.
 * @example
 * const map = new CellPositionMap(runnable, js, sourceMapJson, code);
 * map.toCell(3, 9); // { line: 2, column: 5 } (0-based)
 */
export class CellPositionMap {
  private bodyStarts?: number[];
  private jsStarts?: number[];
  private segments?: LineSegments;
  private codeLines?: string[];
  private readonly originAt: number[];

  /**
   * @param runnable - the rewritten cell (its body and the origins of its fragments)
   * @param js - the JavaScript TypeScript emitted for the cell
   * @param sourceMap - the emitted source map (JSON text), or "" when there is none
   * @param code - the cell's source
   */
  constructor(private readonly runnable: Runnable, private readonly js: string, private readonly sourceMap: string,
    readonly code: string) {
    this.originAt = runnable.origins.map((o) => o.at);
  }

  /**
   * The cell position (0-based line and column) of a 0-based line and column of the body; null when the position
   * is outside the body (the wrapper that calls it) or the map cannot say.
   */
  toCell(bodyLine: number, bodyColumn: number): { line: number; column: number } | null {
    this.bodyStarts ??= lineStarts(this.runnable.body);
    if (bodyLine < 0 || bodyLine >= this.bodyStarts.length) return null;
    const offset = this.bodyStarts[bodyLine] + bodyColumn;
    const k = floorIndex(this.originAt, offset);
    if (k < 0) return null;
    const o = this.runnable.origins[k];
    const jsOffset = o.verbatim && offset - o.at < o.length ? o.js + (offset - o.at) : o.js;
    this.jsStarts ??= lineStarts(this.js);
    const jsLine = floorIndex(this.jsStarts, jsOffset), jsColumn = jsOffset - this.jsStarts[jsLine];
    if (!this.segments) {
      try {
        this.segments = this.sourceMap ? decodeMappings((JSON.parse(this.sourceMap) as { mappings: string }).mappings) : [];
      } catch {
        this.segments = [];
      }
    }
    const line = this.segments[jsLine];
    if (!line || line.length === 0) return null;
    const s = floorIndex(line.map((x) => x[0]), jsColumn);
    const [genColumn, srcLine, srcColumn] = line[Math.max(s, 0)];
    // Within a mapped token the column advances with the generated one (types are gone, names are not renamed).
    const column = s >= 0 ? srcColumn + (jsColumn - genColumn) : srcColumn;
    this.codeLines ??= this.code.split("\n");
    const codeLines = this.codeLines;
    if (srcLine >= codeLines.length) return null; // the export list the compiler appended
    return { line: srcLine, column: Math.min(column, Math.max(codeLines[srcLine].length - 1, 0)) };
  }

  /** The cell's source line (0-based), trimmed. */
  sourceLine(line: number): string { return ((this.codeLines ??= this.code.split("\n"))[line] ?? "").trim(); }
}
