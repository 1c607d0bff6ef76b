/**
 * Text rendering of NDArrays exactly as NumPy 1.24 prints them: `str(a)` (print) and `repr(a)` with the default
 * print options (precision 8, floatmode "maxprec", linewidth 75, threshold 1000, edgeitems 3). Float columns choose
 * fixed or scientific notation from the shown values, print the shortest round-tripping digits capped at
 * `precision` (rounded half-to-even on the exact binary value), drop trailing zeros, and align on the point.
 */
import { NDArray } from "./ndarray";

const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 75;

/** Add one unit in the last place of a string of decimal digits; returns the new digits (may grow by one). */
function incrementDigits(digits: string): string {
  const arr = digits.split("");
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === "9") { arr[i] = "0"; i--; } else { arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1); return arr.join(""); }
  }
  return "1" + arr.join("");
}

/**
 * Round a digit string whose first `keep` digits are kept: `rest` holds the exact following digits. Ties go to
 * the even digit, as NumPy's Dragon4 does. Returns the kept digits, possibly one longer after a carry.
 */
function roundDigits(digits: string, keep: number): string {
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest.charCodeAt(0) - 48;
  let up: boolean;
  if (rest.length === 0 || first < 5) up = false;
  else if (first > 5 || /[1-9]/.test(rest.slice(1))) up = true;
  else up = kept.length > 0 && (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1;
  return up ? incrementDigits(kept.length ? kept : "0") : kept;
}

/** Positional digits of |x| (finite): shortest round-trip, or rounded to `precision` fraction digits; no trim. */
function positionalParts(x: number, precision: number): [string, string] {
  const s = x.toString();
  if (!s.includes("e")) {
    const [ip, fp = ""] = s.split(".");
    if (fp.length <= precision) return [ip, fp];
  }
  // exact digits far enough to decide rounding (see format tests for the tie cases)
  const exact = x.toFixed(Math.min(100, precision + 40));
  const [ip, fp] = exact.split(".");
  const rounded = roundDigits(ip + fp, ip.length + precision);
  const intLen = rounded.length - precision;
  return [rounded.slice(0, intLen), rounded.slice(intLen).replace(/0+$/, "")];
}

/** Scientific parts of |x| (finite, non-zero allowed): [mantissa int digit, fraction digits, exponent]. */
function scientificParts(x: number, precision: number, exact: boolean): [string, string, number] {
  if (!exact) {
    const s = x.toExponential();
    const [mant, e] = s.split("e");
    const [ip, fp = ""] = mant.split(".");
    if (fp.length <= precision) return [ip, fp, Number(e)];
  }
  const s = x.toExponential(Math.min(100, precision + 40));
  const [mant, e] = s.split("e");
  const [ip, fp] = mant.split(".");
  let exp = Number(e);
  let rounded = roundDigits(ip + fp, 1 + precision);
  if (rounded.length > 1 + precision) { exp += 1; rounded = rounded.slice(0, 1 + precision); }
  const frac = rounded.slice(1);
  return [rounded[0], exact ? frac : frac.replace(/0+$/, ""), exp];
}

function expText(e: number, digits: number): string {
  return (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(digits, "0");
}

function isNeg(x: number): boolean { return x < 0 || Object.is(x, -0); }

/**
 * NumPy's FloatingFormat for the values that will be shown: a function formatting one value padded to the column.
 * @example floatFormatter([1, 2.5])(1); // "1. "
 */
export function floatFormatter(values: ArrayLike<number>, precision = PRECISION): (x: number) => string {
  const finite: number[] = [];
  let hasNonFinite = false;
  let negInf = false;
  let maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      finite.push(v);
      const a = Math.abs(v);
      if (a !== 0) { if (a > maxAbs) maxAbs = a; if (a < minAbs) minAbs = a; }
    } else { hasNonFinite = true; if (v === -Infinity) negInf = true; }
  }
  const expFormat = minAbs !== Infinity && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000);
  let padLeft = 0, padRight = 0, fracDigits = 0, expDigits = 2;
  if (finite.length > 0) {
    for (const v of finite) {
      const sign = isNeg(v) ? 1 : 0;
      if (expFormat) {
        const [ip, fp, e] = scientificParts(Math.abs(v), precision, false);
        padLeft = Math.max(padLeft, ip.length + sign);
        fracDigits = Math.max(fracDigits, fp.length);
        expDigits = Math.max(expDigits, String(Math.abs(e)).length);
      } else {
        const [ip, fp] = positionalParts(Math.abs(v), precision);
        padLeft = Math.max(padLeft, ip.length + sign);
        padRight = Math.max(padRight, fp.length);
      }
    }
    if (expFormat) padRight = expDigits + 2 + fracDigits;
  }
  if (hasNonFinite) padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const t = x !== x ? "nan" : x < 0 ? "-inf" : "inf";
      return t.padStart(padLeft + padRight + 1);
    }
    const sign = isNeg(x) ? "-" : "";
    if (expFormat) {
      const [ip, fp, e] = scientificParts(Math.abs(x), fracDigits, true);
      return (sign + ip).padStart(padLeft) + "." + fp + "e" + expText(e, expDigits);
    }
    const [ip, fp] = positionalParts(Math.abs(x), precision);
    return (sign + ip).padStart(padLeft) + "." + fp.padEnd(padRight);
  };
}

/** NumPy's IntegerFormat: right-aligned to the widest shown value. */
function intFormatter(values: ArrayLike<number>): (x: number) => string {
  let w = 0;
  for (let i = 0; i < values.length; i++) w = Math.max(w, String(values[i]).length);
  return (x) => String(x).padStart(w);
}

