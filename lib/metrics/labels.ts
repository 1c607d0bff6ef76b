/**
 * Class labels for the classification and clustering metrics: numbers or strings, sorted like `np.unique` and
 * encoded to Int32Array codes so the metrics run over dense integer arrays.
 */
import { NDArray } from "../array/ndarray";
import { InputTypeError, NonFiniteError, ShapeError } from "../errors";
import { checkConsistentLength, toVector } from "../base/validation";
import type { PolarsSeriesLike, VectorLike } from "../base/validation";
import { seriesValues } from "../frame/adapters";

/** One class label. */
export type Label = number | string;

/**
 * Labels of n samples: an NDArray (1-D, or [n, 1]), an array of numbers / strings / booleans, a typed array, or a
 * polars / danfo Series (e.g. a loader's `{ asFrame: true }` target).
 */
export type LabelsLike = NDArray | ArrayLike<number> | ArrayLike<string> | ArrayLike<boolean> | PolarsSeriesLike | DanfoSeriesLike;

/** A danfo Series, typed structurally (its labels are read from `values` at run time). */
export interface DanfoSeriesLike {
  readonly values: unknown;
  readonly shape: readonly number[];
  readonly dtypes: readonly string[];
}

/** Labels converted to one element kind. */
export interface LabelVector {
  /** "number" or "string" (an empty input counts as "number"). */
  readonly kind: "number" | "string";
  /** The labels, one per sample. */
  readonly values: ArrayLike<number> | readonly string[];
  /** The number of samples. */
  readonly length: number;
}

/** Sorted distinct labels of one kind. */
export interface Classes {
  readonly kind: "number" | "string";
  readonly values: readonly Label[];
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Convert labels to a {@link LabelVector}, rejecting mixed kinds, NaN and nested rows.
 * @param y - the labels
 * @param name - the argument's name for error messages
 * @param discrete - require numeric labels to be integers, as scikit-learn's classification metrics do
 *   (non-integer floats are a "continuous" target there)
 * @example
 * toLabelVector(["cat", "dog"], "yTrue").kind; // "string"
 */
export function toLabelVector(y: unknown, name: string, discrete = true): LabelVector {
  // A polars or danfo Series (e.g. a loader's asFrame target) carries its labels as a plain array.
  const series = y instanceof NDArray ? null : seriesValues(y);
  if (series) return toLabelVector(series, name, discrete);
  let out: LabelVector;
  if (y instanceof NDArray) {
    if (!(y.ndim === 1 || (y.ndim === 2 && y.shape[1] === 1))) {
      throw new ShapeError(name, "a 1-D array of labels", `an array of shape [${y.shape.join(", ")}]`);
    }
    out = { kind: "number", values: y.data, length: y.data.length };
  } else if (ArrayBuffer.isView(y) && !(y instanceof DataView)) {
    const a = y as unknown as ArrayLike<number>;
    if (typeof a[0] === "bigint") throw new InputTypeError(name, "numbers or strings", y);
    out = { kind: "number", values: a, length: a.length };
  } else if (Array.isArray(y)) {
    const n = y.length;
    const first = y[0];
    if (n > 0 && typeof first === "string") {
      for (let i = 0; i < n; i++) {
        if (typeof y[i] !== "string") {
          throw new InputTypeError(`${name}[${i}]`, "a string like the other labels (mixed strings and numbers are not allowed)", y[i]);
        }
      }
      out = { kind: "string", values: y as string[], length: n };
    } else {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const e = y[i];
        if (typeof e === "number") v[i] = e;
        else if (typeof e === "boolean") v[i] = e ? 1 : 0;
        else if (typeof e === "string") {
          throw new InputTypeError(`${name}[${i}]`, "a number like the other labels (mixed strings and numbers are not allowed)", e);
        } else {
          throw new InputTypeError(`${name}[${i}]`, isArrayLike(e) ? "a label (a 1-D array of labels)" : "a number or a string", e);
        }
      }
      out = { kind: "number", values: v, length: n };
    }
  } else {
    throw new InputTypeError(name, "an NDArray or an array of labels (numbers or strings)", y);
  }
  if (out.kind === "number") {
    const v = out.values as ArrayLike<number>;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x - x !== 0) throw new NonFiniteError(name, `index ${i}`, x);
      if (discrete && !Number.isInteger(x)) {
        throw new InputTypeError(`${name}[${i}]`,
          "discrete class labels (integers or strings); continuous values are not supported by classification metrics", x);
      }
    }
  }
  return out;
}

