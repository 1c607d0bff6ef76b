import * as assert from "assert";
import * as pl from "nodejs-polars";
import { SimpleImputer } from "../../lib/preprocessing";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { assertClose, fx, mat } from "./helpers";

const imp = fx.simple_imputer;
const camel = (o: Record<string, unknown>) => ({
  strategy: o.strategy as "mean", fillValue: o.fill_value as number | undefined, keepEmptyFeatures: o.keep_empty_features as boolean | undefined,
});

describe("SimpleImputer vs scikit-learn", () => {
  for (const c of imp.cases) {
    it(`options ${JSON.stringify(c.options)}: statistics_, transform (train, new), feature names`, () => {
      const s = new SimpleImputer(camel(c.options)).fit(mat(imp.X));
      assertClose(s.statistics_, c.statistics, 1e-15, "statistics_");
      assertClose(s.transform(imp.X), c.transform_train, 1e-15, "transform(X)");
      const t = s.transform(mat(imp.Xnew));
      assert.strictEqual(t.shape[1], c.names_out.length);
      assertClose(t, c.transform_new, 1e-15, "transform(Xnew)");
      assert.deepStrictEqual(s.getFeatureNamesOut(), c.names_out);
    });
  }

  for (const c of imp.marker.cases) {
    it(`missingValues = -1, strategy ${c.strategy}`, () => {
      const s = new SimpleImputer({ missingValues: -1, strategy: c.strategy }).fit(imp.marker.X);
      assertClose(s.statistics_, c.statistics, 1e-15, "statistics_");
      assertClose(s.transform(imp.marker.X), c.transform, 1e-15, "transform");
    });
  }

  it("most_frequent breaks ties towards the smallest value", () => {
    const s = new SimpleImputer({ strategy: "most_frequent" }).fit([[3], [1], [3], [1], [NaN], [2]]);
    assert.strictEqual(s.statistics_!.data[0], 1);
  });

  it("drops all-missing columns (statistic NaN) and keeps them with keepEmptyFeatures", () => {
    const X = [[1, NaN], [3, NaN]];
    assert.deepStrictEqual(new SimpleImputer().fitTransform(X).shape, [2, 1]);
    const k = new SimpleImputer({ keepEmptyFeatures: true }).fitTransform(X);
    assert.deepStrictEqual(k.toArray(), [[1, 0], [3, 0]]);
    assert.deepStrictEqual(new SimpleImputer({ strategy: "constant", fillValue: 9 }).fitTransform(X).toArray(), [[1, 9], [3, 9]]);
  });

  it("accepts a polars DataFrame with nulls (nulls are missing) and names output columns", () => {
    const df = pl.DataFrame({ a: [1, null, 3], b: [null, null, null], c: [4, 5, null] });
    const s = new SimpleImputer().fit(df);
    assert.deepStrictEqual(s.transform(df).toArray(), [[1, 4], [2, 5], [3, 4.5]]);
    assert.deepStrictEqual(s.getFeatureNamesOut(), ["a", "c"]);
  });

  it("errors: strategy, fillValue, missingValues, Infinity, NaN with a numeric marker, not fitted, features", () => {
    assert.throws(() => new SimpleImputer({ strategy: "mode" as "mean" }).fit([[1]]), OptionError);
    assert.throws(() => new SimpleImputer({ strategy: "constant", fillValue: "x" as unknown as number }).fit([[1]]), OptionError);
    assert.throws(() => new SimpleImputer({ missingValues: "NA" as unknown as number }).fit([[1]]), OptionError);
    assert.throws(() => new SimpleImputer({ keepEmptyFeatures: 0 as unknown as boolean }).fit([[1]]), OptionError);
    assert.throws(() => new SimpleImputer().fit([[1], [Infinity]]), NonFiniteError);
    assert.throws(() => new SimpleImputer({ missingValues: -1 }).fit([[1], [NaN]]), NonFiniteError);
    assert.throws(() => new SimpleImputer().transform([[1]]), NotFittedError);
    const s = new SimpleImputer().fit([[1, 2]]);
    assert.throws(() => s.transform([[1, 2, 3]]), ShapeError);
    assert.throws(() => s.transform([[1, -Infinity]]), NonFiniteError);
  });
});
