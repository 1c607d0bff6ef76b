/**
 * The estimator contract (scikit-learn's, in TypeScript): options are public camelCase fields set from a typed
 * options object with declared defaults; learned values are fields ending in `_`; getParams / setParams (with
 * `step__option` for nested estimators) / clone; a NotFittedError before fit; X checked for feature count and
 * feature names at every predict/transform; a repr and an HTML box in notebooks.
 */
import { displaySymbol, escapeHtml, MimeBundle } from "../display";
import { InputTypeError, NotFittedError, OptionError, ShapeError } from "../errors";
import { Matrix, toMatrix, ToMatrixOptions } from "./validation";
import { registerEstimator } from "./registry";
import { RandomState } from "../random/random_state";
import { fittedAttributes, hasFitted, hasOwnFitted } from "./fitted";
import type { EstimatorType } from "./roles";
import { checkParams } from "./constraints";
import type { Constraint } from "./constraints";
import { callRepr } from "./repr";

/** Option values by name. */
export type Params = Record<string, unknown>;

const defaultsOf = new WeakMap<object, Readonly<Params>>();

/** Options of {@link BaseEstimator.validateX}. */
export interface ValidateXOptions extends ToMatrixOptions {
  /** true in fit: record nFeaturesIn_ / featureNamesIn_; false at predict: check them. */
  reset: boolean;
}

/**
 * Base of every estimator. A subclass passes its defaults and the user's options to `super`, declares each
 * option with `declare` (so class-field semantics do not reset them) and implements fit.
 *
 * @example
 * class MyScaler extends BaseEstimator {
 *   declare factor: number;
 *   declare scale_: number;
 *   static { fittedAttributes(this, ["scale_"]); }
 *   constructor(options: { factor?: number } = {}) { super({ factor: 1 }, options); }
 * }
 */
export abstract class BaseEstimator {
  /** Number of features seen in fit. */
  declare nFeaturesIn_: number;
  /** Column names seen in fit when X was a data frame (undefined after a fit on unnamed columns). */
  declare featureNamesIn_: string[] | undefined;
  static { fittedAttributes(this, ["nFeaturesIn_", "featureNamesIn_"]); }

