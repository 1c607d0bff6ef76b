/**
 * OneHotEncoder: encode categorical features as one-hot columns, scikit-learn's `OneHotEncoder` (dense output).
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import type { MatrixLike } from "../base/validation";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { Category, CategoricalColumn, UnknownCategoryError, categoryIndex, kindOfCategories, pyStr, uniqueCategories } from "./categories";
import { inputFeatureNames, inverseInput } from "./common";
import { ObjectMatrixLike, checkObjectFeatures, columnLabel, toObjectMatrix } from "./object_matrix";
import { Transformer } from "../base/roles";
import { ARRAY, ParameterConstraints, oneOf } from "../base/constraints";

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** "auto" (the sorted values seen in fit) or one list of categories per feature. Default "auto". */
  categories?: "auto" | Category[][];
  /** At transform, "error" (default) on a category not seen in fit, or "ignore" (encode it as all zeros). */
  handleUnknown?: "error" | "ignore";
  /** Drop one column per feature: null (default), "first", "if_binary" or one category per feature. */
  drop?: null | "first" | "if_binary" | Category[];
  /** Must be false: typelearn returns dense NDArrays (sparse output is not supported). Default false. */
  sparseOutput?: boolean;
}

const DEFAULTS: Required<OneHotEncoderOptions> = { categories: "auto", handleUnknown: "error", drop: null, sparseOutput: false };

/**
 * One-hot encode categorical features: each feature with k categories becomes k columns of 0/1 (k − 1 when a
 * category is dropped). Accepts string, number or boolean columns — rows like `[["red", "S"], ["blue", "M"]]`,
 * an NDArray, or a polars/danfo DataFrame with string columns. Missing values (null, NaN) are a category of
 * their own, sorted last, as in scikit-learn 1.2.
 *
 * @example
 * const enc = new OneHotEncoder().fit([["red", "S"], ["blue", "M"], ["red", "M"]]);
 * enc.categories_;              // [["blue", "red"], ["M", "S"]]
 * enc.transform([["blue", "S"]]); // NDArray [[1, 0, 0, 1]]
 * enc.getFeatureNamesOut();     // ["x0_blue", "x0_red", "x1_M", "x1_S"]
 */
export class OneHotEncoder extends Transformer(BaseEstimator) {
  /** "auto" or explicit categories per feature. */
  declare categories: "auto" | Category[][];
  /** Behaviour on unknown categories at transform. */
  declare handleUnknown: "error" | "ignore";
  /** Which category to drop per feature. */
  declare drop: null | "first" | "if_binary" | Category[];
  /** Sparse output (not supported: must be false). */
  declare sparseOutput: boolean;
  /** The categories of each feature, in output-column order (before dropping). */
  declare categories_: Category[][];
  /** Per feature, the index in categories_ of the dropped category (null: none); null when drop is null. */
  declare dropIdx_: (number | null)[] | null;
  static { fittedAttributes(this, ["categories_", "dropIdx_"]); }
  /** Lookups and output widths derived from categories_ / dropIdx_ (rebuilt when those change, e.g. after load). */
  private derivedCache?: { cats: Category[][]; drop: (number | null)[] | null; lookups: Map<Category, number>[]; nOut: number[] };

  /** What each option accepts, checked before fit (after sparseOutput's own message; categories' per-feature arrays in fit). */
  static readonly parameterConstraints: ParameterConstraints<OneHotEncoderOptions> = {
    categories: [oneOf("auto"), ARRAY],
    handleUnknown: [oneOf("error", "ignore")],
    drop: [oneOf(null, "first", "if_binary"), ARRAY],
    sparseOutput: [oneOf(false)],
  };

  /**
   * @param options - { categories = "auto", handleUnknown = "error", drop = null, sparseOutput = false }
   */
  constructor(options: OneHotEncoderOptions = {}) {
    super(DEFAULTS, options);
  }

  private checkOptions(): void {
    if (this.sparseOutput !== false) {
      throw new OptionError("sparseOutput", "false (sparse output is not supported: typelearn returns dense NDArrays)", this.sparseOutput);
    }
    this.validateParams();
    if (this.categories !== "auto" && !(Array.isArray(this.categories) && this.categories.every(Array.isArray))) {
      throw new OptionError("categories", `"auto" or one array of categories per feature`, this.categories);
    }
  }

