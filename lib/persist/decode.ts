/**
 * Load side: rebuild an estimator from a parsed manifest and the binary section, trusting nothing. Class names come
 * only from the estimator registry (nothing stored is ever evaluated), options go through the estimator's own
 * constructor checks, learned fields must be ones the class declares, every array reference is checked against
 * the binary section (bounds, 8-byte alignment, dtype allowlist, shape × item size = byte length) and copied out,
 * and the class's own learned-state check (registered by its model family, lib/base/state_checks) ties every
 * declared count to the stored arrays before anything is allocated from it.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { estimatorClass } from "../base/registry";
import { fittedAttributeNames } from "../base/fitted";
import { decodeStateClass } from "../base/spec";
import { RandomState } from "../random/random_state";
import { PersistError } from "./errors";
import { NDARRAY_DTYPES, TYPED_ARRAYS } from "./types";
import { validateState } from "./validators";
import type { PreReadArrays } from "./direct_read";

/** Deepest nesting of JSON values accepted (a real model nests < 15 levels). */
const MAX_DEPTH = 64;
const MAX_NDIM = 32;

/** What decoding needs of the file. */
export interface Ctx {
  /** Bytes of the binary section. */
  dataLength: number;
  /** The binary section, when the whole file is at hand (loadBytes): each array is copied out of it. */
  data?: Uint8Array;
  /** The arrays, when they were read from the file straight into their own memory (load; direct_read.ts). */
  arrays?: PreReadArrays;
  /** The file's size: no declared feature count may exceed it (validators.ts). */
  maxCount: number;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function fail(kind: ConstructorParameters<typeof PersistError>[0], path: string, detail: string): never {
  throw new PersistError(kind, path, detail);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

function int(v: unknown, path: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    fail("array", path, `expected ${what} as an integer in [0, ${max}], received ${describe(v)}`);
  }
  return v;
}

/** The `byteLength` bytes at `offset` of the binary section as a typed array of `Ctor` with memory of its own. */
function readArray<T extends ArrayBufferView>(ref: Record<string, unknown>, Ctor: { new(n: number): T; BYTES_PER_ELEMENT: number },
  path: string, ctx: Ctx): T {
  const size = ctx.dataLength;
  const offset = int(ref.offset, `${path}.offset`, "a byte offset", size);
  const byteLength = int(ref.byteLength, `${path}.byteLength`, "a byte length", size);
  if (offset % 8 !== 0) fail("array", `${path}.offset`, `expected a multiple of 8, received ${offset}`);
  if (offset + byteLength > size) {
    fail("array", path, `expected bytes within the ${size}-byte data section, received ${offset}..${offset + byteLength}`);
  }
  if (byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
    fail("array", `${path}.byteLength`, `expected a multiple of ${Ctor.BYTES_PER_ELEMENT}, received ${byteLength}`);
  }
  if (byteLength === 0) return new Ctor(0);
  const own = ctx.arrays?.take(offset, byteLength);
  if (own) return new (Ctor as unknown as new (b: ArrayBuffer) => T)(own);
  const data = ctx.data;
  // direct_read.ts reads every reference of the manifest; a miss would be a bug there, named rather than crashed on
  if (!data) fail("array", path, `bytes ${offset}..${offset + byteLength} of the data section were not read`);
  const { buffer, byteOffset } = data;
  // ArrayBuffer.slice copies into memory it does not zero first: a third faster than new + set over a forest's
  // thousand arrays. Bytes in a SharedArrayBuffer are copied into an ordinary one, so a loaded model never shares.
  if (buffer instanceof ArrayBuffer) {
    return new (Ctor as unknown as new (b: ArrayBuffer) => T)(buffer.slice(byteOffset + offset, byteOffset + offset + byteLength));
  }
  const out = new Ctor(byteLength / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(data.subarray(offset, offset + byteLength));
  return out;
}

function onlyKeys(o: Record<string, unknown>, keys: string[], path: string): void {
  // indexed loops here and below: a first load runs them unoptimized, where for…of allocates a result per step
  const own = Object.keys(o);
  for (let i = 0; i < own.length; i++) {
    const k = own[i];
    if (!keys.includes(k)) fail("manifest", path, `unexpected key ${JSON.stringify(k)} (expected ${keys.join(", ")})`);
  }
}

// a Map, not an object literal: a file-supplied tag such as "__proto__", "constructor" or "toString" must not find
// Object.prototype or a built-in through the prototype chain
const NUMBER_TAGS: ReadonlyMap<string, number> = new Map([["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["-0", -0]]);

/** The number a `$number` tag stands for. */
function numberTag(body: unknown, path: string): number {
  const x = typeof body === "string" ? NUMBER_TAGS.get(body) : undefined;
  if (x === undefined) fail("manifest", path, `expected $number to be one of ${[...NUMBER_TAGS.keys()].join(", ")}, received ${describe(body)}`);
  return x;
}

/**
 * One stored value. `arrays` is false in params (options never hold arrays of the binary section).
 */
function decodeValue(v: unknown, path: string, ctx: Ctx, depth: number, arrays: boolean): unknown {
  if (depth > MAX_DEPTH) fail("manifest", path, `expected at most ${MAX_DEPTH} levels of nesting`);
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((x, i) => (isLeaf(x, depth + 1) ? x : decodeValue(x, `${path}[${i}]`, ctx, depth + 1, arrays)));
  if (!isPlain(v)) fail("manifest", path, `expected JSON data, received ${describe(v)}`);
  const keys = Object.keys(v);
  let tag: string | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k.startsWith("$")) {
      tag = k;
      break;
    }
  }
  if (tag !== undefined) {
    if (keys.length !== 1) fail("manifest", path, `expected ${tag} alone in its object, received keys ${keys.join(", ")}`);
    const body = v[tag];
    switch (tag) {
      case "$number":
        return numberTag(body, path);
      case "$undefined":
        if (body !== true) fail("manifest", path, `expected $undefined: true, received ${describe(body)}`);
        return undefined;
      case "$estimator":
        return decodeEstimator(body, path, ctx, depth + 1);
      case "$randomState":
        return decodeRandomState(body, path);
      case "$object": {
        if (!arrays) fail("manifest", path, "expected no learned objects in an estimator's options");
        if (!isPlain(body)) fail("manifest", path, `expected { type, data }, received ${describe(body)}`);
        onlyKeys(body, ["type", "data"], path);
        if (typeof body.type !== "string") fail("manifest", `${path}.type`, `expected a type name, received ${describe(body.type)}`);
        const data = decodeValue(body.data, `${path}.data`, ctx, depth + 1, arrays);
        try {
          return decodeStateClass(body.type, data);
        } catch (e) {
          fail("state", path, (e as Error)?.message ?? String(e));
        }
      }
      case "$typed": {
        if (!arrays) fail("manifest", path, "expected no arrays in an estimator's options");
        if (!isPlain(body)) fail("manifest", path, `expected an array reference, received ${describe(body)}`);
        onlyKeys(body, ["type", "offset", "byteLength"], path);
        const type = body.type;
        if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, type)) {
          fail("array", `${path}.type`, `expected one of ${Object.keys(TYPED_ARRAYS).join(", ")}, received ${describe(type)}`);
        }
        return readArray(body, TYPED_ARRAYS[type as keyof typeof TYPED_ARRAYS] as unknown as { new(n: number): ArrayBufferView; BYTES_PER_ELEMENT: number }, path, ctx);
      }
      case "$ndarray": {
        if (!arrays) fail("manifest", path, "expected no arrays in an estimator's options");
        if (!isPlain(body)) fail("manifest", path, `expected an array reference, received ${describe(body)}`);
        onlyKeys(body, ["dtype", "shape", "offset", "byteLength"], path);
        const dtype = body.dtype;
        if (typeof dtype !== "string" || !Object.prototype.hasOwnProperty.call(NDARRAY_DTYPES, dtype)) {
          fail("array", `${path}.dtype`, `expected one of ${Object.keys(NDARRAY_DTYPES).join(", ")}, received ${describe(dtype)}`);
        }
        const shape = body.shape;
        if (!Array.isArray(shape) || shape.length > MAX_NDIM) {
          fail("array", `${path}.shape`, `expected an array of at most ${MAX_NDIM} lengths, received ${describe(shape)}`);
        }
        let size = 1;
        // an axis can be no longer than the file is large (a non-empty array's axes are bounded by its bytes anyway;
        // this bounds the axes of an empty one, e.g. [1e9, 0], that a loop over rows would otherwise trust)
        const maxAxis = Math.min(2 ** 31 - 1, ctx.maxCount);
        for (let i = 0; i < shape.length; i++) size *= int(shape[i], `${path}.shape[${i}]`, "an axis length", maxAxis);
        const Ctor = NDARRAY_DTYPES[dtype as keyof typeof NDARRAY_DTYPES];
        if (size * Ctor.BYTES_PER_ELEMENT !== body.byteLength) {
          fail("array", path, `shape [${shape.join(", ")}] of ${dtype} needs ${size * Ctor.BYTES_PER_ELEMENT} bytes, ` +
            `the reference has ${describe(body.byteLength)}`);
        }
        const data = readArray(body, Ctor as unknown as { new(n: number): Float64Array; BYTES_PER_ELEMENT: number }, path, ctx);
        return new NDArray(data, shape as number[], dtype as NDArray["dtype"]);
      }
      default:
        fail("manifest", path, `unknown tag ${JSON.stringify(tag)} (expected $number, $undefined, $estimator, $randomState, $object, $typed or $ndarray)`);
    }
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    // JSON.parse makes "__proto__" an own key; assigning it here would replace the object's prototype
    if (k === "__proto__") fail("manifest", path, "unexpected key \"__proto__\"");
    const x = v[k];
    out[k] = isLeaf(x, depth + 1) ? x : decodeValue(x, `${path}.${k}`, ctx, depth + 1, arrays);
  }
  return out;
}

/**
 * A JSON scalar decodeValue would return as it is at this depth: taken without building its path (a forest has
 * thousands; the path is only needed for an error message).
 */
function isLeaf(x: unknown, depth: number): boolean {
  return depth <= MAX_DEPTH && (x === null || typeof x === "string" || typeof x === "boolean" || typeof x === "number");
}

function decodeRandomState(body: unknown, path: string): RandomState {
  if (!isPlain(body)) fail("manifest", path, `expected a random state object, received ${describe(body)}`);
  onlyKeys(body, ["algorithm", "key", "pos", "hasGauss", "cachedGaussian"], path);
  const { algorithm, key, pos, hasGauss, cachedGaussian } = body;
  if (algorithm !== "MT19937") fail("state", `${path}.algorithm`, `expected "MT19937", received ${describe(algorithm)}`);
  if (!Array.isArray(key) || key.length !== 624 || !key.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32)) {
    fail("state", `${path}.key`, `expected 624 unsigned 32-bit integers, received ${describe(key)}`);
  }
  if (!Number.isInteger(pos) || (pos as number) < 0 || (pos as number) > 624) {
    fail("state", `${path}.pos`, `expected an integer in [0, 624], received ${describe(pos)}`);
  }
  let gauss = cachedGaussian;
  if (isPlain(cachedGaussian)) {
    onlyKeys(cachedGaussian, ["$number"], `${path}.cachedGaussian`);
    gauss = numberTag(cachedGaussian.$number, `${path}.cachedGaussian`);
  }
  if (typeof hasGauss !== "boolean" && hasGauss !== 0 && hasGauss !== 1) {
    fail("state", `${path}.hasGauss`, `expected a boolean, received ${describe(hasGauss)}`);
  }
  if (typeof gauss !== "number") fail("state", `${path}.cachedGaussian`, `expected a number, received ${describe(gauss)}`);
  const rs = new RandomState(0);
  try {
    rs.setState({ algorithm, key: Uint32Array.from(key as number[]), pos, hasGauss, cachedGaussian: gauss } as unknown as Parameters<RandomState["setState"]>[0]);
  } catch (e) {
    fail("state", path, (e as Error).message);
  }
  return rs;
}

