import { strict as assert } from "assert";
import { MT19937 } from "../../lib/random/mt19937";
import { fma, libmLog } from "../../lib/random/libm_log";
import { RandomState } from "../../lib/random";
import { firstMismatch, loadFixture, loadNumpyVectors } from "./fixtures";

const D = loadNumpyVectors();
const E = loadFixture("random_extra_vectors.json");

describe("random/MT19937", () => {
  for (const [s, blk] of Object.entries<any>(D.seeds)) {
    const ind = blk.independent;
    it(`seed ${s}: state after init_genrand equals NumPy's key and pos`, () => {
      const mt = new MT19937().initGenrand(Number(s));
      assert.deepEqual(Array.from(mt.mt.slice(0, 5)), ind.state_after_seed.key_first5);
      assert.deepEqual(Array.from(mt.mt.slice(622)), ind.state_after_seed.key_last2);
      assert.equal(mt.pos, ind.state_after_seed.pos);
      const st = new RandomState(Number(s)).getState();
      assert.deepEqual(Array.from(st.key.slice(0, 5)), ind.state_after_seed.key_first5);
      assert.equal(st.pos, 624);
    });
    it(`seed ${s}: first 10 raw uint32 words`, () => {
      const mt = new MT19937().initGenrand(Number(s));
      assert.deepEqual(Array.from({ length: 10 }, () => mt.nextUint32()), ind.raw_uint32_first10);
    });
    it(`seed ${s}: random_sample doubles bit for bit (hex)`, () => {
      const mt = new MT19937().initGenrand(Number(s));
      const hex = ind.rand_20_hex as string[];
      for (let i = 0; i < hex.length; i++) {
        const v = mt.nextDouble();
        assert.equal(v, ind.rand_20[i]);
        // float.hex(): 0x1.<13 hex digits>p<exp>
        const m = /^0x1\.([0-9a-f]{13})p([-+]\d+)$/.exec(hex[i]);
        assert.ok(m, hex[i]);
        assert.equal(v, (1 + parseInt(m![1], 16) / 2 ** 52) * 2 ** Number(m![2]));
      }
    });
  }

  for (const [name, c] of Object.entries<any>(E.seeding)) {
    if (!c.key) continue;
    it(`init_by_array ${name}: state and first draws equal NumPy's`, () => {
      const mt = new MT19937().initByArray(c.key);
      assert.deepEqual(Array.from(mt.mt.slice(0, 5)), c.state_key_first5);
      assert.deepEqual(Array.from(mt.mt.slice(622)), c.state_key_last2);
      assert.equal(mt.pos, c.pos);
      assert.equal(firstMismatch(new RandomState(c.key).rand(5).data, c.rand_5), null);
    });
  }

  it("seed 2**32 - 1 (largest integer seed) matches NumPy", () => {
    assert.equal(firstMismatch(new RandomState(2 ** 32 - 1).rand(5).data, E.seeding.max_int.rand_5), null);
  });

  it("boundedMasked is in range and uses the 64-bit path above 2^32", () => {
    const mt = new MT19937().initGenrand(1);
    for (let i = 0; i < 2000; i++) {
      const v = mt.boundedMasked(6);
      assert.ok(v >= 0 && v <= 6 && Number.isInteger(v));
    }
    assert.equal(mt.boundedMasked(0), 0);
    const big = 2 ** 40 + 12345;
    for (let i = 0; i < 200; i++) {
      const v = mt.boundedMasked(big);
      assert.ok(v >= 0 && v <= big && Number.isInteger(v));
    }
  });
});

describe("random/libmLog (glibc log port)", () => {
  it("equals glibc's log bit for bit on r2-like, near-1, tiny, huge and special inputs", () => {
    const xs: number[] = E.libm_log.x;
    const want: number[] = E.libm_log.log;
    const got = xs.map(libmLog);
    assert.equal(firstMismatch(got, want), null);
    // the port matters: V8's Math.log disagrees with glibc on some of these inputs
    const mathLogDiffers = xs.filter((x, i) => Math.log(x) !== want[i]).length;
    assert.ok(mathLogDiffers > 0, "fixture should contain inputs where Math.log differs");
  });
  it("handles 0, negatives, NaN and Infinity like log()", () => {
    assert.equal(libmLog(0), -Infinity);
    assert.ok(Number.isNaN(libmLog(-1)));
    assert.ok(Number.isNaN(libmLog(NaN)));
    assert.equal(libmLog(Infinity), Infinity);
    assert.equal(libmLog(1), 0);
  });
  it("fma is correctly rounded where a*b + c is not", () => {
    assert.equal(fma(0.1, 10, -1), 5.551115123125783e-17);
    assert.equal(0.1 * 10 - 1, 0);
    const a = 1 + 2 ** -30;
    // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60 exactly representable; the unfused result loses 2^-60
    assert.equal(fma(a, a, -1), 2 ** -29 + 2 ** -60);
    assert.equal(fma(3, 4, 5), 17);
  });
});
