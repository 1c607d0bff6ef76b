import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator, registerEstimator } from "../../lib/base/estimator";
import { toMatrix } from "../../lib/base/validation";
import { displaySymbol } from "../../lib/display";
import { InputTypeError, NotFittedError, OptionError } from "../../lib/errors";
import { LinearRegression } from "../../lib/linear/linear_regression";
import { LogisticRegression } from "../../lib/linear/logistic";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { loadDiabetes } from "../../lib/datasets";
import { Pipeline, makePipeline } from "../../lib/pipeline";
import { GridSearchCV, KFold, crossValScore } from "../../lib/selection";
import { fromSpec, toSpec } from "../../lib/base/spec";

/** Test transformer: X·factor (+ inverse), counting fits. */
class Scale extends BaseEstimator {
  declare factor: number;
  fits_?: number;
  constructor(options: { factor?: number } = {}) { super({ factor: 2 }, options); }
  fit(X: unknown): this { this.validateX(X, { reset: true }); this.fits_ = (this.fits_ ?? 0) + 1; return this; }
  transform(X: unknown): NDArray {
    const m = toMatrix(X);
    return new NDArray(m.data.map((v) => v * this.factor), [m.rows, m.cols]);
  }
  inverseTransform(X: unknown): NDArray {
    const m = toMatrix(X);
    return new NDArray(m.data.map((v) => v / this.factor), [m.rows, m.cols]);
  }
}
registerEstimator(Scale);

const d = loadDiabetes();
const X = d.data as NDArray, y = d.target as NDArray;
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-9) =>
  Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])));