  /**
   * @param defaults - every option with its default value (the option list itself)
   * @param options - the user's options; unknown names are rejected
   */
  constructor(defaults: Params, options: object | undefined) {
    const name = this.constructor.name;
    if (options === undefined) options = {};
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new InputTypeError(`${name} options`, "an options object, e.g. {}", options);
    }
    defaultsOf.set(this, Object.freeze({ ...defaults }));
    // indexed loops: a load constructs one estimator per tree in code not yet optimized, where for…of and entry
    // pairs allocate per step
    const given = Object.keys(options);
    for (let i = 0; i < given.length; i++) {
      const key = given[i];
      if (!Object.hasOwn(defaults, key)) {
        throw new OptionError(`${name} option "${key}"`, `one of ${Object.keys(defaults).join(", ") || "(no options)"}`, key);
      }
    }
    const self = this as unknown as Params;
    const names = Object.keys(defaults);
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      const v = (options as Params)[k];
      self[k] = v === undefined ? defaults[k] : v;
    }
  }

  /**
   * What the estimator is (scikit-learn's `_estimator_type`): "classifier", "regressor" or "clusterer", given by
   * its role (lib/base/roles.ts) or, for a wrapper, by what it wraps; undefined for transformers.
   */
  get _estimatorType(): EstimatorType | undefined { return undefined; }

  /** The declared defaults of this estimator's options. */
  get defaults(): Readonly<Params> { return defaultsOf.get(this) ?? {}; }

  /**
   * The estimator's options.
   * @param deep - also list nested estimators' options as `name__option`
   * @example
   * new KMeans({ nClusters: 3 }).getParams().nClusters; // 3
   */
  getParams(deep = true): Params {
    const out: Params = {};
    const self = this as unknown as Params;
    for (const k of Object.keys(this.defaults)) {
      const v = self[k];
      out[k] = v;
      if (deep && v instanceof BaseEstimator) {
        for (const [sk, sv] of Object.entries(v.getParams(true))) out[`${k}__${sk}`] = sv;
      }
    }
    return out;
  }

  /**
   * Set options; `name__option` reaches into a nested estimator. Returns this.
   * @example
   * pipe.setParams({ clf__C: 10 });
   */
  setParams(params: Params): this {
    const self = this as unknown as Params;
    for (const [key, value] of Object.entries(params)) {
      const sep = key.indexOf("__");
      if (sep > 0) {
        const head = key.slice(0, sep);
        const nested = this.nestedEstimator(head);
        if (!nested) {
          throw new OptionError(`${this.constructor.name} parameter "${key}"`, `a nested estimator named "${head}"`, head);
        }
        nested.setParams({ [key.slice(sep + 2)]: value });
        continue;
      }
      if (!Object.hasOwn(this.defaults, key)) {
        throw new OptionError(`${this.constructor.name} option "${key}"`, `one of ${Object.keys(this.defaults).join(", ")}`, key);
      }
      self[key] = value;
    }
    return this;
  }

  /** The nested estimator addressed by `name` in `name__option` (an option holding an estimator by default). */
  protected nestedEstimator(name: string): BaseEstimator | undefined {
    const v = (this as unknown as Params)[name];
    return Object.hasOwn(this.defaults, name) && v instanceof BaseEstimator ? v : undefined;
  }

  /**
   * A new, unfitted estimator with equal options (nested estimators are cloned too).
   * @example
   * const fresh = model.clone();
   */
  clone(): this {
    const ctor = this.constructor as new (options: Params) => this;
    return new ctor(cloneParams(this.getParams(false)) as Params);
  }

  /**
   * Check every option against the class's declared `static parameterConstraints` table (scikit-learn's
   * _validate_params): each fit calls this once, before anything else; an option outside its constraints throws an
   * OptionError naming it. A class without a table checks nothing here.
   * @example
   * fit(X: MatrixLike) { this.validateParams(); … }
   */
  protected validateParams(): void {
    const table = (this.constructor as { parameterConstraints?: Readonly<Record<string, readonly Constraint[]>> }).parameterConstraints;
    if (table) checkParams(this, table);
  }

  /** True once fit has run (any learned `_` field is set). */
  isFitted(): boolean { return hasOwnFitted(this); }

  /** Throw NotFittedError unless fitted. */
  protected checkIsFitted(method: string): void {
    if (!this.isFitted()) throw new NotFittedError(this.constructor.name, `${method}()`);
  }

  /**
   * Convert and check X. In fit (reset) it records nFeaturesIn_ and featureNamesIn_; afterwards it checks that X
   * has the same number of features and, when names were seen, the same names in the same order.
   */
  protected validateX(X: unknown, options: ValidateXOptions): Matrix {
    const m = toMatrix(X, "X", options);
    const name = this.constructor.name;
    if (options.reset) {
      this.nFeaturesIn_ = m.cols;
      this.featureNamesIn_ = m.columns ? [...m.columns] : undefined;
      return m;
    }
    if (hasFitted(this, "nFeaturesIn_") && m.cols !== this.nFeaturesIn_) {
      const err = new ShapeError("X", `${this.nFeaturesIn_} features, as ${name} saw in fit`, `${m.cols} features`);
      err.message = `X has ${m.cols} features, but ${name} is expecting ${this.nFeaturesIn_} features as input`;
      throw err;
    }
    const seen = this.featureNamesIn_;
    if (seen && m.columns && (m.columns.length !== seen.length || m.columns.some((c, i) => c !== seen[i]))) {
      throw new ShapeError("X feature names", `[${seen.join(", ")}] as seen in fit`, `[${m.columns.join(", ")}]`);
    }
    return m;
  }

  /** scikit-learn-style repr listing the options that differ from their defaults (multi-line when long). */
  toString(): string { return this.reprAt(0); }

  /**
   * The repr laid out from `column` (where a parent estimator's repr places it), as scikit-learn's pretty printer.
   * @param column - where the repr starts; trailing - closing characters after it; width - line width (80)
   */
  reprAt(column: number, trailing = 0, width?: number): string {
    const d = this.defaults;
    const entries = Object.entries(this.getParams(false)).filter(([k, v]) => !sameValue(v, d[k]));
    return callRepr(this.constructor.name, entries, column, trailing, width);
  }

  /** Notebook display: the repr as text and an HTML box that says whether the estimator is fitted. */
  [displaySymbol](): MimeBundle {
    const repr = this.toString();
    const fitted = this.isFitted();
    const html = `<div class="typelearn-estimator" style="display:inline-block;border:1px solid #9ab;` +
      `border-radius:4px;padding:4px 8px;font-family:monospace;background:${fitted ? "#eef6ff" : "#f7f7f7"}">` +
      `<span>${escapeHtml(repr)}</span> <span style="color:#678;font-size:smaller">(${fitted ? "fitted" : "not fitted"})</span></div>`;
    return { "text/plain": repr, "text/html": html };
  }

  /** Node's util.inspect (console.log) shows the repr too. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return false;
}


/**
 * Deep-copy option values: estimators are cloned, a RandomState is copied with its state (as scikit-learn's clone
 * deep-copies it, so clones draw the same numbers whether they run inline or in workers), arrays and plain
 * objects are copied, anything else is shared.
 */
export function cloneParams(v: unknown): unknown {
  if (v instanceof BaseEstimator) return v.clone();
  if (v instanceof RandomState) {
    const copy = new RandomState(0);
    copy.setState(v.getState());
    return copy;
  }
  if (Array.isArray(v)) return v.map(cloneParams);
  if (v && typeof v === "object" && v.constructor === Object) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneParams(x)]));
  }
  return v;
}

/**
 * What method `K` of `E` returns, or unknown when `E` has no such method: how wrappers (Pipeline, the searches)
 * type their predict / transform / … after the estimator they wrap.
 * @example
 * type P = MethodResult<LinearRegression, "predict">; // NDArray
 */
export type MethodResult<E, K extends PropertyKey> = E extends { [P in K]: (...args: never[]) => infer R } ? R : unknown;

/**
 * The type of property `K` of `E`, or unknown when `E` has none: how wrappers type the fitted attributes they
 * forward (a pipeline's classes_ are its last step's).
 * @example
 * type C = PropertyOf<LogisticRegression<string>, "classes_">; // string[]
 */
export type PropertyOf<E, K extends PropertyKey> = E extends { readonly [P in K]: infer V } ? V : unknown;

export { registerEstimator };

export { clearFitted, fittedAttributes, hasFitted, isFitted } from "./fitted";
