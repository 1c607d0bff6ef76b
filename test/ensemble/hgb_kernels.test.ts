/**
 * The fast paths of histogram gradient boosting against plain reference computations: the WebAssembly histogram
 * scan (and its JavaScript fallback) for both hessian modes, in-place subtraction, the radix sort behind the
 * binning thresholds, the branch-free bin search and the branch-free stable partition. Each must agree bit for bit,
 * since trees are compared split for split with scikit-learn.
 */
import { strict as assert } from "assert";
import { binData, BinMapperState, findBinningThresholds, sortFloat64 } from "../../lib/ensemble/hist_gradient_boosting/binning";
import { HistogramBuilder } from "../../lib/ensemble/hist_gradient_boosting/histogram";
import { splitIndices, SplitInfo } from "../../lib/ensemble/hist_gradient_boosting/splitting";
import { createSharedWasmScan, createWasmScan } from "../../lib/ensemble/hist_gradient_boosting/wasm_kernels";
import { cpuCount } from "../../lib/parallel/jobs";
import { RandomState } from "../../lib/random";
import { NBINS, naiveHist, sameBits, skewedBins } from "./hgb_reference";

describe("HistGradientBoosting kernels: histograms", () => {
  const rs = new RandomState(0);
  const n = 5003, F = 7;
  const { xb, g, h, perm } = skewedBins(rs, n, F);
  const ranges: [number, number][] = [[0, n], [1, 2], [7, 7], [3, 1030], [100, 4001], [4999, 5003]];

  for (const constantHessian of [false, true]) {
    it(`WebAssembly and JavaScript scans equal a naive sum bit for bit (${constantHessian ? "constant" : "per-sample"} hessians)`, () => {
      // maxLive 1: the second live histogram overflows to JavaScript memory (scratch + copy path)
      const builders = [new HistogramBuilder(xb, n, F, NBINS, constantHessian, 1, true),
        new HistogramBuilder(xb, n, F, NBINS, constantHessian, 34, false)];
      assert.equal(builders[1].usesWasm, false);
      for (const hb of builders) {
        hb.setGradients(g, h);
        hb.partition.set(perm);
        for (const [a, b] of ranges) {
          const want = naiveHist(xb, n, F, perm, a, b, g, h, constantHessian);
          const parent = hb.brute(a, b);
          sameBits(parent, want, `brute [${a}, ${b}) wasm=${hb.usesWasm}`);
          // subtraction: parent − child, both built by scans
          const mid = Math.min(b, a + ((b - a) >> 1));
          const child = hb.brute(a, mid);
          const other = hb.subtract(parent, child);
          const expect = naiveHist(xb, n, F, perm, a, b, g, h, constantHessian);
          const childRef = naiveHist(xb, n, F, perm, a, mid, g, h, constantHessian);
          for (let i = 0; i < expect.length; i++) if (i % 4 !== 3) expect[i] -= childRef[i];
          sameBits(other, expect, `subtract [${a}, ${mid}) from [${a}, ${b}) wasm=${hb.usesWasm}`);
          hb.release(other);
          hb.release(child);
        }
      }
    });
  }

  for (const constantHessian of [false, true]) {
    it(`gradients in the builder's memory (gathered in WebAssembly) give the same histograms (${constantHessian ? "constant" : "per-sample"} hessians)`, () => {
      const hb = new HistogramBuilder(xb, n, F, NBINS, constantHessian, 4, true);
      const bufs = hb.gradientBuffers();
      assert.ok(bufs);
      assert.equal(bufs.hessians === null, constantHessian);
      bufs.gradients.set(g);
      bufs.hessians?.set(h);
      hb.setGradients(bufs.gradients.subarray(0, n), bufs.hessians ?? h);
      hb.partition.set(perm);
      for (const [a, b] of ranges) {
        const got = hb.brute(a, b);
        sameBits(got, naiveHist(xb, n, F, perm, a, b, g, h, constantHessian), `[${a}, ${b})`);
        hb.release(got);
      }
    });
  }

  it("zero clears exactly k 32-byte entries to +0 (plain and shared memory)", () => {
    for (const w of [createWasmScan(4096), createSharedWasmScan(4096)]) {
      assert.ok(w);
      const f = new Float64Array(w.memory.buffer, 0, 64);
      f.fill(-0);
      f[5] = NaN;
      w.zero(8, 3); // entries at bytes 8…104: doubles 1…12
      for (let i = 0; i < 64; i++) {
        if (i >= 1 && i <= 12) assert.ok(Object.is(f[i], 0), `double ${i} should be +0`);
        else assert.ok(Object.is(f[i], -0), `double ${i} should be untouched`);
      }
      w.zero(0, 0);
      assert.ok(Object.is(f[0], -0), "k = 0 writes nothing");
    }
  });

  it("the WebAssembly scan is used when available (Node ≥ 20)", () => {
    assert.equal(new HistogramBuilder(xb, n, F, NBINS, false).usesWasm, true);
  });
});

