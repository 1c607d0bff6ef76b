/**
 * The fast tree-fitting paths against the plain port: rank-key introsort ≡ (value, sample) introsort permutation
 * for permutation, the rank table, and trees grown on ranks (exact and integer-weight fast searches) identical to
 * trees grown by the plain search.
 */
import { strict as assert } from "assert";
import { loadBreastCancer, loadDiabetes, loadDigits } from "../../lib/datasets";
import { RandomState } from "../../lib/random";
import { TreeData, fitTreeArrays, toColumnMajorF32, withRanks } from "../../lib/tree/fit";
import { ResolvedTreeParams, TreeOptionValues, resolveTreeParams } from "../../lib/tree/params";
import { integralWeights, rankColumns, rankableRows } from "../../lib/tree/ranked";
import { introsortKeys, sortDistinctKeys, sortSamples } from "../../lib/tree/sort";
import type { TreeArrays } from "../../lib/tree/tree_struct";

/** Values with many ties (k distinct levels, −0 among them), as float32. */
function tiedValues(rs: RandomState, n: number, k: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const level = Math.floor(rs.rand() as number * k) - Math.floor(k / 2);
    v[i] = level === 0 && i % 2 ? -0 : level * 0.25;
  }
  return v;
}

describe("tree sorts", () => {
  it("introsortKeys leaves rows in exactly sortSamples' order (ties, −0, heapsort fallback)", () => {
    const rs = new RandomState(3);
    let checked = 0;
    for (const n of [2, 3, 4, 5, 7, 16, 17, 40, 100, 257]) {
      for (const k of [1, 2, 3, 10, 1000]) {
        for (const forced of [undefined, 0, 1, 2]) {
          const col = tiedValues(rs, n, k);
          const ranked = rankColumns(col, n, 1);
          const perm = Int32Array.from((rs.permutation(n).data as Int32Array));
          const vals = Float32Array.from(perm, (i) => col[i]);
          const samples = perm.slice();
          sortSamples(vals, samples, 0, n, forced);
          const keys = Int32Array.from(perm, (i) => ranked.keys[i]);
          introsortKeys(keys, 0, n, ranked.shift, forced);
          const mask = (1 << ranked.shift) - 1;
          assert.deepEqual(Array.from(keys, (key) => key & mask), Array.from(samples), `n=${n} k=${k} maxd=${forced}`);
          for (let p = 1; p < n; p++) assert.ok(vals[p - 1] <= vals[p]);
          checked++;
        }
      }
    }
    assert.equal(checked, 200);
  });

  it("sortDistinctKeys sorts distinct keys in a sub-range and leaves the rest alone", () => {
    const rs = new RandomState(5);
    for (const n of [0, 1, 2, 15, 16, 17, 64, 500]) {
      const a = Int32Array.from(rs.permutation(n + 6).data as Int32Array, (x) => x * 7 + 1);
      const before = a.slice();
      sortDistinctKeys(a, 3, n);
      assert.deepEqual(Array.from(a.subarray(3, 3 + n)), Array.from(before.subarray(3, 3 + n)).sort((x, y) => x - y));
      assert.deepEqual(Array.from(a.subarray(0, 3)), Array.from(before.subarray(0, 3)));
      assert.deepEqual(Array.from(a.subarray(3 + n)), Array.from(before.subarray(3 + n)));
    }
  });
});

describe("rank table", () => {
  it("ranks float32 values densely; −0 ties +0; keys carry the row", () => {
    const xt = Float32Array.of(0.5, -0, 2, 0, -1, 0.5, /* column 2 */ 3, 3, 3, 3, 3, 3);
    const r = rankColumns(xt, 6, 2);
    assert.equal(r.shift, 3);
    const rank = (f: number, i: number): number => r.keys[f * 6 + i] >> r.shift;
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => rank(0, i)), [2, 1, 3, 1, 0, 2]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => r.keys[i] & 7), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(r.vals.subarray(0, 4)), [-1, 0, 0.5, 2]);
    assert.ok(Object.is(r.vals[1], 0));
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => rank(1, i)), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(r.sorted.subarray(0, 6), (k) => k & 7), [4, 1, 3, 0, 5, 2]);
  });

  it("eligibility: int32 keys and integer weights", () => {
    assert.ok(rankableRows(455) && rankableRows(32768));
    assert.ok(!rankableRows(32769) && !rankableRows(0));
    assert.ok(integralWeights(null) && integralWeights(Float64Array.of(0, 1, 3)));
    assert.ok(!integralWeights(Float64Array.of(1, 0.5)) && !integralWeights(Float64Array.of(2 ** 52, 2 ** 52)));
  });
});