  /**
   * Learn the categories of each feature.
   * @param X - [nSamples, nFeatures]: rows of strings/numbers, an NDArray or a DataFrame
   * @param _y - ignored
   * @returns this
   * @example
   * new OneHotEncoder({ handleUnknown: "ignore" }).fit(df);
   */
  fit(X: ObjectMatrixLike | MatrixLike, _y?: unknown): this {
    this.checkOptions();
    const m = toObjectMatrix(X);
    checkObjectFeatures(this, m, true);
    if (this.categories !== "auto" && this.categories.length !== m.cols) {
      throw new ShapeError("categories", `one list per feature (${m.cols})`, `${this.categories.length} lists`);
    }
    const cats: Category[][] = m.data.map((col, j) =>
      this.categories === "auto" ? uniqueCategories(col) : this.givenCategories(col, j, m.columns));
    this.dropIdx_ = this.dropIndices(cats);
    this.categories_ = cats;
    return this;
  }

  private derived(): { lookups: Map<Category, number>[]; nOut: number[]; total: number } {
    const cats = this.categories_, drop = this.dropIdx_ ?? null;
    let c = this.derivedCache;
    if (!c || c.cats !== cats || c.drop !== drop) {
      c = { cats, drop, lookups: cats.map(categoryIndex), nOut: cats.map((k, j) => k.length - (drop && drop[j] !== null ? 1 : 0)) };
      this.derivedCache = c;
    }
    return { lookups: c.lookups, nOut: c.nOut, total: c.nOut.reduce((a, b) => a + b, 0) };
  }

  /** Explicit categories of column j, checked against the column's kind and (handleUnknown "error") values. */
  private givenCategories(col: CategoricalColumn, j: number, columns?: string[]): Category[] {
    const where = columnLabel("X", j, columns);
    const raw = (this.categories as Category[][])[j];
    const kind = kindOfCategories(raw);
    if (kind !== null && kind !== col.kind && uniqueCategories(col).some((c) => c !== null && !Number.isNaN(c))) {
      throw new OptionError(`categories[${j}]`, `${col.kind} categories like the values of ${where}`, `${kind} categories`);
    }
    const cats: Category[] = raw.map((c) => (col.kind === "number" && (c === null || c === undefined) ? NaN : c));
    if (new Set(cats).size !== cats.length) throw new OptionError(`categories[${j}]`, "distinct categories", `[${cats.map(pyStr).join(", ")}]`);
    if (col.kind === "number") {
      const nums = cats as number[];
      for (let k = 1; k < nums.length; k++) {
        const a = nums[k - 1], b = nums[k];
        if (Number.isNaN(a) || (!Number.isNaN(b) && b < a)) {
          throw new OptionError(`categories[${j}]`, "sorted numerical categories (NaN last)", `[${nums.map(pyStr).join(", ")}]`);
        }
      }
    }
    if (this.handleUnknown === "error") {
      const known = categoryIndex(cats);
      for (const v of col.values) {
        if (!known.has(v)) throw new UnknownCategoryError(`${where} during fit`, v, cats, ` (add it to categories or set handleUnknown: "ignore")`);
      }
    }
    return cats;
  }

  private dropIndices(cats: Category[][]): (number | null)[] | null {
    const d = this.drop;
    if (d === null || d === undefined) return null;
    if (d === "first") return cats.map(() => 0);
    if (d === "if_binary") return cats.map((c) => (c.length === 2 ? 0 : null));
    if (d.length !== cats.length) throw new ShapeError("drop", `one category per feature (${cats.length})`, `${d.length} values`);
    const missing: string[] = [];
    const idx = d.map((v, j) => {
      const k = categoryIndex(cats[j]).get(v);
      if (k === undefined) missing.push(`${pyStr(v)} (feature ${j})`);
      return k ?? 0;
    });
    if (missing.length) throw new OptionError("drop", "categories seen in fit", `not found: ${missing.join(", ")}`);
    return idx;
  }

