import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { InputTypeError, OptionError } from "../../lib/errors";
import { LinearRegression } from "../../lib/linear/linear_regression";
import { loadDiabetes } from "../../lib/datasets";
import { setDisplayHook, displaySymbol } from "../../lib/display";
import type { MimeBundle } from "../../lib/display";
import {
  GridSearchCV, RandomizedSearchCV, loguniform, parameterGrid, parameterSampler, randint, uniform,
} from "../../lib/selection";
import { FlakyRegressor, ShrinkRegressor } from "./helpers/estimators";
import { F, close, kf, useTestEstimatorsInWorkers } from "./helpers/common";

const d = loadDiabetes();
const X = d.data as NDArray, y = d.target as NDArray;

useTestEstimatorsInWorkers();

describe("GridSearchCV vs scikit-learn", () => {
  const G = F.grid;
  const grid = { shrink: [0.5, 1.0, 1.5, 1.0], fitIntercept: [true, false] };
  for (const nJobs of [1, -1]) {
    it(`candidate order, cvResults_, ties (first best wins), refit — nJobs ${nJobs}`, () => {
      const s = new GridSearchCV(new ShrinkRegressor(), grid,
        { cv: kf(), scoring: "neg_mean_squared_error", returnTrainScore: true, nJobs }).fit(X, y);
      const r = s.cvResults_!;
      assert.deepEqual(r.params, G.params);
      close(r.meanTestScore.data, G.mean_test_score, 1e-10, "mean");
      close(r.stdTestScore.data, G.std_test_score, 1e-8, "std");
      assert.deepEqual(Array.from(r.rankTestScore.data), G.rank_test_score);
      for (let k = 0; k < 5; k++) close((r[`split${k}TestScore`] as NDArray).data, G.split[k], 1e-10, `split${k}`);
      close(r.meanTrainScore!.data, G.mean_train_score, 1e-10, "train mean");
      assert.equal(s.bestIndex_, G.best_index);
      assert.deepEqual(s.bestParams_, G.best_params);
      assert.ok(Math.abs(s.bestScore_! - G.best_score) < 1e-10 * Math.abs(G.best_score));
      close((s.bestEstimator_ as ShrinkRegressor).coef_!, G.best_coef, 1e-9, "refit coef");
      assert.equal(s.nSplits_, 5);
      assert.deepEqual(r.param_shrink, [0.5, 1, 1.5, 1, 0.5, 1, 1.5, 1]);
    });
  }
  it("a list of grids, cv 3", () => {
    const s = new GridSearchCV(new ShrinkRegressor(), [{ shrink: [0.5, 2.0] }, { fitIntercept: [false], shrink: [1.0] }], { cv: 3 }).fit(X, y);
    assert.deepEqual(s.cvResults_!.params, F.grid_list.params);
    close(s.cvResults_!.meanTestScore.data, F.grid_list.mean_test_score, 1e-10, "mean");
    assert.deepEqual(s.cvResults_!.param_fitIntercept, [undefined, undefined, false]);
  });
  it("predict / score delegate to the refitted best estimator; score uses the search's scoring", () => {
    const s = new GridSearchCV(new ShrinkRegressor(), { shrink: [0.5, 1] }, { cv: 3, scoring: "neg_mean_absolute_error" }).fit(X, y);
    const best = s.bestEstimator_ as ShrinkRegressor;
    assert.deepEqual(Array.from((s.predict(X) as NDArray).data), Array.from(best.predict(X).data));
    assert.ok(s.score(X, y) < 0);
    assert.equal(s.nFeaturesIn_, 10);
    assert.throws(() => s.predictProba(X), /predictProba/);
  });
  it("refit false: no bestEstimator_ (reading it is a typed error), predict is a typed error", () => {
    const s = new GridSearchCV(new ShrinkRegressor(), { shrink: [0.5, 1] }, { cv: 3, refit: false }).fit(X, y);
    assert.throws(() => s.bestEstimator_, /bestEstimator_: expected a search fitted with refit: true/);
    assert.throws(() => s.refitTime_, /refit: true/);
    assert.equal(s.bestScore_, s.cvResults_.meanTestScore.get(s.bestIndex_));
    assert.throws(() => s.predict(X), /refit: true/);
  });
  it("is an estimator: getParams reaches the inner estimator, clone works, unfitted predict throws", () => {
    const s = new GridSearchCV(new ShrinkRegressor({ shrink: 2 }), { shrink: [1] }, { cv: 4 });
    assert.equal(s.getParams().estimator__shrink, 2);
    assert.equal(s.getParams().cv, 4);
    const c = s.clone();
    assert.ok(c instanceof GridSearchCV && c.estimator !== s.estimator && (c.estimator as ShrinkRegressor).shrink === 2);
    assert.throws(() => s.predict(X), /not fitted/);
    // Over 80 columns on one line, so one option per line, as scikit-learn prints it.
    assert.match(s.toString(), /^GridSearchCV\(estimator=ShrinkRegressor\(shrink=2\),\n {13}cv=4,\n {13}paramGrid=/);
  });
  it("cvResults_ displays as an HTML table with one row per candidate", () => {
    const s = new GridSearchCV(new ShrinkRegressor(), { shrink: [0.5, 1, 2] }, { cv: 3 }).fit(X, y);
    const b = (s.cvResults_ as unknown as { [displaySymbol](): MimeBundle })[displaySymbol]();
    const html = b["text/html"] as string;
    assert.equal((html.match(/<tr>/g) ?? []).length, 3);
    assert.match(html, /rankTestScore/);
    assert.match(b["text/plain"], /meanTestScore/);
    assert.equal(s.cvResults_!.toRecords()[2].param_shrink, 2);
  });
  it("verbose 1: one display id, updated until the last fit", () => {
    const seen: { id?: string; update: boolean; text: string }[] = [];
    setDisplayHook({ display: (bundle, _m, id, update) => seen.push({ id, update: !!update, text: bundle["text/plain"] }), clearOutput: () => {} });
    try {
      new GridSearchCV(new ShrinkRegressor(), { shrink: [0.5, 1] }, { cv: 3, verbose: 1 }).fit(X, y);
    } finally {
      setDisplayHook(null);
    }
    assert.equal(seen[0].text, "Fitting 3 folds for each of 2 candidates, totalling 6 fits");
    assert.equal(seen[0].update, false);
    assert.ok(seen.slice(1).every((s) => s.update && s.id === seen[0].id));
    assert.match(seen[seen.length - 1].text, /6\/6 done/);
  });
  it("errorScore: a failing candidate scores NaN and ranks last; 'raise' re-throws", () => {
    const s = new GridSearchCV(new FlakyRegressor(), { fail: [true, false] }, { cv: 3 }).fit(X, y);
    assert.ok(Number.isNaN(s.cvResults_!.meanTestScore.data[0]));
    assert.deepEqual(Array.from(s.cvResults_!.rankTestScore.data), [2, 1]);
    assert.equal(s.bestIndex_, 1);
    assert.throws(() => new GridSearchCV(new FlakyRegressor(), { fail: [true, false] }, { cv: 3, errorScore: "raise" }).fit(X, y), RangeError);
  });
  it("errors: empty grid list, empty value list, unknown parameter, non-array values, bad options", () => {
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), []).fit(X, y), OptionError);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: [] }).fit(X, y), OptionError);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { alpha: [1] }).fit(X, y),
      (e: Error) => e instanceof OptionError && /alpha/.test(e.message));
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: 1 as never }).fit(X, y), InputTypeError);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: [1] }, { scoring: "nope" }).fit(X, y), /one of/);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: [1] }, { refit: "yes" as never }).fit(X, y), OptionError);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: [1] }, { nJobs: 0 }).fit(X, y), OptionError);
    assert.throws(() => new GridSearchCV(new ShrinkRegressor(), { shrink: [1] }, { bogus: 1 } as never), OptionError);
  });
});

