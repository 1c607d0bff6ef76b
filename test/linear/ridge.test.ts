import * as assert from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { Ridge } from "../../lib/linear";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { assertClose, flat, readFixture } from "./helpers";

const fx = readFixture("linear_models_ridge.json");

function toOptions(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k === "fit_intercept" ? "fitIntercept" : k] = v;
  return out;
}

describe("Ridge: against scikit-learn fixtures (1e-9 relative)", () => {
  for (const name of Object.keys(fx)) {
    it(`${name}: coef_, intercept_, predictions and score`, () => {
      const c = fx[name];
      const m = new Ridge(toOptions(c.options)).fit(c.X, c.y, c.sample_weight);
      const coefShape = Array.isArray(c.coef[0]) ? [c.coef.length, c.coef[0].length] : [c.coef.length];
      assert.deepStrictEqual(m.coef_!.shape, coefShape);
      assertClose(m.coef_!.data, flat(c.coef), 1e-9, "coef_");
      if (typeof c.intercept === "number") {
        assert.strictEqual(typeof m.intercept_, "number");
        assert.ok(Math.abs((m.intercept_ as number) - c.intercept) <= 1e-9 * Math.max(1, Math.abs(c.intercept)),
          `intercept_ ${m.intercept_} vs ${c.intercept}`);
      } else {
        assert.ok(m.intercept_ instanceof NDArray);
        assertClose((m.intercept_ as NDArray).data, c.intercept, 1e-9, "intercept_");
      }
      assertClose(m.predict(c.X).data, flat(c.predict), 1e-9, "predict");
      assert.ok(Math.abs(m.score(c.X, c.y) - c.score) < 1e-9, "score");
    });
  }

  it("solves wide data by Cholesky (the dual system) and uses the SVD when asked", () => {
    assert.strictEqual(new Ridge({ alpha: 0.1 }).fit(fx.wide.X, fx.wide.y).solver_, "cholesky");
    assert.strictEqual(new Ridge({ solver: "svd" }).fit(fx.basic.X, fx.basic.y).solver_, "svd");
  });

  it("falls back to the SVD (minimum-norm solution) when alpha = 0 and X is collinear", () => {
    const X = [[1, 2, 2], [2, 1, 1], [3, 5, 5], [4, 0, 0], [5, 3, 3]];
    const y = [1, 2, 3, 4, 6];
    const m = new Ridge({ alpha: 0, fitIntercept: false }).fit(X, y);
    assert.strictEqual(m.solver_, "svd");
    // Duplicate columns share their weight equally in the minimum-norm solution.
    assert.ok(Math.abs(m.coef_!.data[1] - m.coef_!.data[2]) < 1e-10);
  });

  it("a large alpha shrinks the coefficients toward 0", () => {
    const c = fx.basic;
    const big = new Ridge({ alpha: 1e8 }).fit(c.X, c.y).coef_!.data;
    for (const v of big) assert.ok(Math.abs(v) < 1e-2);
  });

  it("rejects bad options and inputs with typed errors", () => {
    const c = fx.basic;
    assert.throws(() => new Ridge({ alpha: -1 }).fit(c.X, c.y), OptionError);
    assert.throws(() => new Ridge({ alpha: NaN }).fit(c.X, c.y), OptionError);
    assert.throws(() => new Ridge({ alpha: [1, 2] }).fit(c.X, c.y), ShapeError);
    assert.throws(() => new Ridge({ alpha: [1, 2, 3] }).fit(c.X, fx.multi_output.y), ShapeError);
    assert.throws(() => new Ridge({ solver: "lsqr" as never }).fit(c.X, c.y), OptionError);
    assert.throws(() => new Ridge({ fitIntercept: 1 as never }).fit(c.X, c.y), OptionError);
    assert.throws(() => new Ridge().fit(c.X, c.y.slice(1)), ShapeError);
    assert.throws(() => new Ridge().fit([[1, NaN], [2, 3]], [1, 2]), NonFiniteError);
    assert.throws(() => new Ridge().fit([[1, 2], [2, 3]], [1, NaN]), NonFiniteError);
    assert.throws(() => new Ridge().fit(c.X, c.y, c.y.map(() => -1)), OptionError);
    assert.throws(() => new Ridge().predict(c.X), NotFittedError);
    assert.throws(() => new Ridge().fit(c.X, c.y).predict([[1, 2]]), ShapeError);
  });
});
