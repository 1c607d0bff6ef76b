/**
 * registerStateClass: a learned value that is a class instance (a search's CVResults) travels in fitted specs as
 * { $object: { type, data } } and comes back as an instance of its class; unknown types are SpecErrors.
 */
import { strict as assert } from "assert";
import { fromSpec, toSpec, SpecError } from "../../lib/base/spec";
import { GridSearchCV } from "../../lib/selection";
import { CVResults } from "../../lib/selection/cv_results";
import { LinearRegression } from "../../lib/linear";
import { NDArray } from "../../lib/array/ndarray";

describe("spec: learned class instances (registerStateClass)", () => {
  const X = [[0], [1], [2], [3], [4], [5]];
  const y = [1, 3, 5, 7, 9, 11.5];

  it("a fitted GridSearchCV's cvResults_ survives toSpec → fromSpec as a CVResults", () => {
    const search = new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 3 }).fit(X, y);
    const spec = toSpec(search, { fitted: true });
    assert.equal((spec.state!.cvResults_ as { $object: { type: string } }).$object.type, "CVResults");
    const back = fromSpec<GridSearchCV>(spec);
    assert.ok(back.cvResults_ instanceof CVResults);
    assert.deepEqual(Array.from((back.cvResults_!.meanTestScore as NDArray).data), Array.from((search.cvResults_!.meanTestScore as NDArray).data));
    assert.deepEqual(back.cvResults_!.params, search.cvResults_!.params);
    assert.deepEqual(Array.from((back.predict(X) as NDArray).data), Array.from((search.predict(X) as NDArray).data));
  });

  it("an unknown $object type is a SpecError", () => {
    assert.throws(() => fromSpec({ className: "LinearRegression", params: {}, state: { coef_: { $object: { type: "Nope", data: {} } } } }), SpecError);
  });
});
