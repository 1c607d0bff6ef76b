import * as assert from "assert";
import { MinMaxScaler } from "../../lib/preprocessing";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { assertClose, fx, mat } from "./helpers";

const mm = fx.min_max_scaler;

describe("MinMaxScaler vs scikit-learn", () => {
  for (const c of mm.cases) {
    const opts = { featureRange: c.options.feature_range, clip: c.options.clip };
    describe(`options ${JSON.stringify(c.options)}`, () => {
      const s = new MinMaxScaler(opts).fit(mm.X);
      it("dataMin_, dataMax_, dataRange_, scale_, min_, nSamplesSeen_ (bit-identical)", () => {
        assertClose(s.dataMin_, c.data_min, 0, "dataMin_");
        assertClose(s.dataMax_, c.data_max, 0, "dataMax_");
        assertClose(s.dataRange_, c.data_range, 0, "dataRange_");
        assertClose(s.scale_, c.scale, 0, "scale_");
        assertClose(s.min_, c.min, 0, "min_");
        assert.strictEqual(s.nSamplesSeen_, c.n_samples_seen);
      });
      it("transform (train, new data outside the range) and inverseTransform", () => {
        assertClose(s.transform(mm.X), c.transform_train, 0, "transform(X)");
        const t = s.transform(mat(mm.Xnew));
        assertClose(t, c.transform_new, 0, "transform(Xnew)");
        assertClose(s.inverseTransform(t), c.inverse_new, 0, "inverseTransform");
      });
    });
  }

  it("constant feature: range 0 → scale_ = featureRange width, output = featureRange[0]", () => {
    const s = new MinMaxScaler({ featureRange: [-1, 3] }).fit(mm.X);
    assert.strictEqual(s.scale_!.data[2], 4);
    assert.strictEqual(s.transform(mm.X).get(0, 2), -1);
  });

  it("clip keeps new data inside featureRange; without clip it may leave it", () => {
    const c = new MinMaxScaler({ clip: true }).fit(mm.X).transform(mm.Xnew);
    assert.ok(Array.from(c.data).every((v) => v >= 0 && v <= 1));
    const u = new MinMaxScaler().fit(mm.X).transform(mm.Xnew);
    assert.ok(Array.from(u.data).some((v) => v < 0 || v > 1));
  });

  it("partialFit over batches matches scikit-learn", () => {
    const s = new MinMaxScaler();
    for (const [lo, hi] of mm.partial.bounds) s.partialFit(mm.X.slice(lo, hi));
    assertClose(s.dataMin_, mm.partial.data_min, 0, "dataMin_");
    assertClose(s.dataMax_, mm.partial.data_max, 0, "dataMax_");
    assertClose(s.scale_, mm.partial.scale, 0, "scale_");
    assertClose(s.min_, mm.partial.min, 0, "min_");
    assert.strictEqual(s.nSamplesSeen_, mm.partial.n_samples_seen);
  });

  it("fitTransform and getFeatureNamesOut", () => {
    const s = new MinMaxScaler();
    assertClose(s.fitTransform([[1], [3], [2]]), [0, 1, 0.5], 0, "fitTransform");
    assert.deepStrictEqual(s.getFeatureNamesOut(), ["x0"]);
  });

  it("errors: featureRange, clip, not fitted, NaN, feature count", () => {
    assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }).fit([[1]]), OptionError);
    assert.throws(() => new MinMaxScaler({ featureRange: [2, 1] }).fit([[1]]), (e: Error) => e instanceof OptionError && /smaller than the maximum/.test(e.message));
    assert.throws(() => new MinMaxScaler({ featureRange: [0] as unknown as [number, number] }).fit([[1]]), OptionError);
    assert.throws(() => new MinMaxScaler({ featureRange: [0, Infinity] }).fit([[1]]), OptionError);
    assert.throws(() => new MinMaxScaler({ clip: 1 as unknown as boolean }).fit([[1]]), OptionError);
    assert.throws(() => new MinMaxScaler().transform([[1]]), NotFittedError);
    assert.throws(() => new MinMaxScaler().fit([[NaN]]), NonFiniteError);
    const s = new MinMaxScaler().fit([[1, 2], [2, 3]]);
    assert.throws(() => s.transform([[1]]), ShapeError);
    assert.throws(() => s.inverseTransform([[1, 2, 3]]), ShapeError);
  });
});
