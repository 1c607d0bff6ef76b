/**
 * Jupyter (protocol ≥ 5.2) counts cursor positions in Unicode code points; JavaScript strings index UTF-16 units.
 */

/** UTF-16 index of the `cp`-th code point of `s` (clamped to the string's end). */
export function codePointsToUtf16(s: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return i;
}

/** Number of code points in `s` before UTF-16 index `idx`. */
export function utf16ToCodePoints(s: string, idx: number): number {
  let n = 0;
  for (let i = 0; i < idx && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return n;
}
