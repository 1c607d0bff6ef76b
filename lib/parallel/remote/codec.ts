/**
 * Payloads to Redis and back. A run's payloads usually share their big parts (X, y, the forest's column-major
 * data and ranks) by identity and by SharedArrayBuffer; those travel ONCE per run as content-addressed blobs:
 * every SharedArrayBuffer becomes a blob named by the SHA-256 of its bytes, and the top-level fields that are the
 * same object in every payload become one "common" blob. A task then carries only what differs (estimator spec,
 * fold indices, seed). Everything else is v8-serialized (structured clone, bit-exact doubles, typed arrays).
 */
import { createHash } from "crypto";
import * as v8 from "v8";

/** A SharedArrayBuffer or a typed array over one, replaced by a reference to a blob. */
type Ref = { __tlRef: "sab"; h: string } | { __tlRef: "view"; h: string; t: string; o: number; n: number };

/** A run's payloads, encoded. */
export interface EncodedRun {
  /** Hash → bytes of every blob the run needs (SharedArrayBuffers and the common part). */
  blobs: Map<string, Uint8Array>;
  /** Hash of the common part, or null. */
  common: string | null;
  /** Hashes every task needs. */
  needs: string[];
  /** One v8-serialized per-task part per payload. */
  bodies: Uint8Array[];
}

/** SHA-256 of bytes, hex. */
export function hashBytes(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  return !(v instanceof ArrayBuffer || v instanceof SharedArrayBuffer || v instanceof Map || v instanceof Set ||
    v instanceof Date || v instanceof RegExp);
}

/** Replace shared memory by blob references (registering the blobs), copying the containers on the way. */
function toRefs(v: unknown, sabHash: Map<SharedArrayBuffer, string>, blobs: Map<string, Uint8Array>): unknown {
  const hashOf = (sab: SharedArrayBuffer): string => {
    let h = sabHash.get(sab);
    if (h === undefined) {
      const bytes = new Uint8Array(sab.byteLength);
      bytes.set(new Uint8Array(sab));
      h = hashBytes(bytes);
      sabHash.set(sab, h);
      blobs.set(h, bytes);
    }
    return h;
  };
  if (v instanceof SharedArrayBuffer) return { __tlRef: "sab", h: hashOf(v) } satisfies Ref;
  if (ArrayBuffer.isView(v)) {
    if (!(v.buffer instanceof SharedArrayBuffer)) return v;
    const bpe = (v as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    return { __tlRef: "view", h: hashOf(v.buffer), t: v.constructor.name, o: v.byteOffset, n: v.byteLength / bpe } satisfies Ref;
  }
  if (Array.isArray(v)) return v.map((x) => toRefs(x, sabHash, blobs));
  if (isPlainRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toRefs(v[k], sabHash, blobs);
    return out;
  }
  return v;
}

const viewCtors: Record<string, new (b: SharedArrayBuffer, o: number, n: number) => ArrayBufferView> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
  Uint8ClampedArray, BigInt64Array, BigUint64Array,
} as unknown as Record<string, new (b: SharedArrayBuffer, o: number, n: number) => ArrayBufferView>;

/**
 * Put shared memory back in place of blob references.
 * @param v - a decoded value
 * @param sabs - hash → SharedArrayBuffer holding the blob
 * @example
 * fromRefs(v8.deserialize(body), cache);
 */
export function fromRefs(v: unknown, sabs: Map<string, SharedArrayBuffer>): unknown {
  if (Array.isArray(v)) return v.map((x) => fromRefs(x, sabs));
  if (isPlainRecord(v)) {
    const r = v as Partial<Ref>;
    if (r.__tlRef === "sab" || r.__tlRef === "view") {
      const sab = sabs.get(r.h as string);
      if (!sab) throw new Error(`blob ${r.h} is not loaded`);
      if (r.__tlRef === "sab") return sab;
      const ctor = viewCtors[(r as { t: string }).t];
      if (!ctor) throw new Error(`unknown typed array ${(r as { t: string }).t}`);
      return new ctor(sab, (r as { o: number }).o, (r as { n: number }).n);
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = fromRefs(v[k], sabs);
    return out;
  }
  return v;
}

/**
 * Encode a run's payloads (see the module comment).
 * @param payloads - the tasks' payloads
 * @example
 * const run = encodeRun(payloads); run.bodies.length === payloads.length;
 */
export function encodeRun(payloads: readonly unknown[]): EncodedRun {
  const sabHash = new Map<SharedArrayBuffer, string>();
  const blobs = new Map<string, Uint8Array>();
  let commonKeys: string[] = [];
  if (payloads.length > 1 && payloads.every(isPlainRecord)) {
    const first = payloads[0] as Record<string, unknown>;
    commonKeys = Object.keys(first).filter((k) => typeof first[k] === "object" && first[k] !== null &&
      payloads.every((p) => Object.prototype.hasOwnProperty.call(p, k) && (p as Record<string, unknown>)[k] === first[k]));
  }
  let common: string | null = null;
  if (commonKeys.length > 0) {
    const first = payloads[0] as Record<string, unknown>;
    const part: Record<string, unknown> = {};
    for (const k of commonKeys) part[k] = first[k];
    const bytes = new Uint8Array(v8.serialize(toRefs(part, sabHash, blobs)));
    common = hashBytes(bytes);
    blobs.set(common, bytes);
  }
  const bodies = payloads.map((p) => {
    let rest: unknown = p;
    if (commonKeys.length > 0) {
      const r: Record<string, unknown> = {};
      for (const k of Object.keys(p as object)) if (!commonKeys.includes(k)) r[k] = (p as Record<string, unknown>)[k];
      rest = r;
    }
    return new Uint8Array(v8.serialize(toRefs(rest, sabHash, blobs)));
  });
  return { blobs, common, needs: [...blobs.keys()], bodies };
}

/**
 * Rebuild one task's payload from its body and the (already loaded) common part.
 * @param body - the task's v8-serialized part
 * @param common - the decoded common part, or null
 * @param sabs - loaded blobs
 * @example
 * decodeTask(Buffer.from(job.data.body, "base64"), common, cache);
 */
export function decodeTask(body: Uint8Array, common: Record<string, unknown> | null,
  sabs: Map<string, SharedArrayBuffer>): unknown {
  const rest = fromRefs(v8.deserialize(body), sabs);
  return common ? { ...common, ...(rest as Record<string, unknown>) } : rest;
}
