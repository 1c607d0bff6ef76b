/**
 * The fitted-attribute mechanism: prototype accessors that throw NotFittedError until fit assigns an own field.
 */
import { strict as assert } from "assert";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { clearFitted, fittedAttributeNames, fittedAttributes, hasFitted, isFitted } from "../../lib/base/fitted";
import { fromSpec, toSpec } from "../../lib/base/spec";
import { NotFittedError } from "../../lib/errors";

class MeanModel extends BaseEstimator {
  declare shift: number;
  declare mean_: number;
  declare extra_: string | undefined;
  static { fittedAttributes(this, ["mean_", "extra_"]); }
  constructor(options: { shift?: number } = {}) { super({ shift: 0 }, options); }
  fit(X: number[][]): this {
    this.validateX(X, { reset: true });
    this.mean_ = X.flat().reduce((a, b) => a + b, 0) / X.flat().length + this.shift;
    this.extra_ = undefined; // a fit that has nothing to store under extra_
    return this;
  }
}
registerEstimator(MeanModel);

class ShiftedMean extends MeanModel {
  declare mean_: number; // redeclared: takes the subclass's place in the order
  declare spread_: number;
  static { fittedAttributes(this, ["spread_", "mean_"]); }
  fit(X: number[][]): this {
    super.fit(X);
    this.spread_ = 1;
    return this;
  }
}

describe("fitted attributes", () => {
  it("read before fit: NotFittedError naming the estimator and the attribute", () => {
    const m = new MeanModel();
    assert.throws(() => m.mean_, (e: unknown) => e instanceof NotFittedError &&
      e.message === "This MeanModel instance is not fitted yet: call fit() before reading mean_.");
    assert.throws(() => m.nFeaturesIn_, NotFittedError);
    assert.equal(isFitted(m), false);
    assert.equal(hasFitted(m, "mean_"), false);
  });

  it("fit stores own enumerable fields; an attribute left undefined reads as undefined once fitted", () => {
    const m = new MeanModel({ shift: 1 }).fit([[1, 2], [3, 4]]);
    assert.equal(m.mean_, 3.5);
    assert.equal(m.extra_, undefined);
    assert.deepEqual(Object.keys(m).filter((k) => k.endsWith("_")), ["nFeaturesIn_", "mean_"]);
    assert.equal(isFitted(m), true);
    assert.equal(hasFitted(m, "mean_"), true);
    assert.equal(hasFitted(m, "extra_"), false);
    m.mean_ = 7; // a plain data property after the first assignment
    assert.equal(m.mean_, 7);
  });

  it("clone owns no fitted field; clearFitted unsets", () => {
    const m = new MeanModel().fit([[1]]);
    const c = m.clone();
    assert.deepEqual(Object.keys(c).filter((k) => k.endsWith("_")), []);
    assert.throws(() => c.mean_, NotFittedError);
    clearFitted(m, "mean_", "nFeaturesIn_");
    assert.equal(isFitted(m), false);
    assert.throws(() => m.mean_, NotFittedError);
  });

  it("names: parents' first, a redeclared name at the subclass's place; toSpec follows that order", () => {
    assert.deepEqual(fittedAttributeNames(MeanModel), ["nFeaturesIn_", "featureNamesIn_", "mean_", "extra_"]);
    assert.deepEqual(fittedAttributeNames(new ShiftedMean()), ["nFeaturesIn_", "featureNamesIn_", "extra_", "spread_", "mean_"]);
    const m = new MeanModel().fit([[2, 4]]);
    const spec = toSpec(m, { fitted: true });
    assert.deepEqual(Object.keys(spec.state ?? {}), ["nFeaturesIn_", "mean_"]);
    const back = fromSpec<MeanModel>(spec);
    assert.equal(back.mean_, 3);
    assert.equal(back.extra_, undefined);
  });
});