  /**
   * One-hot encode X.
   * @param X - [nSamples, nFeatures] with the features seen in fit
   * @returns a float64 NDArray [nSamples, total number of output columns]
   * @example
   * enc.transform([["red", "M"]]); // NDArray [[0, 1, 1, 0]]
   */
  transform(X: ObjectMatrixLike | MatrixLike): NDArray {
    this.checkIsFitted("transform");
    const m = toObjectMatrix(X);
    checkObjectFeatures(this, m, false);
    const { lookups, nOut, total } = this.derived();
    const n = m.rows;
    const out = new Float64Array(n * total);
    let offset = 0;
    for (let j = 0; j < m.cols; j++) {
      const lookup = lookups[j];
      const drop = this.dropIdx_ ? this.dropIdx_[j] : null;
      const values = m.data[j].values as ArrayLike<Category>;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        let k = lookup.get(v);
        if (k === undefined) {
          if (this.handleUnknown === "error") {
            throw new UnknownCategoryError(`${columnLabel("X", j, this.featureNamesIn_)} during transform`, v,
              this.categories_[j], ` (set handleUnknown: "ignore" to encode unknown categories as all zeros)`);
          }
          continue;
        }
        if (drop !== null) {
          if (k === drop) continue;
          if (k > drop) k--;
        }
        out[i * total + offset + k] = 1;
      }
      offset += nOut[j];
    }
    return new NDArray(out, [n, total]);
  }

  /**
   * Decode one-hot rows back to categories (the largest entry of each feature's block wins). An all-zero block
   * decodes to the dropped category, or to null for an unknown category under handleUnknown "ignore".
   * @param X - encoded data [nSamples, total output columns]
   * @returns rows of categories [nSamples][nFeatures]
   * @example
   * enc.inverseTransform(enc.transform([["red", "M"]])); // [["red", "M"]]
   */
  inverseTransform(X: MatrixLike): Category[][] {
    this.checkIsFitted("inverseTransform");
    const { nOut, total } = this.derived();
    const { data, rows: n } = inverseInput(X, total, "OneHotEncoder");
    const cats = this.categories_;
    const p = cats.length;
    const res: Category[][] = Array.from({ length: n }, () => new Array<Category>(p));
    const badRows: number[] = [];
    let offset = 0;
    for (let j = 0; j < p; j++) {
      const drop = this.dropIdx_ ? this.dropIdx_[j] : null;
      const kept = drop === null ? cats[j] : cats[j].filter((_, k) => k !== drop);
      const w = nOut[j];
      for (let i = 0; i < n; i++) {
        if (w === 0) { res[i][j] = cats[j][drop!]; continue; }
        const o = i * total + offset;
        let best = 0, sum = 0;
        for (let k = 0; k < w; k++) {
          const v = data[o + k];
          sum += v;
          if (v > data[o + best]) best = k;
        }
        if (sum !== 0) res[i][j] = kept[best];
        else if (drop !== null) res[i][j] = cats[j][drop];
        else if (this.handleUnknown === "ignore") res[i][j] = null;
        else { res[i][j] = kept[best]; badRows.push(i); }
      }
      offset += w;
    }
    if (badRows.length) {
      const rows = [...new Set(badRows)].sort((a, b) => a - b);
      throw new InputTypeError("X", "a non-zero entry in every feature's block (an all-zero block can only be inverted " +
        `when a category is dropped or handleUnknown is "ignore")`, `all zeros in row(s) [${rows.slice(0, 10).join(", ")}${rows.length > 10 ? ", …" : ""}]`);
    }
    return res;
  }

  /**
   * Output column names `<feature>_<category>`, e.g. "x0_red" or "color_red".
   * @param inputFeatures - optional input names (default: the frame columns seen in fit, else x0, x1, …)
   * @example
   * enc.getFeatureNamesOut(["color", "size"]); // ["color_blue", "color_red", "size_M", "size_S"]
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.checkIsFitted("getFeatureNamesOut");
    const names = inputFeatureNames(this, inputFeatures);
    const out: string[] = [];
    this.categories_.forEach((cats, j) => {
      const drop = this.dropIdx_ ? this.dropIdx_[j] : null;
      cats.forEach((c, k) => { if (k !== drop) out.push(`${names[j]}_${pyStr(c)}`); });
    });
    return out;
  }
}

registerEstimator(OneHotEncoder, { examples: [
  // NaN is a category of its own for OneHotEncoder (scikit-learn 1.2), so NaN is not rejected
  { data: "categories", allowsNaN: true },
  { options: { drop: "first", handleUnknown: "ignore" }, data: "categories", allowsNaN: true },
] });
