/**
 * exportOnnx for every exportable estimator kind: ONNX Runtime's labels and probabilities (or outputs) on held-out
 * data equal typelearn's — to 1e-6 relative for the double-precision graphs, to float32 precision (1e-5 relative)
 * for tree ensembles, whose ai.onnx.ml operator outputs float32 — and every file passes python3-onnx's full check.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from "../../lib/datasets";
import { trainTestSplit, GridSearchCV } from "../../lib/selection";
import { LinearRegression, LogisticRegression, Ridge } from "../../lib/linear";
import { MinMaxScaler, OneHotEncoder, SimpleImputer, StandardScaler } from "../../lib/preprocessing";
import { PCA } from "../../lib/decomposition";
import { KMeans } from "../../lib/cluster";
import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../lib/tree";
import { HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor } from "../../lib/ensemble";
import { MLPClassifier, MLPRegressor } from "../../lib/nn";
import { makePipeline } from "../../lib/pipeline";
import { exportOnnx, onnxExportable, OnnxExportError } from "../../lib/onnx";
import { registeredEstimators } from "../../lib/base/registry";
import { LabelEncoder } from "../../lib/preprocessing";
import * as lib from "../../lib/index";
import * as fs from "fs";
import { assertClose, checkerFailures, flat, keep, runDouble, tmp, written } from "./helpers";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function split(d: { data: unknown; target: unknown }): [NDArray, NDArray, NDArray, NDArray] {
  return trainTestSplit(d.data as NDArray, d.target as NDArray, { testSize: 0.3, randomState: 0 }) as Any;
}

const cancer = split(loadBreastCancer());
const iris = split(loadIris());
const wine = split(loadWine());
const diabetes = split(loadDiabetes());

/** Fit, export, run on held-out rows; compare labels exactly and probabilities / outputs to rtol. */
function checkClassifier(name: string, est: Any, [Xtr, Xte, ytr]: NDArray[], rtol: number): void {
  est.fit(Xtr, ytr);
  const out = runDouble(keep(`${name}.onnx`, exportOnnx(est)), Xte);
  assertClose(flat(out.probabilities.data as ArrayLike<number>), flat(est.predictProba(Xte)), rtol, 1e-12, `${name} probabilities`);
  assert.deepEqual(flat(out.label.data as ArrayLike<number>), flat(est.predict(Xte)), `${name} labels`);
}

function checkRegressor(name: string, est: Any, [Xtr, Xte, ytr]: NDArray[], rtol: number, atol = 1e-9): void {
  est.fit(Xtr, ytr);
  const out = runDouble(keep(`${name}.onnx`, exportOnnx(est)), Xte);
  assertClose(flat(out.variable.data as ArrayLike<number>), flat(est.predict(Xte)), rtol, atol, `${name} predictions`);
}

function checkTransformer(name: string, est: Any, [Xtr, Xte]: NDArray[], rtol: number, atol = 1e-9): Record<string, Any> {
  est.fit(Xtr);
  const out = runDouble(keep(`${name}.onnx`, exportOnnx(est)), Xte);
  assertClose(flat(out.transformed.data as ArrayLike<number>), flat(est.transform(Xte)), rtol, atol, `${name} transform`);
  return out;
}

