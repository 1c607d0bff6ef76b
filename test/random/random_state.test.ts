import { strict as assert } from "assert";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState, random } from "../../lib/random";
import { firstMismatch, loadFixture, loadNumpyVectors } from "./fixtures";

const D = loadNumpyVectors();
const E = loadFixture("random_extra_vectors.json");
const flat = (a: NDArray) => Array.from(a.data);

describe("random/RandomState vs numpy_rng_vectors.json", () => {
  for (const [s, blk] of Object.entries<any>(D.seeds)) {
    const seed = Number(s);
    const ind = blk.independent;
    describe(`seed ${s} independent`, () => {
      it("rand(20)", () => assert.equal(firstMismatch(new RandomState(seed).rand(20).data, ind.rand_20), null));
      it("randint(800, 3500, 20) as int32", () => {
        const r = new RandomState(seed).randint(800, 3500, 20);
        assert.equal(r.dtype, "int32");
        assert.deepEqual(flat(r), ind.randint_800_3500_size20);
      });
      it("normal(0, 15000, 20) bit for bit (incl. hex)", () => {
        const r = new RandomState(seed).normal(0, 15000, 20);
        assert.equal(firstMismatch(r.data, ind.normal_0_15000_size20), null);
        ind.normal_0_15000_size20_hex.forEach((h: string, i: number) => {
          const m = /^(-?)0x1\.([0-9a-f]{13})p([-+]\d+)$/.exec(h)!;
          const v = (1 + parseInt(m[2], 16) / 2 ** 52) * 2 ** Number(m[3]) * (m[1] ? -1 : 1);
          assert.equal(r.data[i], v);
        });
      });
      it("standardNormal(20) and randn(20)", () => {
        assert.equal(firstMismatch(new RandomState(seed).standardNormal(20).data, ind.standard_normal_20), null);
        assert.equal(firstMismatch(new RandomState(seed).randn(20).data, ind.standard_normal_20), null);
      });
      it("normal([30, 5], [10, 2], [5, 2]) broadcasts in C order", () => {
        const r = new RandomState(seed).normal([30, 5], [10, 2], [5, 2]);
        assert.deepEqual(r.shape, [5, 2]);
        assert.equal(firstMismatch(r.data, ind.normal_loc30_5_scale10_2_size5x2.flat()), null);
      });
      it("permutation(20)", () => assert.deepEqual(flat(new RandomState(seed).permutation(20)), ind.permutation_20));
      it("choice(10, 5, replace=false)", () => assert.deepEqual(flat(new RandomState(seed).choice(10, 5, false)), ind.choice_10_5_noreplace));
      it("shuffle(arange(20)) for number[], Int32Array and NDArray", () => {
        const a = Array.from({ length: 20 }, (_, i) => i);
        new RandomState(seed).shuffle(a);
        assert.deepEqual(a, ind.shuffle_arange20);
        const t = Int32Array.from({ length: 20 }, (_, i) => i);
        new RandomState(seed).shuffle(t);
        assert.deepEqual(Array.from(t), ind.shuffle_arange20);
        const nd = new NDArray(Float64Array.from({ length: 20 }, (_, i) => i));
        new RandomState(seed).shuffle(nd);
        assert.deepEqual(flat(nd), ind.shuffle_arange20);
      });
      it("raw words via nextUint32", () => {
        const r = new RandomState(seed);
        assert.deepEqual(Array.from({ length: 10 }, () => r.nextUint32()), ind.raw_uint32_first10);
      });
    });
    it(`seed ${s} chained: state (incl. cached Gaussian) carries across calls`, () => {
      const ch = blk.chained;
      const r = new RandomState(seed);
      assert.equal(firstMismatch(r.rand(3).data, ch["1_rand_3"]), null);
      assert.equal(firstMismatch(r.normal(0, 1, 3).data, ch["2_normal_0_1_size3"]), null);
      assert.equal(firstMismatch(r.normal(0, 1, 3).data, ch["3_normal_0_1_size3"]), null);
      assert.deepEqual(flat(r.randint(0, 10, 5)), ch["4_randint_0_10_size5"]);
      assert.equal(firstMismatch(r.rand(2).data, ch["5_rand_2"]), null);
      assert.equal(r.normal(), ch["6_normal_size1"][0]);
      assert.equal(r.getState().hasGauss, true);
      assert.deepEqual(flat(r.permutation(7)), ch["7_permutation_7"]);
    });
  }

  it("tutorial linear-regression data: sizes and prices on the global state after seed(42)", () => {
    const T = D.tutorial_linear_regression_data;
    random.seed(42);
    const sizes = random.randint(800, 3500, [200, 1]);
    const noise = random.normal(0, 15000, [200, 1]);
    assert.deepEqual(sizes.shape, [200, 1]);
    assert.deepEqual(noise.shape, [200, 1]);
    assert.deepEqual(flat(sizes), T.sizes);
    assert.equal(firstMismatch(noise.data, T.noise), null);
    const prices = flat(sizes).map((v, i) => v * 150 + noise.data[i]);
    assert.equal(firstMismatch(prices, T.prices), null);
  });

  it("tutorial k-means customers: three broadcast normal() blocks after seed(42)", () => {
    random.seed(42);
    const blocks = [
      random.normal([30, 5], [10, 2], [100, 2]),
      random.normal([70, 15], [10, 3], [100, 2]),
      random.normal([90, 30], [8, 5], [100, 2]),
    ];
    const got = blocks.flatMap(flat);
    assert.equal(firstMismatch(got, D.tutorial_kmeans_customers.customers.flat()), null);
  });

  it("random-forest seed plumbing: randint(2**31 - 1, size=200) and bootstrap indices", () => {
    for (const [rs, blk] of Object.entries<any>(D.sklearn_random_forest_seed_plumbing.by_random_state)) {
      const seeds = new RandomState(Number(rs)).randint(2 ** 31 - 1, null, 200);
      assert.deepEqual(flat(seeds), blk.tree_seeds_first200);
      assert.deepEqual(flat(new RandomState(seeds.data[0]).randint(0, 455, 455)), blk.tree0_bootstrap_indices_n455);
    }
  });
});