/** Compare strings by Unicode code point, as NumPy sorts them. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i), cb = b.charCodeAt(i);
    if (ca !== cb) {
      // A surrogate (≥ 0xD800, < 0xE000) stands for a code point above 0xFFFF: it sorts after every BMP unit.
      const ka = ca >= 0xd800 && ca < 0xe000 ? ca + 0x10000 : ca;
      const kb = cb >= 0xd800 && cb < 0xe000 ? cb + 0x10000 : cb;
      return ka - kb;
    }
  }
  return a.length - b.length;
}

/**
 * The sorted distinct labels of several label vectors (like `np.unique` of their concatenation).
 * @param vectors - label vectors of the same kind
 * @param names - their names, for the mixed-kind error
 * @example
 * classesOf([toLabelVector([2, 1], "a"), toLabelVector([3], "b")], ["a", "b"]).values; // [1, 2, 3]
 */
export function classesOf(vectors: readonly LabelVector[], names: readonly string[]): Classes {
  let kind: "number" | "string" | null = null, kindName = "";
  vectors.forEach((v, k) => {
    if (v.length === 0) return;
    if (kind === null) { kind = v.kind; kindName = names[k]; }
    else if (kind !== v.kind) {
      throw new InputTypeError(names[k], `${kind} labels like ${kindName} (mix of string and number labels)`, `${v.kind} labels`);
    }
  });
  const k: "number" | "string" = kind ?? "number";
  if (k === "number") {
    const set = new Set<number>();
    for (const v of vectors) { const a = v.values as ArrayLike<number>; for (let i = 0; i < a.length; i++) set.add(a[i] + 0); }
    return { kind: k, values: Array.from(set).sort((a, b) => a - b) };
  }
  const set = new Set<string>();
  for (const v of vectors) { if (v.length) for (const s of v.values as readonly string[]) set.add(s); }
  return { kind: k, values: Array.from(set).sort(compareCodePoints) };
}

/**
 * The sorted distinct labels found in one or more label arrays, like scikit-learn's `unique_labels`.
 * @param ys - label arrays (numbers or strings; all of one kind)
 * @returns the distinct labels in NumPy's sort order
 * @example
 * uniqueLabels([3, 1, 2], [1, 4]);      // [1, 2, 3, 4]
 * uniqueLabels(["b", "a"], ["c", "a"]); // ["a", "b", "c"]
 */
export function uniqueLabels(...ys: LabelsLike[]): Label[] {
  const vs = ys.map((y, k) => toLabelVector(y, `labels argument ${k}`, false));
  return classesOf(vs, vs.map((_, k) => `labels argument ${k}`)).values.slice();
}

/** A lookup from label to its position in a list of classes. */
export function classIndex(classes: readonly Label[]): Map<Label, number> {
  const m = new Map<Label, number>();
  classes.forEach((c, i) => { if (!m.has(c)) m.set(typeof c === "number" ? c + 0 : c, i); });
  return m;
}

/**
 * Encode labels as their positions in `classes` (Int32Array); labels missing from `classes` become -1.
 * @param y - the labels
 * @param classes - the classes (e.g. from {@link uniqueLabels})
 * @example
 * encodeLabels(["b", "a", "b"], ["a", "b"]); // Int32Array [1, 0, 1]
 */
export function encodeLabels(y: LabelsLike | LabelVector, classes: readonly Label[]): Int32Array {
  const v = isLabelVector(y) ? y : toLabelVector(y, "y", false);
  const idx = classIndex(classes);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = idx.get(v.values[i] as Label) ?? -1;
  return out;
}

