/**
 * Decision trees: labels, options, errors, inspection and the text export.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { loadIris } from "../../lib/datasets";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { DecisionTreeClassifier, DecisionTreeRegressor, exportText } from "../../lib/tree";
import { ourRandR, randInt } from "../../lib/tree/rand";
import { sortSamples } from "../../lib/tree/sort";

const X = [[0, 1], [1, 1], [2, 0], [3, 0], [4, 1], [5, 0]];

describe("DecisionTreeClassifier", () => {
  it("encodes string and non-integer labels (classes_ sorted)", () => {
    const s = new DecisionTreeClassifier().fit(X, ["b", "b", "a", "a", "c", "c"]);
    assert.deepEqual(s.classes_, ["a", "b", "c"]);
    assert.deepEqual(s.predict([[0.2, 1], [2.5, 0], [4.5, 1]]), ["b", "a", "c"]);
    const f = new DecisionTreeClassifier().fit(X, [0.5, 0.5, 0.5, 2.5, 2.5, 2.5]);
    assert.deepEqual(Array.from((f.classes_ as NDArray).data), [0.5, 2.5]);
    assert.deepEqual(Array.from((f.predict([[0, 1], [5, 0]]) as NDArray).data), [0.5, 2.5]);
    assert.equal(f.score(X, [0.5, 0.5, 0.5, 2.5, 2.5, 2.5]), 1);
  });

  it("predictProba rows sum to 1 and follow the leaf's class weights", () => {
    const t = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, [0, 0, 0, 1, 1, 0]);
    const p = t.predictProba(X);
    assert.deepEqual(p.shape, [6, 2]);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(p.data[2 * i] + p.data[2 * i + 1] - 1) < 1e-15);
    assert.equal(t.getDepth(), 1);
    assert.equal(t.getNLeaves(), 2);
    assert.deepEqual(Array.from(t.apply([[0, 1]]).data), [1]);
  });

  it("a single class is rejected with a typed error", () => {
    assert.throws(() => new DecisionTreeClassifier().fit(X, [1, 1, 1, 1, 1, 1]), (e: Error) =>
      e instanceof ShapeError && /at least 2 classes/.test(e.message));
  });

  it("NaN in X: NonFiniteError suggesting SimpleImputer or HistGradientBoosting", () => {
    const bad = X.map((r) => [...r]);
    bad[2][0] = NaN;
    assert.throws(() => new DecisionTreeClassifier().fit(bad, [0, 0, 0, 1, 1, 1]), (e: Error) =>
      e instanceof NonFiniteError && /SimpleImputer/.test(e.message) && /HistGradientBoosting/.test(e.message));
    const fitted = new DecisionTreeClassifier().fit(X, [0, 0, 0, 1, 1, 1]);
    assert.throws(() => fitted.predict([[NaN, 1]]), NonFiniteError);
  });

  it("values beyond float32 range are rejected", () => {
    assert.throws(() => new DecisionTreeRegressor().fit([[1e39], [0]], [1, 2]), NonFiniteError);
  });

  it("maxFeatures above the feature count, bad options and wrong feature counts throw", () => {
    assert.throws(() => new DecisionTreeClassifier({ maxFeatures: 3 }).fit(X, [0, 0, 0, 1, 1, 1]), (e: Error) =>
      e instanceof ShapeError && /at most the number of features \(2\)/.test(e.message));
    assert.throws(() => new DecisionTreeClassifier({ criterion: "mse" as never }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier({ maxDepth: 0 }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier({ minSamplesSplit: 1 }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier({ maxLeafNodes: 1 }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier({ splitter: "random" as never }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier({ classWeight: "balanced_subsample" as never }).fit(X, [0, 0, 0, 1, 1, 1]), OptionError);
    assert.throws(() => new DecisionTreeClassifier().fit(X, [0, 1]), ShapeError);
    assert.throws(() => new DecisionTreeClassifier().predict(X), NotFittedError);
    const t = new DecisionTreeClassifier().fit(X, [0, 0, 0, 1, 1, 1]);
    assert.throws(() => t.predict([[1, 2, 3]]), ShapeError);
  });

  it("zero sample weights leave samples out; classWeight reweights", () => {
    const y = [0, 0, 0, 1, 1, 1];
    const t = new DecisionTreeClassifier().fit(X, y, [1, 1, 1, 1, 1, 0]);
    assert.equal(t.tree_!.nNodeSamples[0], 5);
    assert.equal(t.tree_!.weightedNNodeSamples[0], 5);
    const w = new DecisionTreeClassifier({ classWeight: new Map([[1, 3]]) }).fit(X, y);
    assert.equal(w.tree_!.weightedNNodeSamples[0], 12);
    const b = new DecisionTreeClassifier({ classWeight: "balanced" }).fit(X, [0, 0, 0, 0, 1, 1]);
    assert.deepEqual(Array.from(b.tree_!.value.slice(0, 2)), [3, 3]);
  });

  it("exportText of a regressor prints values; feature names must match the feature count", () => {
    const r = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X, [1, 1, 1, 5, 5, 5]);
    assert.equal(exportText(r), "|--- feature_0 <= 2.50\n|   |--- value: [1.00]\n|--- feature_0 >  2.50\n|   |--- value: [5.00]\n");
    assert.throws(() => exportText(r, { featureNames: ["a"] }), ShapeError);
    assert.throws(() => exportText(new DecisionTreeRegressor()), OptionError);
  });

  it("the same randomState gives the same tree; maxFeatures draws differ across seeds", () => {
    const { data, target } = loadIris();
    const a = new DecisionTreeClassifier({ maxFeatures: 1, randomState: 3 }).fit(data, target).tree_!;
    const b = new DecisionTreeClassifier({ maxFeatures: 1, randomState: 3 }).fit(data, target).tree_!;
    const c = new DecisionTreeClassifier({ maxFeatures: 1, randomState: 4 }).fit(data, target).tree_!;
    assert.deepEqual(a.feature, b.feature);
    assert.notDeepEqual(a.feature, c.feature);
  });
});

describe("DecisionTreeRegressor", () => {
  it("multi-output y: one tree predicts every column", () => {
    const y = [[1, 10], [1, 10], [1, 10], [3, 30], [3, 30], [3, 30]];
    const r = new DecisionTreeRegressor().fit(X, y);
    const p = r.predict([[0, 0], [5, 0]]);
    assert.deepEqual(p.shape, [2, 2]);
    assert.deepEqual(Array.from(p.data), [1, 10, 3, 30]);
    assert.equal(r.score(X, y), 1);
  });
});

describe("tree internals", () => {
  it("ourRandR is the 32-bit xorshift 13/17/5 masked to 31 bits; a zero state becomes 1", () => {
    const s = Uint32Array.of(0);
    // from state 1: 1 ^ 1<<13 = 8193; ^ >>17 = 8193; ^ <<5 = 8193 ^ 262176 = 270369
    assert.equal(ourRandR(s), 270369);
    assert.equal(s[0], 270369);
    const t = Uint32Array.of(0xffffffff);
    const v = ourRandR(t);
    assert.ok(v >= 0 && v < 2 ** 31);
    assert.equal(v, t[0] % 2 ** 31);
    const u = Uint32Array.of(12345);
    for (let i = 0; i < 100; i++) { const r = randInt(3, 7, u); assert.ok(r >= 3 && r < 7); }
  });

  it("sortSamples sorts values and permutes samples alongside (heapsort fallback included)", () => {
    const n = 3000;
    const v = new Float32Array(n), s = new Int32Array(n);
    for (let i = 0; i < n; i++) { v[i] = (i * 7919) % 13; s[i] = i; }
    const orig = v.slice();
    sortSamples(v, s, 0, n);
    for (let i = 1; i < n; i++) assert.ok(v[i - 1] <= v[i]);
    for (let i = 0; i < n; i++) assert.equal(orig[s[i]], v[i]);
  });
});
