import * as assert from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState } from "../../lib/random";
import {
  adjustedRandScore, contingencyMatrix, mutualInfoScore, normalizedMutualInfoScore, randScore, silhouetteSamples,
  silhouetteScore,
} from "../../lib/metrics";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { silhouetteSamplesByRows } from "../../lib/metrics/silhouette";
import { breastCancer, close, fixture } from "./cls_helpers";

const data = fixture("metrics_cls_clustering.json");
const bc = breastCancer();

describe("metrics: silhouette against scikit-learn 1.2", () => {
  for (const c of data.silhouette) {
    it(c.name, () => {
      const X = c.X === "breast_cancer.csv" ? bc.X : c.X;
      const labels = c.labels === "breast_cancer.csv" ? bc.y : c.labels;
      const metric = c.metric ?? undefined;
      close(silhouetteSamples(X, labels, { metric }), c.samples, "samples", 1e-10);
      if (!metric) close(silhouetteSamplesByRows(X, labels), c.samples, "samples by row blocks", 1e-10);
      close(silhouetteScore(X, labels, { metric }), c.score, "score", 1e-10);
      if (c.sample_size !== undefined) {
        close(silhouetteScore(X, labels, { metric, sampleSize: c.sample_size, randomState: c.random_state }),
          c.score_sampled, "score with sampleSize", 1e-10);
        close(silhouetteScore(X, labels, { metric, sampleSize: c.sample_size, randomState: new RandomState(c.random_state) }),
          c.score_sampled, "score with a RandomState", 1e-10);
      }
    });
  }
  it("many clusters (row-block path) give the same result as few", () => {
    const rs = new RandomState(3);
    const X = rs.standardNormal([300, 4]) as NDArray;
    const labels = Int32Array.from({ length: 300 }, (_, i) => i % 150); // 150 clusters of 2
    close(silhouetteSamples(X, labels), silhouetteSamplesByRows(X, labels), "150 clusters", 1e-12);
  });
  it("10 000 points × 10 features (the row-block path at scale) equal a direct computation", () => {
    const rs = new RandomState(0);
    const n = 10000, d = 10;
    const X = rs.standardNormal([n, d]) as NDArray;
    const labels = rs.randint(0, 5, n) as NDArray;
    const s = silhouetteSamples(X, labels).data;
    // spot-check a few samples against distances computed directly
    const x = X.data, l = labels.data;
    for (const i of [0, 1234, 9999]) {
      const sums = new Float64Array(5), cnt = new Float64Array(5);
      for (let j = 0; j < n; j++) {
        let q = 0;
        for (let f = 0; f < d; f++) { const t = x[i * d + f] - x[j * d + f]; q += t * t; }
        sums[l[j]] += Math.sqrt(q); cnt[l[j]]++;
      }
      const a = sums[l[i]] / (cnt[l[i]] - 1);
      let b = Infinity;
      for (let k = 0; k < 5; k++) if (k !== l[i]) b = Math.min(b, sums[k] / cnt[k]);
      close(s[i], (b - a) / Math.max(a, b), `sample ${i}`, 1e-10);
    }
  });
});

describe("metrics: Rand index, ARI, mutual information against scikit-learn 1.2", () => {
  for (const c of data.pairs) {
    it(c.name, () => {
      let a = c.a, b = c.b;
      if (c.generate) {
        const rs = new RandomState(c.generate.seed), n = c.generate.n;
        const ga = rs.randint(0, 3, n) as NDArray, u = rs.rand(n) as NDArray, alt = rs.randint(0, 3, n) as NDArray;
        a = ga.data;
        b = Int32Array.from(ga.data, (v, i) => (u.data[i] < 0.9 ? v : alt.data[i]));
        assert.deepStrictEqual(Array.from(a.slice(0, 5)), c.generate.first);
        assert.deepStrictEqual(Array.from(b.slice(-5)), c.generate.last_b);
      }
      close(adjustedRandScore(a, b), c.ari, "ari", 1e-15);
      close(randScore(a, b), c.rand, "rand", 1e-15);
      close(mutualInfoScore(a, b), c.mi, "mi", 1e-12);
      for (const m of Object.keys(c.nmi)) close(normalizedMutualInfoScore(a, b, { averageMethod: m as "min" }), c.nmi[m], `nmi ${m}`, 1e-12);
      const cm = contingencyMatrix(a, b);
      assert.strictEqual(cm.dtype, "int32");
      close(cm, c.contingency, "contingency", 0);
    });
  }
});

describe("metrics: clustering errors", () => {
  it("silhouette: too few or too many clusters → ShapeError", () => {
    const X = [[0, 0], [1, 1], [2, 2]];
    assert.throws(() => silhouetteSamples(X, [0, 0, 0]), (e: Error) => e instanceof ShapeError && /between 2 and/.test(e.message));
    assert.throws(() => silhouetteSamples(X, [0, 1, 2]), ShapeError);
  });
  it("silhouette: length mismatch, NaN, 1-D X, bad metric / sampleSize, non-square precomputed", () => {
    assert.throws(() => silhouetteScore([[0, 0], [1, 1], [2, 2]], [0, 1]), ShapeError);
    assert.throws(() => silhouetteScore([[0, NaN], [1, 1], [2, 2]], [0, 1, 1]), NonFiniteError);
    assert.throws(() => silhouetteScore([0, 1, 2] as never, [0, 1, 1]), ShapeError);
    assert.throws(() => silhouetteScore([[0], [1], [2]], [0, 1, 1], { metric: "cosine" as never }),
      (e: Error) => e instanceof OptionError && /"euclidean", "precomputed"/.test(e.message));
    assert.throws(() => silhouetteScore([[0], [1], [2]], [0, 1, 1], { sampleSize: 0 }), OptionError);
    assert.throws(() => silhouetteScore([[0, 1], [1, 0], [2, 1]], [0, 1, 1], { metric: "precomputed" }), ShapeError);
    assert.throws(() => silhouetteScore([[1, 1, 2], [1, 0, 1], [2, 1, 0]], [0, 1, 1], { metric: "precomputed" }), InputTypeError);
  });
  it("pair metrics: length mismatch, mixed kinds; empty input scores 1 as in sklearn", () => {
    assert.throws(() => adjustedRandScore([0, 1], [0]), ShapeError);
    assert.throws(() => randScore([0, "a"] as never, [0, 1]), InputTypeError);
    assert.throws(() => normalizedMutualInfoScore([0, 1], [0, 1], { averageMethod: "mean" as never }), OptionError);
    assert.strictEqual(adjustedRandScore([], []), 1);
    assert.strictEqual(randScore([], []), 1);
    assert.strictEqual(normalizedMutualInfoScore([], []), 1);
  });
});
