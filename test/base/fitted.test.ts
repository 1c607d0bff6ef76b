/**
 * The fitted-attribute mechanism: prototype accessors that throw NotFittedError until fit assigns an own field.
 */
import { strict as assert } from "assert";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { clearFitted, fittedAttributeNames, fittedAttributes, hasFitted, isFitted } from "../../lib/base/fitted";
import { fromSpec, toSpec } from "../../lib/base/spec";
import { registeredEstimators } from "../../lib/base/registry";
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

  it("names are remembered per class, and a later declaration (on the class or a parent) is seen", () => {
    class Base extends BaseEstimator {
      declare a_: number;
      static { fittedAttributes(this, ["a_"]); }
      constructor() { super({}, {}); }
    }
    class Child extends Base {
      declare b_: number;
      static { fittedAttributes(this, ["b_"]); }
    }
    const first = fittedAttributeNames(Child);
    assert.deepEqual(first, ["nFeaturesIn_", "featureNamesIn_", "a_", "b_"]);
    first.push("mutated_"); // the caller's copy, not the remembered list
    assert.deepEqual(fittedAttributeNames(new Child()), ["nFeaturesIn_", "featureNamesIn_", "a_", "b_"]);
    fittedAttributes(Base as unknown as { prototype: { late_: number } }, ["late_"]);
    assert.deepEqual(fittedAttributeNames(Child), ["nFeaturesIn_", "featureNamesIn_", "a_", "late_", "b_"]);
    assert.deepEqual(fittedAttributeNames(Object.create(null)), []);
  });
});

describe("fitted attributes of every estimator the library exports", () => {
  const lib = require("../../lib") as Record<string, unknown>;
  // the concrete ones: registered under their name (abstract bases such as BaseSearchCV are not)
  const classes = Object.entries(lib).filter((e): e is [string, new () => object] =>
    typeof e[1] === "function" && e[1].prototype instanceof BaseEstimator && registeredEstimators().includes(e[0]));
  it("finds the estimators", () => assert.ok(classes.length >= 19, `${classes.length}`));
  for (const [name, cls] of classes) {
    it(`${name}: declares its fitted attributes; unfitted, it owns none and each read throws NotFittedError`, () => {
      const est = new cls() as Record<string, unknown>;
      const names = fittedAttributeNames(est);
      assert.ok(names.includes("nFeaturesIn_"), `${name}: ${names}`);
      // composites (Pipeline) learn through their steps; every other estimator declares its own learned values
      if (name !== "Pipeline") assert.ok(names.length > 2, `${name} declares no fitted attribute of its own`);
      assert.deepEqual(Object.keys(est).filter((k) => k.endsWith("_")), [],
        `${name} owns _ fields before fit: declare them (declare x_: T) and list them in fittedAttributes`);
      for (const n of names) assert.throws(() => est[n], NotFittedError, `${name}.${n}`);
    });
  }
});
