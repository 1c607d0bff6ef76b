/**
 * Python's format mini-language for numbers, so notebooks print exactly what the guide prints
 * (`f"{mse:,.2f}"` → `fmt(mse, ",.2f")`).
 */
import { OptionError } from "./errors";

const specRe = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([eEfFgG%d])?$/;

/**
 * Python's `format(x, ".{d}f")`: like toFixed, but exact ties round half to even.
 * @param x - the number
 * @param d - digits after the point
 * @example
 * pyFixed(0.125, 2); // "0.12" (toFixed gives "0.13")
 */
export function pyFixed(x: number, d: number): string {
  const s = x.toFixed(d);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return s;
  const full = Math.abs(x).toFixed(100);
  const dot = full.indexOf(".");
  const tail = full.slice(dot + 1 + d);
  if (!/^50*$/.test(tail)) return s;
  const kept = full.slice(0, dot + 1 + d).replace(/\.$/, "");
  const last = kept.charCodeAt(kept.length - 1) - 48;
  if (last % 2 !== 0) return s; // toFixed already rounded the tie up, to the even neighbour
  return (x < 0 ? "-" : "") + kept;
}

function groupThousands(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Python's "g" presentation: precision p significant digits, scientific when exp < -4 or exp >= p. */
function formatG(x: number, p: number, upper: boolean, alt: boolean): string {
  if (p === 0) p = 1;
  if (x === 0) return alt ? (0).toFixed(p - 1) : "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = x.toExponential(p - 1);
    if (!alt) s = s.replace(/\.?0+e/, "e");
    s = s.replace(/e([+-])(\d)$/, "e$10$2");
  } else {
    s = x.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes(".")) s = s.replace(/\.?0+$/, "");
  }
  return upper ? s.toUpperCase() : s;
}

/**
 * Format a number with a Python format spec: `[[fill]align][sign][#][0][width][,|_][.precision][type]`,
 * types f, e, g, %, d (and their upper-case forms).
 * @param x - the number
 * @param spec - the part after the colon in a Python f-string, e.g. ",.2f", ".4f", ">10.3e", ".1%"
 * @example
 * fmt(142020976.1734, ",.2f"); // "142,020,976.17"
 * fmt(0.98304, ".4f");         // "0.9830"
 */
export function fmt(x: number, spec = ""): string {
  const m = specRe.exec(spec);
  if (!m) throw new OptionError("format spec", "a Python format spec such as \",.2f\" or \".4f\"", spec);
  const [, fillCh, align, sign = "-", alt, zero, widthS, group, precS, type] = m;
  const prec = precS === undefined ? undefined : Number(precS);
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  if (!Number.isFinite(x)) body = Number.isNaN(x) ? "nan" : "inf";
  else switch (type) {
    case "f": case "F": body = pyFixed(ax, prec ?? 6); break;
    case "e": case "E": body = ax.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, "e$10$2"); break;
    case "%": body = pyFixed(ax * 100, prec ?? 6) + "%"; break;
    case "d":
      if (!Number.isInteger(x)) throw new OptionError("format spec", "an integer for type d", x);
      body = String(ax); break;
    case "g": case "G": body = formatG(ax, prec ?? 6, type === "G", !!alt); break;
    default: body = prec === undefined ? String(ax) : formatG(ax, prec, false, !!alt);
  }
  if (type === "E") body = body.toUpperCase();
  if (group && Number.isFinite(x)) {
    const [ip, ...rest] = body.split(".");
    body = [groupThousands(ip, group), ...rest].join(".");
  }
  const signStr = neg ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  const width = widthS === undefined ? 0 : Number(widthS);
  let s = signStr + body;
  if (s.length < width) {
    const fill = fillCh ?? (zero && !align ? "0" : " ");
    const a = align ?? (zero ? "=" : ">");
    const pad = fill.repeat(width - s.length);
    if (a === "<") s = s + pad;
    else if (a === "^") s = pad.slice(0, pad.length >> 1) + s + pad.slice(pad.length >> 1);
    else if (a === "=") s = signStr + pad + body;
    else s = pad + s;
  }
  return s;
}
