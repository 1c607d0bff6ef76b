/**
 * Categorical values for the encoders: one typed column of categories, NumPy's sort order (`np.unique`, with
 * missing values last: None, then NaN) and the error for a category that was not seen in fit.
 */
import { InputTypeError, NonFiniteError, OptionError, describeValue } from "../errors";
import { compareCodePoints } from "../metrics/labels";

/** One category: a number, a string, a boolean, or null (a missing value in a string column). */
export type Category = string | number | boolean | null;

/** The element kind of a categorical column. */
export type ColumnKind = "number" | "string" | "boolean";

/** A column of categorical values, all of one kind (numbers: NaN marks a missing value). */
export type CategoricalColumn =
  | { kind: "number"; values: Float64Array }
  | { kind: "string"; values: (string | null | number)[] }
  | { kind: "boolean"; values: boolean[] };

/** A category that was not seen in fit. It is an OptionError naming the column (or target) and the value. */
export class UnknownCategoryError extends OptionError {
  /**
   * @param where - e.g. `X column 0 ("color") during transform` or `y`
   * @param value - the unseen value
   * @param known - the categories seen in fit
   * @param hint - how to avoid the error (appended to the message)
   * @param noun - "category" or "label"
   */
  constructor(readonly where: string, readonly value: Category, known: readonly Category[], hint = "", noun = "category") {
    const show = (c: Category) => (typeof c === "string" ? JSON.stringify(c) : pyStr(c));
    const shown = known.length > 20 ? [...known.slice(0, 20).map(show), "…"] : known.map(show);
    super(where, `one of the ${noun === "category" ? "categories" : `${noun}s`} seen in fit [${shown.join(", ")}]`, value);
    this.message = `${where}: found unknown ${noun} ${typeof value === "string" ? JSON.stringify(value) : pyStr(value)} ` +
      `(the ${noun === "category" ? "categories" : `${noun}s`} seen in fit are [${shown.join(", ")}])${hint}`;
  }
}

/**
 * How Python prints a category in a feature name (`str(value)`): NaN → "nan", null → "None", booleans
 * capitalised.
 * @example
 * pyStr(NaN); // "nan"
 */
export function pyStr(v: Category): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "nan";
    if (v === Infinity) return "inf";
    if (v === -Infinity) return "-inf";
  }
  return String(v);
}

/**
 * Turn one column of raw values into a typed categorical column. Numbers (with null/undefined/NaN as missing),
 * strings (with null/undefined and NaN as missing) or booleans; a column mixing kinds is rejected.
 * @param values - the raw values
 * @param where - the column's name for errors, e.g. `X column 1 ("city")`
 * @example
 * toCategoricalColumn(["a", null, "b"], "X column 0").kind; // "string"
 */
export function toCategoricalColumn(values: ArrayLike<unknown>, where: string): CategoricalColumn {
  const n = values.length;
  let kind: ColumnKind | null = null;
  for (let i = 0; i < n && kind === null; i++) {
    const v = values[i];
    if (typeof v === "string") kind = "string";
    else if (typeof v === "boolean") kind = "boolean";
    else if (typeof v === "number" && !Number.isNaN(v)) kind = "number";
    else if (typeof v === "bigint") kind = "number";
  }
  kind ??= "number";
  const mixed = (i: number, v: unknown) => new InputTypeError(`${where} row ${i}`,
    `a ${kind} like the rest of the column (encoders need each column to be uniformly strings or numbers)`, v);
  if (kind === "number") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === "number") {
        if (v === Infinity || v === -Infinity) throw new NonFiniteError(where, `row ${i}`, v);
        out[i] = v;
      } else if (v === null || v === undefined) out[i] = NaN;
      else if (typeof v === "bigint") out[i] = Number(v);
      else throw mixed(i, v);
    }
    return { kind, values: out };
  }
  if (kind === "string") {
    const out: (string | null | number)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === "string") out[i] = v;
      else if (v === null || v === undefined) out[i] = null;
      else if (typeof v === "number" && Number.isNaN(v)) out[i] = NaN;
      else throw mixed(i, v);
    }
    return { kind, values: out };
  }
  const out: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "boolean") throw mixed(i, v);
    out[i] = v;
  }
  return { kind, values: out };
}

/**
 * The sorted distinct values of a column, as `np.unique` orders them: numbers ascending then NaN; strings by
 * code point, then null (None), then NaN; false before true.
 * @param col - a categorical column
 * @example
 * uniqueCategories(toCategoricalColumn([3, 1, NaN, 1], "x")); // [1, 3, NaN]
 */
export function uniqueCategories(col: CategoricalColumn): Category[] {
  if (col.kind === "number") {
    const s = Float64Array.from(new Set(col.values)).sort();
    const out: number[] = [];
    let nan = false;
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v !== v) nan = true;
      else if (out.length === 0 || out[out.length - 1] !== v) out.push(v + 0); // -0 and 0 are one category
    }
    if (nan) out.push(NaN);
    return out;
  }
  if (col.kind === "boolean") {
    const set = new Set(col.values);
    return [false, true].filter((b) => set.has(b));
  }
  const strings = new Set<string>();
  let none = false, nan = false;
  for (const v of col.values) {
    if (typeof v === "string") strings.add(v);
    else if (v === null) none = true;
    else nan = true;
  }
  const out: Category[] = Array.from(strings).sort(compareCodePoints);
  if (none) out.push(null);
  if (nan) out.push(NaN);
  return out;
}

/**
 * A lookup from category to its index in `categories` (NaN and null found like any other value).
 * @param categories - the categories of one column
 * @example
 * categoryIndex(["a", "b"]).get("b"); // 1
 */
export function categoryIndex(categories: readonly Category[]): Map<Category, number> {
  // A Map uses SameValueZero, so NaN finds NaN and -0 finds 0, as wanted.
  const m = new Map<Category, number>();
  categories.forEach((c, i) => { if (!m.has(c)) m.set(c, i); });
  return m;
}

/**
 * The kind of a list of categories given by the user, or null when it is empty or holds only missing values.
 * @param cats - the categories
 * @example
 * kindOfCategories([null, "a"]); // "string"
 */
export function kindOfCategories(cats: readonly unknown[]): ColumnKind | null {
  for (const c of cats) {
    if (typeof c === "string") return "string";
    if (typeof c === "boolean") return "boolean";
    if (typeof c === "number" && !Number.isNaN(c)) return "number";
  }
  return null;
}
