/**
 * The estimator contract, checked over every estimator (in the spirit of scikit-learn's check_estimator):
 * fit returns this; clone is unfitted with equal options; predict/transform before fit throws NotFittedError;
 * a wrong feature count throws; fit does not mutate its inputs; the same randomState gives the same result;
 * output shapes; number[][] / NDArray / polars DataFrame give identical results; unknown options, NaN and
 * renamed frame columns are rejected; the role matches the kind, and score (with sampleWeight) / fitTransform /
 * fitPredict are the role's; every estimator displays itself; every fitted attribute throws NotFittedError
 * before fit, is set by fit and survives toSpec/fromSpec, and neither clones nor unfitted estimators own any.
 */
import { strict as assert } from "assert";
import * as pl from "nodejs-polars";
import { NDArray } from "../../lib/array/ndarray";
import { BaseEstimator } from "../../lib/base/estimator";
import { fittedAttributeNames } from "../../lib/base/fitted";
import { fromSpec, toSpec } from "../../lib/base/spec";
import { NotFittedError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { loadCases } from "./cases";
import { estimatorType } from "../../lib/base/roles";
import { invalidValues } from "../../lib/base/constraints";
import type { Constraint } from "../../lib/base/constraints";
import { contractEntry, estimatorClass, registerEstimator, registeredEstimators } from "../../lib/base/registry";
import { accuracyScore } from "../../lib/metrics/classification";
import { r2Score } from "../../lib/metrics/regression";
import { isClassifier } from "../../lib/selection/check_cv";
import { BaseSearchCV } from "../../lib/selection/search";

function asPlain(v: unknown): unknown {
  if (v instanceof NDArray) return { shape: [...v.shape], data: Array.from(v.data) };
  return v;
}

function assertSame(a: unknown, b: unknown, tol = 0, what = "output"): void {
  const pa = asPlain(a) as { shape?: number[]; data?: number[] };
  const pb = asPlain(b) as { shape?: number[]; data?: number[] };
  if (pa && pb && pa.data && pb.data) {
    assert.deepEqual(pa.shape, pb.shape, `${what}: shapes differ`);
    for (let i = 0; i < pa.data.length; i++) {
      const x = pa.data[i], y = pb.data[i];
      if (tol === 0) assert.ok(Object.is(x, y) || x === y, `${what}[${i}]: ${x} vs ${y}`);
      else assert.ok(Math.abs(x - y) <= tol * Math.max(1, Math.abs(x)), `${what}[${i}]: ${x} vs ${y}`);
    }
  } else {
    assert.deepEqual(pa, pb, what);
  }
}

for (const c of loadCases()) {
  describe(`contract: ${c.name}`, () => {
    const { X, y } = c.data();
    const method = c.method ?? (c.kind === "transformer" ? "transform" : "predict");
    const needsY = c.kind === "regressor" || c.kind === "classifier";
    const fit = (est: any, x: unknown = X) => (needsY ? est.fit(x, y) : est.fit(x, y));

    it("is a BaseEstimator; fit returns this", () => {
      const est = c.make();
      assert.ok(est instanceof BaseEstimator);
      assert.equal(fit(est), est);
    });

    it("clone is unfitted with equal options; getParams/setParams round-trip", () => {
      const est = fit(c.make());
      const cl = est.clone();
      assert.notEqual(cl, est);
      assert.equal(cl.constructor, est.constructor);
      assert.equal(cl.isFitted(), false);
      assert.deepEqual(Object.keys(cl.getParams(false)), Object.keys(est.getParams(false)));
      assert.equal(cl.toString(), est.toString());
      const again = c.make().setParams(est.getParams(false));
      assert.equal(again.toString(), est.toString());
    });

    it(`${method} before fit throws NotFittedError`, () => {
      assert.throws(() => c.make()[method](X), NotFittedError);
    });

    it("every fitted attribute throws NotFittedError before fit and is set by fit", () => {
      const est = c.make();
      const names = fittedAttributeNames(est);
      assert.ok(names.includes("nFeaturesIn_"), `fitted attributes: ${names}`);
      assert.deepEqual(Object.keys(est).filter((k) => k.endsWith("_")), [], "an unfitted estimator owns no _ field");
      for (const n of names) {
        assert.throws(() => est[n], (e: unknown) => e instanceof NotFittedError && e.message.includes(est.constructor.name) &&
          e.message.includes(n), `${n} before fit`);
      }
      fit(est);
      const unset = ["featureNamesIn_", ...(c.unsetAfterFit ?? [])];
      for (const n of names) {
        if (unset.includes(n)) assert.equal(est[n], undefined, `${n} after fit`);
        else assert.ok(Object.prototype.hasOwnProperty.call(est, n) && est[n] !== undefined, `${n} set by fit`);
      }
      const cl = est.clone();
      assert.deepEqual(Object.keys(cl).filter((k) => k.endsWith("_")), [], "a clone owns no _ field");
      assert.throws(() => cl[names[names.length - 1]], NotFittedError);
    });

    if (c.specState !== false) it("toSpec({ fitted: true }) carries exactly the fitted fields; fromSpec restores them", () => {
      const est = fit(c.make());
      const owned = Object.keys(est).filter((k) => k.endsWith("_") && est[k] !== undefined);
      const spec = toSpec(est, { fitted: true });
      assert.deepEqual(Object.keys(spec.state ?? {}).sort(), [...owned].sort());
      assert.deepEqual(Object.keys(toSpec(c.make(), { fitted: true }).state ?? {}), []);
      const back = fromSpec(spec) as any;
      assert.deepEqual(Object.keys(back).filter((k) => k.endsWith("_")).sort(), [...owned].sort());
      assertSame(back[method](X), est[method](X), 0, `${method} after fromSpec`);
    });

    it("a wrong feature count throws ShapeError naming both counts", () => {
      const est = fit(c.make());
      const fewer = X.map((r) => r.slice(0, r.length - 1));
      assert.throws(() => est[method](fewer), (e: Error) =>
        e instanceof ShapeError && e.message.includes(String(X[0].length)) && e.message.includes(String(X[0].length - 1)));
    });

    it("fit does not mutate its inputs", () => {
      const Xa = new NDArray(Float64Array.from(X.flat()), [X.length, X[0].length]);
      const before = Array.from(Xa.data);
      const yb = y ? [...y] : undefined;
      const est = c.make();
      needsY ? est.fit(Xa, y) : est.fit(Xa, y);
      assert.deepEqual(Array.from(Xa.data), before);
      if (yb) assert.deepEqual(y, yb);
    });

    it("the same options (and randomState) give the same result", () => {
      assertSame(fit(c.make())[method](X), fit(c.make())[method](X), 0, method);
    });

    it("number[][], NDArray and a polars DataFrame give identical results; output has one row per sample", () => {
      const ref = fit(c.make())[method](X);
      const Xa = new NDArray(Float64Array.from(X.flat()), [X.length, X[0].length]);
      assertSame(fit(c.make())[method](Xa), ref, c.tolerance ?? 0, "NDArray input");
      const cols: Record<string, number[]> = {};
      X[0].forEach((_, j) => { cols[`f${j}`] = X.map((r) => r[j]); });
      const df = pl.DataFrame(cols);
      const est = fit(c.make(), df);
      assertSame(est[method](df), ref, c.tolerance ?? 0, "DataFrame input");
      assert.deepEqual(est.featureNamesIn_, Object.keys(cols));
      const out = ref instanceof NDArray ? ref : null;
      if (out) assert.equal(out.shape[0], X.length);
    });

    it("renamed or reordered frame columns at predict time are rejected", () => {
      const cols: Record<string, number[]> = {};
      X[0].forEach((_, j) => { cols[`f${j}`] = X.map((r) => r[j]); });
      const est = fit(c.make(), pl.DataFrame(cols));
      const names = Object.keys(cols).reverse();
      const swapped: Record<string, number[]> = {};
      for (const n of names) swapped[n] = cols[n];
      assert.throws(() => est[method](pl.DataFrame(swapped)), ShapeError);
    });

    it("its role says what it is: _estimatorType matches the case's kind (wrappers answer for what they wrap)", () => {
      const expected = c.kind === "transformer" ? undefined : c.kind;
      assert.equal(estimatorType(c.make()), expected);
      assert.equal(isClassifier(c.make()), c.kind === "classifier");
    });

    if (needsY) {
      it("score is the role's: accuracy (classifiers) or R² (regressors) of predict, weighted by sampleWeight", () => {
        const est = fit(c.make());
        const w = X.map((_, i) => (i % 3 === 0 ? 4 : 1));
        const pred = est.predict(X);
        const expected = (weights?: number[]) => (c.kind === "classifier"
          ? accuracyScore(y as number[], pred, { sampleWeight: weights })
          : r2Score(y as number[], pred, { sampleWeight: weights }));
        assert.ok(Math.abs(est.score(X, y) - expected()) <= 1e-12, "unweighted");
        if (est instanceof BaseSearchCV) return; // a search scores with its scorer, which takes no weights
        assert.ok(Math.abs(est.score(X, y, w) - expected(w)) <= 1e-12, "weighted");
      });
    }

    if (c.kind === "transformer") {
      it("fitTransform equals fit then transform", () => {
        assertSame(c.make().fitTransform(X, y), fit(c.make()).transform(X), c.tolerance ?? 1e-12, "fitTransform");
      });
    }

    if (c.kind === "clusterer") {
      it("fitPredict gives the training samples' labels_", () => {
        const est = c.make();
        assertSame(est.fitPredict(X), est.labels_, 0, "fitPredict");
      });
    }

    it("fit is idempotent: fitting twice gives what fitting once gives", () => {
      const twice = fit(c.make());
      fit(twice);
      assertSame(twice[method](X), fit(c.make())[method](X), 0, `${method} after a second fit`);
    });

    it(`${method} on a subset of rows gives those rows of ${method} on all of them`, () => {
      const est = fit(c.make());
      const all = est[method](X);
      const rows = [0, 5, 7, 20, X.length - 1];
      const part = est[method](rows.map((i) => X[i]));
      const pick = (out: unknown) => {
        if (!(out instanceof NDArray)) return rows.map((i) => (out as unknown[])[i]);
        const width = out.ndim === 1 ? 1 : out.shape[1];
        const data = rows.flatMap((i) => Array.from(out.data.subarray(i * width, (i + 1) * width)));
        return new NDArray(Float64Array.from(data), out.ndim === 1 ? [rows.length] : [rows.length, width]);
      };
      const toF64 = (o: unknown) => (o instanceof NDArray ? new NDArray(Float64Array.from(o.data), [...o.shape]) : o);
      assertSame(toF64(part), pick(all), c.tolerance ?? 1e-12, `${method} of a row subset`);
    });

    const table = (c.make().constructor as { parameterConstraints?: Record<string, readonly Constraint[]> }).parameterConstraints;
    if (table) {
      it("its constraints table covers every option, and every value it refuses is refused at fit by an OptionError naming the option", () => {
        assert.deepEqual(Object.keys(table).sort(), Object.keys(c.make().getParams(false)).sort(), "options without constraints");
        let checked = 0;
        for (const name of Object.keys(table)) {
          const bad = invalidValues(table, name);
          assert.ok(bad.length > 0, `no invalid value derived for ${name}`);
          for (const v of bad) {
            assert.throws(() => fit(c.make().setParams({ [name]: v })), (e: unknown) => e instanceof OptionError && e.option === name,
              `${name} = ${String(v)} must be refused with an OptionError naming ${name}`);
            checked++;
          }
        }
        assert.ok(checked > 0);
      });
    }

    it("unknown options are rejected with OptionError", () => {
      const ctor = c.make().constructor;
      assert.throws(() => new ctor({ noSuchOption: 1 }), OptionError);
      assert.throws(() => c.make().setParams({ noSuchOption: 1 }), OptionError);
      // Names every object inherits are not options either.
      for (const inherited of ["toString", "constructor", "hasOwnProperty"]) {
        assert.throws(() => new ctor({ [inherited]: 1 }), OptionError);
        assert.throws(() => c.make().setParams({ [inherited]: 1 }), OptionError);
      }
    });

    if (!c.allowsNaN) {
      it("NaN in X is rejected with NonFiniteError", () => {
        const bad = X.map((r) => [...r]);
        bad[3][1] = NaN;
        assert.throws(() => fit(c.make(), bad), NonFiniteError);
      });
    }

    it("shows itself: repr as text/plain and an HTML box", () => {
      const est = c.make();
      const bundle = est[Symbol.for("Jupyter.display")]();
      assert.equal(bundle["text/plain"], est.toString());
      assert.match(bundle["text/plain"], new RegExp(`^${est.constructor.name}\\(`));
      assert.match(bundle["text/html"], /not fitted/);
      fit(est);
      assert.match(est[Symbol.for("Jupyter.display")]()["text/html"], /\(fitted\)/);
    });
  });
}

describe("contract: every estimator the library registers carries its contract example", () => {
  const lib = require("../../lib/index") as Record<string, unknown>;
  const exported = new Set(Object.values(lib).filter((v) => typeof v === "function"));
  const library = registeredEstimators().filter((n) => exported.has(estimatorClass(n)));

  it("a registered, exported class with neither examples nor an exemption (with its reason) fails", () => {
    assert.ok(library.length >= 20, `${library.length} library estimators registered`);
    const missing = library.filter((n) => {
      const e = contractEntry(n);
      return !e || ("examples" in e ? e.examples.length === 0 : e.exempt.trim().length === 0);
    });
    assert.deepEqual(missing, [], `registered without a contract example: ${missing.join(", ")}`);
  });

  it("every library class with options declares a constraints table", () => {
    const without = library.filter((n) => {
      const cls = estimatorClass(n);
      const e = contractEntry(n);
      if (!e || !("examples" in e)) return false;
      const est = (e.examples[0].make ?? (() => new cls({ ...e.examples[0].options })))() as BaseEstimator;
      return Object.keys(est.getParams(false)).length > 0 && !(cls as { parameterConstraints?: object }).parameterConstraints;
    });
    assert.deepEqual(without, [], `estimators with options and no table: ${without.join(", ")}`);
  });

  it("registering a class without an example, or re-registering it without one, leaves it without an entry", () => {
    class Unlisted extends BaseEstimator { constructor(options: object = {}) { super({}, options); } }
    registerEstimator(Unlisted);
    assert.equal(contractEntry("Unlisted"), undefined);
    registerEstimator(Unlisted, { examples: [{}] });
    assert.deepEqual(contractEntry("Unlisted"), { examples: [{}] });
    registerEstimator(Unlisted);
    assert.equal(contractEntry("Unlisted"), undefined);
  });

  it("the worked example, defined and registered only in a test file, is among the cases", () => {
    assert.ok(loadCases().some((c) => c.name === "ShrunkMeanRegressor(shrinkage=0.5)" && c.kind === "regressor"));
  });
});