describe("onnx: exportOnnx against ONNX Runtime", function () {
  this.timeout(300_000);

  it("LinearRegression and Ridge (double)", () => {
    checkRegressor("linear", new LinearRegression(), diabetes, 1e-6);
    checkRegressor("ridge", new Ridge({ alpha: 0.5 }), diabetes, 1e-6);
  });

  it("LogisticRegression: binary and multiclass (double)", () => {
    checkClassifier("logistic_binary", makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 500 })), cancer, 1e-6);
    checkClassifier("logistic_multi", new LogisticRegression({ maxIter: 1000 }), iris, 1e-6);
  });

  it("StandardScaler, MinMaxScaler, PCA (double)", () => {
    checkTransformer("standard_scaler", new StandardScaler(), wine, 1e-6);
    checkTransformer("minmax_scaler", new MinMaxScaler({ clip: true }), wine, 1e-6);
    checkTransformer("pca_whiten", new PCA({ nComponents: 3, whiten: true }), wine, 1e-6);
  });

  it("SimpleImputer with NaNs in held-out rows (double)", () => {
    const [Xtr, Xte] = wine.map((a) => a.copy ? a.copy() : a) as NDArray[];
    const tr = Xtr.data as Float64Array, te = Xte.data as Float64Array;
    for (let i = 0; i < tr.length; i += 7) tr[i] = NaN;
    for (let i = 0; i < te.length; i += 5) te[i] = NaN;
    checkTransformer("imputer", new SimpleImputer({ strategy: "median" }), [Xtr, Xte], 1e-6);
  });

  it("OneHotEncoder over numeric categories, unknown ones as zeros", () => {
    const Xtr = new NDArray(Float64Array.from([0, 1, 1, 2, 2, 1, 0, 3]), [4, 2]);
    const Xte = new NDArray(Float64Array.from([1, 3, 2, 2, 0, 1]), [3, 2]);
    const est = new OneHotEncoder({ handleUnknown: "ignore" } as Any);
    checkTransformer("onehot", est, [Xtr, Xte], 0, 0);
  });

  it("KMeans: distances (double) and labels", () => {
    const out = checkTransformer("kmeans", new KMeans({ nClusters: 3, nInit: 2, randomState: 0 }), iris, 1e-6, 1e-9);
    assert.ok(out.label);
  });

  it("KMeans labels equal predict", () => {
    const km = new KMeans({ nClusters: 4, nInit: 1, randomState: 1 }).fit(wine[0]);
    const out = runDouble(exportOnnx(km), wine[1]);
    assert.deepEqual(flat(out.label.data as ArrayLike<number>), flat(km.predict(wine[1])));
  });

  it("decision trees and random forests (float32 operator output)", () => {
    checkClassifier("tree_clf", new DecisionTreeClassifier({ randomState: 0 }), wine, 1e-5);
    checkRegressor("tree_reg", new DecisionTreeRegressor({ maxDepth: 6, randomState: 0 }), diabetes, 1e-5, 1e-4);
    checkClassifier("forest_clf", new RandomForestClassifier({ nEstimators: 20, randomState: 0 }), iris, 1e-5);
    checkRegressor("forest_reg", new RandomForestRegressor({ nEstimators: 10, randomState: 0 }), diabetes, 1e-5, 1e-4);
  });

  it("histogram gradient boosting with NaN routing (float32 operator output)", () => {
    const [Xtr, Xte, ytr, yte] = cancer.map((a) => a.copy ? a.copy() : a) as NDArray[];
    const tr = Xtr.data as Float64Array, te = Xte.data as Float64Array;
    for (let i = 0; i < tr.length; i += 11) tr[i] = NaN;
    for (let i = 0; i < te.length; i += 13) te[i] = NaN;
    checkClassifier("hgb_clf", new HistGradientBoostingClassifier({ maxIter: 30, randomState: 0 }), [Xtr, Xte, ytr, yte], 1e-5);
    checkClassifier("hgb_multi", new HistGradientBoostingClassifier({ maxIter: 20, randomState: 0 }), iris, 1e-5);
    checkRegressor("hgb_reg", new HistGradientBoostingRegressor({ maxIter: 30, randomState: 0 }), diabetes, 1e-5, 1e-4);
  });

  it("histogram gradient boosting with categorical splits, unknown categories and NaN (float32 operator output)", () => {
    // iris plus a categorical column (0…5, tied to the class with noise); held-out rows add an unseen category and NaN
    const withCat = (X: NDArray, y: NDArray, extra: boolean): NDArray => {
      const n = X.shape[0], d = X.data as Float64Array, out = new Float64Array(n * 5);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 4; j++) out[i * 5 + j] = d[i * 4 + j];
        out[i * 5 + 4] = (Number(y.data[i]) * 2 + (i % 3 === 0 ? 1 : 0) + (i % 7 === 0 ? 3 : 0)) % 6;
        if (extra && i % 5 === 0) out[i * 5 + 4] = i % 10 === 0 ? 9 : NaN;
      }
      return new NDArray(out, [n, 5]);
    };
    const [Xtr, Xte, ytr, yte] = iris;
    const data = [withCat(Xtr, ytr, false), withCat(Xte, yte, true), ytr, yte];
    const binary = [data[0], data[1], ...[ytr, yte].map((y) => new NDArray(Float64Array.from(y.data as ArrayLike<number>, (v) => (v === 2 ? 1 : 0)), [y.shape[0]]))];
    const opts = { maxIter: 15, randomState: 0, categoricalFeatures: [4] };
    checkClassifier("hgb_cat_multi", new HistGradientBoostingClassifier(opts), data, 1e-5);
    checkClassifier("hgb_cat_binary", new HistGradientBoostingClassifier(opts), binary, 1e-5);
    const hgb = new HistGradientBoostingClassifier(opts).fit(data[0], ytr) as Any;
    assert.ok(hgb.predictors_.some((it: Any[]) => it.some((t: Any) => t.isCategorical.some((c: number, i: number) => c && !t.isLeaf[i]))), "some split is categorical");
  });

  it("MLPClassifier and MLPRegressor (double)", () => {
    checkClassifier("mlp_clf", makePipeline(new StandardScaler(), new MLPClassifier({ hiddenLayerSizes: [16], maxIter: 50, randomState: 0 })), iris, 1e-6);
    checkClassifier("mlp_binary", makePipeline(new StandardScaler(), new MLPClassifier({ hiddenLayerSizes: [8, 4], activation: "tanh", maxIter: 30, randomState: 0 })), cancer, 1e-6);
    checkRegressor("mlp_reg", makePipeline(new StandardScaler(), new MLPRegressor({ hiddenLayerSizes: [8], activation: "logistic", maxIter: 30, randomState: 0 })), diabetes, 1e-6);
  });

  it("a search exports its best estimator", () => {
    const search = new GridSearchCV(makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 300 })), { logisticregression__C: [0.1, 1] } as Any, { cv: 3 } as Any);
    checkClassifier("search", search, cancer, 1e-6);
  });

  it("an estimator without an exporter, or unfitted, gets OnnxExportError naming it", () => {
    assert.throws(() => exportOnnx(new StandardScaler()), (e: Error) => e instanceof OnnxExportError && /StandardScaler.*not fitted/.test(e.message));
    class Custom extends StandardScaler {}
    const c = new Custom().fit(wine[0]);
    assert.throws(() => exportOnnx(c), (e: Error) => e instanceof OnnxExportError && /Custom/.test(e.message) && /no ONNX exporter/.test(e.message));
  });

  it("every registered estimator class has an entry in the exporter table (LabelEncoder's explains why it cannot export)", () => {
    const table = new Set(onnxExportable());
    // the library's own classes (other test files register test-only estimators in the same registry)
    const ours = registeredEstimators().filter((n) => n in lib);
    assert.ok(ours.length >= 18, `library estimators found: ${ours.join(", ")}`);
    assert.deepEqual(ours.filter((n) => !table.has(n)), []);
    const le = new LabelEncoder().fit(["a", "b"]);
    assert.throws(() => exportOnnx(le as Any), (e: Error) => e instanceof OnnxExportError && /LabelEncoder.*targets/.test(e.message));
  });

  it("metadata names the input, outputs, classes and typelearn version", () => {
    const clf = new LogisticRegression({ maxIter: 1000 }).fit(iris[0], iris[2]);
    const text = Buffer.from(exportOnnx(clf)).toString("latin1");
    for (const k of ["typelearn.version", "typelearn.input", "typelearn.outputs", "typelearn.classes", "float64"]) assert.ok(text.includes(k), k);
  });

  after(function () {
    this.timeout(300_000);
    const bad = checkerFailures(written);
    fs.rmSync(tmp(), { recursive: true, force: true });
    assert.deepEqual(bad, [], "onnx.checker full_check failures");
  });
});
