/**
 * An estimator as plain data: `{ className, params }`, nested estimators (Pipeline steps, a search's estimator)
 * as specs too, rebuilt through the registry. This is what crosses to worker threads; it holds no code.
 * With `{ fitted: true }` the learned `_` fields travel too (structured-clone data, not JSON).
 */
import { NDArray } from "../array/ndarray";
import { TypelearnError, describeValue } from "../errors";
import { RandomState } from "../random/random_state";
import { BaseEstimator, Params } from "./estimator";
import { estimatorClass } from "./registry";
import { fittedAttributeNames } from "./fitted";

/** An estimator described as data. */
export interface EstimatorSpec {
  className: string;
  params: Record<string, SpecValue>;
  /** Learned fields (only with toSpec(est, { fitted: true })). */
  state?: Record<string, unknown>;
}

/** A value allowed in a spec's params. */
export type SpecValue = number | string | boolean | null | undefined | SpecValue[] | { [key: string]: SpecValue } |
  { $estimator: EstimatorSpec } | { $randomState: { algorithm: string; key: number[]; pos: number; hasGauss: boolean; cachedGaussian: number } };

/** A value cannot be described as data (a function, a class instance other than an estimator…). */
export class SpecError extends TypelearnError {
  /**
   * @param path - where the value sits, e.g. "Pipeline.steps[1][1].C"
   * @param received - the value
   */
  constructor(readonly path: string, readonly received: unknown) {
    super(`${path}: expected a number, string, boolean, null, array, plain object or estimator in an estimator ` +
      `spec, received ${describeValue(received)}`);
  }
}

/** How a learned value that is a class instance (not an estimator) becomes plain data and back. */
export interface StateClassCodec<T = unknown> {
  /** Plain data standing for the value (may hold NDArrays, typed arrays, estimators). */
  encode(value: T): unknown;
  /** The value rebuilt from what encode returned (after its NDArrays etc. are rebuilt). */
  decode(data: unknown): T;
}

const stateClasses = new Map<string, { cls: abstract new (...args: never[]) => unknown; codec: StateClassCodec }>();

/**
 * Let a class of learned values (e.g. a search's CVResults) travel in fitted specs as `{ $object: { type, data } }`.
 * @param name - a stable type name stored in specs and model files
 * @param cls - the class; its instances are encoded
 * @param codec - encode to plain data and decode back
 * @example
 * registerStateClass("CVResults", CVResults, { encode: (r) => ({ params: r.params, columns: r.columns }), decode: (d) => … });
 */
export function registerStateClass<T>(name: string, cls: abstract new (...args: never[]) => T, codec: StateClassCodec<T>): void {
  stateClasses.set(name, { cls, codec: codec as StateClassCodec });
}

/**
 * Rebuild a registered state class from its decoded data.
 * @param name - the type name given to registerStateClass
 * @param data - the decoded data
 * @example
 * decodeStateClass("CVResults", { params, columns });
 */
export function decodeStateClass(name: string, data: unknown): unknown {
  const entry = stateClasses.get(name);
  if (!entry) throw new SpecError(`$object ${name}`, name);
  return entry.codec.decode(data);
}

/** Options of {@link toSpec}. */
export interface ToSpecOptions {
  /** Also carry learned `_` fields (default false). */
  fitted?: boolean;
}

/**
 * Describe an estimator as plain data.
 * @param est - a registered estimator (nested estimators must be registered too)
 * @param options - { fitted } to include learned fields
 * @returns `{ className, params }` (and `state` when fitted)
 * @example
 * toSpec(new LinearRegression({ fitIntercept: false }));
 * // { className: "LinearRegression", params: { fitIntercept: false } }
 */
export function toSpec(est: BaseEstimator, options: ToSpecOptions = {}): EstimatorSpec {
  return encodeEstimator(est, est?.constructor?.name ?? "estimator", options.fitted === true);
}

function encodeEstimator(est: BaseEstimator, where: string, fitted: boolean): EstimatorSpec {
  if (!(est instanceof BaseEstimator)) throw new SpecError(where, est);
  const className = est.constructor.name;
  let cls: unknown;
  try {
    cls = estimatorClass(className);
  } catch {
    cls = undefined;
  }
  if (cls !== est.constructor) {
    const err = new SpecError(where, est);
    err.message = `${where}: the class ${className} is not registered (call registerEstimator(${className}) in a ` +
      "module that worker threads load, see addWorkerModule)";
    throw err;
  }
  const params: Record<string, SpecValue> = {};
  const given = est.getParams(false);
  // indexed loops: a dump runs this once per tree in code not yet optimized, where for…of allocates per step
  const names = Object.keys(given);
  for (let i = 0; i < names.length; i++) {
    const k = names[i];
    const v = given[k];
    // a plain value is itself: no path string to build for it (a forest has thousands)
    params[k] = isScalar(v) ? v : encodeValue(v, `${where}.${k}`, fitted);
  }
  const spec: EstimatorSpec = { className, params };
  if (fitted) {
    const state: Record<string, unknown> = {};
    // declared order (parents' attributes first), not the order fit happened to assign them in
    const own: string[] = [];
    const keys = Object.keys(est);
    for (let i = 0; i < keys.length; i++) if (keys[i].endsWith("_")) own.push(keys[i]);
    const order: string[] = [];
    const declared = fittedAttributeNames(est);
    for (let i = 0; i < declared.length; i++) if (own.includes(declared[i])) order.push(declared[i]);
    for (let i = 0; i < own.length; i++) if (!order.includes(own[i])) order.push(own[i]);
    for (let i = 0; i < order.length; i++) {
      const k = order[i];
      const v = (est as unknown as Record<string, unknown>)[k];
      if (v !== undefined) state[k] = isScalar(v) || isAllowedView(v) ? v : encodeState(v, `${where}.${k}`);
    }
    spec.state = state;
  }
  return spec;
}

