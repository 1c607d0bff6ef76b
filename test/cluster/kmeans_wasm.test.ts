import * as assert from "assert";
import { kmeansPlusPlus, kmeansSingleRun, rowSquaredNorms } from "../../lib/cluster";
import { createKMeansWasm, KMeansWasm } from "../../lib/cluster/wasm_distances";
import { RandomState } from "../../lib/random";
import { cpuCount } from "../../lib/parallel/jobs";
import { kmeansHelperTasks, setKMeansThreads, waitKMeansHelper } from "../../lib/cluster/kmeans_threads";

/** Blobs, or a small integer grid (many exact ties in distances). */
function dataset(kind: string, rows: number, cols: number, seed: number): Float64Array {
  const rs = new RandomState(seed);
  if (kind === "grid") return Float64Array.from((rs.randint(0, 3, rows * cols) as { data: ArrayLike<number> }).data);
  const z = (rs.standardNormal([rows, cols]) as { data: Float64Array }).data;
  const centres = (rs.normal(0, 4, [6, cols]) as { data: Float64Array }).data;
  const g = (rs.randint(0, 6, rows) as { data: Int32Array }).data;
  return z.map((v, i) => v + centres[g[Math.floor(i / cols)] * cols + (i % cols)]);
}

function workspace(x: Float64Array, rows: number, cols: number, k: number): KMeansWasm {
  const w = createKMeansWasm(rows, cols, Math.max(k, 2 + Math.floor(Math.log(k))), k);
  assert.ok(w, "WebAssembly workspace available");
  w.x.set(x);
  return w;
}

describe("KMeans WebAssembly kernels give bit-identical results to the JavaScript loops", () => {
  it("dots / dots4 / sums match the scalar loops (odd row and feature counts)", () => {
    const rows = 37, cols = 7, k = 9;
    const x = dataset("blobs", rows, cols, 3);
    const w = workspace(x, rows, cols, k);
    const rs = new RandomState(1);
    const packed = (rs.standardNormal([16 * cols]) as { data: Float64Array }).data;
    for (const width of [8, 4]) {
      w.packed.set(packed);
      const ids = [5, 0, 36, 17, 17, 2, 30];
      w.idx.set(ids);
      const nb = 16 / width;
      if (width === 8) w.dots(ids.length, nb); else w.dots4(ids.length, nb);
      ids.forEach((i, r) => {
        for (let b = 0; b < nb; b++) for (let q = 0; q < width; q++) {
          let s = 0;
          for (let j = 0; j < cols; j++) s += x[i * cols + j] * packed[b * width * cols + width * j + q];
          assert.strictEqual(w.out[r * nb * width + b * width + q], s, `width ${width} row ${i} centre ${b * width + q}`);
        }
      });
    }
    const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % k);
    w.labels.set(labels);
    w.sums.fill(0.5);
    w.counts.fill(0);
    w.sumRows(3, 31);
    const sums = new Float64Array(k * cols).fill(0.5), counts = new Float64Array(k);
    for (let i = 3; i < 31; i++) {
      counts[labels[i]] += 1;
      for (let j = 0; j < cols; j++) sums[labels[i] * cols + j] += x[i * cols + j];
    }
    assert.deepStrictEqual(Array.from(w.sums), Array.from(sums));
    assert.deepStrictEqual(Array.from(w.counts), Array.from(counts));
  });

  const cases: [string, number, number, number, number][] = [
    ["blobs", 3001, 5, 6, 0], ["blobs", 2500, 20, 8, 1], ["grid", 1200, 4, 7, 2], ["grid", 900, 3, 12, 3],
    ["blobs", 700, 9, 17, 4], ["grid", 2100, 2, 5, 5], ["blobs", 800, 3, 25, 6],
    // every k of the one-block kernel (nearest8) on tie-heavy data, odd and even row counts, and k = nSamples
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((k): [string, number, number, number, number] => ["grid", 601 + k, 3, k, 20 + k]),
    ["grid", 8, 2, 8, 7], ["blobs", 7, 3, 7, 8], ["grid", 9, 5, 9, 9],
  ];
  for (const [kind, rows, cols, k, seed] of cases) {
    it(`${kind} ${rows}×${cols}, k=${k}: k-means++ centres, labels, inertia, nIter, centres`, () => {
      const x = dataset(kind, rows, cols, seed);
      const sq = rowSquaredNorms(x, rows, cols);
      const w = workspace(x, rows, cols, k);
      const ppJs = kmeansPlusPlus(x, rows, cols, k, sq, new RandomState(seed));
      const ppW = kmeansPlusPlus(w.x, rows, cols, k, sq, new RandomState(seed), undefined, w);
      assert.deepStrictEqual(Array.from(ppW.indices), Array.from(ppJs.indices));
      for (const bounds of [true, false]) {
        const js = kmeansSingleRun(x, rows, cols, ppJs.centers, { maxIter: 50, tol: 0, bounds, sqNorms: sq });
        const ws = kmeansSingleRun(w.x, rows, cols, ppJs.centers, { maxIter: 50, tol: 0, bounds, sqNorms: sq, wasm: w });
        assert.deepStrictEqual(Array.from(ws.labels), Array.from(js.labels));
        assert.ok(ws.labels.buffer !== w.x.buffer, "labels copied out of the workspace");
        assert.strictEqual(ws.inertia, js.inertia);
        assert.strictEqual(ws.nIter, js.nIter);
        assert.deepStrictEqual(Array.from(ws.centers), Array.from(js.centers));
      }
    });
  }
});

describe("KMeans steps on two threads give bit-identical results", () => {
  after(() => setKMeansThreads(2, 16384, false));
  it("k-means++ and Lloyd with the helper thread taking tasks match the JavaScript loops", function () {
    this.timeout(20000);
    setKMeansThreads(2, 0, true); // the helper takes the first task of every step
    const up = waitKMeansHelper(10000);
    assert.ok(up || cpuCount() < 2, "the helper thread starts on a machine with two cores");
    for (const [kind, rows, cols, k, seed] of [["blobs", 20000, 7, 8, 11], ["grid", 9000, 3, 13, 12]] as const) {
      const x = dataset(kind, rows, cols, seed);
      const sq = rowSquaredNorms(x, rows, cols);
      const before = kmeansHelperTasks();
      const w = workspace(x, rows, cols, k);
      const ppJs = kmeansPlusPlus(x, rows, cols, k, sq, new RandomState(seed));
      const ppW = kmeansPlusPlus(w.x, rows, cols, k, sq, new RandomState(seed), undefined, w);
      assert.deepStrictEqual(Array.from(ppW.indices), Array.from(ppJs.indices));
      const js = kmeansSingleRun(x, rows, cols, ppJs.centers, { maxIter: 60, tol: 0, sqNorms: sq });
      const ws = kmeansSingleRun(w.x, rows, cols, ppJs.centers, { maxIter: 60, tol: 0, sqNorms: sq, wasm: w });
      assert.deepStrictEqual(Array.from(ws.labels), Array.from(js.labels));
      assert.strictEqual(ws.inertia, js.inertia);
      assert.strictEqual(ws.nIter, js.nIter);
      assert.deepStrictEqual(Array.from(ws.centers), Array.from(js.centers));
      if (up) assert.ok(kmeansHelperTasks() > before, "the helper thread ran some of the tasks");
    }
  });
});