describe("Pipeline", () => {
  it("fit/predict/score equal the steps run by hand", () => {
    const pipe = new Pipeline([["scale", new StandardScaler()], ["ols", new LinearRegression()]]);
    assert.equal(pipe.fit(X, y), pipe);
    const Z = new StandardScaler().fit(X).transform(X);
    const lr = new LinearRegression().fit(Z, y);
    assert.ok(close((pipe.predict(X) as NDArray).data, lr.predict(Z).data));
    assert.ok(Math.abs(pipe.score(X, y) - lr.score(Z, y)) < 1e-12);
    assert.equal(pipe.namedSteps.ols, pipe.steps[1][1]);
    assert.equal(pipe.nFeaturesIn_, 10);
  });
  it("transform / fitTransform / inverseTransform chain every step", () => {
    const pipe = new Pipeline([["a", new Scale({ factor: 2 })], ["b", new Scale({ factor: 3 })]]);
    const Z = pipe.fitTransform([[1, 2]]) as NDArray;
    assert.deepEqual(Array.from(Z.data), [6, 12]);
    assert.deepEqual(Array.from((pipe.transform([[1, 1]]) as NDArray).data), [6, 6]);
    assert.deepEqual(Array.from((pipe.inverseTransform([[6, 12]]) as NDArray).data), [1, 2]);
  });
  it('"passthrough" and null steps are skipped; a passthrough step can be set by name', () => {
    const pipe = new Pipeline([["a", "passthrough"], ["b", new Scale({ factor: 3 })], ["c", null]]);
    assert.deepEqual(Array.from((pipe.fitTransform([[1, 2]]) as NDArray).data), [3, 6]);
    pipe.setParams({ b: "passthrough" });
    assert.deepEqual(pipe.steps.map(([, e]) => e), ["passthrough", "passthrough", null]);
  });
  it("getParams / setParams with step__option; steps is an option; unknown names are OptionErrors", () => {
    const pipe = makePipeline(new Scale({ factor: 5 }), new LinearRegression());
    const p = pipe.getParams();
    assert.equal(p.scale__factor, 5);
    assert.equal(p.linearregression__fitIntercept, true);
    assert.ok(p.scale instanceof Scale);
    assert.deepEqual(Object.keys(pipe.getParams(false)), ["steps", "memory", "verbose"]);
    pipe.setParams({ scale__factor: 7, linearregression__fitIntercept: false });
    assert.equal((pipe.steps[0][1] as Scale).factor, 7);
    assert.throws(() => pipe.setParams({ nope__factor: 1 }), OptionError);
    assert.throws(() => pipe.setParams({ scale__nope: 1 }), OptionError);
    pipe.setParams({ steps: [["only", new LinearRegression()]] });
    assert.deepEqual(pipe.steps.map(([n]) => n), ["only"]);
  });
  it("its own options have a constraints table: steps, memory and verbose are refused by an OptionError naming them", () => {
    assert.deepEqual(Object.keys(Pipeline.parameterConstraints).sort(), ["memory", "steps", "verbose"]);
    const named = (option: string) => (e: unknown) => e instanceof OptionError && e.option === option;
    assert.throws(() => new Pipeline({ steps: "x" as never }), named("steps"));
    assert.throws(() => makePipeline(new Scale(), new LinearRegression()).setParams({ steps: 5 }), named("steps"));
    assert.throws(() => makePipeline(new Scale(), new LinearRegression()).setParams({ verbose: "yes" }).fit(X, y), named("verbose"));
    assert.throws(() => makePipeline(new Scale(), new LinearRegression()).setParams({ memory: "/tmp" }).fit(X, y), named("memory"));
    // a step's own options stay the step's: checked by its table at fit, named by the step's option
    const pipe = makePipeline(new Scale(), new LogisticRegression()).setParams({ logisticregression__C: -1 });
    assert.throws(() => pipe.fit(X, Array.from({ length: X.shape[0] }, (_, i) => i % 2)), named("C"));
    pipe.setParams({ logisticregression__C: 2 });
    assert.equal(pipe.getParams().logisticregression__C, 2);
  });
  it("clone copies the steps unfitted", () => {
    const pipe = new Pipeline([["s", new Scale()], ["m", new LinearRegression()]]).fit(X, y);
    const c = pipe.clone();
    assert.ok(c instanceof Pipeline && c.steps[0][1] !== pipe.steps[0][1]);
    assert.equal(c.isFitted(), false);
    assert.equal(pipe.isFitted(), true);
    assert.equal((c.steps[0][1] as Scale).fits_, undefined);
  });
  it("makePipeline names: lowercased class names, repeats numbered -1, -2", () => {
    const p = makePipeline(new Scale(), new Scale(), new LinearRegression(), { verbose: false });
    assert.deepEqual(p.steps.map(([n]) => n), ["scale-1", "scale-2", "linearregression"]);
  });
  it("errors: predict before fit, bad steps, duplicate names, __ in names, memory, missing methods", () => {
    const pipe = new Pipeline([["s", new Scale()], ["m", new LinearRegression()]]);
    assert.throws(() => pipe.predict(X), NotFittedError);
    assert.throws(() => new Pipeline([["a", new Scale()], ["a", new Scale()]]), OptionError);
    assert.throws(() => new Pipeline([["a__b", new Scale()]]), OptionError);
    assert.throws(() => new Pipeline([["a", 3 as never]]), InputTypeError);
    assert.throws(() => new Pipeline("x" as never), InputTypeError);
    assert.throws(() => new Pipeline([]).fit(X, y), OptionError);
    assert.throws(() => new Pipeline([["m", new LinearRegression()], ["s", new Scale()]]).fit(X, y), InputTypeError);
    assert.throws(() => new Pipeline([["s", new Scale()]], { memory: "/tmp" as never }).fit(X), OptionError);
    pipe.fit(X, y);
    assert.throws(() => pipe.predictProba(X), /last step with predictProba/);
  });
  it("displays as a box listing the steps, and a repr like sklearn's", () => {
    const pipe = makePipeline(new Scale({ factor: 3 }), new LinearRegression());
    assert.equal(pipe.toString(), 'Pipeline(steps=[["scale", Scale(factor=3)],\n                ["linearregression", LinearRegression()]])');
    const b = pipe[displaySymbol]();
    assert.match(b["text/html"] as string, /scale[\s\S]*Scale\(factor=3\)[\s\S]*linearregression/);
    assert.match(b["text/html"] as string, /not fitted/);
  });
  it("spec round trip (nested steps), works in crossValScore and GridSearchCV, also in workers", () => {
    const pipe = makePipeline(new StandardScaler(), new LinearRegression({ fitIntercept: false }));
    const spec = toSpec(pipe);
    assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec);
    const back = fromSpec<Pipeline>(spec);
    assert.ok(back instanceof Pipeline && back.steps[1][1] instanceof LinearRegression);
    assert.equal((back.steps[1][1] as LinearRegression).fitIntercept, false);
    const kf = new KFold({ nSplits: 4, shuffle: true, randomState: 1 });
    const a = crossValScore(pipe, X, y, { cv: kf });
    const b = crossValScore(pipe, X, y, { cv: kf, nJobs: 2 });
    assert.deepEqual(Array.from(b.data), Array.from(a.data));
    const g1 = new GridSearchCV(pipe, { linearregression__fitIntercept: [false, true], standardscaler: [new StandardScaler(), "passthrough"] }, { cv: kf }).fit(X, y);
    const g2 = new GridSearchCV(pipe, { linearregression__fitIntercept: [false, true], standardscaler: [new StandardScaler(), "passthrough"] }, { cv: kf, nJobs: 2 }).fit(X, y);
    assert.deepEqual(Array.from(g2.cvResults_!.meanTestScore.data), Array.from(g1.cvResults_!.meanTestScore.data));
    assert.equal(g1.bestParams_!.linearregression__fitIntercept, true);
    assert.ok(g1.bestEstimator_ instanceof Pipeline && g1.bestEstimator_.isFitted());
  });
});
