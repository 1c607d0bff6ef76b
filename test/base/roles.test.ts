/**
 * The estimator roles (lib/base/roles.ts): one score per role (with sampleWeight), predict from predictProba
 * through the classIndices hook, fitTransform / fitPredict, the typed _estimatorType that isClassifier reads
 * (wrappers answering for what they wrap), and load()'s typed error for a method the stored model lacks.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { allclose, arrayEqual } from "../../lib/array/compare";
import { BaseEstimator, fittedAttributes, registerEstimator } from "../../lib/base/estimator";
import { Classifier, Regressor, estimatorType } from "../../lib/base/roles";
import { UnsupportedMethodError } from "../../lib/base/loaded";
import type { MatrixLike } from "../../lib/base/validation";
import { loadBreastCancer, loadDiabetes } from "../../lib/datasets";
import { InputTypeError, NotFittedError } from "../../lib/errors";
import { LinearRegression, LogisticRegression, Ridge } from "../../lib/linear";
import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../lib/tree";
import {
  HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor,
} from "../../lib/ensemble";
import { MLPClassifier, MLPRegressor } from "../../lib/nn";
import { KMeans } from "../../lib/cluster";
import { PCA } from "../../lib/decomposition";
import { StandardScaler } from "../../lib/preprocessing";
import { accuracyScore } from "../../lib/metrics/classification";
import { r2Score } from "../../lib/metrics/regression";
import { Pipeline, makePipeline } from "../../lib/pipeline";
import { GridSearchCV, RandomizedSearchCV, isClassifier, isRegressor } from "../../lib/selection";
import { dump, load, loadBytes, dumpBytes } from "../../lib/persist";

const bc = loadBreastCancer();
const Xc = (bc.data as NDArray).sliceRows(0, 200);
const yc = (bc.target as NDArray).reshape(-1, 1).sliceRows(0, 200).reshape(-1);
const db = loadDiabetes();
const Xr = (db.data as NDArray).sliceRows(0, 200);
const yr = (db.target as NDArray).reshape(-1, 1).sliceRows(0, 200).reshape(-1);
/** Weights that change the answer: the first half counts 5×. */
const weights = Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? 5 : 1));

/** A classifier written as the role asks: fit and predictProba only. */
class NearestMean extends Classifier(BaseEstimator) {
  declare means_: number[];
  static { fittedAttributes(this, ["classes_", "means_"]); }
  constructor(options: Record<string, never> = {}) { super({}, options); }
  fit(X: MatrixLike, y: ArrayLike<number>): this {
    const m = this.validateX(X, { reset: true });
    const sums = [0, 0], counts = [0, 0];
    for (let i = 0; i < m.rows; i++) { sums[y[i]] += m.data[i * m.cols]; counts[y[i]]++; }
    this.means_ = [sums[0] / counts[0], sums[1] / counts[1]];
    this.classes_ = ["low", "high"];
    return this;
  }
  predictProba(X: MatrixLike): NDArray {
    this.checkIsFitted("predictProba");
    const m = this.validateX(X, { reset: false });
    const out = new Float64Array(m.rows * 2);
    for (let i = 0; i < m.rows; i++) {
      const d0 = Math.abs(m.data[i * m.cols] - this.means_[0]), d1 = Math.abs(m.data[i * m.cols] - this.means_[1]);
      out[2 * i] = d1 / (d0 + d1);
      out[2 * i + 1] = d0 / (d0 + d1);
    }
    return new NDArray(out, [m.rows, 2]);
  }
}
registerEstimator(NearestMean);