/**
 * Rebuild one estimator (recursively: Pipeline steps, forest trees…).
 * @param v - `{ className, params, state? }` from the manifest
 * @param path - where it sits, for error messages
 */
export function decodeEstimator(v: unknown, path: string, ctx: Ctx, depth = 0): BaseEstimator {
  if (depth > MAX_DEPTH) fail("manifest", path, `expected at most ${MAX_DEPTH} levels of nesting`);
  if (!isPlain(v)) fail("manifest", path, `expected an estimator { className, params, state }, received ${describe(v)}`);
  onlyKeys(v, ["className", "params", "state"], path);
  const { className } = v;
  if (typeof className !== "string") fail("manifest", `${path}.className`, `expected a string, received ${describe(className)}`);
  let cls: new (options: Record<string, unknown>) => BaseEstimator;
  try {
    cls = estimatorClass(className) as typeof cls;
  } catch (e) {
    fail("class", `${path}.className`, `expected a registered estimator class, received ${describe(className)}`);
  }
  if (!(cls.prototype instanceof BaseEstimator)) fail("class", `${path}.className`, `${className} is not an estimator`);
  const where = `${path}(${className})`;
  if (!isPlain(v.params)) fail("manifest", `${where}.params`, `expected an object, received ${describe(v.params)}`);
  const params = decodeValue(v.params, `${where}.params`, ctx, depth + 1, false) as Record<string, unknown>;
  let est: BaseEstimator;
  try {
    est = new cls(params);
  } catch (e) {
    fail("params", `${where}.params`, (e as Error)?.message ?? String(e));
  }
  if (v.state !== undefined) {
    if (!isPlain(v.state)) fail("manifest", `${where}.state`, `expected an object, received ${describe(v.state)}`);
    // the learned fields the class declares (fittedAttributes, or plain class fields ending in _ that a fresh
    // instance owns); nothing else may be set
    const declared = fittedAttributeNames(est);
    const target = est as unknown as Record<string, unknown>;
    const state = v.state;
    const names = Object.keys(state);
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      if (!declared.includes(k) && !(k.endsWith("_") && Object.prototype.hasOwnProperty.call(est, k))) {
        const known = new Set([...declared, ...Object.keys(est).filter((f) => f.endsWith("_"))]);
        fail("state", `${where}.state.${k}`, `expected one of ${className}'s learned fields (${[...known].join(", ")}), received ${JSON.stringify(k)}`);
      }
      const x = state[k];
      target[k] = isLeaf(x, depth + 1) ? x : decodeValue(x, `${where}.${k}`, ctx, depth + 1, true);
    }
    validateState(est, where, ctx.maxCount);
  }
  return est;
}
