/**
 * percentile/quantile, cov/corrcoef, cumsum, histogram, meshgrid, clip and round against NumPy 1.24
 * (test/fixtures/array_stats.py).
 */
import * as assert from "assert";
import { NDArray, array, clip, corrcoef, cov, cumsum, histogram, meshgrid, percentile, quantile, round } from "../../lib/array";
import { InputTypeError, OptionError } from "../../lib/errors";
import { np } from "../../lib/np";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

interface Fx {
  arrays: Record<string, Encoded>;
  quantiles: { array: string; axis: number | null; q: number[]; quantile: Encoded; percentile50: Encoded; percentile: Encoded }[];
  x: Encoded; y: Encoded; M: Encoded;
  cov: Record<string, Encoded>;
  cumsum: Record<string, { flat: Encoded; axes: Encoded[] }>;
  h: Encoded;
  histograms: { bins: number | number[]; range: [number, number] | null; density: boolean; hist: Encoded; edges: Encoded }[];
  histogramEdgeCases: { data: number[]; bins: number; hist: Encoded; edges: Encoded }[];
  meshgrid: { x: number[]; y: number[]; z: number[]; xy: Encoded[]; ij: Encoded[]; xyz: Encoded[]; ijz: Encoded[] };
  round: { data: Encoded; by: Record<string, Encoded> };
  clip: Record<string, Encoded>;
}
const fx = loadFixture<Fx>("array_stats.json");

