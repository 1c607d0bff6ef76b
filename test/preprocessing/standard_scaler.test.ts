import * as assert from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { StandardScaler } from "../../lib/preprocessing";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { assertClose, fx, mat } from "./helpers";

const ss = fx.standard_scaler;
const camel = (o: Record<string, boolean>) => ({ withMean: o.with_mean, withStd: o.with_std });

describe("StandardScaler vs scikit-learn", () => {
  for (const c of ss.cases) {
    describe(`options ${JSON.stringify(c.options)} (bit-identical)`, () => {
      const s = new StandardScaler(camel(c.options)).fit(ss.X);
      it("mean_, var_, scale_, nSamplesSeen_", () => {
        if (c.mean === null) assert.strictEqual(s.mean_, null); else assertClose(s.mean_, c.mean, 0, "mean_");
        if (c.var === null) assert.strictEqual(s.var_, null); else assertClose(s.var_, c.var, 0, "var_");
        if (c.scale === null) assert.strictEqual(s.scale_, null); else assertClose(s.scale_, c.scale, 0, "scale_");
        assert.strictEqual(s.nSamplesSeen_, c.n_samples_seen);
      });
      it("transform of training and new data; inverseTransform", () => {
        assertClose(s.transform(ss.X), c.transform_train, 0, "transform(X)");
        const t = s.transform(ss.Xnew);
        assert.deepStrictEqual(t.shape, [7, 5]);
        assertClose(t, c.transform_new, 0, "transform(Xnew)");
        assertClose(s.inverseTransform(t), c.inverse_new, 0, "inverseTransform");
        assertClose(s.inverseTransform(t), ss.Xnew, 1e-12, "round trip", 1);
      });
    });
  }

  it("gives a constant feature scale 1 and a tiny-but-varying feature its true std", () => {
    const s = new StandardScaler().fit(ss.X);
    assert.strictEqual(s.scale_!.data[2], 1);
    assert.ok(s.scale_!.data[4] > 1e-11 && s.scale_!.data[4] < 1e-9);
    const t = s.transform(ss.X);
    for (let i = 0; i < 50; i++) assert.strictEqual(t.get(i, 2), 0);
  });

  it("is accurate for a large offset (1e8 + N(0, 1)): var_ to 1e-12 relative", () => {
    const s = new StandardScaler().fit(ss.X);
    assertClose([s.var_!.data[3]], [ss.cases[0].var[3]], 1e-12, "var_[3]");
  });

  it("single column (NumPy sums it pairwise) still agrees to 1e-12", () => {
    const s = new StandardScaler().fit(ss.single.X);
    assertClose(s.mean_, ss.single.mean, 1e-13, "mean_");
    assertClose(s.var_, ss.single.var, 1e-11, "var_");
    assertClose(s.scale_, ss.single.scale, 1e-12, "scale_");
  });

  it("partialFit over three batches matches scikit-learn's incremental statistics", () => {
    const s = new StandardScaler();
    for (const [lo, hi] of ss.partial.bounds) assert.strictEqual(s.partialFit(ss.X.slice(lo, hi)), s);
    assertClose(s.mean_, ss.partial.mean, 0, "mean_");
    assertClose(s.var_, ss.partial.var, 0, "var_");
    assertClose(s.scale_, ss.partial.scale, 0, "scale_");
    assert.strictEqual(s.nSamplesSeen_, ss.partial.n_samples_seen);
    // fit forgets earlier batches
    s.fit(ss.X.slice(0, 10));
    assert.strictEqual(s.nSamplesSeen_, 10);
  });

  it("fitTransform equals fit then transform; NDArray input does not get modified", () => {
    const X = mat(ss.X);
    const before = Array.from(X.data);
    const a = new StandardScaler().fitTransform(X);
    const b = new StandardScaler().fit(X).transform(X);
    assert.deepStrictEqual(Array.from(a.data), Array.from(b.data));
    assert.deepStrictEqual(Array.from(X.data), before);
    assert.notStrictEqual(a.data, X.data);
  });

  it("getFeatureNamesOut: x0… or the frame's column names; inputFeatures are checked", () => {
    const s = new StandardScaler().fit([[1, 2], [3, 4]]);
    assert.deepStrictEqual(s.getFeatureNamesOut(), ["x0", "x1"]);
    assert.deepStrictEqual(s.getFeatureNamesOut(["a", "b"]), ["a", "b"]);
    assert.throws(() => s.getFeatureNamesOut(["a"]), ShapeError);
  });

  it("errors: not fitted, bad options, NaN, wrong feature counts, 1-D input, empty input", () => {
    assert.throws(() => new StandardScaler().transform([[1]]), NotFittedError);
    assert.throws(() => new StandardScaler().inverseTransform([[1]]), NotFittedError);
    assert.throws(() => new StandardScaler({ withMean: "yes" as unknown as boolean }).fit([[1]]), OptionError);
    assert.throws(() => new StandardScaler({ withStd: 1 as unknown as boolean }).fit([[1]]), OptionError);
    assert.throws(() => new StandardScaler().fit([[1, NaN]]), NonFiniteError);
    assert.throws(() => new StandardScaler().fit([[1, Infinity]]), NonFiniteError);
    const s = new StandardScaler().fit([[1, 2], [3, 5]]);
    assert.throws(() => s.transform([[1, 2, 3]]), (e: Error) => e instanceof ShapeError && /3 features/.test(e.message) && /2 features/.test(e.message));
    assert.throws(() => s.inverseTransform([[1]]), (e: Error) => e instanceof ShapeError && /1 features/.test(e.message) && /2 features/.test(e.message));
    assert.throws(() => s.partialFit([[1, 2, 3]]), ShapeError);
    assert.throws(() => s.transform([[1, 2], [NaN, 1]]), (e: Error) => e instanceof NonFiniteError && /row 1, column 0/.test(e.message));
    const wide = new StandardScaler().fit(ss.X);
    const bad = ss.X.map((r: number[]) => [...r]);
    bad[9][4] = -Infinity;
    assert.throws(() => wide.transform(bad), (e: Error) => e instanceof NonFiniteError && /row 9, column 4/.test(e.message));
    assert.throws(() => new StandardScaler().fit(bad), NonFiniteError);
    assert.throws(() => new StandardScaler().fit(new NDArray(new Float64Array([1, 2, 3]))), ShapeError);
    assert.throws(() => new StandardScaler().fit([]), ShapeError);
  });
});
