/**
 * Dump side: turn an estimator's fitted spec (lib/base/spec) into a JSON manifest tree plus a binary section.
 * Every NDArray and typed array leaves the JSON and becomes a reference `{ offset, byteLength, … }` into the
 * binary section; numbers JSON cannot carry (NaN, ±Infinity, −0) and undefined become small tagged objects, so the
 * loaded model is bit-for-bit the saved one.
 */
import { isPlainObject, toSpec } from "../base/spec";
import { BaseEstimator } from "../base/estimator";
import { PersistError } from "./errors";
import { DataSection, align8 } from "./format";
import { TYPED_ARRAYS, TypedArrayName } from "./types";

/** The JSON tree and binary section of one model. */
export interface Encoded {
  /** The model's tree, arrays replaced by references. */
  model: unknown;
  /** The binary section, as views of the model's own arrays (laid out, not yet copied). */
  data: DataSection;
  /** Number of arrays in the binary section. */
  arrays: number;
}

// only offsets are computed here: the arrays' bytes are copied once, straight into the file buffer or the file
// (format.ts), instead of into an intermediate section that would then be copied again
class Layout implements DataSection {
  chunks: { offset: number; bytes: Uint8Array }[] = [];
  private end = 0;
  get byteLength(): number {
    return align8(this.end);
  }
  /** Place an array; returns its offset (its byteLength is the view's). */
  add(view: ArrayBufferView): number {
    const offset = align8(this.end);
    this.chunks.push({ offset, bytes: new Uint8Array(view.buffer, view.byteOffset, view.byteLength) });
    this.end = offset + view.byteLength;
    return offset;
  }
}

function typedName(v: ArrayBufferView, where: () => string): TypedArrayName {
  const name = v.constructor?.name;
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, name)) {
    throw new PersistError("unsupported", where(), `expected one of ${Object.keys(TYPED_ARRAYS).join(", ")}, received a ${name}`);
  }
  return name as TypedArrayName;
}

/** A number JSON can carry as is, or its tag. */
export function encodeNumber(x: number): number | { $number: string } {
  if (Number.isNaN(x)) return { $number: "NaN" };
  if (x === Infinity) return { $number: "Infinity" };
  if (x === -Infinity) return { $number: "-Infinity" };
  if (Object.is(x, -0)) return { $number: "-0" };
  return x;
}

/**
 * A leaf of the tree — a scalar or a typed array — encoded without building its path (a forest has thousands of
 * leaves; the path is only needed for an error message); anything else goes to encodeTree with its path.
 */
function encodeChild(v: unknown, parent: string, key: string | number, layout: Layout): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return encodeNumber(v);
  if (v === undefined) return { $undefined: true };
  const where = () => (typeof key === "number" ? `${parent}[${key}]` : `${parent}.${key}`);
  if (ArrayBuffer.isView(v)) return { $typed: { type: typedName(v, where), offset: layout.add(v), byteLength: v.byteLength } };
  return encodeTree(v, where(), layout);
}

function encodeTree(v: unknown, where: string, layout: Layout): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (v === undefined) return { $undefined: true };
  if (typeof v === "number") return encodeNumber(v);
  if (ArrayBuffer.isView(v)) return { $typed: { type: typedName(v, () => where), offset: layout.add(v), byteLength: v.byteLength } };
  if (Array.isArray(v)) return v.map((x, i) => encodeChild(x, where, i, layout));
  if (isPlainObject(v)) {
    if ("$ndarray" in v) {
      const a = v.$ndarray as { data: ArrayBufferView; shape: number[]; dtype: string };
      return { $ndarray: { dtype: a.dtype, shape: [...a.shape], offset: layout.add(a.data), byteLength: a.data.byteLength } };
    }
    if ("$estimator" in v) {
      const s = v.$estimator as { className: string; params: unknown; state?: unknown };
      const out: Record<string, unknown> = { className: s.className, params: encodeTree(s.params, `${where}`, layout) };
      if (s.state !== undefined) out.state = encodeTree(s.state, where, layout);
      return { $estimator: out };
    }
    if ("$object" in v) {
      const o = v.$object as { type: string; data: unknown };
      return { $object: { type: o.type, data: encodeTree(o.data, where, layout) } };
    }
    if ("$randomState" in v) return { $randomState: encodeTree(v.$randomState, `${where}.randomState`, layout) };
    const out: Record<string, unknown> = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k.startsWith("$") || k === "__proto__") {
        throw new PersistError("unsupported", `${where}.${k}`, "object keys starting with $ are reserved by the model format");
      }
      out[k] = encodeChild(v[k], where, k, layout);
    }
    return out;
  }
  throw new PersistError("unsupported", where, `expected plain data (numbers, strings, arrays, typed arrays, NDArrays, ` +
    `plain objects, estimators), received a ${(v as object)?.constructor?.name ?? typeof v}`);
}

/**
 * Encode a fitted (or unfitted) estimator.
 * @param est - a registered estimator
 */
export function encodeEstimator(est: BaseEstimator): Encoded {
  if (!(est instanceof BaseEstimator)) {
    throw new PersistError("unsupported", "model", `expected an estimator (e.g. a fitted Pipeline), received ${
      est === null ? "null" : typeof est === "object" ? `a ${(est as object).constructor?.name}` : typeof est}`);
  }
  let spec;
  try {
    spec = toSpec(est, { fitted: true });
  } catch (e) {
    const where = (e as { path?: string }).path;
    const msg = (e as Error).message;
    throw new PersistError("unsupported", where ?? "model", where && msg.startsWith(`${where}: `) ? msg.slice(where.length + 2) : msg);
  }
  const layout = new Layout();
  const model = (encodeTree({ $estimator: spec }, "model", layout) as { $estimator: unknown }).$estimator;
  return { model, data: layout, arrays: layout.chunks.length };
}
