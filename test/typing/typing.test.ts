/**
 * Natural guide code compiles as written — no `!`, no `as`, no `any` — and code that is wrong still fails to
 * compile, under the TypeScript the build and the kernel's converter both use (5.9).
 * The notebooks and the README's TypeScript blocks are checked the same way.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Snippet, escapeHatches, markdownTsBlocks, notebookCode, packageRoot, typeCheck } from "./compile";

const data = `const data = loadBreastCancer();
const [XTrain, XTest, yTrain, yTest] = trainTestSplit(data.data, data.target, { testSize: 0.2, randomState: 42 });
`;

/** Code that must compile with zero diagnostics. */
const natural: Snippet[] = [
  { name: "linear regression: coef_ and intercept_ after fit", code: `
np.random.seed(42);
const sizes = np.random.randint(800, 3500, 200).reshape(-1, 1);
const prices = sizes.mul(150).add(np.random.normal(0, 15000, [200, 1]));
const [XTrain, XTest, yTrain, yTest] = trainTestSplit(sizes, prices, { testSize: 0.2, randomState: 42 });
const model = new LinearRegression().fit(XTrain, yTrain);
const perSqFt: number = model.coef_.get(0, 0);
console.log(fmt(r2Score(yTest, model.predict(XTest)), ".4f"), perSqFt, model.intercept_, model.rank_);` },
  { name: "fitted attributes of forests, PCA, k-means, scalers read without !", code: `${data}
const forest = new RandomForestClassifier({ nEstimators: 10, randomState: 42 }).fit(XTrain, yTrain);
const top = forest.featureImportances_.argsort().get(29);
const nTrees: number = forest.estimators_.length;
const pca = new PCA({ nComponents: 0.95 }).fit(XTrain);
const kept: number = pca.explainedVarianceRatio_.sum();
for (let c = 0; c < pca.nComponents_; c++) console.log(pca.components_.row(c).abs().max());
const km = new KMeans({ nClusters: 3, nInit: 1, randomState: 0 }).fit(XTrain);
const [k, p] = km.clusterCenters_.shape;
const inertia: number = km.inertia_;
const mm = new MinMaxScaler().fit(XTrain);
console.log(top, nTrees, kept, k, p, inertia, mm.dataRange_.max(), mm.nSamplesSeen_ + 1, forest.nFeaturesIn_ * 2);` },
  { name: "GridSearchCV / RandomizedSearchCV: bestEstimator_ keeps its type", code: `${data}
const grid = new GridSearchCV(new RandomForestClassifier({ randomState: 42 }), { maxDepth: [5, 10] }, { cv: 3, scoring: "f1" });
grid.fit(XTrain, yTrain);
const best = grid.bestEstimator_;
const acc: number = best.score(XTest, yTest);
const importances = grid.bestEstimator_.featureImportances_.mul(100);
console.log(fmt(grid.bestScore_, ".4f"), grid.cvResults_.meanTestScore.get(0), JSON.stringify(grid.bestParams_), acc, importances);
const rnd = new RandomizedSearchCV(new Ridge(), { alpha: loguniform(1e-3, 1e2) }, { nIter: 5, randomState: 0 }).fit(XTrain, yTrain);
const coef = rnd.bestEstimator_.coef_.abs().argmax();
const mean: number = rnd.predict(XTest).mean();
console.log(coef, mean, rnd.bestEstimator_.alpha);` },
  { name: "Pipeline: namedSteps by name and type, predict typed by the last step", code: `${data}
const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression({ maxIter: 500 })]]);
pipe.fit(XTrain, yTrain);
const [rows, cols] = pipe.namedSteps.clf.coef_.shape;
const seen: number = pipe.namedSteps.scaler.nSamplesSeen_;
const positive = pipe.predictProba(XTest).col(1);
console.log(rows * cols, seen, positive.mean(), pipe.score(XTest, yTest));
const reg = makePipeline(new StandardScaler(), new Ridge({ alpha: 1 })).fit(XTrain, yTrain);
const average: number = reg.predict(XTest).mean();
const search = new GridSearchCV(makePipeline(new StandardScaler(), new Ridge()), { ridge__alpha: [0.1, 1, 10] }).fit(XTrain, yTrain);
console.log(average, search.predict(XTest).std(), search.bestEstimator_.score(XTest, yTest));
const loose: Pipeline = reg;
const anySearch: GridSearchCV = search;
const steps: [string, BaseEstimator][] = [["scaler", new StandardScaler()], ["ridge", new Ridge()]];
const built = new Pipeline(steps).fit(XTrain, yTrain);
console.log(loose.score(XTest, yTest), anySearch.bestScore_, built.namedSteps.ridge, crossValScore(reg, XTrain, yTrain).mean());` },
  { name: "crossValidate: asked-for fields are present", code: `${data}
const r = crossValidate(new Ridge(), XTrain, yTrain, { cv: 3, returnTrainScore: true, returnEstimator: true });
const gap: number = r.trainScore.mean() - r.testScore.mean();
const firstCoef = r.estimator[0].coef_.get(0);
const scores = crossValScore(new Ridge(), XTrain, yTrain, { cv: 3 });
console.log(gap, firstCoef, scores.mean(), r.fitTime.sum());` },
  { name: "NDArray: products chain; toArray1d / toArray2d give plain arrays", code: `
const X = np.random.randn(20, 3);
const w = np.random.randn(3);
const b = 0.5;
const yHat = X.matmul(w).add(b);
const loss: number = yHat.sub(X.col(0)).pow(2).mean();
const inner: number = w.dot(w).item();
const rows = X.toArray2d();
const firstColumn = rows.map((row) => row[0] * 2);
const total = yHat.toArray1d().reduce((s, v) => s + v, 0);
const nested = X.toArray();
console.log(loss, inner, firstColumn, total, Array.isArray(nested));` },
  { name: "random: array-shaped draws are NDArrays, argument-less draws numbers", code: `
np.random.seed(0);
const rs = new RandomState(0);
const holes = rs.rand(10, 3);
const missing = holes.lt(0.2).sum();
const u: number = rs.rand() + np.random.rand() + np.random.randn() + np.random.randint(0, 10);
const grid = np.random.rand(3, 4).mean(0);
const noise = np.random.normal(0, 1, [2, 2]).T;
const draws = np.random.randint(0, 5, 10).max();
const n = rs.randn(4).std();
console.log(missing, u, grid, noise, draws, n, holes.data[0] < 0.2);` },
  { name: "roles: a Pipeline ending in a classifier and a search over one are classifiers to the displays", code: `${data}
const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression({ maxIter: 500 })]]).fit(XTrain, yTrain);
const cm = ConfusionMatrixDisplay.fromEstimator(pipe, XTest, yTest);
const grid = new GridSearchCV(new RandomForestClassifier({ nEstimators: 5, randomState: 0 }), { maxDepth: [2, 4] }, { cv: 3 }).fit(XTrain, yTrain);
const roc = RocCurveDisplay.fromEstimator(grid, XTest, yTest);
const rocPipe = RocCurveDisplay.fromEstimator(makePipeline(new StandardScaler(), new DecisionTreeClassifier({ maxDepth: 3 })).fit(XTrain, yTrain), XTest, yTest);
const kind: "classifier" = pipe._estimatorType;
const searchKind: "classifier" = grid._estimatorType;
const positive = pipe.predictProba(XTest).col(1).mean() + grid.predictProba(XTest).col(1).mean();
const classes: NDArray | string[] = pipe.classes_;
const searchClasses: NDArray | string[] = grid.classes_;
console.log(cm.confusionMatrix, roc.rocAuc, rocPipe, kind, searchKind, classes, searchClasses, positive, isClassifier(pipe) && isClassifier(grid));` },
  { name: "roles: a search or pipeline over a regressor is a regressor", code: `${data}
const search = new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3 }).fit(XTrain, yTrain);
const pipeReg = makePipeline(new StandardScaler(), new HistGradientBoostingRegressor({ maxIter: 5 })).fit(XTrain, yTrain);
const kind: "regressor" = search._estimatorType;
const pipeKind: "regressor" = pipeReg._estimatorType;
const r2: number = new HistGradientBoostingRegressor({ maxIter: 5 }).fit(XTrain, yTrain).score(XTest, yTest, np.ones(yTest.size));
console.log(search.predict(XTest).mean(), pipeReg.predict(XTest).std(), pipeReg.score(XTest, yTest), kind, pipeKind, r2, isRegressor(search));` },
  { name: "classifiers generic in their labels: what predict returns is accepted by allclose, arrayEqual and metrics", code: `${data}
const model = new LogisticRegression({ maxIter: 500 }).fit(XTrain, yTrain);
const yPred = model.predict(XTest);
console.log(np.allclose(model.predict(XTest), yPred), np.arrayEqual(yPred, model.predict(XTest)));
console.log(accuracyScore(yTest, yPred), f1Score(yTest, yPred), confusionMatrix(yTest, yPred), classificationReport(yTest, yPred));
const numeric: NDArray = new DecisionTreeClassifier<number>({ maxDepth: 3 }).fit(XTrain, yTrain).predict(XTest);
const mean: number = numeric.mean();
const names = ["no", "yes", "no", "yes"];
const strings: string[] = new LogisticRegression<string>().fit([[0], [1], [2], [3]], names).predict([[0.5]]);
const forest = new RandomForestClassifier<number>({ nEstimators: 5, randomState: 0 }).fit(XTrain, yTrain);
const classes: NDArray = forest.classes_;
const treeClasses: NDArray = forest.estimators_[0].classes_;
const logp: NDArray = forest.predictLogProba(XTest);
const staged = [...new HistGradientBoostingClassifier<number>({ maxIter: 3 }).fit(XTrain, yTrain).stagedPredict(XTest)];
const last: NDArray = staged[staged.length - 1];
console.log(mean, strings[0].toUpperCase(), classes.size, treeClasses.size, logp.shape, last.size, np.allclose(numeric, yTest));` },
  { name: "classifiers take their label kind from fit's y, with no type argument", code: `${data}
const forest: NDArray = new RandomForestClassifier({ nEstimators: 5, randomState: 0 }).fit(XTrain, yTrain).predict(XTest);
const logistic = new LogisticRegression({ maxIter: 500 }).fit(XTrain, yTrain);
const classes: NDArray = logistic.classes_;
const mean: number = logistic.predict(XTest).mean();
const words = ["no", "yes", "no", "yes"];
const tree = new DecisionTreeClassifier().fit([[0], [1], [2], [3]], words);
const upper: string = tree.predict([[0.5]])[0].toUpperCase() + tree.classes_.join(",");
const mlp: string[] = new MLPClassifier({ maxIter: 5 }).fit([[0], [1], [2], [3]], words).predict([[1]]);
const hgb: NDArray = new HistGradientBoostingClassifier({ maxIter: 3 }).fit(XTrain, Array.from(yTrain.data)).predict(XTest);
const staged = [...new HistGradientBoostingClassifier({ maxIter: 3 }).fit(XTrain, yTrain).stagedPredict(XTest)];
const last: NDArray = staged[staged.length - 1];
const pipe = makePipeline(new StandardScaler(), new LogisticRegression()).fit(XTrain, yTrain);
const piped: NDArray = pipe.predict(XTest);
const grid: NDArray = new GridSearchCV(new LogisticRegression(), { C: [1, 10] }, { cv: 3 }).fit(XTrain, yTrain).predict(XTest);
const stringGrid: string[] = new GridSearchCV(makePipeline(new StandardScaler(), new DecisionTreeClassifier()), { decisiontreeclassifier__maxDepth: [1, 2] })
  .fit([[0], [1], [2], [3], [4], [5]], ["a", "b", "a", "b", "a", "b"]).predict([[1]]);
const regression: NDArray = new GridSearchCV(new Ridge(), { alpha: [1] }).fit(XTrain, yTrain).predict(XTest);
const unknownKind: NDArray | string[] = new LogisticRegression().predict(XTest);
console.log(np.allclose(forest, yTest), np.arrayEqual(piped, grid), accuracyScore(yTest, forest), f1Score(yTest, hgb),
  ConfusionMatrixDisplay.fromEstimator(pipe, XTest, yTest), ConfusionMatrixDisplay.fromPredictions(yTest, forest),
  classes, mean, upper, mlp, last, stringGrid, regression, unknownKind);` },
  { name: "frames: a single-target loader's asFrame target is a Series; pl.* and dfd.* are types; estimators and metrics take Series", code: `
const frame = loadBreastCancer({ asFrame: true });
const counts = frame.target.valueCounts();
const y = frame.target;
const annotated: pl.Series = frame.target;
const X: pl.DataFrame = frame.data;
const clf = new LogisticRegression({ maxIter: 3000 }).fit(X, y);
const yPred: NDArray = clf.predict(X);
const acc: number = clf.score(X, y) + accuracyScore(y, yPred) + f1Score(frame.target, yPred) + r2Score(y, yPred);
const diabetes: pl.Series = loadDiabetes({ asFrame: true }).target;
const reg = new Ridge().fit(loadDiabetes({ asFrame: true }).data, diabetes).score(loadDiabetes({ asFrame: true }).data, diabetes);
const multi: pl.DataFrame = loadLinnerud({ asFrame: true }).target;
const cv = crossValScore(new DecisionTreeClassifier(), X, y, { cv: 3 }).mean();
const grid: NDArray = new GridSearchCV(new DecisionTreeClassifier(), { maxDepth: [2, 3] }).fit(X, y).predict(X);
const d = new dfd.DataFrame({ a: [1, 2, 3, 4], b: [0, 1, 0, 1] });
const s: dfd.Series = new dfd.Series([0, 1, 0, 1]);
const danfoScore: number = new LogisticRegression().fit(d, s).score(d, s);
function positives(series: pl.Series): number { return series.filter(series.gt(0)).len(); }
const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.25, randomState: 0, stratify: y });
const heights: number = XTrain.height + XTest.height + yTrain.len() + yTest.len();
const [dTrain, dTest] = trainTestSplit(d, s);
const danfoRows: number = dTrain.shape[0] + dTest.shape[0];
console.log(counts.height, acc, reg, multi.width, cv, grid.size, danfoScore, positives(annotated), heights, danfoRows);` },
  { name: "load: predict / predictProba / transform / score type-check; load<typeof pipe> keeps the pipeline's type", code: `${data}
const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression({ maxIter: 500 })]]).fit(XTrain, yTrain);
dump(pipe, "/tmp/typing-roles.tl");
const model = load("/tmp/typing-roles.tl");
const labels = model.predict(XTest);
const proba = model.predictProba(XTest).col(1);
const acc: number = model.score(XTest, yTest);
const kind = model._estimatorType;
const typed = load<typeof pipe>("/tmp/typing-roles.tl");
const coef = typed.namedSteps.clf.coef_;
const scaler = load("/tmp/typing-roles.tl").transform(XTest).shape;
console.log(labels, proba.mean(), acc, kind, coef.shape, scaler);` },
];

