import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { meanSquaredError, meanAbsoluteError, r2Score } from "../../lib/metrics";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/metrics_regression.json"), "utf8"));

function close(actual: number | NDArray, expected: number | number[], what: string): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual.data);
  const e = typeof expected === "number" ? [expected] : expected;
  assert.strictEqual(a.length, e.length, `${what} length`);
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(a[i] - e[i]) <= 1e-12 * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
  }
}

describe("metrics: regression against scikit-learn", () => {
  for (const c of cases) {
    it(`${c.name}`, () => {
      const sampleWeight = c.sample_weight ?? undefined;
      for (const key of Object.keys(c)) {
        const m = /^(r2|mse|rmse|mae)_(uniform_average|raw_values|variance_weighted|custom)$/.exec(key);
        if (!m) continue;
        const multioutput = m[2] === "custom" ? c.custom_weights : m[2];
        const opts = { sampleWeight, multioutput };
        const got: unknown = m[1] === "r2" ? r2Score(c.y_true, c.y_pred, opts)
          : m[1] === "mae" ? meanAbsoluteError(c.y_true, c.y_pred, opts)
            : meanSquaredError(c.y_true, c.y_pred, { ...opts, squared: m[1] === "mse" });
        if (m[2] === "raw_values") assert.ok(got instanceof NDArray, `${key} returns an NDArray`);
        else assert.strictEqual(typeof got, "number", `${key} returns a number`);
        close(got as number | NDArray, c[key], key);
      }
    });
  }
  it("accepts NDArrays, 2-D column vectors and plain arrays alike", () => {
    const yt = [3, -0.5, 2, 7], yp = [2.5, 0, 2, 8];
    assert.strictEqual(meanSquaredError(yt, yp), 0.375);
    assert.strictEqual(meanAbsoluteError(yt, yp), 0.5);
    const nd = new NDArray(Float64Array.from(yt), [4, 1]);
    assert.strictEqual(meanSquaredError(nd, new NDArray(Float64Array.from(yp))), 0.375);
    assert.ok(Math.abs(r2Score(yt, yp) - 0.9486081370449679) < 1e-15);
  });
  it("constant yTrue without forceFinite gives NaN / -Infinity", () => {
    assert.ok(Number.isNaN(r2Score([2, 2, 2], [2, 2, 2], { forceFinite: false })));
    assert.strictEqual(r2Score([2, 2, 2], [2, 2, 3], { forceFinite: false }), -Infinity);
  });
  it("r2 of fewer than two samples is NaN (sklearn warns and returns nan)", () => {
    assert.ok(Number.isNaN(r2Score([1], [2])));
  });
});

describe("metrics: regression errors", () => {
  it("length mismatch → ShapeError", () => {
    assert.throws(() => meanSquaredError([1, 2, 3], [1, 2]), ShapeError);
    assert.throws(() => r2Score([1, 2, 3], [1, 2, 3], { sampleWeight: [1, 2] }), ShapeError);
  });
  it("different number of outputs → ShapeError", () => {
    assert.throws(() => r2Score([[1, 2], [3, 4]], [[1], [2]]), ShapeError);
  });
  it("bad multioutput → OptionError / ShapeError", () => {
    assert.throws(() => meanSquaredError([1, 2], [1, 2], { multioutput: "mean" as never }), OptionError);
    assert.throws(() => meanSquaredError([1, 2], [1, 2], { multioutput: "variance_weighted" }), OptionError);
    assert.throws(() => r2Score([1, 2], [1, 2], { multioutput: [1] }), OptionError);
    assert.throws(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 5]], { multioutput: [1, 2, 3] }), ShapeError);
  });
  it("NaN and non-numbers are rejected", () => {
    assert.throws(() => meanAbsoluteError([1, NaN], [1, 2]), NonFiniteError);
    assert.throws(() => meanAbsoluteError([1, "2"] as never, [1, 2]), InputTypeError);
  });
  it("empty input is rejected", () => {
    assert.throws(() => meanSquaredError([], []), ShapeError);
  });
});