/** Python's repr of a float (what NumPy's str of a 0-d float64 array prints). @example pyFloatRepr(1e-5); // "1e-05" */
export function pyFloatRepr(x: number): string {
  if (x !== x) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const sign = isNeg(x) ? "-" : "";
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) {
    const [ip, fp] = positionalParts(a, 100);
    return sign + ip + "." + (fp || "0");
  }
  const [ip, fp, e] = scientificParts(a, 100, false);
  return sign + ip + (fp ? "." + fp : "") + "e" + expText(e, 2);
}

/** The flat values NumPy would look at when formatting (only the shown corners of a summarized array). */
function shownValues(a: NDArray, summarize: boolean): ArrayLike<number> {
  if (!summarize) return a.data;
  const out: number[] = [];
  const st = a.strides;
  const walk = (depth: number, off: number): void => {
    if (depth === a.ndim) { out.push(a.data[off]); return; }
    const n = a.shape[depth];
    for (let i = 0; i < n; i++) {
      if (n > 2 * EDGE && i === EDGE) i = n - EDGE;
      walk(depth + 1, off + i * st[depth]);
    }
  };
  walk(0, 0);
  return out;
}

/** NumPy's _extendLine: append `word`, wrapping first when it would pass `width` (unless wrapping cannot help). */
function extendLine(state: { s: string; line: string }, word: string, width: number, nextPrefix: string): void {
  if (state.line.length + word.length > width && state.line.length > nextPrefix.length) {
    state.s += state.line.trimEnd() + "\n";
    state.line = nextPrefix;
  }
  state.line += word;
}

/** NumPy's array2string for a non-empty array: the nested-bracket layout with wrapping and summarization. */
function array2string(a: NDArray, separator: string, prefix: string, suffixLen: number): string {
  const summarize = a.size > THRESHOLD;
  const values = shownValues(a, summarize);
  const fmt = a.dtype === "float64" ? floatFormatter(values)
    : a.dtype === "int32" ? intFormatter(values)
      : (x: number) => (x ? (a.ndim === 0 ? "True" : " True") : "False");
  const lineWidth = LINEWIDTH - suffixLen;
  const st = a.strides;
  const sepTrim = separator.trimEnd();
  const rec = (depth: number, off: number, hanging: string, width: number): string => {
    const left = a.ndim - depth;
    if (left === 0) return fmt(a.data[off]);
    const nextHanging = hanging + " ";
    const nextWidth = width - 1;
    const n = a.shape[depth];
    const summary = summarize && 2 * EDGE < n;
    const lead = summary ? EDGE : 0;
    const trail = summary ? EDGE : n;
    let s = "";
    if (left === 1) {
      const elemWidth = width - Math.max(sepTrim.length, 1);
      const state = { s: "", line: hanging };
      for (let i = 0; i < lead; i++) {
        extendLine(state, rec(depth + 1, off + i * st[depth], nextHanging, nextWidth), elemWidth, hanging);
        state.line += separator;
      }
      if (summary) { extendLine(state, "...", elemWidth, hanging); state.line += separator; }
      for (let i = trail; i > 1; i--) {
        extendLine(state, rec(depth + 1, off + (n - i) * st[depth], nextHanging, nextWidth), elemWidth, hanging);
        state.line += separator;
      }
      extendLine(state, rec(depth + 1, off + (n - 1) * st[depth], nextHanging, nextWidth), elemWidth, hanging);
      s = state.s + state.line;
    } else {
      const lineSep = sepTrim + "\n".repeat(left - 1);
      for (let i = 0; i < lead; i++) s += hanging + rec(depth + 1, off + i * st[depth], nextHanging, nextWidth) + lineSep;
      if (summary) s += hanging + "..." + lineSep;
      for (let i = trail; i > 1; i--) s += hanging + rec(depth + 1, off + (n - i) * st[depth], nextHanging, nextWidth) + lineSep;
      s += hanging + rec(depth + 1, off + (n - 1) * st[depth], nextHanging, nextWidth);
    }
    return "[" + s.slice(hanging.length) + "]";
  };
  return rec(0, 0, " " + " ".repeat(prefix.length), lineWidth);
}

/** Python's repr of a shape tuple. */
function tupleText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * What NumPy's `print(a)` shows.
 * @example formatStr(array([1, 2.5])); // "[1.  2.5]"
 */
export function formatStr(a: NDArray): string {
  if (a.ndim === 0) {
    const v = a.data[0];
    return a.dtype === "float64" ? pyFloatRepr(v) : a.dtype === "int32" ? String(v) : v ? "True" : "False";
  }
  if (a.size === 0) return "[]";
  return array2string(a, " ", "", 0);
}

/**
 * What NumPy's `repr(a)` shows, e.g. `array([[1., 2.],\n       [3., 4.]])`; int32 arrays carry `, dtype=int32`.
 * @example formatRepr(array([1, 2], "int32")); // "array([1, 2], dtype=int32)"
 */
export function formatRepr(a: NDArray): string {
  const skipDtype = a.dtype !== "int32" && a.size > 0;
  const prefix = "array(";
  const suffix = skipDtype ? ")" : ",";
  let lst: string;
  if (a.size > 0) lst = array2string(a, ", ", prefix, suffix.length);
  else if (a.ndim === 1) lst = "[]";
  else lst = `[], shape=${tupleText(a.shape)}`;
  const arrStr = prefix + lst + suffix;
  if (skipDtype) return arrStr;
  const dtypeStr = `dtype=${a.dtype})`;
  const lastLineLen = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  const spacer = lastLineLen + dtypeStr.length + 1 > LINEWIDTH ? "\n" + " ".repeat(prefix.length) : " ";
  return arrStr + spacer + dtypeStr;
}