function isLabelVector(y: unknown): y is LabelVector {
  return typeof y === "object" && y !== null && !(y instanceof NDArray) && !isArrayLike(y) && "kind" in y;
}

/**
 * Convert a user-given list of labels (an option such as `labels`) to the kind of the data's classes.
 * @param labels - the option's value
 * @param kind - the kind of the data's labels
 * @param option - the option's name, for errors
 * @example
 * optionLabels([1, 0], "number", "labels"); // [1, 0]
 */
export function optionLabels(labels: unknown, kind: "number" | "string", option: string): Label[] {
  const v = toLabelVector(labels, option, false);
  if (v.length > 0 && v.kind !== kind) {
    throw new InputTypeError(option, `${kind} labels like the data's labels`, `${v.kind} labels`);
  }
  return Array.from(v.values as ArrayLike<Label>, (x) => (typeof x === "number" ? x + 0 : x));
}

/** A label as text, as `"%s" % label` prints it for integer and string labels. @example labelText(1); // "1" */
export function labelText(l: Label): string {
  return typeof l === "string" ? l : String(l);
}

/** A label as Python's repr would show it in a message. @example labelRepr("a"); // "'a'" */
export function labelRepr(l: Label): string {
  return typeof l === "string" ? `'${l}'` : String(l);
}

const warned = new Set<string>();

/**
 * Emit a metric warning (like scikit-learn's UndefinedMetricWarning) through Node's process warnings, once per
 * distinct message — Python's default warning filter shows a message once per place, too.
 * @param message - the text
 * @param type - the warning's name
 * @example
 * warnMetric("Precision is ill-defined …");
 */
export function warnMetric(message: string, type = "UndefinedMetricWarning"): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { type });
}

/** Forget which warnings were shown, so they show again (for tests). @example resetMetricWarnings(); */
export function resetMetricWarnings(): void { warned.clear(); }

/**
 * The labels at predicted class indices: an NDArray of the numeric classes (int32 stays int32), or strings.
 * @param classes - the fitted classes_ (numbers as an NDArray, or strings)
 * @param idx - each sample's predicted index into classes
 * @returns one label per sample
 * @example
 * labelsAt(model.classes_, Int32Array.of(1, 0)); // NDArray [1, 0] for classes [0, 1]
 */
export function labelsAt(classes: NDArray | string[], idx: Int32Array): NDArray | string[] {
  if (Array.isArray(classes)) return Array.from(idx, (k) => classes[k]);
  const out = classes.dtype === "int32" ? new Int32Array(idx.length) : new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = classes.data[idx[i]];
  return new NDArray(out, [idx.length]);
}

/**
 * Fraction of samples whose predicted class index equals the true label's (optionally weighted).
 * @param classes - the fitted classes_ (numbers as an NDArray, or strings)
 * @param idx - each sample's predicted index into classes
 * @param y - true labels
 * @param sampleWeight - optional weights
 * @example
 * accuracyOf(model.classes_, predictedIndices, yTest);
 */
export function accuracyOf(classes: NDArray | string[], idx: Int32Array, y: LabelsLike, sampleWeight?: VectorLike): number {
  const lv = toLabelVector(y, "y", false);
  checkConsistentLength(["X", idx.length], ["y", lv.length]);
  const codes = encodeLabels(lv, Array.isArray(classes) ? classes : Array.from(classes.data as ArrayLike<number>));
  const w = sampleWeight === undefined || sampleWeight === null ? null : toVector(sampleWeight, "sampleWeight");
  if (w) checkConsistentLength(["y", lv.length], ["sampleWeight", w.length]);
  let hit = 0, total = 0;
  for (let i = 0; i < idx.length; i++) {
    const wi = w ? w[i] : 1;
    total += wi;
    if (codes[i] === idx[i]) hit += wi;
  }
  return hit / total;
}
