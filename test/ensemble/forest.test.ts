/**
 * Random forests: the guide's numbers, nJobs, labels, options and errors.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadIris } from "../../lib/datasets";
import { NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { RandomForestClassifier, RandomForestRegressor } from "../../lib/ensemble";
import { trainTestSplit } from "../../lib/selection";
import { dumpBytes, loadBytes } from "../../lib/persist";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ref = require("../../../test/fixtures/reference/seed_outputs.json").sections["02_random_forest"].key_numbers;

describe("RandomForestClassifier on breast cancer (the guide's §2)", () => {
  const d = loadBreastCancer();
  const [Xtr, Xte, ytr, yte] = trainTestSplit(d.data, d.target, { testSize: 0.2, randomState: 42 });
  let rf: RandomForestClassifier;
  before(() => {
    rf = new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, randomState: 42 }).fit(Xtr, ytr);
  });

  it("accuracy within one point of 0.9649 (here: equal)", () => {
    const acc = rf.score(Xte, yte);
    assert.ok(Math.abs(acc - 0.9649) <= 0.01, `accuracy ${acc}`);
    assert.equal(acc, ref.accuracy);
  });

  it("top-5 importances: the guide's features, in order, to 1e-12", () => {
    const imp = Array.from(rf.featureImportances_!.data);
    const top = imp.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    assert.deepEqual(top.map(([, i]) => d.featureNames[i]),
      ["worst area", "worst concave points", "mean concave points", "worst radius", "mean concavity"]);
    for (const [k, r] of (ref.top5_feature_importances as { index: number; importance: number }[]).entries()) {
      assert.equal(top[k][1], r.index);
      assert.ok(Math.abs(top[k][0] - r.importance) < 1e-12);
    }
    assert.ok(Math.abs(imp.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it("nJobs -1 and nJobs 2 give the same trees and probabilities as nJobs 1", function () {
    this.timeout(20000);
    const p1 = rf.predictProba(Xte);
    for (const nJobs of [-1, 2]) {
      const par = new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, randomState: 42, nJobs }).fit(Xtr, ytr);
      assert.deepEqual(Array.from(par.predictProba(Xte).data), Array.from(p1.data));
      assert.deepEqual(par.estimators_!.map((e) => Array.from(e.tree_!.threshold)),
        rf.estimators_!.map((e) => Array.from(e.tree_!.threshold)));
    }
  });

  it("single-row predict equals the batch prediction", () => {
    const batch = rf.predictProba(Xte);
    const row = Array.from(Xte.row(3).data);
    assert.deepEqual(Array.from(rf.predictProba([row]).data), Array.from(batch.data.slice(6, 8)));
  });

  it("a loaded forest answers a few rows from the leaves (no tables) with the batch's numbers, bit for bit", () => {
    // under 64 rows, a forest that has not built its probability tables normalizes only the leaves it reaches
    const back = loadBytes<RandomForestClassifier>(dumpBytes(rf));
    const batch = rf.predictProba(Xte).data;
    const n = Xte.shape[0];
    assert.ok(n > 64);
    for (const rows of [1, 5, 63]) {
      const part = Xte.sliceRows(0, rows);
      const few = back.predictProba(part).data;
      assert.ok(Buffer.from(few.buffer).equals(Buffer.from(batch.buffer, 0, rows * 2 * 8)), `${rows} rows`);
      assert.deepEqual(Array.from((back.predict(part) as NDArray).data), Array.from((rf.predict(part) as NDArray).data));
    }
    // whole batches (which build the tables) after the few rows give the same numbers again
    assert.ok(Buffer.from(back.predictProba(Xte).data.buffer).equals(Buffer.from(batch.buffer)));
    assert.ok(Buffer.from(back.predictProba(Xte.sliceRows(0, 3)).data.buffer).equals(Buffer.from(batch.buffer, 0, 48)));
  });
});

describe("RandomForest options and errors", () => {
  const { data, target, targetNames } = loadIris();
  const names = Array.from(target.data, (c) => targetNames[c]);

  it("string labels", () => {
    const rf = new RandomForestClassifier({ nEstimators: 10, randomState: 0 }).fit(data, names);
    assert.deepEqual(rf.classes_, ["setosa", "versicolor", "virginica"]);
    const p = rf.predict(data.sliceRows(0, 2)) as string[];
    assert.deepEqual(p, ["setosa", "setosa"]);
    assert.ok(rf.score(data, names) > 0.95);
  });

  it("oobScore needs bootstrap; maxSamples needs bootstrap and fits the data; maxFeatures ≤ features", () => {
    assert.throws(() => new RandomForestClassifier({ oobScore: true, bootstrap: false }).fit(data, target), OptionError);
    assert.throws(() => new RandomForestClassifier({ maxSamples: 10, bootstrap: false }).fit(data, target), OptionError);
    assert.throws(() => new RandomForestClassifier({ maxSamples: 151 }).fit(data, target), OptionError);
    assert.throws(() => new RandomForestClassifier({ maxFeatures: 5 }).fit(data, target), ShapeError);
    assert.throws(() => new RandomForestClassifier({ nEstimators: 0 }).fit(data, target), OptionError);
    assert.throws(() => new RandomForestClassifier({ nJobs: 0 }).fit(data, target), OptionError);
    assert.throws(() => new RandomForestClassifier().fit(data, new Array(150).fill(2)), ShapeError);
  });

  it("NaN is rejected with a hint toward SimpleImputer / HistGradientBoosting", () => {
    const X = data.toArray() as number[][];
    X[5][2] = NaN;
    assert.throws(() => new RandomForestRegressor({ nEstimators: 2 }).fit(X, Array.from(target.data)), (e: Error) =>
      e instanceof NonFiniteError && /HistGradientBoosting/.test(e.message));
  });

  it("balanced_subsample without bootstrap acts as balanced", () => {
    const a = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, classWeight: "balanced_subsample", randomState: 1 }).fit(data, target);
    const b = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, classWeight: "balanced", randomState: 1 }).fit(data, target);
    assert.deepEqual(Array.from(a.predictProba(data).data), Array.from(b.predictProba(data).data));
  });

  it("regressor importances sum to 1 and oobPrediction_ has one value per sample", () => {
    const y = Array.from({ length: 150 }, (_, i) => data.data[i * 4] * 2 + data.data[i * 4 + 2]);
    const rf = new RandomForestRegressor({ nEstimators: 20, oobScore: true, randomState: 0 }).fit(data, y);
    assert.deepEqual(rf.oobPrediction_!.shape, [150]);
    assert.ok(rf.oobScore_! > 0.9);
    assert.ok(Math.abs((rf.featureImportances_ as NDArray).sum() as number - 1) < 1e-12);
  });
});
