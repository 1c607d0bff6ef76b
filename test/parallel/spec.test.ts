import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator } from "../../lib/base/estimator";
import { SpecError, fromSpec, toSpec } from "../../lib/base/spec";
import { OptionError } from "../../lib/errors";
import { LinearRegression } from "../../lib/linear/linear_regression";
import { RandomState } from "../../lib/random";
import { GridSearchCV, RandomizedSearchCV } from "../../lib/selection";

class Unregistered extends BaseEstimator {
  constructor(options: { a?: number } = {}) { super({ a: 1 }, options); }
}

describe("estimator specs (lib/base/spec)", () => {
  it("toSpec gives { className, params } as plain JSON data; fromSpec rebuilds an equal estimator", () => {
    const spec = toSpec(new LinearRegression({ fitIntercept: false }));
    assert.deepEqual(spec, { className: "LinearRegression", params: { fitIntercept: false } });
    const est = fromSpec<LinearRegression>(JSON.parse(JSON.stringify(spec)));
    assert.ok(est instanceof LinearRegression);
    assert.equal(est.fitIntercept, false);
  });
  it("nested estimators become nested specs, recursively", () => {
    const g = new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 3 });
    const spec = toSpec(g);
    assert.deepEqual(spec.params.estimator, { $estimator: { className: "LinearRegression", params: { fitIntercept: true } } });
    const back = fromSpec<GridSearchCV>(spec);
    assert.ok(back.estimator instanceof LinearRegression && back.estimator !== g.estimator);
    assert.deepEqual(back.paramGrid, { fitIntercept: [true, false] });
    assert.equal(back.cv, 3);
  });
  it("a RandomState option travels as its state (same draws after the round trip)", () => {
    const rs = new RandomState(3);
    rs.rand(5);
    const search = new RandomizedSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { randomState: rs });
    const spec = JSON.parse(JSON.stringify(toSpec(search)));
    const copy = fromSpec<RandomizedSearchCV>(spec).randomState as RandomState;
    assert.ok(copy instanceof RandomState && copy !== rs);
    assert.equal(copy.rand(), rs.rand());
  });
  it("fitted specs carry learned fields (NDArrays included)", () => {
    const m = new LinearRegression().fit([[1], [2], [3]], [2, 4, 7]);
    const back = fromSpec<LinearRegression>(toSpec(m, { fitted: true }));
    assert.ok(back.coef_ instanceof NDArray);
    assert.deepEqual(Array.from(back.predict([[4]]).data), Array.from(m.predict([[4]]).data));
    assert.equal(back.nFeaturesIn_, 1);
  });
  it("functions, class instances and unregistered classes are SpecErrors naming the path", () => {
    const g = new GridSearchCV(new LinearRegression(), { fitIntercept: [true] }, { scoring: () => 1 });
    assert.throws(() => toSpec(g), (e: Error) => e instanceof SpecError && /GridSearchCV\.scoring/.test(e.message) && /a function/.test(e.message));
    assert.throws(() => toSpec(new Unregistered()), (e: Error) => e instanceof SpecError && /not registered/.test(e.message));
    const withDate = new GridSearchCV(new LinearRegression(), { fitIntercept: [new Date()] as never });
    assert.throws(() => toSpec(withDate), (e: Error) => e instanceof SpecError && /paramGrid\.fitIntercept\[0\]/.test(e.message));
  });
  it("fromSpec rejects malformed specs and unknown classes", () => {
    assert.throws(() => fromSpec({} as never), SpecError);
    assert.throws(() => fromSpec({ className: "NoSuchModel", params: {} }), OptionError);
  });
});