/** Code that must NOT compile, each with the reason it must fail for. */
const wrong: (Snippet & { expect: RegExp })[] = [
  { name: "score on an estimator typed as BaseEstimator", expect: /Property 'score' does not exist on type 'BaseEstimator'/, code: `
const est: BaseEstimator = new Ridge();
est.score([[1]], [1]);` },
  { name: "predict on a search over a transformer", expect: /Property 'predict' does not exist on type 'StandardScaler'/, code: `
const s = new GridSearchCV(new StandardScaler(), { withMean: [true, false] });
s.bestEstimator_.predict([[1]]);` },
  { name: "a step name the pipeline does not have", expect: /Property 'classifier' does not exist/, code: `
const pipe = new Pipeline([["scaler", new StandardScaler()], ["clf", new LogisticRegression()]]);
pipe.namedSteps.classifier.coef_;` },
  { name: "trainScore without returnTrainScore may be undefined", expect: /possibly 'undefined'/, code: `
const r = crossValidate(new Ridge(), [[1], [2], [3]], [1, 2, 3], { cv: 3 });
r.trainScore.mean();` },
  { name: "a number draw used as an array", expect: /Property 'shape' does not exist on type 'number'/, code: `
new RandomState(0).rand().shape;` },
  { name: "a method NDArray does not have", expect: /Property 'dotProduct' does not exist on type 'NDArray'/, code: `
np.eye(2).matmul(np.eye(2)).dotProduct(np.eye(2));` },
  { name: "an option a fitted attribute is not", expect: /Property 'coef' does not exist on type 'LinearRegression'/, code: `
new LinearRegression().fit([[1], [2]], [1, 2]).coef.get(0);` },
  { name: "a pipeline ending in a regressor is not a classifier", expect: /Type '"regressor"' is not assignable to type '"classifier"'/, code: `
const reg = makePipeline(new StandardScaler(), new Ridge());
const kind: "classifier" = reg._estimatorType;
ConfusionMatrixDisplay.fromEstimator(reg, [[1]], [1]);` },
  { name: "RocCurveDisplay.fromEstimator on a search over a regressor", expect: /not assignable to parameter/, code: `
const search = new GridSearchCV(new Ridge(), { alpha: [1, 10] });
RocCurveDisplay.fromEstimator(search, [[1]], [1]);` },
  { name: "a classifier over numbers does not predict strings", expect: /Type 'NDArray' is missing the following properties from type 'string\[\]'/, code: `
const s: string[] = new LogisticRegression<number>().predict([[1]]);` },
  { name: "a classifier fit on numbers does not predict strings (no type argument)", expect: /: Type 'NDArray' is missing the following properties from type 'string\[\]'/, code: `
const s: string[] = new RandomForestClassifier().fit([[0], [1]], [0, 1]).predict([[1]]);` },
  { name: "a pipeline fit on strings does not predict an NDArray", expect: /: Type 'string\[\]' is missing the following properties from type 'NDArray'/, code: `
const a: NDArray = makePipeline(new StandardScaler(), new LogisticRegression()).fit([[0], [1]], ["a", "b"]).predict([[1]]);` },
  { name: "Linnerud's asFrame target is a DataFrame (three targets), not a Series", expect: /Type 'DataFrame<any>' is missing the following properties from type 'Series<any, string>'/, code: `
const s: pl.Series = loadLinnerud({ asFrame: true }).target;` },
];

