/**
 * Fitted attributes (the learned `_` fields) typed as always present, yet throwing NotFittedError when read before
 * fit. Each estimator class lists its fitted names once; every name becomes a prototype accessor whose getter
 * throws and whose setter turns the name into an own enumerable data property of the instance. So an unfitted
 * estimator (or a clone) owns no `_` field, a fitted one owns exactly what fit learned — what toSpec collects —
 * and reads after fit are plain property reads.
 */
import { NotFittedError } from "../errors";

/** The fitted names declared by each class (not its parents'), in declaration order. */
const declared = new WeakMap<object, readonly string[]>();

/** What {@link fittedAttributeNames} returned for each class since the last declaration. */
let namesOf = new WeakMap<object, readonly string[]>();

/** The names of `T` that are fitted attributes: they end in `_`. */
export type FittedName<T> = Extract<keyof T, `${string}_`>;

/** Options of {@link fittedAttributes}. */
export interface FittedAttributeOptions<T> {
  /** Called when an attribute is read on a fitted estimator whose fit did not set it; may throw a clearer error. */
  whenUnset?: (est: T, name: string) => void;
}

/**
 * Make `names` fitted attributes of a class: reading one before fit throws NotFittedError naming the estimator;
 * assigning it (in fit) stores an own enumerable field. Assigning undefined leaves it unset, so an attribute that a
 * particular fit does not produce (e.g. `featureNamesIn_` without column names, `oobScore_` without `oobScore`)
 * reads as undefined once the estimator is fitted. Declare each one with `declare name: Type;` — a plain class
 * field would define an own property at construction and hide the accessor.
 * @param cls - the estimator class (`this` in a static block)
 * @param names - the fitted attribute names
 * @param options - { whenUnset } to explain an attribute a fit did not produce
 * @example
 * class Mean extends BaseEstimator {
 *   declare mean_: number;
 *   static { fittedAttributes(this, ["mean_"]); }
 * }
 */
export function fittedAttributes<T extends object>(cls: { prototype: T }, names: readonly FittedName<T>[],
  options: FittedAttributeOptions<T> = {}): void {
  const { whenUnset } = options;
  const proto = cls.prototype as object;
  for (const name of names as readonly string[]) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: false,
      get(this: object): undefined {
        // fitted, but this fit had nothing to store under this name (scikit-learn would not set the attribute)
        if (isFitted(this)) {
          whenUnset?.(this as T, name);
          return undefined;
        }
        throw new NotFittedError(this.constructor.name, `reading ${name}`);
      },
      set(this: object, value: unknown) {
        if (value === undefined) return;
        Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  declared.set(cls, [...(declared.get(cls) ?? []), ...(names as readonly string[])]);
  namesOf = new WeakMap();
}

/**
 * Every fitted attribute name of an estimator class or instance, its parents' included, parents' first (the
 * order in which fitted state is serialized).
 * @param target - an estimator class or instance
 * @example
 * fittedAttributeNames(LinearRegression); // ["nFeaturesIn_", "featureNamesIn_", "coef_", "intercept_", …]
 */
export function fittedAttributeNames(target: object): string[] {
  const cls: unknown = typeof target === "function" ? target : target.constructor;
  if (typeof cls !== "function") return collectNames(cls);
  // cached per class (dump and load ask once per estimator: 100 times for a forest); any new declaration clears it
  let names = namesOf.get(cls);
  if (!names) {
    names = collectNames(cls);
    namesOf.set(cls, names);
  }
  return [...names];
}

function collectNames(start: unknown): string[] {
  const out: string[] = [];
  let cls: unknown = start;
  const chain: object[] = [];
  while (typeof cls === "function" && cls !== Function.prototype) {
    chain.unshift(cls);
    cls = Object.getPrototypeOf(cls);
  }
  // a name a subclass declares again takes the subclass's place (as a redeclared class field would)
  for (const c of chain) {
    for (const n of declared.get(c) ?? []) {
      const at = out.indexOf(n);
      if (at >= 0) out.splice(at, 1);
      out.push(n);
    }
  }
  return out;
}

/**
 * True once an estimator learned something: it owns an enumerable `_` field with a value (or, for composites that
 * define their own `isFitted()` method, whatever that says).
 * @param est - an estimator
 * @example
 * if (!isFitted(model)) model.fit(X, y);
 */
export function isFitted(est: object): boolean {
  const own = (est as { isFitted?: unknown }).isFitted;
  if (typeof own === "function") return Boolean(own.call(est));
  return hasOwnFitted(est);
}

/** Whether `est` owns any `_` field with a value (the default test of being fitted). */
export function hasOwnFitted(est: object): boolean {
  for (const k of Object.keys(est)) {
    if (k.endsWith("_") && (est as Record<string, unknown>)[k] !== undefined) return true;
  }
  return false;
}

/**
 * Whether the fitted attribute `name` is set on `est` (scikit-learn's `hasattr(est, name)`), without throwing.
 * @param est - an estimator
 * @param name - a fitted attribute name
 * @example
 * hasFitted(scaler, "nSamplesSeen_"); // false before the first fit / partialFit
 */
export function hasFitted(est: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(est, name) && (est as Record<string, unknown>)[name] !== undefined;
}

/**
 * Unset fitted attributes, so they read as before fit (a fit that starts over, e.g. a scaler's fit after partialFit).
 * @param est - an estimator
 * @param names - the fitted attribute names to unset
 * @example
 * clearFitted(this, "nSamplesSeen_");
 */
export function clearFitted(est: object, ...names: string[]): void {
  for (const name of names) if (Object.prototype.hasOwnProperty.call(est, name)) delete (est as Record<string, unknown>)[name];
}
