import * as assert from "assert";
import { KMeans, kmeansPlusPlus, kmeansSingleRun, rowSquaredNorms } from "../../lib/cluster";
import { NDArray } from "../../lib/array/ndarray";
import { poolStats } from "../../lib/parallel";
import { assignRows, createAssignState, moveBounds, setCenters } from "../../lib/cluster/assign";
import { RandomState } from "../../lib/random";

/** Datasets that stress the bounds: Gaussian blobs, many exact ties (small integer grid), a large offset. */
function dataset(kind: string, rows: number, cols: number, seed: number): Float64Array {
  const rs = new RandomState(seed);
  if (kind === "grid") return Float64Array.from((rs.randint(0, 3, rows * cols) as { data: ArrayLike<number> }).data);
  const z = (rs.standardNormal([rows, cols]) as { data: Float64Array }).data;
  if (kind === "offset") return z.map((v) => 1e6 + v);
  const centres = (rs.normal(0, 4, [6, cols]) as { data: Float64Array }).data;
  const g = (rs.randint(0, 6, rows) as { data: Int32Array }).data;
  return z.map((v, i) => v + centres[g[Math.floor(i / cols)] * cols + (i % cols)]);
}

/** Brute force: argmin over c of ‖c‖² − 2·x·c, each dot summed over the features in order (ties → lowest). */
function bruteLabels(x: Float64Array, rows: number, cols: number, centers: Float64Array, k: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = Infinity, l = 0;
    for (let c = 0; c < k; c++) {
      let cn = 0, s = 0;
      for (let j = 0; j < cols; j++) cn += centers[c * cols + j] * centers[c * cols + j];
      for (let j = 0; j < cols; j++) s += x[i * cols + j] * centers[c * cols + j];
      const d = cn - 2 * s;
      if (d < best) { best = d; l = c; }
    }
    out[i] = l;
  }
  return out;
}

describe("KMeans bound skipping gives exactly plain Lloyd's results", () => {
  const cases: [string, number, number, number, number][] = [
    ["blobs", 1500, 5, 6, 0], ["blobs", 999, 3, 11, 1], ["grid", 800, 4, 7, 2], ["grid", 600, 2, 3, 3],
    ["offset", 700, 6, 4, 4], ["blobs", 400, 1, 2, 5], ["blobs", 300, 9, 1, 6],
  ];
  for (const [kind, rows, cols, k, seed] of cases) {
    it(`${kind} ${rows}×${cols}, k=${k}: labels, centres, inertia and nIter are bit-identical`, () => {
      const x = dataset(kind, rows, cols, seed);
      const init = kmeansPlusPlus(x, rows, cols, k, rowSquaredNorms(x, rows, cols), new RandomState(seed)).centers;
      for (const tol of [0, 1e-4]) {
        const plain = kmeansSingleRun(x, rows, cols, init, { maxIter: 300, tol, bounds: false });
        const fast = kmeansSingleRun(x, rows, cols, init, { maxIter: 300, tol });
        assert.deepStrictEqual(Array.from(fast.labels), Array.from(plain.labels));
        assert.deepStrictEqual(Array.from(fast.centers), Array.from(plain.centers));
        assert.ok(Object.is(fast.inertia, plain.inertia), `inertia ${fast.inertia} vs ${plain.inertia}`);
        assert.strictEqual(fast.nIter, plain.nIter);
        // The final labels are those of the final centres.
        assert.deepStrictEqual(Array.from(fast.labels), Array.from(bruteLabels(x, rows, cols, fast.centers, k)));
      }
    });
  }

  it("the bounds skip most rows once centres settle, and skipped rows keep the brute-force label", () => {
    const rows = 2000, cols = 4, k = 5;
    const x = dataset("blobs", rows, cols, 7);
    const rs = new RandomState(7);
    let centers = kmeansPlusPlus(x, rows, cols, k, rowSquaredNorms(x, rows, cols), rs).centers;
    const st = createAssignState(x, rows, cols, k, true);
    const sums = new Float64Array(k * cols), counts = new Float64Array(k), shift = new Float64Array(k);
    let lastRecomputed = 0;
    for (let it = 0; it < 12; it++) {
      setCenters(st, centers);
      sums.fill(0); counts.fill(0);
      const before = st.recomputed;
      assignRows(st, 0, rows, sums, counts);
      st.valid = true;
      lastRecomputed = st.recomputed - before;
      assert.deepStrictEqual(Array.from(st.labels), Array.from(bruteLabels(x, rows, cols, centers, k)), `step ${it}`);
      const next = new Float64Array(k * cols);
      for (let c = 0; c < k; c++) for (let j = 0; j < cols; j++) next[c * cols + j] = sums[c * cols + j] / counts[c];
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += (next[c * cols + j] - centers[c * cols + j]) ** 2;
        shift[c] = Math.sqrt(s);
      }
      moveBounds(st, shift);
      centers = next;
    }
    assert.ok(lastRecomputed < rows / 10, `recomputed ${lastRecomputed} of ${rows} rows in the last step`);
  });

  it("a centre that moved a lot forces recomputation (bounds are not stale)", () => {
    const rows = 200, cols = 2;
    const x = dataset("blobs", rows, cols, 9);
    const st = createAssignState(x, rows, cols, 2, true);
    const c1 = Float64Array.from([-100, -100, 100, 100]);
    setCenters(st, c1);
    assignRows(st, 0, rows, null, null);
    st.valid = true;
    // Move centre 0 onto the data: every label may change, and must match brute force.
    const c2 = Float64Array.from([0, 0, 100, 100]);
    moveBounds(st, Float64Array.from([Math.hypot(100, 100), 0]));
    setCenters(st, c2);
    assignRows(st, 0, rows, null, null);
    assert.deepStrictEqual(Array.from(st.labels), Array.from(bruteLabels(x, rows, cols, c2, 2)));
  });
});

describe("KMeans nJobs: restarts in the worker pool give the same model", () => {
  it("nJobs 2 and −1 equal nJobs 1 (labels, centres, inertia, nIter), and the pool ran the restarts", function () {
    this.timeout(20000);
    const rows = 1200, cols = 3;
    const X = new NDArray(dataset("blobs", rows, cols, 11), [rows, cols]);
    for (const init of ["k-means++", "random"] as const) {
      const opts = { nClusters: 5, nInit: 4, randomState: 3, init };
      const seq = new KMeans(opts).fit(X);
      const before = poolStats().tasksRun;
      for (const nJobs of [2, -1]) {
        const par = new KMeans({ ...opts, nJobs }).fit(X);
        assert.deepStrictEqual(Array.from(par.labels_!.data), Array.from(seq.labels_!.data));
        assert.deepStrictEqual(Array.from(par.clusterCenters_!.data), Array.from(seq.clusterCenters_!.data));
        assert.ok(Object.is(par.inertia_, seq.inertia_));
        assert.strictEqual(par.nIter_, seq.nIter_);
      }
      assert.ok(poolStats().tasksRun >= before + 4, "the restarts ran as pool tasks");
    }
  });
});