describe("HistGradientBoosting kernels: binning", () => {
  it("sortFloat64 orders like Float64Array.prototype.sort, −0 before +0, infinities at the ends", () => {
    const rs = new RandomState(1);
    for (const len of [10, 5000, 70001]) {
      const v = Float64Array.from(rs.randn(len).data as Float64Array, (x, i) =>
        i % 5 === 0 ? Math.round(x * 3) / 4 : x * 10 ** ((i % 13) - 6));
      v[1] = -0; v[2] = 0; v[3] = -Infinity; v[4] = Infinity; v[5] = 5e-324; v[6] = -5e-324; v[7] = -0;
      sameBits(sortFloat64(v.slice()), v.slice().sort(), `length ${len}`);
    }
    const constant = new Float64Array(9000).fill(2.5);
    sameBits(sortFloat64(constant.slice()), constant, "constant");
    // values equal in their high 32 bits (sign, exponent, 20 mantissa bits): short runs (ordered by insertion) and
    // one long run (ordered by three more radix passes), negatives too
    const u = rs.rand(30000).data as Float64Array;
    const shortRuns = Float64Array.from(u, (x, i) => (i % 2 ? -1 : 1) * (Math.floor(x * 4000) + 1 + (i % 7) * 2 ** -40));
    const longRun = Float64Array.from(u, (x, i) => (i % 3 === 0 ? x * 100 : (i % 2 ? -3 : 3) * (1 + x * 2 ** -30)));
    for (const [name, v] of [["short runs", shortRuns], ["long run", longRun]] as const) {
      sameBits(sortFloat64(v.slice()), v.slice().sort(), name);
    }
  });

  it("binData's branch-free search equals a binary search (ties in thresholds, NaN, ±Infinity, few bins)", () => {
    const rs = new RandomState(2);
    const rows = 3000, cols = 4;
    const data = new Float64Array(rows * cols);
    const r = rs.randn(rows * cols).data as Float64Array;
    for (let i = 0; i < rows; i++) {
      data[i * cols] = r[i * cols];
      data[i * cols + 1] = Math.round(r[i * cols + 1] * 2); // few distinct values: midpoint thresholds
      data[i * cols + 2] = i % 50 === 0 ? NaN : i % 77 === 0 ? Infinity : i % 91 === 0 ? -Infinity : Math.floor(r[i * cols + 2] * 3) ** 2;
      data[i * cols + 3] = i < 2000 ? 1 : r[i * cols + 3]; // heavy ties: repeated quantile thresholds
    }
    const thresholds: Float64Array[] = [];
    for (let j = 0; j < cols; j++) thresholds.push(findBinningThresholds(Float64Array.from({ length: rows }, (_, i) => data[i * cols + j]), 255));
    assert.ok(thresholds[3].some((t, k) => k > 0 && t === thresholds[3][k - 1]), "fixture has tied thresholds");
    const st: BinMapperState = { missingBin: 255, thresholds, nBinsNonMissing: Int32Array.from(thresholds, (t) => t.length + 1),
      isCategorical: new Uint8Array(cols), knownCategoryBitsets: new Uint32Array(cols * 8) };
    const xb = binData(st, data, rows, cols);
    for (let j = 0; j < cols; j++) {
      const t = thresholds[j];
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + j];
        let want = 255;
        if (!Number.isNaN(v)) { want = 0; while (want < t.length && v > t[want]) want++; }
        assert.equal(xb[j * rows + i], want, `feature ${j}, row ${i}, value ${v}`);
      }
    }
  });
});

