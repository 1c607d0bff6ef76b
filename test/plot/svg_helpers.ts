/** SVG checks shared by the plot tests: well-formedness (tag nesting) and the content of one mark group. */
import * as assert from "assert";

/** Assert the document is one <svg> element with width/height and properly nested tags. */
export function assertWellFormedSvg(svg: string): void {
  assert.match(svg, /^<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?"/, "an <svg> root with width and height");
  assert.ok(svg.includes('xmlns="http://www.w3.org/2000/svg"'), "the SVG namespace (self-contained document)");
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) assert.strictEqual(stack.pop(), name, `closing </${name}> at ${m.index} matches its opening tag`);
    else stack.push(name);
  }
  assert.deepStrictEqual(stack, [], "every tag closed");
  assert.ok(svg.trimEnd().endsWith("</svg>"));
}

/** The inner text of the first `<g class="mark-<type> role-mark …">` group (nested groups included). */
export function markGroup(svg: string, type: string, nth = 0): string {
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, "g");
  const starts = [...svg.matchAll(re)];
  assert.ok(starts.length > nth, `a mark-${type} group`);
  const from = starts[nth].index! + starts[nth][0].length;
  let depth = 1;
  const tags = /<g[\s>]|<\/g>/g;
  tags.lastIndex = from;
  for (let m = tags.exec(svg); m; m = tags.exec(svg)) {
    depth += m[0] === "</g>" ? -1 : 1;
    if (depth === 0) return svg.slice(from, m.index);
  }
  throw new Error("unterminated mark group");
}

/** Count the elements `<tag` in a piece of SVG. */
export function countTags(svg: string, tag: string): number {
  return (svg.match(new RegExp(`<${tag}[\\s>/]`, "g")) ?? []).length;
}
