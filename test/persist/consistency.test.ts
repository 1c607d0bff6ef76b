/**
 * Inconsistent learned state (issue 18, item 9): fields that each look fine but disagree with one another used to
 * load and then predict NaN or garbage (served: a 500 on every /predict). Each family's own check, and the trial
 * prediction's shape and finiteness checks, must refuse them inside load with a PersistError of kind "state".
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { fittedAttributes } from "../../lib/base/fitted";
import { dumpBytes, loadBytes } from "../../lib/persist";
import { LinearRegression, LogisticRegression, Ridge } from "../../lib/linear";
import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../lib/tree";
import { HistGradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor } from "../../lib/ensemble";
import { MinMaxScaler, OneHotEncoder, SimpleImputer, StandardScaler } from "../../lib/preprocessing";
import { makePipeline } from "../../lib/pipeline";
import { KMeans } from "../../lib/cluster";
import { PCA } from "../../lib/decomposition";
import { GridSearchCV } from "../../lib/selection";
import { RandomState } from "../../lib/random";
import { serve } from "../../lib/serve";
import { MLPClassifier, MLPRegressor } from "../../lib/nn";
import { PersistError } from "../../lib/persist";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { forge, refused } from "./forge";

/** 40 rows of 30 features (like breast cancer's width), two classes. */
function wide(): { X: number[][]; y: number[] } {
  const rs = new RandomState(1);
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const c = i % 2;
    X.push(Array.from({ length: 30 }, (_, j) => (rs.standardNormal() as number) + (j < 3 ? 2 * c : 0)));
    y.push(c);
  }
  return { X, y };
}

const X = [[0, 1, 2], [1, 0, 1], [2, 2, 0], [3, 1, 1], [4, 5, 2], [5, 3, 0], [1, 1, 1], [0, 4, 3], [2, 0, 4], [3, 3, 3]];
const y = [0, 0, 1, 1, 1, 0, 1, 0, 1, 0];
const y3 = [0, 1, 2, 1, 2, 0, 1, 0, 2, 2];

/** Dump a fitted model after `damage` changed its learned fields in memory. */
function damaged<T extends BaseEstimator>(m: T, damage: (m: T) => void): Buffer {
  damage(m);
  return dumpBytes(m);
}