const OPTIONS: TreeOptionValues = {
  criterion: "gini", maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0,
  maxFeatures: "sqrt", maxLeafNodes: null, minImpurityDecrease: 0,
};

function assertSameTree(a: TreeArrays, b: TreeArrays, what: string): void {
  assert.equal(a.nodeCount, b.nodeCount, `${what}: node count`);
  for (const key of ["childrenLeft", "childrenRight", "feature", "threshold", "impurity", "nNodeSamples",
    "weightedNNodeSamples", "value"] as const) {
    assert.deepEqual(Array.from(a[key]), Array.from(b[key]), `${what}: ${key}`);
  }
}

/** Fit the same tree on plain data and on data with the rank table. */
function bothWays(d: TreeData, sw: Float64Array | null, options: Partial<TreeOptionValues>, seed: number, what: string): TreeArrays {
  const o = { ...OPTIONS, ...options };
  const p: ResolvedTreeParams = resolveTreeParams(o, d.nRows, d.nFeatures, sw ? sw.reduce((s, w) => s + w, 0) : d.nRows);
  const plain = fitTreeArrays({ ...d, ranked: undefined }, sw, p, seed);
  const ranked = fitTreeArrays(withRanks({ ...d }), sw, p, seed);
  assertSameTree(plain, ranked, what);
  assert.ok(plain.nodeCount > 3, `${what}: a real tree`);
  return plain;
}

function classData(X: Float64Array, rows: number, cols: number, y: ArrayLike<number>): TreeData {
  const codes = Int32Array.from(y);
  const K = Math.max(...codes) + 1;
  return { xt: toColumnMajorF32(X, rows, cols), nRows: rows, nFeatures: cols, yCodes: codes, nOutputs: 1, nClasses: Int32Array.of(K) };
}

describe("trees grown on ranks equal the plain port's", () => {
  const rs = new RandomState(0);
  const bootstrap = (n: number): Float64Array => {
    const w = new Float64Array(n);
    for (const i of rs.randint(0, n, n).data as Int32Array) w[i]++;
    return w;
  };

  it("classification with integer weights (the fast search): digits, ties everywhere, gini and entropy", () => {
    const dg = loadDigits();
    const d = classData(dg.data.data as Float64Array, dg.data.shape[0], dg.data.shape[1], dg.target.data);
    for (let t = 0; t < 4; t++) {
      bothWays(d, bootstrap(d.nRows), { criterion: t % 2 ? "entropy" : "gini" }, 100 + t, `digits tree ${t}`);
    }
    bothWays(d, null, { minSamplesLeaf: 3, maxLeafNodes: 40 }, 7, "digits best-first");
  });

  it("binary classification on quantized features with integer weights and minWeightFractionLeaf", () => {
    const bc = loadBreastCancer();
    const [n, p] = bc.data.shape;
    const Xq = Float64Array.from(bc.data.data as Float64Array, (v, i) => (i % 3 ? Math.round(v) : -Math.round(v / 50)));
    const d = classData(Xq, n, p, bc.target.data);
    const w = Float64Array.from({ length: n }, (_, i) => (i % 4) + (i % 7 === 0 ? 0 : 1));
    bothWays(d, w, { minWeightFractionLeaf: 0.01 }, 11, "quantized weighted");
    bothWays(d, bootstrap(n), { maxFeatures: null, minSamplesLeaf: 2 }, 12, "quantized bootstrap");
  });

  it("non-integer weights and regression (the exact search on rank keys)", () => {
    const bc = loadBreastCancer();
    const [n, p] = bc.data.shape;
    const Xq = Float64Array.from(bc.data.data as Float64Array, (v) => Math.round(v * 4) / 4);
    const d = classData(Xq, n, p, bc.target.data);
    const w = Float64Array.from({ length: n }, (_, i) => 0.3 + (i % 5) / 3);
    bothWays(d, w, {}, 21, "weighted classification");
    const db = loadDiabetes();
    const [m, q] = db.data.shape;
    const rd: TreeData = { xt: toColumnMajorF32(db.data.data as Float64Array, m, q), nRows: m, nFeatures: q,
      yValues: Float64Array.from(db.target.data), nOutputs: 1, nClasses: Int32Array.of(1) };
    bothWays(rd, bootstrap(m), { criterion: "squared_error", maxFeatures: null }, 22, "regression");
    bothWays(rd, null, { criterion: "friedman_mse", maxLeafNodes: 30 }, 23, "friedman best-first");
  });
});
