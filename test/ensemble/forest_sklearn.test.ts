/**
 * Random forests against scikit-learn 1.2 (fixtures from test/fixtures/forest_make_fixtures.py): seeds, bootstrap
 * draws, trees, probabilities, importances and out-of-bag results; the seed plumbing against the shared NumPy vectors.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadDiabetes, loadIris, loadLinnerud, loadWine } from "../../lib/datasets";
import { RandomForestClassifier, RandomForestRegressor } from "../../lib/ensemble";
import { bootstrapCounts } from "../../lib/ensemble/forest_task";
import { RandomState } from "../../lib/random";
import { trainTestSplit } from "../../lib/selection";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fx = require(path.join(__dirname, "../../../test/fixtures/forest_sklearn.json"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const rng = require("../../../test/fixtures/reference/numpy_rng_vectors.json").sklearn_random_forest_seed_plumbing;

function rowsOf(X: NDArray, idx: number[]): NDArray { return X.take(idx, 0); }

function dataset(name: string): { X: NDArray; y: NDArray; Xq: NDArray } {
  if (name === "breast_cancer_split") {
    const d = loadBreastCancer();
    const [Xtr, Xte, ytr] = trainTestSplit(d.data, d.target, { testSize: 0.2, randomState: 42 });
    return { X: Xtr, y: ytr, Xq: Xte };
  }
  const step = (X: NDArray, s: number) => rowsOf(X, Array.from({ length: Math.ceil(X.shape[0] / s) }, (_, i) => i * s));
  if (name === "breast_cancer") { const d = loadBreastCancer(); return { X: d.data, y: d.target, Xq: d.data.sliceRows(0, 40) }; }
  if (name === "wine") { const d = loadWine(); return { X: d.data, y: d.target, Xq: step(d.data, 5) }; }
  if (name === "iris") { const d = loadIris(); return { X: d.data, y: d.target, Xq: step(d.data, 7) }; }
  if (name === "diabetes") { const d = loadDiabetes(); return { X: d.data, y: d.target, Xq: d.data.sliceRows(0, 40) }; }
  const d = loadLinnerud();
  return { X: d.data, y: d.target.add(0.25), Xq: d.data };
}

function camel(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = v;
  return out;
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(a[i] === b[i] || Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs sklearn ${b[i]}`);
  }
}

describe("random forest seed plumbing (NumPy vectors)", () => {
  for (const rs of ["0", "42"]) {
    it(`random state ${rs}: tree seeds and tree 0's bootstrap draw`, () => {
      const v = rng.by_random_state[rs];
      const seeds = Array.from(new RandomState(Number(rs)).randint(0, 2147483647, 200).data);
      assert.deepEqual(seeds, v.tree_seeds_first200);
      const key = Object.keys(v).find((k) => k.startsWith("tree0_bootstrap_indices_n"))!;
      const n = Number(key.slice("tree0_bootstrap_indices_n".length));
      const { indices } = bootstrapCounts(seeds[0], n, n);
      assert.deepEqual(Array.from(indices), v[key]);
    });
  }
});

describe("random forests vs scikit-learn 1.2", () => {
  for (const c of fx) {
    it(`${c.kind} ${c.data} ${JSON.stringify(c.params)}`, () => {
      const { X, y, Xq } = dataset(c.data);
      const opts = camel(c.params);
      const est = c.kind === "clf" ? new RandomForestClassifier(opts) : new RandomForestRegressor(opts);
      est.fit(X, y);
      const trees = est.estimators_!;
      assert.deepEqual(trees.map((t) => t.randomState), c.tree_seeds, "tree seeds");
      assert.deepEqual(trees.map((t) => t.tree_!.nodeCount), c.node_counts, "node counts of every tree");
      const t0 = trees[0].tree_!;
      assert.deepEqual(Array.from(t0.feature), c.tree0.feature, "tree 0 features");
      assert.deepEqual(Array.from(t0.threshold), c.tree0.threshold, "tree 0 thresholds");
      assert.deepEqual(Array.from(t0.nNodeSamples), c.tree0.n_node_samples, "tree 0 n_node_samples");
      close(t0.weightedNNodeSamples, c.tree0.weighted_n_node_samples, 1e-12, "tree 0 weighted_n_node_samples");
      close(t0.value, c.tree0.value, 1e-9, "tree 0 values");
      close(est.featureImportances_!.data, c.feature_importances, 1e-9, "feature importances");
      if (c.kind === "clf") {
        const rf = est as RandomForestClassifier;
        close(rf.predictProba(Xq).data, c.predict_proba.flat(), 1e-12, "predict_proba");
        close((rf.predict(Xq) as NDArray).data, c.predict, 0, "predict");
        if (c.oob) {
          assert.ok(Math.abs(rf.oobScore_! - c.oob_score) < 1e-12, `oob score ${rf.oobScore_} vs ${c.oob_score}`);
          close(rf.oobDecisionFunction_!.data, c.oob.flat(), 1e-12, "oob decision function");
        }
      } else {
        const rf = est as RandomForestRegressor;
        close(rf.predict(Xq).data, c.predict.flat(), 1e-9, "predict");
        if (c.oob) {
          assert.ok(Math.abs(rf.oobScore_! - c.oob_score) < 1e-9, `oob score ${rf.oobScore_} vs ${c.oob_score}`);
          close(rf.oobPrediction_!.data, c.oob.flat(), 1e-9, "oob prediction");
        }
      }
    });
  }
});