describe("array/stats: NumPy's statistics helpers", () => {
  it(`quantile and percentile (linear) match NumPy on ${fx.quantiles.length} array/axis cases, NaN lanes give NaN`, () => {
    for (const c of fx.quantiles) {
      const a = decode(fx.arrays[c.array]);
      const what = `${c.array} axis ${c.axis}`;
      assertClose(quantile(a, c.q, c.axis), c.quantile, 1e-14, `quantile ${what}`);
      assertClose(percentile(a, [5, 37.5, 95], c.axis), c.percentile, 1e-14, `percentile ${what}`);
      const p50 = c.axis === null ? percentile(a, 50) : percentile(a, 50, c.axis);
      assertClose(p50, c.percentile50, 1e-14, `median ${what}`);
    }
    assert.strictEqual(typeof np.percentile([1, 2, 3, 4], 25), "number");
    assert.strictEqual(np.percentile([1, 2, 3, 4], 25), 1.75);
  });

  it("quantile refuses levels outside [0, 1] (percentile outside [0, 100]) with an OptionError", () => {
    assert.throws(() => quantile([1, 2], 1.5), (e: unknown) => e instanceof OptionError && /\[0, 1\]/.test(e.message));
    assert.throws(() => percentile([1, 2], [50, 101]), (e: unknown) => e instanceof OptionError && /\[0, 100\]/.test(e.message));
  });

  it("cov and corrcoef match NumPy (rowvar, ddof, bias, a second variable, one variable → 0-d)", () => {
    const x = decode(fx.x), y = decode(fx.y), M = decode(fx.M);
    assertClose(cov(M, { rowvar: false }), fx.cov.M_rowvar_false, 1e-12, "cov rowvar false");
    assertClose(cov(M.sliceRows(0, 5)), fx.cov.M_rows, 1e-12, "cov rows");
    assertClose(cov(M, { rowvar: false, ddof: 0 }), fx.cov.M_ddof0, 1e-12, "cov ddof 0");
    assertClose(cov(M, { rowvar: false, bias: true }), fx.cov.M_bias, 1e-12, "cov bias");
    assertClose(cov(x, y), fx.cov.xy, 1e-12, "cov(x, y)");
    assertClose(cov(x), fx.cov.x, 1e-12, "cov(x)");
    assertClose(corrcoef(M, { rowvar: false }), fx.cov.corr_M, 1e-12, "corrcoef rowvar false");
    assertClose(corrcoef(x, y), fx.cov.corr_xy, 1e-12, "corrcoef(x, y)");
    assertClose(corrcoef(M.sliceRows(0, 5)), fx.cov.corr_rows, 1e-12, "corrcoef rows");
    const c = corrcoef(M, { rowvar: false });
    for (const v of c.data) assert.ok(Math.abs(v) <= 1, "clipped to [-1, 1]");
  });

  it("cumsum flattened and along each axis matches NumPy; integers stay int32", () => {
    for (const [name, c] of Object.entries(fx.cumsum)) {
      if (name === "int") continue;
      const a = decode(fx.arrays[name]);
      assertClose(cumsum(a), c.flat, 1e-14, `${name} flat`);
      c.axes.forEach((e, k) => assertClose(a.cumsum(k), e, 1e-14, `${name} axis ${k}`));
    }
    const ints = np.arange(1, 11).cumsum();
    assert.strictEqual(ints.dtype, "int32");
    assert.deepStrictEqual(Array.from(ints.data), fx.cumsum.int.flat.data);
  });

  it("histogram matches NumPy's counts and edges: bin counts, range, explicit edges, density", () => {
    const h = decode(fx.h);
    for (const c of fx.histograms) {
      const [counts, edges] = histogram(h, { bins: c.bins, range: c.range ?? undefined, density: c.density });
      const what = `bins ${JSON.stringify(c.bins)} range ${JSON.stringify(c.range)} density ${c.density}`;
      assertClose(edges, c.edges, 0, `${what} edges`);
      assertClose(counts, c.hist, c.density ? 1e-14 : 0, `${what} counts`);
      assert.strictEqual(counts.dtype, c.density ? "float64" : "int32");
    }
    for (const c of fx.histogramEdgeCases) {
      const [counts, edges] = np.histogram(c.data, c.bins);
      assertClose(edges, c.edges, 0, "edge case edges");
      assertClose(counts, c.hist, 0, `edge case counts of ${c.data}`);
    }
  });

  it("histogram refuses NaN data without a range, and bad bins, naming what it expects", () => {
    assert.throws(() => histogram([1, NaN, 2]), (e: unknown) => e instanceof InputTypeError && /finite range/.test(e.message));
    assert.throws(() => histogram([1, 2], { bins: 0 }), OptionError);
    assert.throws(() => histogram([1, 2], { bins: [2, 1] }), (e: unknown) => e instanceof OptionError && /increasing/.test(e.message));
    const [counts] = histogram([1, NaN, 2, 5], { range: [0, 3], bins: 3 });
    assert.deepStrictEqual(Array.from(counts.data), [0, 1, 1], "with a range, NaN and outside values are left out");
  });

  it("meshgrid matches NumPy for xy and ij indexing, 2 and 3 inputs", () => {
    const m = fx.meshgrid;
    const check = (got: NDArray[], want: Encoded[], what: string) => {
      assert.strictEqual(got.length, want.length);
      got.forEach((g, k) => assertClose(g, want[k], 0, `${what} ${k}`));
    };
    check(meshgrid(m.x, m.y), m.xy, "xy");
    check(meshgrid(m.x, m.y, { indexing: "ij" }), m.ij, "ij");
    check(meshgrid(array(m.x), array(m.y), array(m.z)), m.xyz, "xyz");
    check(np.meshgrid(m.x, m.y, m.z, { indexing: "ij" }), m.ijz, "ijz");
  });

  it("round rounds half to even at every number of decimals, as NumPy (including negative decimals, NaN)", () => {
    const d = decode(fx.round.data);
    for (const [dec, want] of Object.entries(fx.round.by)) {
      assertClose(round(d, Number(dec)), want, 0, `round ${dec}`);
      assertClose(d.round(Number(dec)), want, 0, `.round(${dec})`);
    }
    assert.deepStrictEqual(Array.from(np.arange(5).round(1).data), [0, 1, 2, 3, 4], "integer arrays stay");
    assert.throws(() => d.round(1.5), InputTypeError);
  });

  it("clip matches NumPy with both bounds, one bound and NaN", () => {
    const a = decode(fx.clip.data);
    assertClose(clip(a, -0.5, 0.5), fx.clip.both, 0, "both");
    assertClose(a.clip(0, null), fx.clip.lo, 0, "lo");
    assertClose(np.clip(a, null, 0.2), fx.clip.hi, 0, "hi");
    assertClose(clip([NaN, 2, -2], -1, 1), fx.clip.nan, 0, "nan");
    assert.throws(() => clip(a, null, null), InputTypeError);
  });
});