describe("random/RandomState vs random_extra_vectors.json", () => {
  it("randint: negative low, single bound, ranges up to 2**53 - 1, and the state after", () => {
    for (const [name, c] of Object.entries<any>(E.randint)) {
      if (name === "scalar_then_rand") continue;
      const r = new RandomState(42);
      const v = c.high === null ? r.randint(c.low, null, c.size) : r.randint(c.low, c.high, c.size);
      assert.deepEqual(flat(v), c.values, name);
      const hi = c.high === null ? c.low : c.high;
      const lo = c.high === null ? 0 : c.low;
      assert.equal(v.dtype, lo >= -(2 ** 31) && hi - 1 < 2 ** 31 ? "int32" : "float64", name);
      assert.equal(r.rand(), c.next_rand, name);
    }
    const r = new RandomState(3);
    assert.equal(r.randint(100, 200), E.randint.scalar_then_rand.value);
    assert.equal(r.rand(), E.randint.scalar_then_rand.next_rand);
  });
  it("uniform: scalar, sized, reversed bounds, broadcast bounds", () => {
    const U = E.uniform;
    const r = new RandomState(5);
    assert.equal(r.uniform(), U.scalar);
    assert.equal(firstMismatch(r.uniform(-2, 3, 6).data, U.m2_3_size6), null);
    assert.equal(firstMismatch(r.uniform(5, 1, 3).data, U.reversed_5_1_size3), null);
    const b = r.uniform([0, 10], [1, 20], [3, 2]);
    assert.deepEqual(b.shape, [3, 2]);
    assert.equal(firstMismatch(b.data, U.bcast_low_0_10_high_1_20_size3x2.flat()), null);
  });
  it("5000 standard normals in a row equal NumPy's bit for bit", () => {
    const r = new RandomState(E.normal_long.seed);
    assert.equal(firstMismatch(r.standardNormal(5000).data, E.normal_long.values), null);
  });
  it("normal with array loc/scale and no size takes the broadcast shape; state matches", () => {
    const c = E.normal_bcast_no_size;
    const r = new RandomState(c.seed);
    const v = r.normal([[0], [100]], [1, 2, 3]);
    assert.deepEqual(v.shape, [2, 3]);
    assert.equal(firstMismatch(v.data, c.values.flat()), null);
    const st = r.getState();
    assert.equal(st.pos, c.pos);
    assert.equal(st.hasGauss, c.has_gauss === 1);
    if (st.hasGauss) assert.equal(st.cachedGaussian, c.cached);
  });
  it("getState after one normal holds the cached Gaussian; setState restores it", () => {
    const c = E.state_after_one_normal;
    const r = new RandomState(c.seed);
    assert.equal(r.normal(), c.value);
    const st = r.getState();
    assert.equal(st.pos, c.pos);
    assert.equal(st.hasGauss, true);
    assert.equal(st.cachedGaussian, c.cached);
    assert.deepEqual(Array.from(st.key.slice(0, 3)), c.key_first3);
    const next = [r.normal(), r.normal(), r.rand()];
    const r2 = new RandomState(0);
    r2.setState({ ...st, key: Array.from(st.key) });
    assert.deepEqual([r2.normal(), r2.normal(), r2.rand()], next);
  });
  it("rand(2, 3) and randn(3, 2) shapes and values", () => {
    const a = new RandomState(0).rand(2, 3);
    assert.deepEqual(a.shape, [2, 3]);
    assert.equal(firstMismatch(a.data, E.rand_2x3.values.flat()), null);
    const b = new RandomState(0).randn(3, 2);
    assert.deepEqual(b.shape, [3, 2]);
    assert.equal(firstMismatch(b.data, E.randn_3x2.values.flat()), null);
    assert.equal(typeof new RandomState(0).rand(), "number");
    assert.equal(new RandomState(0).rand(), D.seeds["0"].independent.rand_20[0]);
  });
  it("choice: with replacement, scalar, from arrays, with p (both modes), shaped", () => {
    const C = E.choice;
    assert.deepEqual(flat(new RandomState(42).choice(10, 8)), C.int10_size8_replace);
    assert.equal(new RandomState(42).choice(10), C.int10_scalar);
    const fromArr = new RandomState(42).choice([10, 20, 30, 40], 6);
    assert.equal(fromArr.dtype, "int32");
    assert.deepEqual(flat(fromArr), C.arr_size6_replace);
    const f = new RandomState(42).choice([0.5, 1.5, 2.5, 3.5, 4.5], 4, false);
    assert.equal(f.dtype, "float64");
    assert.deepEqual(flat(f), C.arrf_size4_noreplace);
    let r = new RandomState(42);
    assert.deepEqual(flat(r.choice(4, 12, true, [0.1, 0.2, 0.3, 0.4])), C.p_replace_size12);
    assert.equal(r.rand(), C.p_replace_next);
    r = new RandomState(7);
    assert.deepEqual(flat(r.choice(8, 5, false, [0.05, 0.0, 0.25, 0.1, 0.3, 0.0, 0.2, 0.1])), C.p_noreplace_size5);
    assert.equal(r.rand(), C.p_noreplace_next);
    assert.deepEqual(flat(new RandomState(1).choice(6, 6, false, [0.5, 0.3, 0.1, 0.05, 0.03, 0.02])), C.p_noreplace_all6);
    const sh = new RandomState(3).choice(5, [2, 2], false);
    assert.deepEqual(sh.shape, [2, 2]);
    assert.deepEqual(flat(sh), C.int5_shape2x2_noreplace.flat());
  });
  it("permutation and shuffle of 2-D arrays move whole rows", () => {
    const src = new NDArray(Int32Array.from({ length: 12 }, (_, i) => i), [6, 2]);
    const p = new RandomState(42).permutation(src);
    assert.deepEqual(p.shape, [6, 2]);
    assert.deepEqual(flat(p), E.permutation_rows.flat());
    assert.deepEqual(flat(src), Array.from({ length: 12 }, (_, i) => i), "permutation copies");
    const x = new NDArray(Float64Array.from({ length: 15 }, (_, i) => i), [5, 3]);
    new RandomState(8).shuffle(x);
    assert.deepEqual(flat(x), E.shuffle_rows.flat());
    const rows = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14]];
    new RandomState(8).shuffle(rows);
    assert.deepEqual(rows, E.shuffle_rows);
    assert.deepEqual(flat(new RandomState(42).permutation([1.5, 2.5, 3.5, 4.5])), E.permutation_list);
    const r = new RandomState(42);
    assert.deepEqual(flat(r.permutation(1000)).slice(0, 20), E.permutation_1000_first20);
    assert.equal(r.rand(), E.permutation_1000_next_rand);
  });
  it("module functions share one global state (np.random chain)", () => {
    const G = E.global_chain;
    random.seed(G.seed);
    assert.equal(firstMismatch(random.rand(2).data, G.rand2), null);
    assert.deepEqual(flat(random.randint(0, 100, 3)), G.randint);
    assert.equal(random.normal(), G.normal1);
    assert.deepEqual(flat(random.choice(5, 3, false)), G.choice);
    assert.deepEqual(flat(random.permutation(6)), G.perm);
    assert.equal(firstMismatch(random.normal(1, 2, 2).data, G.normal2), null);
  });
});
