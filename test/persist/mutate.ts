/**
 * Seeded damage to model files for the fuzz test: raw byte damage (bit flips, truncation, forged header lengths,
 * appended or random bytes) that the container checks must catch, and edits of the manifest or binary section
 * that are re-packed with correct lengths and checksum, so they reach the manifest and state validation.
 */
import { createHash } from "crypto";
import * as zlib from "zlib";
import { HEADER_BYTES, align8 } from "../../lib/persist/format";
import { registeredEstimators } from "../../lib/base/registry";

/** A small seeded generator (xorshift32): independent of the library under test. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) || 0x9e3779b9; }
  next(): number {
    let x = this.s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.s = x;
    return x / 2 ** 32;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
}

/** The parts of a valid file. */
export interface Parts { manifest: Record<string, unknown>; data: Uint8Array }

/** Trailer bytes of each format version: 32 (SHA-256) for format 1, 4 (CRC-32) for format 2. */
const TRAILER: Record<number, number> = { 1: 32, 2: 4 };

/** Split a valid file (format 1 or 2) into manifest object and binary section. */
export function split(file: Buffer): Parts {
  const mLen = file.readUInt32LE(12);
  const start = HEADER_BYTES + align8(mLen);
  return {
    manifest: JSON.parse(file.subarray(HEADER_BYTES, HEADER_BYTES + mLen).toString("utf8")),
    data: new Uint8Array(file.subarray(start, file.length - TRAILER[file.readUInt32LE(8)])),
  };
}

/**
 * Re-pack manifest text and data into a file with consistent lengths and a correct checksum, written here
 * independently of the library's writer: format 2 (CRC-32 trailer) unless `version` is 1 (SHA-256 trailer).
 */
export function pack(manifestText: string, data: Uint8Array, header = (b: Buffer) => b, version = 2): Buffer {
  const m = Buffer.from(manifestText, "utf8");
  const out = Buffer.alloc(HEADER_BYTES + align8(m.length) + data.length + TRAILER[version]);
  Buffer.from([0x89, 0x54, 0x4c, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out, 0);
  out.writeUInt32LE(version, 8);
  out.writeUInt32LE(m.length, 12);
  out.writeBigUInt64LE(BigInt(data.length), 16);
  m.copy(out, HEADER_BYTES);
  out.set(data, HEADER_BYTES + align8(m.length));
  header(out);
  const body = out.length - TRAILER[version];
  if (version === 1) createHash("sha256").update(out.subarray(0, body)).digest().copy(out, body);
  else out.writeUInt32LE(zlib.crc32(out.subarray(0, body)), body);
  return out;
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(v: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); slots(x, out); });
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) { out.push({ parent: v as Record<string, unknown>, key: k }); slots(x, out); }
  }
  return out;
}

function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

const REPLACEMENTS: (() => unknown)[] = [
  () => null, () => true, () => -1, () => 0, () => 1.5, () => 1e308, () => -1e308, () => 2 ** 53 + 2, () => "x", () => "",
  () => [], () => ({}), () => [1, 2, 3], () => ({ $number: "NaN" }), () => ({ $number: "nope" }), () => ({ $undefined: true }),
  () => ({ $ndarray: { dtype: "float64", shape: [2], offset: 0, byteLength: 16 } }),
  () => ({ $ndarray: { dtype: "float32", shape: [1], offset: 0, byteLength: 4 } }),
  () => ({ $ndarray: { dtype: "float64", shape: [1e9, 1e9], offset: 0, byteLength: 8 } }),
  () => ({ $typed: { type: "Int32Array", offset: 8, byteLength: 12 } }),
  () => ({ $typed: { type: "BigInt64Array", offset: 0, byteLength: 8 } }),
  () => ({ $typed: { type: "Float64Array", offset: 1e15, byteLength: 8 } }),
  () => ({ $estimator: { className: "Pipeline", params: {} } }),
  () => ({ $estimator: { className: "Object", params: {} } }),
  () => ({ $estimator: { className: "LinearRegression", params: { fitIntercept: true }, state: { coef_: 3 } } }),
  () => ({ $object: { type: "CVResults", data: {} } }), () => ({ $object: { type: "Function", data: "return 1" } }),
  () => ({ $randomState: { algorithm: "MT19937", key: [1], pos: 0, hasGauss: false, cachedGaussian: 0 } }),
  () => ({ __proto__x: 1, $eval: "process.exit(1)" }), () => deep(200), () => "y".repeat(10000),
];

/** Kinds of damage, in the order the fuzz test cycles through them. */
export const MUTATIONS = [
  "bitflip", "bitflip-repacked", "truncate", "truncate-repacked-data", "header-lengths", "append", "random-bytes",
  "json-replace", "json-delete", "json-add-key", "json-number", "json-classname", "json-array-ref", "json-text",
] as const;
export type Mutation = typeof MUTATIONS[number];

