/**
 * A loaded ONNX model where a fitted estimator goes: scikit-learn's displays and metrics take it (an exported
 * classifier reloaded with loadOnnx gives the original's confusion matrix, ROC and precision-recall curves,
 * report, AUC and log loss); clone() gives the same graph on its own session; its role comes from its outputs, so
 * crossValScore picks stratified folds and scores each held-out part with accuracy (R² for a regressor) — the
 * loaded model is frozen, as scikit-learn's FrozenEstimator: fit keeps the graph.
 */
import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { takeRows } from "../../lib/array/ndarray";
import { loadBreastCancer, loadDiabetes, loadIris } from "../../lib/datasets";
import { trainTestSplit, crossValScore, StratifiedKFold, KFold, isClassifier, isRegressor } from "../../lib/selection";
import { LogisticRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing";
import { RandomForestRegressor } from "../../lib/ensemble";
import { PCA } from "../../lib/decomposition";
import { KMeans } from "../../lib/cluster";
import { makePipeline } from "../../lib/pipeline";
import { accuracyScore, classificationReport, logLoss, r2Score, rocAucScore } from "../../lib/metrics";
import { ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay } from "../../lib/plot";
import { exportOnnx, loadOnnx, OnnxModel } from "../../lib/onnx";
import { OptionError } from "../../lib/errors";
import { assertClose, flat } from "./helpers";

const cancer = loadBreastCancer();
const [Xtr, Xte, ytr, yte] = trainTestSplit(cancer.data as NDArray, cancer.target as NDArray, { testSize: 0.3, randomState: 0 }) as NDArray[];

describe("onnx: a loaded model in displays, metrics, clone and cross-validation", function () {
  this.timeout(300_000);
  const pipe = makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 1000 })).fit(Xtr, ytr);
  let m: OnnxModel;
  before(() => { m = loadOnnx(exportOnnx(pipe)); });
  after(() => m.release());

  it("ConfusionMatrixDisplay, RocCurveDisplay and PrecisionRecallDisplay.fromEstimator give the original's numbers", () => {
    const cm = ConfusionMatrixDisplay.fromEstimator(m, Xte, yte);
    assert.deepEqual(flat(cm.confusionMatrix), flat(ConfusionMatrixDisplay.fromEstimator(pipe, Xte, yte).confusionMatrix));
    assert.equal(cm.confusionMatrix.shape.join(), "2,2");
    const roc = RocCurveDisplay.fromEstimator(m, Xte, yte), rocWant = RocCurveDisplay.fromEstimator(pipe, Xte, yte);
    assertClose([roc.rocAuc], [rocWant.rocAuc], 1e-12, 0, "ROC AUC");
    assert.deepEqual(flat(roc.fpr), flat(rocWant.fpr));
    assert.deepEqual(flat(roc.tpr), flat(rocWant.tpr));
    assert.match(JSON.stringify(roc.chart.spec), /OnnxModel \(AUC = 0\.\d\d\)/, "the legend names the model");
    const pr = PrecisionRecallDisplay.fromEstimator(m, Xte, yte), prWant = PrecisionRecallDisplay.fromEstimator(pipe, Xte, yte);
    assertClose([pr.averagePrecision], [prWant.averagePrecision], 1e-12, 0, "average precision");
    // posLabel picks the probability column by the classes the file recorded
    const rocNeg = RocCurveDisplay.fromEstimator(m, Xte, yte, { posLabel: 0 });
    assertClose([rocNeg.rocAuc], [RocCurveDisplay.fromEstimator(pipe, Xte, yte, { posLabel: 0 }).rocAuc], 1e-12, 0, "ROC AUC, class 0");
  });

  it("metrics take its predictions and probabilities", () => {
    const pred = m.predict(Xte) as NDArray, proba = m.predictProba(Xte);
    assert.equal(classificationReport(yte, pred).text, classificationReport(yte, pipe.predict(Xte) as NDArray).text);
    assertClose([rocAucScore(yte, proba.col(1))], [rocAucScore(yte, pipe.predictProba(Xte).col(1))], 1e-12, 0, "rocAucScore");
    assertClose([logLoss(yte, proba)], [logLoss(yte, pipe.predictProba(Xte))], 1e-9, 0, "logLoss");
    assert.equal(m.score(Xte, yte), accuracyScore(yte, pipe.predict(Xte) as NDArray));
  });

  it("its role comes from its outputs: classifier, regressor, clusterer, or none for a transformer", () => {
    assert.equal(m._estimatorType, "classifier");
    assert.ok(isClassifier(m));
    const d = loadDiabetes();
    const rf = new RandomForestRegressor({ nEstimators: 5, maxDepth: 3, randomState: 0 }).fit(d.data as NDArray, d.target as NDArray);
    const reg = loadOnnx(exportOnnx(rf));
    assert.ok(isRegressor(reg));
    assertClose([reg.score(d.data as NDArray, d.target as NDArray)], [r2Score(d.target as NDArray, rf.predict(d.data as NDArray))], 1e-6, 0, "R²");
    const pca = loadOnnx(exportOnnx(new PCA({ nComponents: 2 }).fit(loadIris().data as NDArray)));
    assert.equal(pca._estimatorType, undefined);
    const km = loadOnnx(exportOnnx(new KMeans({ nClusters: 3, nInit: 1, randomState: 0 }).fit(loadIris().data as NDArray)));
    assert.equal(km._estimatorType, "clusterer");
    km.release();
    assert.throws(() => pca.score(loadIris().data as NDArray, loadIris().target as NDArray), OptionError);
    reg.release();
    pca.release();
  });

  it("clone() gives the same graph on its own session: same predictions, classes and path; releasing one leaves the other", () => {
    const c = m.clone();
    assert.ok(c instanceof OnnxModel);
    assert.notEqual(c, m);
    assert.notEqual(c.session, m.session);
    assert.deepEqual(flat(c.classes_), flat(m.classes_));
    assert.deepEqual(flat(c.predict(Xte)), flat(m.predict(Xte)));
    assert.deepEqual(flat(c.predictProba(Xte)), flat(m.predictProba(Xte)));
    c.release();
    assert.deepEqual(flat(m.predict(Xte)), flat(pipe.predict(Xte)));
    // options given at load (classes for a file that does not record them) travel with the clone
    const bare = loadOnnx(exportOnnx(pipe), { classes: ["benign?", "malignant?"] });
    assert.deepEqual(bare.clone().classes_, ["benign?", "malignant?"]);
    bare.release();
  });

  it("crossValScore scores the frozen graph on each stratified held-out part (fit keeps the graph)", () => {
    const X = cancer.data as NDArray, y = cancer.target as NDArray;
    const got = crossValScore(m, X, y, { cv: 5 });
    const want = new StratifiedKFold({ nSplits: 5 }).split(X, y).map(([, test]) =>
      accuracyScore(takeRows(y, test), pipe.predict(takeRows(X, test)) as NDArray));
    assert.deepEqual(flat(got), want);
    // plain KFold would give other parts: the stratified choice is what isClassifier(m) asked for
    const plain = new KFold({ nSplits: 5 }).split(X, y).map(([, test]) => accuracyScore(takeRows(y, test), pipe.predict(takeRows(X, test)) as NDArray));
    assert.notDeepEqual(want, plain);
    const auc = crossValScore(m, X, y, { cv: 5, scoring: "roc_auc" });
    assert.equal(auc.shape[0], 5);
    assert.ok(flat(auc).every((v) => v > 0.9), `fold AUCs ${flat(auc)}`);
    assert.throws(() => m.fit([[1, 2, 3]]), /30 features/);
    assert.equal(m.fit(X), m);
  });
});