const notebooks: Snippet[] = fs.readdirSync(path.join(packageRoot, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()
  .map((f) => ({ name: `notebooks/${f}`, code: notebookCode(path.join(packageRoot, "notebooks", f)) }));
const readme: Snippet[] = markdownTsBlocks(path.join(packageRoot, "README.md")).map((code, i) => ({ name: `README ts block ${i + 1}`, code }));

const compilers: [string, () => unknown][] = [["TypeScript 5.9 (the build's and the kernel's)", () => require("typescript")]];

for (const [label, load] of compilers) {
  describe(`typing under ${label}`, function () {
    this.timeout(120000);
    let results: Map<string, string[]>;
    before(() => {
      results = typeCheck(load(), [...natural, ...wrong, ...notebooks, ...readme]);
    });

    it("the compiler is the one named", () => {
      const ts = load() as { version: string };
      assert.match(ts.version, label.includes("5.9") ? /^5\.9\./ : /^5\.0\./);
    });

    for (const s of natural) {
      it(`compiles: ${s.name}`, () => assert.deepEqual(results.get(s.name), [], results.get(s.name)?.join("\n")));
    }
    for (const s of wrong) {
      it(`rejects: ${s.name}`, () => {
        const errs = results.get(s.name) ?? [];
        assert.ok(errs.some((e) => s.expect.test(e)), `expected an error matching ${s.expect}, got: ${errs.join(" | ") || "none"}`);
      });
    }
    it("finds the notebooks and README blocks", () => {
      assert.ok(notebooks.length >= 8, `${notebooks.length} notebooks`);
      assert.ok(readme.length >= 2, `${readme.length} README blocks`);
    });
    for (const s of [...notebooks, ...readme]) {
      it(`compiles as written: ${s.name}`, () => assert.deepEqual(results.get(s.name), [], results.get(s.name)?.join("\n")));
    }
  });
}

describe("typing: no escape hatches", () => {
  const ts = require("typescript");
  it("finds x!, as casts, <T>x and any (but not as const)", () => {
    assert.deepEqual(escapeHatches(ts, "const a = b!;\nconst c = d as NDArray;\nlet e: any = <number>f;\nconst g = [1] as const;"),
      ["1: b!", "2: d as NDArray", "3: any", "3: <number>f"]);
  });
  for (const s of [...natural, ...notebooks, ...readme]) {
    it(`none in ${s.name}`, () => assert.deepEqual(escapeHatches(ts, s.code), []));
  }
});
