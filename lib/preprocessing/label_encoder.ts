/**
 * LabelEncoder: encode target labels as integers 0 … nClasses − 1, scikit-learn's `LabelEncoder`.
 */
import { NDArray } from "../array/ndarray";
import { BaseEstimator, registerEstimator, fittedAttributes } from "../base/estimator";
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { seriesValues } from "../frame/adapters";
import { Category, CategoricalColumn, UnknownCategoryError, categoryIndex, toCategoricalColumn, uniqueCategories } from "./categories";
import { Transformer } from "../base/roles";

/** Labels: numbers, strings, an NDArray (1-D or one column), a typed array or a polars/danfo Series. */
export type LabelInput = NDArray | ArrayLike<number> | readonly (string | null)[] | readonly boolean[] | { readonly dtype?: unknown };

/**
 * Map labels to integer codes: `classes_` holds the distinct labels sorted like `np.unique`, and a label's code
 * is its index there. Not a feature transformer: it takes y, not X.
 *
 * @example
 * const le = new LabelEncoder().fit(["paris", "tokyo", "paris", "amsterdam"]);
 * le.classes_;                          // ["amsterdam", "paris", "tokyo"]
 * le.transform(["tokyo", "paris"]);     // NDArray int32 [2, 1]
 * le.inverseTransform([0, 2]);          // ["amsterdam", "tokyo"]
 */
export class LabelEncoder extends Transformer(BaseEstimator) {
  /** The distinct labels, sorted: a float64 NDArray for numeric labels, else an array of strings (or booleans). */
  declare classes_: NDArray | Category[];
  static { fittedAttributes(this, ["classes_"]); }

  /** LabelEncoder has no options. */
  constructor(options: Record<string, never> = {}) {
    super({}, options);
  }

  /**
   * Learn the distinct labels.
   * @param y - the labels [nSamples]
   * @returns this
   * @example
   * new LabelEncoder().fit([3, 1, 3]).classes_; // NDArray [1, 3]
   */
  fit(y: LabelInput): this {
    const col = labels(y, "y");
    const cats = uniqueCategories(col);
    this.classes_ = col.kind === "number" ? new NDArray(Float64Array.from(cats as number[]), [cats.length]) : cats;
    return this;
  }

  /** The classes as a plain array. */
  private classList(): Category[] {
    const c = this.classes_;
    return c instanceof NDArray ? Array.from(c.data as Float64Array) : c;
  }

  /**
   * Encode labels as their index in classes_.
   * @param y - labels seen in fit
   * @returns an int32 NDArray [nSamples]
   * @example
   * le.transform(["paris"]); // NDArray [1]
   */
  transform(y: LabelInput): NDArray {
    this.checkIsFitted("transform");
    const col = labels(y, "y");
    const classes = this.classList();
    const index = categoryIndex(classes);
    const values = col.values as ArrayLike<Category>;
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const k = index.get(values[i]);
      if (k === undefined) throw new UnknownCategoryError("y", values[i], classes, "", "label");
      out[i] = k;
    }
    return new NDArray(out, [out.length]);
  }

  /**
   * Decode integer codes back to labels.
   * @param codes - integers in [0, nClasses)
   * @returns a float64 NDArray for numeric classes, else an array of labels
   * @example
   * le.inverseTransform([2, 0]); // ["tokyo", "amsterdam"]
   */
  inverseTransform(codes: NDArray | ArrayLike<number>): NDArray | Category[] {
    this.checkIsFitted("inverseTransform");
    const col = labels(codes as LabelInput, "codes");
    if (col.kind !== "number") throw new InputTypeError("codes", "integer codes (numbers)", `${col.kind} values`);
    const c = col.values;
    const classes = this.classList();
    const k = classes.length;
    for (let i = 0; i < c.length; i++) {
      if (!Number.isInteger(c[i]) || c[i] < 0 || c[i] >= k) {
        throw new OptionError(`codes[${i}]`, k ? `an integer code in [0, ${k - 1}] (one per class seen in fit)` : "no code (no class was seen in fit)", c[i]);
      }
    }
    if (this.classes_ instanceof NDArray) {
      const src = this.classes_.data, out = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) out[i] = src[c[i]];
      return new NDArray(out, [out.length]);
    }
    return Array.from(c, (v) => classes[v]);
  }
}

registerEstimator(LabelEncoder, {
  exempt: "fits and transforms a label vector y, not a sample matrix X (covered by test/preprocessing/label_encoder.test.ts)",
});

/** Labels as one typed column; an NDArray must be 1-D or a single column. */
function labels(y: unknown, name: string): CategoricalColumn {
  if (y instanceof NDArray) {
    if (!(y.ndim === 1 || (y.ndim === 2 && y.shape[1] === 1))) {
      throw new ShapeError(name, "a 1-D array of labels", `an array of shape [${y.shape.join(", ")}]`);
    }
    return toCategoricalColumn(Float64Array.from(y.data), name);
  }
  const series = seriesValues(y);
  if (series) return toCategoricalColumn(series, name);
  if (Array.isArray(y) || (ArrayBuffer.isView(y) && !(y instanceof DataView))) {
    const a = y as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v !== null && typeof v === "object") {
        throw new ShapeError(name, "a 1-D array of labels", `a nested array at index ${i}`);
      }
    }
    return toCategoricalColumn(a, name);
  }
  throw new InputTypeError(name, "an array of labels, an NDArray or a Series", y);
}
