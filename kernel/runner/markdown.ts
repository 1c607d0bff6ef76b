/**
 * Markdown cells as HTML for the exported page: a small, safe subset of CommonMark — ATX headings, paragraphs,
 * emphasis and strong emphasis, inline code, fenced and indented code blocks, bullet and ordered lists (nested by
 * indentation), block quotes, thematic breaks, links and images. Safe by construction: every piece of text is
 * HTML-escaped (raw HTML in a cell shows as text, not markup) and a link or image keeps only an http(s), mailto,
 * data:image (images) or relative address, so a notebook cannot inject script into the page. No dependency: the
 * markdown libraries in node_modules arrive only through the JupyterLab test packages.
 */
import { escapeHtml } from "../../lib/display";

const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|[\w-]+(\.[\w-]+)*(\/|$|[?#]))/i;
const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|svg\+xml|webp);base64,/i;

function safeUrl(url: string, image: boolean): string | null {
  const u = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) && !/^(https?|mailto):/i.test(u)) return image && SAFE_IMAGE.test(u) ? u : null;
  return SAFE_URL.test(u) || u === "" ? u : null;
}

/**
 * Inline markup of one block's text: code spans first (their content is literal), then images, links, strong and
 * emphasis, over already-escaped text; a backslash escapes the next punctuation character.
 * @param src - the raw text of a paragraph, heading or list item
 * @example inlineHtml("**bold** and `code`"); // "<strong>bold</strong> and <code>code</code>"
 */
export function inlineHtml(src: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  let s = src.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => hold(escapeHtml(c)));
  s = s.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _t, code: string) => hold(`<code>${escapeHtml(code.trim() === "" ? code : code.replace(/^ (.*) $/s, "$1"))}</code>`));
  s = s.replace(/!\[([^\]]*)\]\(\s*([^\s)]*)(?:\s+"([^"]*)")?\s*\)/g, (m, alt: string, url: string, title?: string) => {
    const u = safeUrl(url, true);
    return u === null ? m : hold(`<img src="${escapeHtml(u)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`);
  });
  s = s.replace(/\[([^\]]+)\]\(\s*([^\s)]*)(?:\s+"([^"]*)")?\s*\)/g, (m, label: string, url: string, title?: string) => {
    const u = safeUrl(url, false);
    return u === null ? m : hold(`<a href="${escapeHtml(u)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${inlineHtml(label)}</a>`);
  });
  s = s.replace(/<(https?:\/\/[^\s<>]+)>/g, (_, url: string) => hold(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`));
  s = escapeHtml(s);
  s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "<strong>$2</strong>");
  s = s.replace(/(^|[^\w*])\*(?=\S)([\s\S]*?\S)\*(?!\*)/g, "$1<em>$2</em>");
  s = s.replace(/(^|[^\w_])_(?=\S)([\s\S]*?\S)_(?!\w)/g, "$1<em>$2</em>");
  s = s.replace(/ {2,}\n|\\\n/g, "<br>\n");
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)]);
}

interface ListItem { indent: number; ordered: boolean; start: number; lines: string[] }

const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( +|$)(.*)$/;

/**
 * A markdown cell's source as HTML.
 * @param src - the cell's text
 * @example markdownToHtml("# Title\n\nSome *text*."); // "<h1>Title</h1>\n<p>Some <em>text</em>.</p>"
 */
export function markdownToHtml(src: string): string {
  const lines = src.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => { if (para.length) out.push(`<p>${inlineHtml(para.join("\n").trim())}</p>`); para = []; };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : "";
      out.push(`<pre><code${lang}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    if (line.trim() === "") { flush(); continue; }
    const h = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (h) { flush(); out.push(`<h${h[1].length}>${inlineHtml(h[2] ?? "")}</h${h[1].length}>`); continue; }
    if (/^ {0,3}([-*_])( *\1){2,} *$/.test(line)) { flush(); out.push("<hr>"); continue; }
    if (para.length === 0 && /^ {4}/.test(line)) {
      const body: string[] = [];
      for (; i < lines.length && (/^ {4}/.test(lines[i]) || lines[i].trim() === ""); i++) body.push(lines[i].slice(4));
      i--;
      while (body.length && body[body.length - 1].trim() === "") body.pop();
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const body: string[] = [];
      for (; i < lines.length && /^ {0,3}>/.test(lines[i]); i++) body.push(lines[i].replace(/^ {0,3}> ?/, ""));
      i--;
      out.push(`<blockquote>\n${markdownToHtml(body.join("\n"))}\n</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line) && (para.length === 0 || !/^\d/.test(line.trim()) || /^1[.)]/.test(line.trim()))) {
      flush();
      const block: string[] = [];
      const kind = (m: RegExpExecArray) => (/\d/.test(m[2]) ? m[2].slice(-1) : m[2]);
      const head = LIST_ITEM.exec(line)!;
      for (; i < lines.length; i++) {
        const l = lines[i];
        if (l.trim() === "" ? !(i + 1 < lines.length && /^\s+\S|^ {0,3}([-*+]|\d{1,9}[.)]) /.test(lines[i + 1])) : !/^\s/.test(l) && !LIST_ITEM.test(l)) break;
        // another bullet character or ordered marker at this depth starts a new list (CommonMark)
        const m = LIST_ITEM.exec(l);
        if (block.length && m && m[1].length <= head[1].length && kind(m) !== kind(head)) break;
        block.push(l);
      }
      i--;
      out.push(listHtml(block));
      continue;
    }
    para.push(line);
  }
  flush();
  return out.join("\n");
}

/** One list (its items at the first item's indentation; deeper lines belong to the item above, as nested blocks). */
function listHtml(block: string[]): string {
  const items: ListItem[] = [];
  const first = LIST_ITEM.exec(block[0])!;
  const base = first[1].length;
  for (const l of block) {
    const m = LIST_ITEM.exec(l);
    if (m && m[1].length === base) {
      items.push({ indent: m[1].length + m[2].length + Math.max(1, m[3].length), ordered: /\d/.test(m[2]), start: parseInt(m[2], 10), lines: [m[4]] });
    } else if (items.length) {
      const it = items[items.length - 1];
      items[items.length - 1].lines.push(l.slice(Math.min(it.indent, l.length - l.trimStart().length)));
    }
  }
  const ordered = items[0].ordered;
  const tag = ordered ? "ol" : "ul";
  const start = ordered && items[0].start !== 1 ? ` start="${items[0].start}"` : "";
  const lis = items.map((it) => {
    const inner = markdownToHtml(it.lines.join("\n"));
    // a tight item is one paragraph: show its text without <p>, as CommonMark does
    const tight = /^<p>([\s\S]*?)<\/p>(\n<(ul|ol)[\s\S]*)?$/.exec(inner);
    return `<li>${tight && !tight[1].includes("<p>") ? tight[1] + (tight[2] ?? "") : inner}</li>`;
  });
  return `<${tag}${start}>\n${lis.join("\n")}\n</${tag}>`;
}
