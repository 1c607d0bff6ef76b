/**
 * CRC-32 (the IEEE polynomial of zlib, gzip, PNG and zip) of byte ranges, chainable over a file's parts: the
 * checksum of format-2 model files. Node's zlib.crc32 (Node ≥ 20.15, carry-less-multiply code, several GB/s) does
 * the work where it exists; the table-driven fallback gives the same numbers on older Node 20 releases.
 */
import * as zlib from "zlib";

type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Int32Array | undefined;

/** Four 256-entry tables (slicing by 4), built on first use of the fallback. */
function tables(): Int32Array {
  if (table) return table;
  const t = new Int32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return (table = t);
}

/**
 * The table-driven CRC-32 (what {@link crc32} uses when zlib has none). @internal exported for its test
 * @param data - the bytes
 * @param value - the CRC of the bytes before these (0 to start)
 * @returns the CRC-32 of all bytes so far, as an unsigned 32-bit integer
 */
export function crc32Table(data: Uint8Array, value = 0): number {
  const t = tables();
  let c = ~value;
  let i = 0;
  const n = data.length;
  for (; i + 4 <= n; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < n; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

/**
 * CRC-32 of `data`, continuing from `value` (so a file's parts can be checked one after the other).
 * @param data - the bytes
 * @param value - the CRC of the bytes before these (0 to start)
 * @returns an unsigned 32-bit integer
 * @example
 * crc32(Buffer.from("123456789")); // 0xcbf43926
 */
export const crc32: Crc32 = typeof native === "function"
  // an empty array over an empty ArrayBuffer reaches zlib as a null pointer, which zlib answers with the initial
  // value 0 instead of `value` (zlib's documented way to ask for it): so empty input is answered here
  ? (data, value = 0) => (data.length === 0 ? value >>> 0 : native(data, value))
  : crc32Table;
