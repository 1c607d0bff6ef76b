/**
 * Prototype lookups (issue 18, item 3): a name a file supplies — a $number tag, a class name, a state class, an
 * array type, a learned field — is looked up among own entries only. Inherited names (`__proto__`,
 * `constructor`, `toString`, `valueOf`…) must give a PersistError, never Object.prototype or a built-in.
 */
import { strict as assert } from "assert";
import { LinearRegression, LogisticRegression } from "../../lib/linear";
import { KMeans } from "../../lib/cluster";
import { GridSearchCV } from "../../lib/selection";
import { RandomState } from "../../lib/random";
import { loadBytes } from "../../lib/persist";
import { forge, refused } from "./forge";

const INHERITED = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__",
  "__lookupGetter__", "propertyIsEnumerable", "toLocaleString"];
const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 5], [5, 3]];
const y = [0, 0, 1, 1, 1, 0];

function unpolluted(): void {
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined);
  assert.equal(Object.prototype.toString.call(probe), "[object Object]");
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
}

describe("persist: file-supplied names never reach inherited properties (issue 18, item 3)", () => {
  const lr = new LinearRegression().fit(X, y);
  const km = new KMeans({ nClusters: 2, nInit: 1, randomState: new RandomState(3) }).fit(X);
  const search = new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 2 }).fit(X, y);

  it("$number with an inherited name, in a param and in a learned field", () => {
    for (const name of INHERITED) {
      const e1 = refused(forge(lr, (m) => { m.params.fitIntercept = { $number: name }; }), "manifest", "params.fitIntercept");
      assert.match(e1.message, /\$number/);
      refused(forge(lr, (m) => { m.state.intercept_ = { $number: name }; }), "manifest", "intercept_");
      refused(forge(lr, (m) => { m.state.rank_ = { $number: name }; }), "manifest", "rank_");
    }
    unpolluted();
  });

  it("$number with an inherited name in a random state's cached Gaussian", () => {
    const bytes = forge(km, () => undefined);
    assert.ok(bytes.toString("latin1").includes("$randomState"), "the KMeans file holds a random state");
    for (const name of INHERITED) {
      refused(forge(km, (m) => { m.params.randomState.$randomState.cachedGaussian = { $number: name }; }), "manifest", "cachedGaussian");
    }
    refused(forge(km, (m) => { m.params.randomState.$randomState.cachedGaussian = { $number: "NaN", extra: 1 }; }), "manifest", "cachedGaussian");
    unpolluted();
  });

  it("class names, state class types, array types and dtypes with inherited names", () => {
    for (const name of INHERITED) {
      refused(forge(lr, (m) => { m.className = name; }), "class", "className");
      refused(forge(search, (m) => { m.state.cvResults_.$object.type = name; }), "state", "cvResults_");
      refused(forge(lr, (m) => { m.state.coef_.$ndarray.dtype = name; }), "array", "coef_.dtype");
      refused(forge(lr, (m) => { m.state.coef_ = { $typed: { type: name, offset: 0, byteLength: 8 } }; }), "array", "coef_.type");
    }
    unpolluted();
  });

  it("learned field names and param names with inherited names", () => {
    for (const name of INHERITED) {
      refused((forge(lr, (m) => { Object.defineProperty(m.state, name, { value: 1, enumerable: true }); })), "state", "state");
      refused(forge(lr, (m) => { Object.defineProperty(m.params, name, { value: true, enumerable: true }); }), name === "__proto__" ? "manifest" : "params");
    }
    unpolluted();
  });

  it("plain keys named like inherited properties stay plain data", () => {
    // a param holding a plain object whose keys look inherited: decoded as own data, nothing on any prototype
    const clf = new LogisticRegression({ classWeight: { 0: 1, 1: 2 } });
    const back = loadBytes<LogisticRegression>(forge(clf, (m) => { m.params.classWeight.constructor = 3; m.params.classWeight.toString = 4; }));
    const cw = back.classWeight as unknown as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(cw), Object.prototype);
    assert.ok(Object.hasOwn(cw, "constructor") && Object.hasOwn(cw, "toString"));
    assert.deepEqual({ ...cw }, { 0: 1, 1: 2, constructor: 3, toString: 4 });
    unpolluted();
  });
});