describe("estimator roles", () => {
  describe("classifier score: accuracy, weighted by sampleWeight", () => {
    const makers: [string, () => { fit(X: NDArray, y: NDArray): { score(X: NDArray, y: NDArray, w?: Float64Array): number; predict(X: NDArray): NDArray | string[] } }][] = [
      ["LogisticRegression", () => new LogisticRegression({ maxIter: 50 })],
      ["DecisionTreeClassifier", () => new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })],
      ["RandomForestClassifier", () => new RandomForestClassifier({ nEstimators: 5, maxDepth: 2, randomState: 0 })],
      ["HistGradientBoostingClassifier", () => new HistGradientBoostingClassifier({ maxIter: 3, randomState: 0 })],
      ["MLPClassifier", () => new MLPClassifier({ hiddenLayerSizes: [3], maxIter: 5, randomState: 0 })],
    ];
    for (const [name, make] of makers) {
      it(name, () => {
        const clf = make().fit(Xc, yc);
        const pred = clf.predict(Xc);
        assert.equal(clf.score(Xc, yc), accuracyScore(yc, pred));
        const weighted = clf.score(Xc, yc, weights);
        assert.equal(weighted, accuracyScore(yc, pred, { sampleWeight: weights }));
      });
    }
  });

  describe("regressor score: R², weighted by sampleWeight", () => {
    const makers: [string, () => { fit(X: NDArray, y: NDArray): { score(X: NDArray, y: NDArray, w?: Float64Array): number; predict(X: NDArray): NDArray } }][] = [
      ["LinearRegression", () => new LinearRegression()],
      ["Ridge", () => new Ridge()],
      ["DecisionTreeRegressor", () => new DecisionTreeRegressor({ maxDepth: 3 })],
      ["RandomForestRegressor", () => new RandomForestRegressor({ nEstimators: 5, maxDepth: 3, randomState: 0 })],
      ["HistGradientBoostingRegressor (used to drop sampleWeight)", () => new HistGradientBoostingRegressor({ maxIter: 5, randomState: 0 })],
      ["MLPRegressor", () => new MLPRegressor({ hiddenLayerSizes: [3], maxIter: 5, randomState: 0 })],
    ];
    for (const [name, make] of makers) {
      it(name, () => {
        const reg = make().fit(Xr, yr);
        const pred = reg.predict(Xr);
        assert.equal(reg.score(Xr, yr), r2Score(yr, pred));
        const weighted = reg.score(Xr, yr, weights);
        assert.equal(weighted, r2Score(yr, pred, { sampleWeight: weights }));
        assert.notEqual(weighted, reg.score(Xr, yr), "the weights must change the score");
      });
    }
  });

  it("a classifier with only fit and predictProba gets predict, predictLogProba and score from the role", () => {
    const X = [[0], [1], [9], [10], [4], [6]];
    const clf = new NearestMean().fit(X, [0, 0, 1, 1, 0, 1]);
    assert.deepEqual(clf.predict([[0.5], [8], [4.9]]), ["low", "high", "low"]);
    assert.ok(allclose(clf.predictLogProba([[2]]), clf.predictProba([[2]]).log()));
    assert.equal(clf.score(X, ["low", "low", "high", "high", "high", "high"]), 5 / 6);
    assert.equal(clf.score(X, ["low", "low", "high", "high", "high", "high"], [1, 1, 1, 1, 0, 1]), 5 / 5);
    assert.equal(clf._estimatorType, "classifier");
    assert.throws(() => new NearestMean().predict(X), (e: unknown) => e instanceof NotFittedError && /predict\(\)/.test(e.message));
    assert.throws(() => new NearestMean().score(X, ["low"]), (e: unknown) => e instanceof NotFittedError && /score\(\)/.test(e.message));
  });

  it("the forest predicts through the role's default hook: the argmax of predictProba", () => {
    const rf = new RandomForestClassifier({ nEstimators: 7, maxDepth: 3, randomState: 1 }).fit(Xc, yc);
    const p = rf.predictProba(Xc);
    const expected = Array.from({ length: p.shape[0] }, (_, i) => (p.get(i, 1) > p.get(i, 0) ? 1 : 0));
    assert.deepEqual(Array.from((rf.predict(Xc) as NDArray).data), expected);
  });

  it("string labels: predict gives strings, which allclose / arrayEqual compare as labels", () => {
    const X = [[0], [1], [2], [3]];
    const clf = new LogisticRegression<string>({ C: 10 }).fit(X, ["no", "no", "yes", "yes"]);
    const pred = clf.predict(X);
    assert.deepEqual(pred, ["no", "no", "yes", "yes"]);
    assert.ok(allclose(pred, ["no", "no", "yes", "yes"]));
    assert.ok(!allclose(pred, ["no", "yes", "yes", "yes"]));
    assert.ok(arrayEqual(pred, clf.predict(X)));
    assert.ok(!arrayEqual(pred, [0, 0, 1, 1]));
    assert.throws(() => allclose(pred, [0, 0, 1, 1]), InputTypeError);
  });

  it("fitTransform and fitPredict come from the roles", () => {
    const a = new StandardScaler().fitTransform(Xr);
    assert.ok(arrayEqual(a, new StandardScaler().fit(Xr).transform(Xr)));
    const km = new KMeans({ nClusters: 3, nInit: 1, randomState: 0 });
    const labels = km.fitPredict(Xr);
    assert.ok(arrayEqual(labels, km.labels_));
    assert.ok(arrayEqual(new KMeans({ nClusters: 3, nInit: 1, randomState: 0 }).fitTransform(Xr), km.transform(Xr)));
    // one fitTransform for the transformers; PCA keeps its own (U·S straight from the SVD, as scikit-learn's)
    assert.equal(Object.getPrototypeOf(StandardScaler.prototype).hasOwnProperty("fitTransform"), false);
    assert.equal(new StandardScaler().fitTransform.name, "fitTransform");
    assert.equal(Object.hasOwn(PCA.prototype, "fitTransform"), true);
    assert.equal(Object.hasOwn(StandardScaler.prototype, "fitTransform"), false);
  });

  describe("typed _estimatorType; isClassifier / isRegressor on wrappers", () => {
    it("each role's estimators carry their type; transformers none", () => {
      assert.equal(estimatorType(new LogisticRegression()), "classifier");
      assert.equal(estimatorType(new HistGradientBoostingRegressor()), "regressor");
      assert.equal(estimatorType(new KMeans()), "clusterer");
      assert.equal(estimatorType(new StandardScaler()), undefined);
      assert.equal(estimatorType({ _estimatorType: "classifier" }), undefined, "a plain object is not an estimator");
    });
    it("a pipeline or a search is what it wraps", () => {
      const clfPipe = makePipeline(new StandardScaler(), new LogisticRegression());
      const regPipe = new Pipeline([["s", new StandardScaler()], ["r", new Ridge()]]);
      assert.ok(isClassifier(clfPipe) && !isRegressor(clfPipe));
      assert.ok(isRegressor(regPipe) && !isClassifier(regPipe));
      assert.ok(isClassifier(new GridSearchCV(clfPipe, { logisticregression__C: [1] })));
      assert.ok(isRegressor(new RandomizedSearchCV(new Ridge(), { alpha: [1, 2] })));
      assert.ok(isClassifier(new GridSearchCV(new GridSearchCV(new DecisionTreeClassifier(), { maxDepth: [1] }), {})));
      assert.equal(estimatorType(makePipeline(new StandardScaler(), new PCA())), undefined);
      assert.equal(estimatorType(makePipeline(new StandardScaler(), "passthrough")), undefined);
    });
    it("Pipeline.score forwards sampleWeight to its last step", () => {
      const pipe = new Pipeline([["scaler", new StandardScaler()], ["ridge", new Ridge()]]).fit(Xr, yr);
      const Z = pipe.namedSteps.scaler.transform(Xr);
      const weighted = pipe.score(Xr, yr, weights);
      assert.equal(weighted, pipe.namedSteps.ridge.score(Z, yr, weights));
      assert.notEqual(weighted, pipe.score(Xr, yr));
    });
  });

  describe("load(): role methods type-check; a missing one is a typed error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roles-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a loaded transformer refuses predict / score with UnsupportedMethodError; transform works", () => {
      const file = path.join(dir, "scaler.tl");
      const scaler = new StandardScaler().fit(Xr);
      dump(scaler, file);
      const model = load(file);
      assert.ok(model instanceof StandardScaler);
      assert.ok(arrayEqual(model.transform(Xr), scaler.transform(Xr)));
      assert.throws(() => model.predict(Xr), (e: unknown) => e instanceof UnsupportedMethodError &&
        e.estimator === "StandardScaler" && e.method === "predict" && /StandardScaler has no predict\(\)/.test(e.message));
      assert.throws(() => model.score(Xr, yr), UnsupportedMethodError);
      assert.throws(() => model.predictProba(Xr), UnsupportedMethodError);
    });

    it("a loaded classifier predicts, scores, dumps again and clones; transform is refused", () => {
      const clf = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(Xc, yc);
      const model = loadBytes(dumpBytes(clf));
      assert.ok(arrayEqual(model.predict(Xc), clf.predict(Xc)));
      assert.equal(model.score(Xc, yc, weights), clf.score(Xc, yc, weights));
      assert.ok(allclose(model.predictProba(Xc), clf.predictProba(Xc)));
      assert.equal(model._estimatorType, "classifier");
      assert.ok(isClassifier(model));
      assert.throws(() => model.transform(Xc), UnsupportedMethodError);
      assert.throws(() => model.decisionFunction(Xc), UnsupportedMethodError);
      const again = loadBytes<DecisionTreeClassifier>(dumpBytes(model));
      assert.ok(arrayEqual(again.featureImportances_, clf.featureImportances_));
      assert.deepEqual(model.clone().getParams(), clf.getParams());
    });

    it("load<typeof pipe> keeps working", () => {
      const file = path.join(dir, "pipe.tl");
      const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression({ maxIter: 1000 })]]).fit(Xc, yc);
      dump(pipe, file);
      const back = load<typeof pipe>(file);
      assert.ok(back instanceof Pipeline);
      assert.ok(arrayEqual(back.namedSteps.clf.coef_, pipe.namedSteps.clf.coef_));
      assert.ok(arrayEqual(back.predict(Xc), pipe.predict(Xc)));
    });
  });
});
