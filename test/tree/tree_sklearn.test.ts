/**
 * DecisionTreeClassifier / DecisionTreeRegressor against scikit-learn 1.2 (fixtures from
 * test/fixtures/tree_make_fixtures.py): the same tree, node by node — structure, thresholds, impurities, values.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from "../../lib/datasets";
import { DecisionTreeClassifier, DecisionTreeRegressor, exportText } from "../../lib/tree";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fx = require(path.join(__dirname, "../../../test/fixtures/tree_sklearn.json"));

function dataset(name: string): { X: NDArray | number[][]; y: NDArray | number[] } {
  const s = fx.synthetic;
  if (name === "ties_clf") return { X: s.ties_X, y: s.ties_y };
  if (name === "ties_reg") return { X: s.ties_X, y: s.ties_r };
  if (name === "digits500") {
    const d = loadDigits();
    return { X: d.data.sliceRows(0, 500), y: d.target.take(Array.from({ length: 500 }, (_, i) => i)) };
  }
  const d = { iris: loadIris, breast_cancer: loadBreastCancer, wine: loadWine, diabetes: loadDiabetes }[name]!();
  return { X: d.data, y: d.target };
}

function camel(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const ck = k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    if (ck === "classWeight" && v && typeof v === "object") {
      out[ck] = new Map(Object.entries(v as Record<string, number>).map(([a, b]) => [Number(a), b]));
    } else out[ck] = v;
  }
  return out;
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const ok = a[i] === b[i] || Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i]));
    assert.ok(ok, `${what}[${i}]: ${a[i]} vs sklearn ${b[i]}`);
  }
}

describe("decision trees vs scikit-learn 1.2 (same trees)", () => {
  for (const c of fx.cases) {
    const label = `${c.kind} ${c.data} ${JSON.stringify(c.params)}${c.sample_weight ? " +" + c.sample_weight : ""}`;
    it(label, () => {
      const { X, y } = dataset(c.data);
      const sw = c.sample_weight ? fx.synthetic[c.sample_weight] : undefined;
      const est = c.kind === "clf" ? new DecisionTreeClassifier(camel(c.params)) : new DecisionTreeRegressor(camel(c.params));
      est.fit(X as NDArray, y as NDArray, sw);
      const t = est.tree_!;
      assert.equal(t.nodeCount, c.node_count, "node count");
      assert.deepEqual(Array.from(t.childrenLeft), c.children_left, "children_left");
      assert.deepEqual(Array.from(t.childrenRight), c.children_right, "children_right");
      assert.deepEqual(Array.from(t.feature), c.feature, "feature");
      assert.deepEqual(Array.from(t.threshold), c.threshold, "threshold (exact)");
      assert.deepEqual(Array.from(t.nNodeSamples), c.n_node_samples, "n_node_samples");
      close(t.weightedNNodeSamples, c.weighted_n_node_samples, 1e-12, "weighted_n_node_samples");
      close(t.impurity, c.impurity, 1e-9, "impurity");
      close(t.value, c.value, 1e-9, "value");
      assert.equal(est.getDepth(), c.max_depth);
      assert.equal(est.getNLeaves(), c.n_leaves);
      close(est.featureImportances_!.data, c.feature_importances, 1e-9, "feature importances");
      const pred = est.predict(X as NDArray) as NDArray;
      close(pred.data, c.predict, 1e-9, "predict");
      if (c.predict_proba_head) {
        const head = (X instanceof NDArray ? X.sliceRows(0, 10) : (X as number[][]).slice(0, 10)) as NDArray;
        close((est as DecisionTreeClassifier).predictProba(head).data, c.predict_proba_head.flat(), 1e-12, "predict_proba");
      }
      if (c.export_text && c.data === "iris") {
        assert.equal(exportText(est, { featureNames: loadIris().featureNames }), c.export_text);
        assert.equal(exportText(est, { showWeights: true, decimals: 3 }), c.export_text_weights);
      } else if (c.export_text) {
        assert.equal(exportText(est, { maxDepth: 2 }), c.export_text);
      }
    });
  }
});
