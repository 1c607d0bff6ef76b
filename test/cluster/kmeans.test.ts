import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { KMeans, kmeansPlusPlus, kmeansSingleRun, rowSquaredNorms } from "../../lib/cluster";
import { npSum } from "../../lib/cluster/numpy_sum";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { RandomState } from "../../lib/random";

const root = path.join(__dirname, "../../..");
const fx = JSON.parse(fs.readFileSync(path.join(root, "test/fixtures/cluster_kmeans.json"), "utf8"));
const data: Record<string, number[][]> = fx.datasets;

const toOpts = (p: Record<string, unknown>) => ({
  nClusters: p.n_clusters as number,
  ...(p.random_state !== undefined ? { randomState: p.random_state as number } : {}),
  ...(p.n_init !== undefined ? { nInit: p.n_init as number } : {}),
  ...(p.max_iter !== undefined ? { maxIter: p.max_iter as number } : {}),
  ...(p.tol !== undefined ? { tol: p.tol as number } : {}),
  ...(p.init !== undefined ? { init: p.init as "random" } : {}),
});

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])),
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}
const flatX = (X: number[][]) => ({ x: Float64Array.from(X.flat()), rows: X.length, cols: X[0].length });

describe("k-means++ seeding equals scikit-learn's for the same seed", () => {
  for (const c of fx.plusplus) {
    it(`${c.data}, k=${c.k}, seed ${c.seed}: raw and mean-centred data`, () => {
      const { x, rows, cols } = flatX(data[c.data]);
      const r = kmeansPlusPlus(x, rows, cols, c.k, rowSquaredNorms(x, rows, cols), new RandomState(c.seed));
      assert.deepStrictEqual(Array.from(r.indices), c.indices);
      const mean = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j] / rows;
      const xc = x.map((v, i) => v - mean[i % cols]);
      const rc = kmeansPlusPlus(xc, rows, cols, c.k, rowSquaredNorms(xc, rows, cols), new RandomState(c.seed));
      assert.deepStrictEqual(Array.from(rc.indices), c.indices_centered);
      for (let q = 0; q < c.k; q++) {
        assert.deepStrictEqual(Array.from(r.centers.subarray(q * cols, q * cols + cols)), data[c.data][c.indices[q]]);
      }
    });
  }
});

describe("KMeans equals scikit-learn 1.2 (centres, labels, inertia, nIter)", () => {
  for (const f of fx.fits) {
    const label = `${f.data} ${JSON.stringify(f.params)}${f.init ? " with an init array" : ""}`;
    it(label, () => {
      const X = data[f.data];
      const opts = { ...toOpts(f.params), ...(f.init ? { init: f.init as number[][] } : {}) };
      const km = new KMeans(opts).fit(X);
      assert.deepStrictEqual(Array.from(km.labels_!.data), f.labels);
      assert.strictEqual(km.labels_!.dtype, "int32");
      assertClose(km.clusterCenters_!.data, f.centers.flat(), 1e-10, "centres");
      assert.deepStrictEqual(km.clusterCenters_!.shape, [f.params.n_clusters, X[0].length]);
      assertClose([km.inertia_!], [f.inertia], 1e-10, "inertia");
      assert.strictEqual(km.nIter_, f.n_iter);
      assert.strictEqual(km.nFeaturesIn_, X[0].length);
      if (f.predict_first10) {
        assert.deepStrictEqual(Array.from(km.predict(X.slice(0, 10)).data), f.predict_first10);
        assertClose(km.transform(X.slice(0, 3)).data, f.transform_first3.flat(), 1e-9, "transform");
        assertClose([km.score(X)], [f.score], 1e-10, "score");
      }
    });
  }

  it("the guide's customers: k = 3 gives clusters of 102, 97 and 101", () => {
    const labels = new KMeans({ nClusters: 3, randomState: 42, nInit: 10 }).fitPredict(data.customers);
    const counts = [0, 0, 0];
    for (const l of labels.data) counts[l]++;
    assert.deepStrictEqual([...counts].sort((a, b) => a - b), [97, 101, 102]);
  });

  it("fitPredict = fit().labels_, fitTransform = fit().transform(X), score = −inertia on training data", () => {
    const X = data.blobs;
    const a = new KMeans({ nClusters: 4, randomState: 0 });
    const lab = a.fitPredict(X);
    assert.deepStrictEqual(Array.from(lab.data), Array.from(a.predict(X).data));
    const t = new KMeans({ nClusters: 4, randomState: 0 }).fitTransform(X);
    assert.deepStrictEqual(t.shape, [300, 4]);
    assertClose(t.data, a.transform(X).data, 0, "fitTransform");
    assertClose([a.score(X)], [-a.inertia_!], 1e-12, "score");
  });

  it("a RandomState instance is consumed across restarts like scikit-learn's", () => {
    const X = data.iris;
    const viaSeed = new KMeans({ nClusters: 3, randomState: 42, nInit: 10 }).fit(X);
    const viaState = new KMeans({ nClusters: 3, randomState: new RandomState(42), nInit: 10 }).fit(X);
    assert.deepStrictEqual(Array.from(viaState.labels_!.data), Array.from(viaSeed.labels_!.data));
  });
});

