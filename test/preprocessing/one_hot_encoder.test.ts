import * as assert from "assert";
import * as pl from "nodejs-polars";
import { NDArray } from "../../lib/array/ndarray";
import { OneHotEncoder, UnknownCategoryError } from "../../lib/preprocessing";
import { InputTypeError, NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { assertClose, fx, mat } from "./helpers";

const oh = fx.one_hot_encoder;
const camel = (o: Record<string, unknown>) => ({ drop: o.drop as "first" | undefined, handleUnknown: o.handle_unknown as "ignore" | undefined });
const sameCats = (a: unknown, b: unknown) => assert.deepStrictEqual(JSON.stringify(a, (_k, v) => (Number.isNaN(v) ? "nan" : v)),
  JSON.stringify(b, (_k, v) => (Number.isNaN(v) ? "nan" : v)));

describe("OneHotEncoder vs scikit-learn", () => {
  for (const c of oh.cases) {
    it(`options ${JSON.stringify(c.options)}: categories_, dropIdx_, transform, inverse, names`, () => {
      const e = new OneHotEncoder(camel(c.options)).fit(oh.rows);
      assert.deepStrictEqual(e.categories_, c.categories);
      assert.deepStrictEqual(e.dropIdx_, c.drop_idx);
      const t = e.transform(oh.rows);
      assert.deepStrictEqual(t.shape, [8, c.names_out.length]);
      assertClose(t, c.transform, 0, "transform");
      assert.deepStrictEqual(e.inverseTransform(t), c.inverse);
      assert.deepStrictEqual(e.getFeatureNamesOut(), c.names_out);
      assert.deepStrictEqual(e.getFeatureNamesOut(["color", "size", "count", "flag"]), c.names_out_given);
      if (c.transform_new) {
        const tn = e.transform(oh.rows_new);
        assertClose(tn, c.transform_new, 0, "transform(new with unknowns)");
        assert.deepStrictEqual(e.inverseTransform(tn), c.inverse_new);
      }
    });
  }

  it("numeric data: NaN is a category sorted last", () => {
    const e = new OneHotEncoder().fit(mat(oh.numeric_nan.X));
    sameCats(e.categories_, oh.numeric_nan.categories);
    assertClose(e.transform(oh.numeric_nan.X), oh.numeric_nan.transform, 0, "transform");
    sameCats(e.inverseTransform(e.transform(oh.numeric_nan.X)), oh.numeric_nan.inverse);
    // scikit-learn prints float categories as "1.0"; integer-valued JS numbers print as "1" (sklearn's int arrays)
    assert.deepStrictEqual(e.getFeatureNamesOut(), oh.numeric_nan.names_out.map((s: string) => s.replace(/\.0$/, "")));
  });

  it("strings with null: None is a category sorted last, named x0_None", () => {
    const e = new OneHotEncoder().fit(oh.string_none.rows);
    assert.deepStrictEqual(e.categories_, oh.string_none.categories);
    assertClose(e.transform(oh.string_none.rows), oh.string_none.transform, 0, "transform");
    assert.deepStrictEqual(e.getFeatureNamesOut(), oh.string_none.names_out);
  });

  it("explicit categories: string order kept, unseen-in-data categories give zero columns", () => {
    const cats = oh.explicit.categories;
    const e = new OneHotEncoder({ categories: cats }).fit(oh.rows);
    assert.deepStrictEqual(e.categories_, cats);
    assertClose(e.transform(oh.rows), oh.explicit.transform, 0, "transform");
    assert.deepStrictEqual(e.getFeatureNamesOut(), oh.explicit.names_out);
  });

  it("polars DataFrame with string columns: names come from the columns; renamed columns are rejected", () => {
    const df = pl.DataFrame({
      color: oh.rows.map((r: unknown[]) => r[0]), size: oh.rows.map((r: unknown[]) => r[1]),
      count: oh.rows.map((r: unknown[]) => r[2]), flag: oh.rows.map((r: unknown[]) => r[3]),
    });
    const e = new OneHotEncoder().fit(df);
    assert.deepStrictEqual(e.featureNamesIn_, ["color", "size", "count", "flag"]);
    assertClose(e.transform(df), oh.cases[0].transform, 0, "transform(df)");
    assert.deepStrictEqual(e.getFeatureNamesOut(), oh.cases[0].names_out_given);
    assert.throws(() => e.transform(df.select("size", "color", "count", "flag")), ShapeError);
    assert.throws(() => e.getFeatureNamesOut(["a", "b", "c", "d"]), ShapeError);
  });

  it("danfo DataFrame with string columns", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const dfd = require("danfojs-node");
    const df = new dfd.DataFrame({ city: ["paris", "rome", "paris"], n: [1, 2, 2] });
    const e = new OneHotEncoder().fit(df);
    assert.deepStrictEqual(e.categories_, [["paris", "rome"], [1, 2]]);
    assert.deepStrictEqual(e.transform(df).toArray(), [[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1]]);
    assert.deepStrictEqual(e.getFeatureNamesOut(), ["city_paris", "city_rome", "n_1", "n_2"]);
  });

  it("NDArray and number[][] give the same encoding; booleans are a category kind of their own", () => {
    const X = [[1, 5], [2, 5], [1, 7]];
    assert.deepStrictEqual(new OneHotEncoder().fitTransform(X).toArray(), new OneHotEncoder().fitTransform(mat(X)).toArray());
    const b = new OneHotEncoder().fit([[true], [false], [true]]);
    assert.deepStrictEqual(b.categories_, [[false, true]]);
    assert.deepStrictEqual(b.getFeatureNamesOut(), ["x0_False", "x0_True"]);
  });

  it("a feature with a single category and drop 'first' gives no column and inverts to that category", () => {
    const e = new OneHotEncoder({ drop: "first" }).fit([["a", "x"], ["a", "y"]]);
    assert.deepStrictEqual(e.transform([["a", "y"]]).toArray(), [[1]]);
    assert.deepStrictEqual(e.inverseTransform([[0], [1]]), [["a", "x"], ["a", "y"]]);
  });

  it("unknown category with handleUnknown 'error' names the column and the value", () => {
    const e = new OneHotEncoder().fit(oh.rows);
    assert.throws(() => e.transform(oh.rows_new), (err: Error) => err instanceof UnknownCategoryError &&
      err instanceof OptionError && /X column 0/.test(err.message) && /"purple"/.test(err.message) &&
      (err as UnknownCategoryError).value === "purple");
    const named = new OneHotEncoder().fit(pl.DataFrame({ color: ["red", "blue"] }));
    assert.throws(() => named.transform(pl.DataFrame({ color: ["green"] })), /X column 0 \("color"\).*"green"/);
  });

  it("errors: options, explicit categories, drop values, mixed columns, Infinity, shapes, inverse input", () => {
    assert.throws(() => new OneHotEncoder({ sparseOutput: true }).fit([[1]]), (e: Error) => e instanceof OptionError && /not supported/.test(e.message));
    assert.throws(() => new OneHotEncoder({ handleUnknown: "infrequent_if_exist" as "ignore" }).fit([[1]]), OptionError);
    assert.throws(() => new OneHotEncoder({ drop: "last" as "first" }).fit([[1]]), OptionError);
    assert.throws(() => new OneHotEncoder({ categories: "sorted" as "auto" }).fit([[1]]), OptionError);
    assert.throws(() => new OneHotEncoder({ categories: [[1], [2]] }).fit([[1]]), ShapeError);
    assert.throws(() => new OneHotEncoder({ categories: [[2, 1]] }).fit([[1]]), (e: Error) => e instanceof OptionError && /sorted/.test(e.message));
    assert.throws(() => new OneHotEncoder({ categories: [["a", "a"]] }).fit([["a"]]), OptionError);
    assert.throws(() => new OneHotEncoder({ categories: [["a", "b"]] }).fit([[1]]), OptionError);
    assert.throws(() => new OneHotEncoder({ categories: [["a", "b"]] }).fit([["c"]]), (e: Error) => e instanceof UnknownCategoryError && /during fit/.test(e.message));
    assert.doesNotThrow(() => new OneHotEncoder({ categories: [["a", "b"]], handleUnknown: "ignore" }).fit([["c"]]));
    assert.throws(() => new OneHotEncoder({ drop: ["zzz"] }).fit([["a"]]), (e: Error) => e instanceof OptionError && /zzz/.test(e.message));
    assert.throws(() => new OneHotEncoder({ drop: ["a", "b"] }).fit([["a"]]), ShapeError);
    assert.throws(() => new OneHotEncoder().fit([["a"], [1]]), InputTypeError);
    assert.throws(() => new OneHotEncoder().fit([[1], [Infinity]]), NonFiniteError);
    assert.throws(() => new OneHotEncoder().fit([[1, 2], [1]]), InputTypeError);
    assert.throws(() => new OneHotEncoder().fit(["a", "b"]), ShapeError);
    assert.throws(() => new OneHotEncoder().fit(new NDArray(new Float64Array(2))), ShapeError);
    assert.throws(() => new OneHotEncoder().fit([]), ShapeError);
    assert.throws(() => new OneHotEncoder().transform([["a"]]), NotFittedError);
    assert.throws(() => new OneHotEncoder().inverseTransform([[1]]), NotFittedError);
    const e = new OneHotEncoder().fit([["a", 1], ["b", 2]]);
    assert.throws(() => e.transform([["a"]]), (err: Error) => err instanceof ShapeError && /1 features/.test(err.message) && /2 features/.test(err.message));
    assert.throws(() => e.inverseTransform([[1, 0, 1]]), (err: Error) => err instanceof ShapeError && /4/.test(err.message));
    assert.throws(() => e.inverseTransform([[0, 0, 1, 0]]), (err: Error) => err instanceof InputTypeError && /row\(s\) \[0\]/.test(err.message));
  });
});