describe("ParameterGrid / ParameterSampler / RandomizedSearchCV vs scikit-learn", () => {
  it("parameterGrid: keys sorted, last key fastest; {} is one empty candidate", () => {
    assert.deepEqual(parameterGrid({ b: [1, 2], a: ["x", "y"] }), [{ a: "x", b: 1 }, { a: "x", b: 2 }, { a: "y", b: 1 }, { a: "y", b: 2 }]);
    assert.deepEqual(parameterGrid({}), [{}]);
  });
  it("distributions drawn as scipy from sklearn's ParameterSampler order", () => {
    const S = F.sampler;
    const got = parameterSampler({ a: uniform(1, 3), b: loguniform(1e-3, 1e2), c: randint(2, 9), d: [true, false, null] }, 8, 0);
    assert.equal(got.length, 8);
    got.forEach((g, i) => {
      const w = S.dists_rs0[i];
      assert.ok(Math.abs((g.a as number) - w.a) < 1e-15 * w.a, `a ${i}`);
      assert.ok(Math.abs((g.b as number) - w.b) < 1e-14 * w.b, `b ${i}`);
      assert.equal(g.c, w.c);
      assert.equal(g.d, w.d);
    });
    const two = parameterSampler([{ a: uniform(0, 1) }, { b: randint(0, 100), a: [7, 8] }], 6, 5);
    assert.deepEqual(two.map((c) => Object.keys(c).sort()), S.two_dicts_rs5.map((c: object) => Object.keys(c).sort()));
    two.forEach((g, i) => { for (const k of Object.keys(g)) assert.ok(Math.abs((g[k] as number) - S.two_dicts_rs5[i][k]) < 1e-15); });
  });
  it("all lists: grid points without replacement (permutation, tracking selection, reservoir)", () => {
    const S = F.sampler;
    assert.deepEqual(parameterSampler({ a: [1, 2, 3, 4, 5], b: ["x", "y"] }, 4, 3), S.lists_rs3_n4);
    assert.deepEqual(parameterSampler({ a: [1, 2, 3, 4, 5], b: ["x", "y"] }, 10, 3), S.lists_rs3_n10);
    assert.deepEqual(parameterSampler({ a: Array.from({ length: 200 }, (_, i) => i) }, 1, 3), S.lists_rs3_n1_of_200);
    assert.deepEqual(parameterSampler({ a: Array.from({ length: 300 }, (_, i) => i) }, 3, 4), S.lists_rs4_n3_of_300);
  });
  it("RandomizedSearchCV: candidates, scores and best index", () => {
    const R = F.random_search;
    const s = new RandomizedSearchCV(new ShrinkRegressor(), { shrink: uniform(0.5, 1.0), fitIntercept: [true, false] },
      { nIter: 5, cv: kf(), randomState: 42, nJobs: -1 }).fit(X, y);
    s.cvResults_!.params.forEach((p, i) => {
      assert.equal(p.fitIntercept, R.params[i].fitIntercept);
      assert.ok(Math.abs((p.shrink as number) - R.params[i].shrink) < 1e-15);
    });
    close(s.cvResults_!.meanTestScore.data, R.mean_test_score, 1e-9, "mean");
    assert.deepEqual(Array.from(s.cvResults_!.rankTestScore.data), R.rank_test_score);
    assert.equal(s.bestIndex_, R.best_index);
    assert.ok(s.clone() instanceof RandomizedSearchCV);
  });
  it("distribution and sampler errors", () => {
    assert.throws(() => loguniform(0, 1), OptionError);
    assert.throws(() => randint(3, 3), OptionError);
    assert.throws(() => uniform(0, -1), OptionError);
    assert.throws(() => parameterSampler({ a: 3 as never }, 2, 0), InputTypeError);
    assert.throws(() => parameterSampler({ a: [1] }, 0, 0), OptionError);
  });
});

describe("searches over LinearRegression (registered library estimator) in workers", () => {
  it("fitIntercept grid: same cvResults_ with nJobs 1 and 2", () => {
    const a = new GridSearchCV(new LinearRegression(), { fitIntercept: [false, true] }, { cv: kf() }).fit(X, y);
    const b = new GridSearchCV(new LinearRegression(), { fitIntercept: [false, true] }, { cv: kf(), nJobs: 2 }).fit(X, y);
    assert.deepEqual(Array.from(b.cvResults_!.meanTestScore.data), Array.from(a.cvResults_!.meanTestScore.data));
    assert.deepEqual(a.bestParams_, { fitIntercept: true });
  });
});