describe("kmeansSingleRun is a pure function of data and initial centres", () => {
  it("does not modify its inputs and gives the same result twice", () => {
    const { x, rows, cols } = flatX(data.uniform);
    const init = x.slice(0, 5 * cols);
    const x0 = x.slice(), i0 = init.slice();
    const a = kmeansSingleRun(x, rows, cols, init, { maxIter: 50, tol: 0 });
    const b = kmeansSingleRun(x, rows, cols, init, { maxIter: 50, tol: 0 });
    assert.deepStrictEqual(x, x0);
    assert.deepStrictEqual(init, i0);
    assert.deepStrictEqual(a, b);
    assert.ok(a.nIter >= 1 && a.nIter <= 50);
  });
  it("maxIter bounds nIter", () => {
    const { x, rows, cols } = flatX(data.uniform);
    const r = kmeansSingleRun(x, rows, cols, x.slice(0, 8 * cols), { maxIter: 2, tol: 0 });
    assert.strictEqual(r.nIter, 2);
  });
});

describe("npSum adds in NumPy's order", () => {
  it("agrees with naive summation to rounding and follows the eight-accumulator tree exactly", () => {
    const a = new Float64Array(20000);
    for (let i = 0; i < a.length; i++) a[i] = 1 / (i + 1) ** 1.3;
    let naive = 0;
    for (const v of a) naive += v;
    assert.ok(Math.abs(npSum(a) - naive) < 1e-12);
    assert.strictEqual(npSum(new Float64Array([0.1, 0.2, 0.3])), 0.1 + 0.2 + 0.3);
    // 9 elements: eight accumulators, combined as a tree, then the ninth
    const v = [1e16, 1, 1, 1, 1, 1, 1, 1, 1];
    assert.strictEqual(npSum(v), ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) + 1);
  });
});

describe("KMeans input checks", () => {
  const X = [[0, 0], [1, 1], [2, 2]];
  it("nClusters > nSamples → OptionError naming both", () => {
    assert.throws(() => new KMeans({ nClusters: 4 }).fit(X), (e: Error) =>
      e instanceof OptionError && /nSamples = 3/.test(e.message) && /4/.test(e.message));
  });
  it("nClusters < 1, bad nInit / maxIter / tol / algorithm / init → OptionError", () => {
    assert.throws(() => new KMeans({ nClusters: 0 }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 1.5 }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 2, nInit: 0 }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 2, maxIter: -1 }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 2, tol: -1 }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 2, algorithm: "elkan" as "lloyd" }).fit(X), OptionError);
    assert.throws(() => new KMeans({ nClusters: 2, init: "kmeans" as "random" }).fit(X), OptionError);
  });
  it("an init array of the wrong shape → ShapeError", () => {
    assert.throws(() => new KMeans({ nClusters: 2, init: [[0, 0, 0], [1, 1, 1]] }).fit(X), (e: Error) =>
      e instanceof ShapeError && /\[2, 2\]/.test(e.message) && /\[2, 3\]/.test(e.message));
    assert.throws(() => new KMeans({ nClusters: 2, init: [[0, 0]] }).fit(X), ShapeError);
  });
  it("NaN → NonFiniteError; predict before fit → NotFittedError; wrong feature count → ShapeError", () => {
    assert.throws(() => new KMeans({ nClusters: 2 }).fit([[0, NaN], [1, 1]]), NonFiniteError);
    assert.throws(() => new KMeans({ nClusters: 2 }).predict(X), NotFittedError);
    const km = new KMeans({ nClusters: 2, randomState: 0 }).fit(X);
    assert.throws(() => km.predict([[1, 2, 3]]), ShapeError);
  });
  it("accepts an NDArray init and nJobs (runs sequentially)", () => {
    const init = new NDArray(Float64Array.from([0, 0, 2, 2]), [2, 2]);
    const km = new KMeans({ nClusters: 2, init, nJobs: -1 }).fit(X);
    assert.strictEqual(km.clusterCenters_!.shape[0], 2);
  });
});