describe("HistGradientBoosting kernels: partition", () => {
  function split(over: Partial<SplitInfo>): SplitInfo {
    return { gain: 1, feature: 0, bin: 0, missingGoToLeft: false, sumGradientLeft: 0, sumHessianLeft: 0,
      sumGradientRight: 0, sumHessianRight: 0, nLeft: 0, nRight: 0, valueLeft: 0, valueRight: 0, isCategorical: false,
      leftCatBitset: null, ...over };
  }

  it("splitIndices is a stable partition (numeric with NaN left or right, categorical bitset)", () => {
    const rs = new RandomState(3);
    const n = 4000;
    const xb = Uint8Array.from(rs.rand(2 * n).data as Float64Array, (v) => (v < 0.1 ? 255 : Math.floor(v * 40)));
    const bits = new Uint32Array(8);
    for (const b of [1, 5, 33, 255]) bits[b >>> 5] |= (1 << (b & 31)) >>> 0;
    const cases: [SplitInfo, (b: number) => boolean][] = [
      [split({ feature: 1, bin: 17 }), (b) => b <= 17],
      [split({ feature: 1, bin: 17, missingGoToLeft: true }), (b) => b <= 17 || b === 255],
      [split({ feature: 0, isCategorical: true, leftCatBitset: bits }), (b) => [1, 5, 33, 255].includes(b)],
    ];
    for (const [s, goesLeft] of cases) {
      const idx = rs.permutation(n).data as Int32Array;
      const before = idx.slice();
      const start = 123, stop = 3456;
      const nl = splitIndices(xb, n, s, 255, idx, start, stop, new Int32Array(n));
      const seg = Array.from(before.subarray(start, stop));
      const left = seg.filter((id) => goesLeft(xb[s.feature * n + id])), right = seg.filter((id) => !goesLeft(xb[s.feature * n + id]));
      assert.equal(nl, left.length);
      assert.deepEqual(Array.from(idx.subarray(start, stop)), [...left, ...right]);
      assert.deepEqual(Array.from(idx.subarray(0, start)), Array.from(before.subarray(0, start)));
      assert.deepEqual(Array.from(idx.subarray(stop)), Array.from(before.subarray(stop)));
    }
  });

  it("the WebAssembly partition equals splitIndices index for index (NaN left or right, empty sides, plain and shared memory)", () => {
    const rs = new RandomState(4);
    const n = 5000, F = 40; // 200 000 cells: with threads the builder's memory is the shared one
    const xb = Uint8Array.from(rs.rand(F * n).data as Float64Array, (v) => (v < 0.08 ? 255 : Math.floor(v * 60)));
    for (const threads of [false, true]) {
      const hb = new HistogramBuilder(xb, n, F, 256, false, 2, true, threads);
      assert.equal(hb.usesWasm, true);
      if (threads && cpuCount() >= 2 && process.env.TYPELEARN_HGB_THREADS !== "1") assert.ok(hb.partition.buffer instanceof SharedArrayBuffer, "shared memory");
      const cases: Partial<SplitInfo>[] = [{ feature: 2, bin: 30 }, { feature: 1, bin: 30, missingGoToLeft: true },
        { feature: 0, bin: 254 }, { feature: 0, bin: 254, missingGoToLeft: true }, { feature: 1, bin: 0 }];
      for (const over of cases) {
        for (const [start, stop] of [[0, n], [17, 4400], [999, 1000], [300, 300]]) {
          const perm = rs.permutation(n).data as Int32Array;
          hb.partition.set(perm);
          const want = perm.slice();
          const nlWant = splitIndices(xb, n, split(over), 255, want, start, stop, new Int32Array(n));
          const nl = hb.split(split(over), 255, start, stop, new Int32Array(n));
          assert.equal(nl, nlWant, `left count ${JSON.stringify(over)} [${start}, ${stop})`);
          assert.deepEqual(Array.from(hb.partition), Array.from(want), `partition ${JSON.stringify(over)} [${start}, ${stop})`);
        }
      }
      hb.dispose();
    }
  });
});