describe("persist: inconsistent learned state is refused on load (issue 18, item 9)", () => {
  const { X: Xw, y: yw } = wide();

  describe("the five reported cases", () => {
    it("coef_ of 10 values for 30 features", () => {
      refused(forge(new LinearRegression().fit(Xw, yw), (m) => {
        m.state.coef_.$ndarray.shape = [10];
        m.state.coef_.$ndarray.byteLength = 80;
      }), "state", "coef_");
      refused(forge(new LogisticRegression().fit(Xw, yw), (m) => {
        m.state.coef_.$ndarray.shape = [1, 10];
        m.state.coef_.$ndarray.byteLength = 80;
      }), "state", "coef_");
    });

    it("a forest's nClasses_ 9 against its trees' 2", () => {
      const rf = new RandomForestClassifier({ nEstimators: 3, maxDepth: 2, randomState: 0 }).fit(X, y);
      refused(forge(rf, (m) => { m.state.nClasses_ = 9; }), "state", "nClasses_");
    });

    it("a forest with 0 trees", () => {
      const rf = new RandomForestClassifier({ nEstimators: 3, maxDepth: 2, randomState: 0 }).fit(X, y);
      refused(forge(rf, (m) => { m.state.estimators_ = []; }), "state", "estimators_");
      const rr = new RandomForestRegressor({ nEstimators: 2, maxDepth: 2, randomState: 0 }).fit(X, y);
      refused(forge(rr, (m) => { m.state.estimators_ = []; }), "state", "estimators_");
    });

    it("transposed KMeans centers", () => {
      const km = new KMeans({ nClusters: 2, nInit: 1, randomState: 0 }).fit(X);
      refused(forge(km, (m) => { m.state.clusterCenters_.$ndarray.shape = [3, 2]; }), "state", "clusterCenters_");
    });

    it("classes_ of length 1", () => {
      const lr = new LogisticRegression().fit(X, y);
      refused(forge(lr, (m) => { m.state.classes_.$ndarray.shape = [1]; m.state.classes_.$ndarray.byteLength = 4; }), "state", "classes_");
      const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, y);
      refused(forge(tree, (m) => { m.state.classes_.$ndarray.shape = [1]; m.state.classes_.$ndarray.byteLength = 4; }), "state", "nClasses_");
      const hgb = new HistGradientBoostingClassifier({ maxIter: 2 }).fit(X, y);
      refused(forge(hgb, (m) => { m.state.classes_.$ndarray.shape = [1]; m.state.classes_.$ndarray.byteLength = 4; }), "state", "classes_");
    });
  });

  describe("more per family", () => {
    it("linear: non-finite weights, intercepts of the wrong length, a 3-class model with binary coefficients", () => {
      refused(damaged(new Ridge().fit(X, y), (m) => { m.intercept_ = NaN; }), "state", "intercept_");
      refused(damaged(new LinearRegression().fit(X, y), (m) => { m.coef_.data[1] = Infinity; }), "state", "coef_");
      const lr3 = new LogisticRegression().fit(X, y3);
      refused(damaged(lr3, (m) => { m.intercept_ = new NDArray(new Float64Array(2), [2]); }), "state", "intercept_");
      refused(forge(new LogisticRegression().fit(X, y3), (m) => {
        m.state.classes_.$ndarray.shape = [2]; m.state.classes_.$ndarray.byteLength = 8;
      }), "state", "coef_");
      refused(forge(new LogisticRegression().fit(X, y), (m) => { m.state.multiClass_ = "crammer_singer"; }), "state", "multiClass_");
    });

    it("trees: NaN leaf values, importances of the wrong length, outputs against the tree, a forest's labels against its trees'", () => {
      refused(damaged(new DecisionTreeRegressor({ maxDepth: 2 }).fit(X, y), (m) => { m.tree_.value[0] = NaN; }), "state", "tree_.value");
      refused(damaged(new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, y), (m) => {
        m.featureImportances_ = new NDArray(new Float64Array(2), [2]);
      }), "state", "featureImportances_");
      refused(forge(new DecisionTreeRegressor({ maxDepth: 2 }).fit(X, y), (m) => { m.state.nOutputs_ = 2; }), "state", "nOutputs_");
      const rf = new RandomForestClassifier({ nEstimators: 2, maxDepth: 2, randomState: 0 }).fit(X, y);
      refused(damaged(rf, (m) => { m.classes_ = new NDArray(new Int32Array([5, 6]), [2], "int32"); }), "state", "estimators_[0].classes_");
    });

    it("boosting: NaN baseline, trees per iteration against classes, nIter_ against the trees", () => {
      const hgb = new HistGradientBoostingClassifier({ maxIter: 3 }).fit(X, y);
      refused(damaged(new HistGradientBoostingClassifier({ maxIter: 3 }).fit(X, y), (m) => { m.baselinePrediction_[0] = NaN; }), "state", "baselinePrediction_");
      refused(forge(new HistGradientBoostingClassifier({ maxIter: 3 }).fit(X, y3), (m) => { m.state.classes_.$ndarray.shape = [2]; m.state.classes_.$ndarray.byteLength = 8; }), "state", "nTreesPerIteration_");
      refused(forge(hgb, (m) => { m.state.nIter_ = 1; }), "state", "nIter_");
    });

    it("preprocessing: a zero scale, statistics of the wrong length, categories per feature", () => {
      refused(damaged(new StandardScaler().fit(X), (m) => { m.scale_!.data[0] = 0; }), "state", "scale_");
      refused(damaged(new MinMaxScaler().fit(X), (m) => { m.min_ = new NDArray(new Float64Array(2), [2]); }), "state", "min_");
      refused(damaged(new SimpleImputer().fit(X), (m) => { m.statistics_.data[0] = -Infinity; }), "state", "statistics_");
      const ohe = new OneHotEncoder({ drop: "first" }).fit(X);
      refused(forge(ohe, (m) => { m.state.categories_.pop(); }), "state", "categories_");
      refused(forge(ohe, (m) => { m.state.dropIdx_[0] = 99; }), "state", "dropIdx_");
      refused(forge(ohe, (m) => { m.state.categories_[0] = [1, 1]; }), "state", "categories_[0]");
    });

    it("cluster and decomposition: labels past the centers, components against nComponents_, NaN components", () => {
      const km = new KMeans({ nClusters: 2, nInit: 1, randomState: 0 }).fit(X);
      refused(damaged(km, (m) => { m.labels_.data[0] = 7; }), "state", "labels_");
      const pca = new PCA({ nComponents: 2 }).fit(X);
      refused(forge(pca, (m) => { m.state.nComponents_ = 3; }), "state", "components_");
      refused(damaged(new PCA({ nComponents: 2 }).fit(X), (m) => { m.components_.data[0] = NaN; }), "state", "components_");
      refused(damaged(new PCA({ nComponents: 2, whiten: true }).fit(X), (m) => { m.explainedVariance_.data[1] = 0; }), "state", "explainedVariance_");
    });

    it("pipelines and searches: steps that disagree on widths, an unfitted step, a best estimator of another width", () => {
      const pipe = makePipeline(new StandardScaler(), new LogisticRegression()).fit(X, y);
      const narrow = new LogisticRegression().fit(X.map((r) => r.slice(0, 2)), y);
      const e = refused(damaged(pipe, (m) => { (m.steps[1] as unknown[])[1] = narrow; }), "state", "model");
      assert.match(e.message, /trial predict/);
      const pipe2 = makePipeline(new StandardScaler(), new LogisticRegression()).fit(X, y);
      refused(damaged(pipe2, (m) => { (m.steps[0] as unknown[])[1] = new StandardScaler(); }), "state", "steps[0]");
      const search = new GridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, { cv: 2 }).fit(X, y);
      refused(damaged(search, (m) => { m.bestEstimator_ = new LinearRegression().fit(X.map((r) => r.slice(0, 2)), y); }), "state", "nFeaturesIn_");
    });
  });

  describe("neural networks", () => {
    it("layers that do not chain, outputs against classes, NaN weights, forged counts", () => {
      const clf = () => new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 20, randomState: 0 }).fit(X, y3);
      assert.equal(loadBytes<MLPClassifier>(dumpBytes(clf())).nOutputs_, 3);
      refused(forge(clf(), (m) => { m.state.coefs_[1].$ndarray.shape = [3, 4]; }), "state", "coefs_[1]");
      refused(forge(clf(), (m) => { m.state.nFeaturesIn_ = 1e8; }), "state", "nFeaturesIn_");
      refused(forge(clf(), (m) => { m.state.nLayers_ = 3e8; }), "state", "nLayers_");
      refused(forge(clf(), (m) => { m.state.classes_.$ndarray.shape = [2]; m.state.classes_.$ndarray.byteLength = 8; }), "state", "nOutputs_");
      refused(forge(clf(), (m) => { m.state.intercepts_.pop(); }), "state", "intercepts_");
      refused(damaged(clf(), (m) => { m.coefs_[0].data[0] = NaN; }), "state", "coefs_[0]");
      const reg = new MLPRegressor({ hiddenLayerSizes: [3], maxIter: 20, randomState: 0 }).fit(X, y);
      refused(forge(reg, (m) => { m.state.outActivation_ = "softmax"; }), "state", "outActivation_");
    });
  });

  describe("the trial prediction checks shape and finiteness for any estimator", () => {
    class Weighted extends BaseEstimator {
      declare w_: number;
      declare rows_: number;
      static { fittedAttributes(this, ["w_", "rows_"]); }
      constructor(o: object = {}) { super({}, o); }
      fit(Xf: number[][]): this { this.nFeaturesIn_ = Xf[0].length; this.w_ = 1; this.rows_ = 1; return this; }
      predict(Xf: number[][]): NDArray {
        const n = Xf.length * this.rows_;
        return new NDArray(new Float64Array(n).fill(this.w_), [n]);
      }
    }
    class Proba extends Weighted {
      predictProba(Xf: number[][]): NDArray {
        return new NDArray(new Float64Array(Xf.length * 2).fill(this.w_ / 2), [Xf.length, 2]);
      }
    }
    registerEstimator(Weighted);
    registerEstimator(Proba);

    it("a NaN prediction, a wrong number of rows, probabilities not summing to 1", () => {
      assert.equal((loadBytes(dumpBytes(new Weighted().fit(X))) as Weighted).w_, 1);
      assert.match(refused(damaged(new Weighted().fit(X), (m) => { m.w_ = NaN; }), "state", "model").message, /trial predict of one row of zeros returned NaN/);
      assert.match(refused(damaged(new Weighted().fit(X), (m) => { m.rows_ = 3; }), "state").message, /3 rows for 1/);
      assert.match(refused(damaged(new Proba().fit(X), (m) => { m.w_ = 0.5; }), "state").message, /predictProba .* summing to 0.5/);
    });

    it("serve refuses an inconsistent model file instead of answering 500 to every request", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-cons-"));
      try {
        const f = path.join(dir, "bad.tl");
        fs.writeFileSync(f, forge(new RandomForestClassifier({ nEstimators: 2, maxDepth: 2, randomState: 0 }).fit(X, y), (m) => { m.state.nClasses_ = 9; }));
        await assert.rejects(serve(f, { port: 0 }), (e: unknown) => e instanceof PersistError && e.kind === "state");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
