/**
 * Hostile model files (issue 18): small files with a valid checksum — written by the format's own writer, so only
 * the content lies — whose declared counts are forged. Each must be refused with a PersistError before load
 * allocates anything from the count (the tests assert the error, never a duration).
 */
import { strict as assert } from "assert";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { fittedAttributes } from "../../lib/base/fitted";
import { dumpBytes, loadBytes } from "../../lib/persist";
import { LinearRegression, LogisticRegression } from "../../lib/linear";
import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../lib/tree";
import { RandomForestClassifier, HistGradientBoostingClassifier } from "../../lib/ensemble";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { makePipeline } from "../../lib/pipeline";
import { KMeans } from "../../lib/cluster";
import { PCA } from "../../lib/decomposition";
import { GridSearchCV } from "../../lib/selection";
import { forge, refused } from "./forge";

const X = [[0, 1, 2], [1, 0, 1], [2, 2, 0], [3, 1, 1], [4, 5, 2], [5, 3, 0], [1, 1, 1], [0, 4, 3]];
const y = [0, 0, 1, 1, 1, 0, 1, 0];

describe("persist: forged counts are refused before anything is allocated (issue 18, item 1)", () => {
  const lr = new LinearRegression().fit(X, y);
  const tree = new DecisionTreeClassifier({ randomState: 0 }).fit(X, y);
  const forest = new RandomForestClassifier({ nEstimators: 3, maxDepth: 2, randomState: 0 }).fit(X, y);

  it("nFeaturesIn_ = 1e8 and 2^31−1 in a ~1 KB LinearRegression file", () => {
    for (const n of [1e8, 2 ** 31 - 1]) {
      const bytes = forge(lr, (m) => { m.state.nFeaturesIn_ = n; });
      assert.ok(bytes.length < 2048);
      refused(bytes, "state", "nFeaturesIn_");
    }
  });

  it("nFeaturesIn_ = 1e8 in a tree (with tree_.nFeatures forged to agree) and in a forest", () => {
    refused(forge(tree, (m) => { m.state.nFeaturesIn_ = 1e8; m.state.tree_.nFeatures = 1e8; }), "state", "nFeaturesIn_");
    refused(forge(forest, (m) => {
      m.state.nFeaturesIn_ = 1e8;
      for (const t of m.state.estimators_) { t.$estimator.state.nFeaturesIn_ = 1e8; t.$estimator.state.tree_.nFeatures = 1e8; }
    }), "state", "nFeaturesIn_");
  });

  it("a feature count that agrees with the bound but not with the stored arrays", () => {
    // small enough for the file-size bound, so only the class's own check can catch it
    const e = refused(forge(tree, (m) => { m.state.nFeaturesIn_ = 100; m.state.tree_.nFeatures = 100; }), "state");
    assert.match(e.message, /featureImportances_|nFeatures/);
    refused(forge(lr, (m) => { m.state.nFeaturesIn_ = 30; }), "state", "coef_");
  });

  it("nClasses_ = 3e8 in a tree and a forest", () => {
    refused(forge(tree, (m) => { m.state.nClasses_ = 3e8; }), "state", "nClasses_");
    refused(forge(forest, (m) => { m.state.nClasses_ = 3e8; }), "state", "nClasses_");
    refused(forge(forest, (m) => { for (const t of m.state.estimators_) t.$estimator.state.nClasses_ = 3e8; }), "state", "nClasses_");
  });

  it("forged node, output and tree counts", () => {
    refused(forge(tree, (m) => { m.state.tree_.nodeCount = 3e8; }), "state", "tree_");
    refused(forge(tree, (m) => { m.state.tree_.nOutputs = 3e8; }), "state", "tree_");
    refused(forge(tree, (m) => { m.state.tree_.valueStride = 3e8; }), "state", "tree_.valueStride");
    const reg = new DecisionTreeRegressor({ maxDepth: 2 }).fit(X, y);
    refused(forge(reg, (m) => { m.state.nOutputs_ = 3e8; }), "state", "nOutputs_");
    const hgb = new HistGradientBoostingClassifier({ maxIter: 2 }).fit(X, y);
    refused(forge(hgb, (m) => { m.state.nTreesPerIteration_ = 3e8; }), "state", "nTreesPerIteration_");
    refused(forge(hgb, (m) => { m.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
    refused(forge(hgb, (m) => { m.state.nIter_ = 3e8; }), "state", "nIter_");
  });

  it("forged feature counts in every other family", () => {
    const models: BaseEstimator[] = [
      new LogisticRegression().fit(X, y), new StandardScaler().fit(X), new KMeans({ nClusters: 2, nInit: 1, randomState: 0 }).fit(X),
      new PCA({ nComponents: 2 }).fit(X),
    ];
    for (const m of models) {
      refused(forge(m, (s) => { s.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
      refused(forge(m, (s) => { s.state.nFeaturesIn_ = 5; }), "state");
    }
    const pipe = makePipeline(new StandardScaler(), new LogisticRegression()).fit(X, y);
    refused(forge(pipe, (s) => { s.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
    refused(forge(pipe, (s) => { s.state.nFeaturesIn_ = 5; }), "state", "nFeaturesIn_");
    const search = new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 2 }).fit(X, y);
    refused(forge(search, (s) => { s.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
    refused(forge(search, (s) => { s.state.nFeaturesIn_ = 5; }), "state", "nFeaturesIn_");
    refused(forge(search, (s) => { s.state.bestIndex_ = 3e8; }), "state", "bestIndex_");
  });

  it("an empty array with a forged axis length", () => {
    refused(forge(lr, (m) => { m.state.coef_.$ndarray.shape = [1e9, 0]; m.state.coef_.$ndarray.byteLength = 0; }), "array", "coef_.shape[0]");
    refused(forge(lr, (m) => { m.state.singular_.$ndarray.shape = [0, 2 ** 31 - 1]; m.state.singular_.$ndarray.byteLength = 0; }), "array", "singular_.shape[1]");
  });

  it("a class with no check of its own is bounded by the file size", () => {
    class CountOnly extends BaseEstimator {
      declare w_: number;
      static { fittedAttributes(this, ["w_"]); }
      constructor(o: object = {}) { super({}, o); }
      fit(Xf: number[][]): this { this.nFeaturesIn_ = Xf[0].length; this.w_ = 1; return this; }
      predict(Xf: number[][]): number[] { return Xf.map(() => this.w_); }
    }
    registerEstimator(CountOnly);
    const bytes = dumpBytes(new CountOnly().fit(X));
    assert.equal((loadBytes(bytes) as CountOnly).nFeaturesIn_, 3);
    refused(forge(bytes, (m) => { m.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
    refused(forge(bytes, (m) => { m.state.nFeaturesIn_ = 2 ** 31 - 1; }), "state", "nFeaturesIn_");
  });
});