function numberSlots(m: unknown): Slot[] {
  return slots(m).filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === "number");
}

/**
 * One damaged copy of `file`.
 * @param file - a valid model file
 * @param kind - which damage
 * @param rng - the seeded generator
 */
export function mutate(file: Buffer, kind: Mutation, rng: Rng): Buffer {
  const set = (s: Slot, v: unknown) => { (s.parent as Record<string | number, unknown>)[s.key] = v; };
  switch (kind) {
    case "bitflip": {
      const b = Buffer.from(file);
      for (let i = 1 + rng.int(8); i > 0; i--) b[rng.int(b.length)] ^= 1 << rng.int(8);
      return b;
    }
    case "bitflip-repacked": {
      // damage inside manifest text or data, then fix lengths and checksum so the damage reaches parsing
      const { manifest, data } = split(file);
      const text = Buffer.from(JSON.stringify(manifest));
      const target = rng.next() < 0.5 ? text : data;
      for (let i = 1 + rng.int(4); i > 0 && target.length; i--) target[rng.int(target.length)] ^= 1 << rng.int(8);
      return pack(text.toString("latin1"), data);
    }
    case "truncate":
      return file.subarray(0, rng.int(file.length));
    case "truncate-repacked-data": {
      const { manifest, data } = split(file);
      return pack(JSON.stringify(manifest), data.subarray(0, rng.int(data.length + 1) & ~7));
    }
    case "header-lengths": {
      const b = Buffer.from(file);
      const field = rng.int(3);
      const v = rng.pick([0, 1, 7, 0xffffffff, 0x7fffffff, b.length, rng.int(2 ** 32)]);
      if (field === 0) b.writeUInt32LE(v >>> 0, 8);
      else if (field === 1) b.writeUInt32LE(v >>> 0, 12);
      else b.writeBigUInt64LE(rng.next() < 0.5 ? BigInt(v) : 2n ** 64n - 1n - BigInt(rng.int(100)), 16);
      return b;
    }
    case "append":
      return Buffer.concat([file, Buffer.alloc(1 + rng.int(64), rng.int(256))]);
    case "random-bytes": {
      const b = Buffer.alloc(rng.int(200));
      for (let i = 0; i < b.length; i++) b[i] = rng.int(256);
      if (rng.next() < 0.5) file.copy(b, 0, 0, Math.min(24, b.length)); // a plausible header, garbage after
      return b;
    }
    case "json-text": {
      // syntactically broken manifests, repacked
      const { manifest, data } = split(file);
      const text = JSON.stringify(manifest);
      const cut = rng.int(text.length);
      const variants = [text.slice(0, cut), text.slice(0, cut) + "}" + text.slice(cut), "[".repeat(100000), "null", "1e999", '"x"', "{}",
        text.replace('"typelearn-model"', '"other"'), text.replace('"formatVersion":2', '"formatVersion":3'),
        text.replace('"formatVersion":2', '"formatVersion":1')];
      return pack(rng.pick(variants), data);
    }
    default: {
      const { manifest, data } = split(file);
      const m = manifest as Record<string, unknown>;
      const all = slots(m.model);
      if (kind === "json-replace") set(rng.pick(all), rng.pick(REPLACEMENTS)());
      else if (kind === "json-delete") {
        const s = rng.pick(all);
        if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1); else delete s.parent[s.key as string];
      } else if (kind === "json-add-key") {
        const objs = all.map((s) => (s.parent as Record<string | number, unknown>)[s.key]).filter((v) => v && typeof v === "object" && !Array.isArray(v));
        const o = rng.pick(objs) as Record<string, unknown> | undefined;
        if (o) o[rng.pick(["extra_", "coef_", "$ndarray", "__proto__", "constructor", "nJobs", "toString"])] = rng.pick(REPLACEMENTS)();
      } else if (kind === "json-number") {
        const nums = numberSlots(m.model);
        if (nums.length) {
          const s = rng.pick(nums);
          const n = (s.parent as Record<string | number, number>)[s.key];
          set(s, rng.pick([n + 1, n - 1, -n, n * 1e6, n + 0.5, n + 8, 2 ** 31, -(2 ** 31), 1e308]));
        }
      } else if (kind === "json-classname") {
        const named = all.filter((s) => s.key === "className");
        if (named.length) set(rng.pick(named), rng.pick([...registeredEstimators(), "Function", "constructor", "__proto__", ""]));
      } else {
        // json-array-ref: a field of an array reference
        const refs = all.filter((s) => ["offset", "byteLength", "shape", "dtype", "type"].includes(String(s.key)));
        if (refs.length) {
          const s = rng.pick(refs);
          set(s, rng.pick([0, 4, 8, 1, -8, 1e12, data.length, data.length + 8, "float64", "int32", "bool", "Uint8Array",
            "Float32Array", [0], [1, 2], [2 ** 31], [], "x", null]));
        }
      }
      return pack(JSON.stringify(m), data);
    }
  }
}