/** A plain object (`{}` or `Object.create(null)`), not an array or a class instance. @internal */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A value a spec carries as it is (encodeValue's first case). */
function isScalar(v: unknown): v is number | string | boolean | null | undefined {
  return v === null || v === undefined || typeof v === "number" || typeof v === "string" || typeof v === "boolean";
}

/** A typed array or DataView, which learned state carries as it is (encodeState's second case). */
function isAllowedView(v: unknown): v is ArrayBufferView {
  return ArrayBuffer.isView(v);
}

function encodeValue(v: unknown, where: string, fitted: boolean): SpecValue {
  if (v === null || v === undefined || typeof v === "string" || typeof v === "boolean" || typeof v === "number") {
    return v as SpecValue;
  }
  if (v instanceof BaseEstimator) return { $estimator: encodeEstimator(v, where, fitted) };
  if (v instanceof RandomState) {
    const st = v.getState();
    return { $randomState: { ...st, key: Array.from(st.key) } };
  }
  if (Array.isArray(v)) return v.map((x, i) => encodeValue(x, `${where}[${i}]`, fitted));
  if (isPlainObject(v)) {
    if ("$estimator" in v || "$randomState" in v || "$ndarray" in v) throw new SpecError(where, v);
    const out: Record<string, SpecValue> = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) out[keys[i]] = encodeValue(v[keys[i]], `${where}.${keys[i]}`, fitted);
    return out;
  }
  throw new SpecError(where, v);
}

function encodeState(v: unknown, where: string): unknown {
  if (v instanceof NDArray) return { $ndarray: { data: v.data.slice(), shape: [...v.shape], dtype: v.dtype } };
  if (ArrayBuffer.isView(v)) return v;
  if (v instanceof BaseEstimator) return { $estimator: encodeEstimator(v, where, true) };
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !isPlainObject(v)) {
    for (const [type, { cls, codec }] of stateClasses) {
      if (v instanceof cls) return { $object: { type, data: encodeState(codec.encode(v), `${where}`) } };
    }
  }
  if (Array.isArray(v)) return v.map((x, i) => (isScalar(x) || isAllowedView(x) ? x : encodeState(x, `${where}[${i}]`)));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = v[k];
      out[k] = isScalar(x) || isAllowedView(x) ? x : encodeState(x, `${where}.${k}`);
    }
    return out;
  }
  return encodeValue(v, where, true);
}

/**
 * Rebuild an estimator from its spec (via the registry; runs no stored code).
 * @param spec - what toSpec returned
 * @example
 * const est = fromSpec({ className: "LinearRegression", params: { fitIntercept: false } });
 */
export function fromSpec<T extends BaseEstimator = BaseEstimator>(spec: EstimatorSpec): T {
  if (!spec || typeof spec !== "object" || typeof spec.className !== "string" || !isPlainObject(spec.params)) {
    throw new SpecError("spec", spec);
  }
  const cls = estimatorClass(spec.className) as new (options: Params) => T;
  const params: Params = {};
  for (const [k, v] of Object.entries(spec.params)) params[k] = decode(v);
  const est = new cls(params);
  if (spec.state) {
    for (const [k, v] of Object.entries(spec.state)) (est as unknown as Params)[k] = decode(v);
  }
  return est;
}

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
    const o = v as Record<string, unknown>;
    if ("$estimator" in o) return fromSpec(o.$estimator as EstimatorSpec);
    if ("$randomState" in o) {
      const rs = new RandomState();
      rs.setState(o.$randomState as Parameters<RandomState["setState"]>[0]);
      return rs;
    }
    if ("$object" in o) {
      const d = o.$object as { type: string; data: unknown };
      return decodeStateClass(d.type, decode(d.data));
    }
    if ("$ndarray" in o) {
      const a = o.$ndarray as { data: NDArray["data"]; shape: number[]; dtype: NDArray["dtype"] };
      return new NDArray(a.data, a.shape, a.dtype);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = decode(x);
    return out;
  }
  return v;
}
