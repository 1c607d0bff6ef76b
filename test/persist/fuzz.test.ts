/**
 * 10,000 damaged model files made from several real models (seeded, so every run tests the same files): each load
 * either throws a PersistError or returns a model; a returned model must then predict (or throw a typelearn error)
 * — never another error class, never a hang. Undamaged-equivalent loads must predict bit for bit the original.
 * Tree links and split features are validated on load, so no damaged tree can loop or read past a row; the
 * damage is bounded by the file size, so the whole set runs in seconds.
 */
import { strict as assert } from "assert";
import { TypelearnError } from "../../lib/errors";
import { dumpBytes, loadBytes, PersistError } from "../../lib/persist";
import { RandomForestClassifier, HistGradientBoostingClassifier } from "../../lib/ensemble";
import { LogisticRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { makePipeline } from "../../lib/pipeline";
import { KMeans } from "../../lib/cluster";
import { PCA } from "../../lib/decomposition";
import { GridSearchCV } from "../../lib/selection";
import { DecisionTreeRegressor } from "../../lib/tree";
import { BaseEstimator } from "../../lib/base/estimator";
import { MUTATIONS, Rng, mutate } from "./mutate";
import { caseData, outputBytes } from "./helpers";

const CASES = 10_000;

type Model = BaseEstimator & Record<string, (x: unknown) => unknown>;

describe("persist: fuzzing load with 10,000 damaged files", function () {
  this.timeout(300000);
  const { X, y } = caseData({ kind: "classifier" });
  const yReg = X.map((r) => r[0] - 2 * r[1]);
  const models: [string, Model, string][] = [
    ["Pipeline(StandardScaler, RandomForest)", makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators: 3, maxDepth: 3, randomState: 0 })).fit(X, y!) as unknown as Model, "predictProba"],
    ["Pipeline(StandardScaler, LogisticRegression)", makePipeline(new StandardScaler(), new LogisticRegression()).fit(X, y!) as unknown as Model, "predictProba"],
    ["HistGradientBoostingClassifier", new HistGradientBoostingClassifier({ maxIter: 3, randomState: 0 }).fit(X, y!) as unknown as Model, "predictProba"],
    ["DecisionTreeRegressor", new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 }).fit(X, yReg) as unknown as Model, "predict"],
    ["KMeans", new KMeans({ nClusters: 2, nInit: 1, randomState: 0 }).fit(X) as unknown as Model, "predict"],
    ["PCA", new PCA({ nComponents: 2 }).fit(X) as unknown as Model, "transform"],
    ["GridSearchCV(LogisticRegression)", new GridSearchCV(new LogisticRegression(), { C: [0.1, 1] }, { cv: 3 }).fit(X, y!) as unknown as Model, "predict"],
  ];

  it("every damaged file is a PersistError or a model that predicts or throws a typelearn error", () => {
    // PERSIST_FUZZ_ALL=1 goes on past the first failing case, to list them all; the test fails either way.
    const failures: string[] = [];
    const fail = (msg: string): void => {
      if (!process.env.PERSIST_FUZZ_ALL) assert.fail(msg);
      failures.push(msg);
    };
    const rng = new Rng(20261204);
    let unchanged = 0;
    const tally: Record<string, { rejected: number; loaded: number; same: number }> = {};
    const originals = models.map(([, m]) => dumpBytes(m));
    const expected = models.map(([, m, method]) => outputBytes(m[method](X)));
    for (let i = 0; i < CASES; i++) {
      const which = i % models.length;
      const kind = MUTATIONS[Math.floor(i / models.length) % MUTATIONS.length];
      const [name, , method] = models[which];
      const bad = mutate(originals[which], kind, rng);
      if (bad.equals(originals[which])) {
        // the damage happened to rewrite a value with itself: the file must load as the original
        assert.ok(outputBytes((loadBytes(bad) as Model)[method](X)).equals(expected[which]), `case ${i}: an intact file`);
        unchanged++;
        continue;
      }
      const t = (tally[kind] ??= { rejected: 0, loaded: 0, same: 0 });
      let loaded: Model;
      try {
        loaded = loadBytes(bad) as Model;
      } catch (e) {
        if (!(e instanceof PersistError)) {
          fail(`case ${i} (${name}, ${kind}): load threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          continue;
        }
        t.rejected++;
        continue;
      }
      t.loaded++;
      try {
        const out = loaded[method](X);
        if (outputBytes(out).equals(expected[which])) t.same++;
      } catch (e) {
        if (!(e instanceof TypelearnError)) {
          fail(`case ${i} (${name}, ${kind}): the loaded model's ${method} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        }
      }
    }
    assert.equal(failures.length, 0, `${failures.length} failing cases:\n${failures.slice(0, 100).join("\n")}`);
    // damage the checksum sees must always be rejected
    for (const k of ["bitflip", "truncate", "header-lengths", "append", "random-bytes"]) {
      assert.equal(tally[k].loaded, 0, `${k}: ${tally[k].loaded} damaged files loaded`);
    }
    const total = Object.values(tally).reduce((s, t) => s + t.rejected + t.loaded, 0);
    assert.equal(total + unchanged, CASES);
    if (process.env.PERSIST_FUZZ_REPORT) console.log({ unchanged, ...tally });
  });

  it("an undamaged file loads and predicts bit for bit (control)", () => {
    for (const [name, m, method] of models) {
      assert.ok(outputBytes((loadBytes(dumpBytes(m)) as Model)[method](X)).equals(outputBytes(m[method](X))), name);
    }
  });
});
