import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { gemm32, matmulJs, productEngine, transpose } from "../../lib/nn/gemm";
import { useJsKernels } from "../../lib/nn/backend";
import { SPLIT_MIN_MACS, gemmPoolReady, gemmWasm, gemmWasm64, setGemmPoolEnabled, startGemmPool, wasmGemmInfo } from "../../lib/wasm/gemm";

let seed = 7;
const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const randArray = (n: number): Float32Array => Float32Array.from({ length: n }, () => rand() - 0.5);

/** C = A·B in float64, as the reference. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

function assertClose(got: Float32Array, want: Float64Array, k: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  // float32 sums of k products of values below 0.5: a few ulps of the running sum per term at most.
  const tol = 1e-6 * (k + 4);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}: element ${i} is ${got[i]}, want ${want[i]}`);
  }
}

// Shapes of the MLP and the guide's net, ragged edges in every dimension (m % 4, n % 8, k % 4), single rows and
// columns, and one larger than the memory's first size (so it grows).
const SHAPES: Array<[number, number, number]> = [[128, 784, 256], [256, 128, 784], [455, 30, 64], [455, 32, 1], [7, 33, 5],
  [1, 300, 257], [5, 1, 9], [3, 7, 1], [1, 1, 1], [130, 64, 10], [512, 900, 1000]];

describe("WebAssembly matrix products (lib/wasm/gemm)", function () {
  this.timeout(120000);
  after(() => setGemmPoolEnabled(true));

  it("loads a SIMD kernel here (relaxed SIMD's fused multiply-add when V8 offers it)", () => {
    const info = wasmGemmInfo();
    assert.ok(info, "WebAssembly kernel unavailable");
    assert.ok(["relaxed-simd", "simd"].includes(info.kernel));
  });

  it("gives A·B, Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ for every shape, ragged edges included", () => {
    setGemmPoolEnabled(false);
    for (const [m, k, n] of SHAPES) {
      const a = randArray(m * k), b = randArray(k * n), want = reference(a, b, m, k, n);
      const at = transpose(a, m, k), bt = transpose(b, k, n);
      assertClose(gemmWasm(a, false, b, false, m, k, n)!, want, k, `${m}×${k}×${n} NN`);
      assertClose(gemmWasm(at, true, b, false, m, k, n)!, want, k, `${m}×${k}×${n} TN`);
      assertClose(gemmWasm(a, false, bt, true, m, k, n)!, want, k, `${m}×${k}×${n} NT`);
      assertClose(gemmWasm(at, true, bt, true, m, k, n)!, want, k, `${m}×${k}×${n} TT`);
    }
  });

  it("a product too large for one pass goes through in row chunks, with the same values and bounded memory", () => {
    const m = 30000, k = 300, n = 24; // 30 000 × (300 + 24) floats: 39 MB, above the 32 MB a pass stages
    const a = randArray(m * k), b = randArray(k * n), want = reference(a, b, m, k, n);
    assertClose(gemmWasm(a, false, b, false, m, k, n)!, want, k, "chunked NN");
    assertClose(gemmWasm(a, false, transpose(b, k, n), true, m, k, n)!, want, k, "chunked NT");
    assert.ok(wasmGemmInfo()!.memoryBytes < 40 * 2 ** 20, `memory grew to ${wasmGemmInfo()!.memoryBytes} bytes`);
  });

  it("float64 (MLPClassifier's products): all four transpose cases to 1e-13, ragged shapes included", () => {
    const t64 = (x: Float64Array, r: number, c: number): Float64Array => {
      const t = new Float64Array(x.length);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = x[i * c + j];
      return t;
    };
    for (const [m, k, n] of [[200, 30, 64], [55, 64, 32], [200, 32, 1], [7, 5, 3], [1, 1, 1], [30, 200, 66], [130, 513, 9]]) {
      const a = Float64Array.from({ length: m * k }, () => rand() - 0.5), b = Float64Array.from({ length: k * n }, () => rand() - 0.5);
      const want = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) want[i * n + j] += a[i * k + p] * b[p * n + j];
      for (const [aT, bT] of [[false, false], [true, false], [false, true], [true, true]]) {
        const c = new Float64Array(m * n).fill(NaN); // overwritten, not accumulated into
        assert.ok(gemmWasm64(aT ? t64(a, m, k) : a, aT, bT ? t64(b, k, n) : b, bT, m, k, n, c));
        for (let i = 0; i < want.length; i++) {
          assert.ok(Math.abs(c[i] - want[i]) <= 1e-13 * k, `${m}×${k}×${n} aT=${aT} bT=${bT} [${i}]: ${c[i]} vs ${want[i]}`);
        }
      }
    }
    const zero = new Float64Array(6).fill(7);
    assert.ok(gemmWasm64(new Float64Array(0), false, new Float64Array(0), false, 2, 0, 3, zero));
    assert.deepEqual(Array.from(zero), [0, 0, 0, 0, 0, 0]);
  });

  it("an empty dimension gives zeros of the right size", () => {
    assert.deepEqual(Array.from(gemmWasm(new Float32Array(0), false, new Float32Array(6), false, 2, 0, 3)!), [0, 0, 0, 0, 0, 0]);
    assert.equal(gemmWasm(new Float32Array(0), false, new Float32Array(12), false, 0, 4, 3)!.length, 0);
  });

  it("nn's product (gemm32, each transpose) agrees with the JavaScript kernel", () => {
    for (const [m, k, n] of [[128, 784, 256], [64, 30, 64], [9, 17, 3]] as Array<[number, number, number]>) {
      const a = randArray(m * k), b = randArray(k * n), want = reference(a, b, m, k, n);
      assertClose(gemm32(a, b, m, k, n), want, k, "A·B");
      assertClose(gemm32(a, transpose(b, k, n), m, k, n, { transB: true }), want, k, "A·Bᵀ");
      assertClose(gemm32(transpose(a, m, k), b, m, k, n, { transA: true }), want, k, "Aᵀ·B");
      useJsKernels(true);
      try {
        assertClose(matmulJs(a, b, m, k, n), want, k, "matmulJs");
        assertClose(gemm32(transpose(a, m, k), b, m, k, n, { transA: true }), want, k, "Aᵀ·B on JavaScript");
        assertClose(gemm32(a, transpose(b, k, n), m, k, n, { transB: true }), want, k, "A·Bᵀ on JavaScript");
      } finally {
        useJsKernels(false);
      }
    }
  });

  it("starts its second thread on a machine with two or more cores", async () => {
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    setGemmPoolEnabled(true);
    assert.equal(await startGemmPool(), cores >= 2);
    assert.equal(gemmPoolReady(), cores >= 2);
    assert.equal(wasmGemmInfo()!.threads, cores >= 2 ? 2 : 1);
  });

  it("a product split over two threads equals the one-thread product bit for bit (two cores forced, so it runs on any machine)", () => {
    // In a child whose os reports two cores, so this check never depends on (nor silently skips with) the machine's
    // core count; gemmSplitPasses() shows which path each product took.
    const script = `require("os").availableParallelism = () => 2;
const g = require(${JSON.stringify(path.join(__dirname, "..", "..", "lib", "wasm", "gemm.js"))});
let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const randArray = (n) => Float32Array.from({ length: n }, () => rand() - 0.5);
g.startGemmPool().then((started) => {
  const products = [];
  for (const [m, k, n] of ${JSON.stringify(SHAPES)}) {
    for (const [aT, bT] of [[false, false], [true, false], [false, true]]) {
      const a = randArray(m * k), b = randArray(k * n);
      g.setGemmPoolEnabled(false);
      const before = g.gemmSplitPasses();
      const one = g.gemmWasm(a, aT, b, bT, m, k, n);
      const unsplit = g.gemmSplitPasses() - before;
      g.setGemmPoolEnabled(true);
      const two = g.gemmWasm(a, aT, b, bT, m, k, n);
      let diff = 0;
      for (let i = 0; i < one.length; i++) if (!Object.is(one[i], two[i])) diff++;
      products.push({ m, k, n, aT, bT, diff, unsplit, split: g.gemmSplitPasses() - before - unsplit });
    }
  }
  console.log(JSON.stringify({ started, ready: g.gemmPoolReady(), threads: g.wasmGemmInfo().threads, products }));
});`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, TYPELEARN_GEMM_THREADS: "" } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.started, out.ready, out.threads], [true, true, 2], "the second thread started");
    for (const p of out.products) {
      const what = `${p.m}×${p.k}×${p.n} aT=${p.aT} bT=${p.bT}`;
      assert.equal(p.unsplit, 0, `${what}: split while splitting was off`);
      // Products below SPLIT_MIN_MACS stay on one thread; every larger one here is wide or tall enough to split.
      assert.equal(p.split > 0, p.m * p.k * p.n >= SPLIT_MIN_MACS, `${what}: ${p.split} passes shared with the worker`);
      assert.equal(p.diff, 0, `${what}: ${p.diff} elements differ`);
    }
    assert.ok(out.products.some((p: { split: number }) => p.split > 0));
  });

  it("nn.productEngine() says where products run", async () => {
    const two = await startGemmPool();
    const kernel = wasmGemmInfo()!.kernel === "relaxed-simd" ? "WebAssembly SIMD with fused multiply-add (relaxed SIMD)" : "WebAssembly SIMD";
    assert.equal(productEngine(), `${kernel}, ${two ? "2 threads" : "1 thread"}`);
    useJsKernels(true);
    try {
      assert.equal(productEngine(), "JavaScript");
    } finally {
      useJsKernels(false);
    }
  });

  const dist = path.join(__dirname, "..", "..", "lib", "wasm");
  const probe = `const g = require(${JSON.stringify(path.join(dist, "gemm.js"))});
g.startGemmPool().then((ok) => {
  const c = g.gemmWasm(new Float32Array(2000 * 30).fill(1), false, new Float32Array(30 * 40).fill(2), false, 2000, 30, 40);
  console.log(JSON.stringify({ ok, info: g.wasmGemmInfo(), c0: c[0], cLast: c[c.length - 1], n: c.length }));
});`;

  it("the worker never keeps the process alive (unref'd)", () => {
    // The timeout only guards against a hang; the assertion is that the process ended by itself.
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", timeout: 30000 });
    assert.equal(r.signal, null, "process had to be killed: the worker kept it alive");
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.c0, out.cLast, out.n], [60, 60, 80000]);
  });

  it("Adam's update split over two threads (resident training) equals the one-thread update bit for bit, with the worker kept spinning or not", () => {
    const script = `require("os").availableParallelism = () => 2;
const pool = require(${JSON.stringify(path.join(__dirname, "..", "..", "lib", "wasm", "gemm_pool.js"))});
const mem = require(${JSON.stringify(path.join(__dirname, "..", "..", "lib", "wasm", "gemm_memory.js"))});
let seed = 11;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
pool.startGemmPool().then((started) => {
  const e = mem.loadEngine(), n = 100004, block = 4 * n + 64;
  mem.reserve(e, 16 * block);
  const f = e.f32, init = Float32Array.from({ length: 4 * n }, (_, i) => (i % 4 === 3 ? rand() : rand() - 0.5) * 1e-2);
  const scalars = [0.9, 0.1, 0.999, 0.001, 1e-3 / 0.1, Math.sqrt(0.001), 1e-8, 0.01];
  const results = [];
  for (const [split, hot] of [[false, false], [true, false], [true, true]]) {
    pool.setGemmPoolEnabled(split); pool.setGemmHot(hot);
    // w, g, m, v at four places, three steps
    for (let r = 0; r < 4; r++) f.set(init.subarray(r * n, r * n + n), r * block / 4);
    for (let s = 0; s < 3; s++) pool.adamUpdate(e, 0, block, 2 * block, 3 * block, n, scalars);
    results.push([0, 2, 3].map((r) => Array.from(f.subarray(r * block / 4, r * block / 4 + n))));
  }
  pool.setGemmHot(false);
  let diffs = 0;
  for (const res of results.slice(1)) res.forEach((a, k) => a.forEach((v, i) => { if (!Object.is(v, results[0][k][i])) diffs++; }));
  const changed = results[0][0].some((v, i) => v !== init[i]);
  console.log(JSON.stringify({ started, diffs, changed }));
});`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, TYPELEARN_GEMM_THREADS: "" } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.started, true, "the second thread started");
    assert.equal(out.changed, true, "the update moved the weights");
    assert.equal(out.diffs, 0, "split and one-thread updates agree bit for bit");
  });

  it("products cut off mid-way (a cell interrupted by a timeout) leave the next products right", () => {
    // vm's timeout terminates the running code wherever it is, here inside products the worker is sharing; each
    // later product must wait for the worker's stale share instead of racing it through the shared memory.
    const script = `const vm = require("vm");
const g = require(${JSON.stringify(path.join(dist, "gemm.js"))});
g.startGemmPool().then(() => {
  const data = (m, k, n, s) => [Float32Array.from({ length: m * k }, (_, i) => ((i * 7919 + s) % 1000) / 1000 - 0.5),
    Float32Array.from({ length: k * n }, (_, i) => ((i * 104729 + s) % 1000) / 1000 - 0.5)];
  // The interrupted product and a differently shaped one after it, whose C the stale share would overlap.
  const [a, b] = data(256, 512, 384, 1), [a2, b2] = data(300, 600, 264, 2);
  g.setGemmPoolEnabled(false);
  const want = g.gemmWasm(a2, false, b2, false, 300, 600, 264);
  g.setGemmPoolEnabled(true);
  let cut = 0, bad = 0;
  for (let t = 0; t < 40; t++) {
    try {
      vm.runInNewContext("for (;;) g.gemmWasm(a, false, b, false, 256, 512, 384);", { g, a, b }, { timeout: 5 + (t % 7) });
    } catch { cut++; }
    const got = g.gemmWasm(a2, false, b2, false, 300, 600, 264);
    for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) { bad++; break; }
  }
  console.log(JSON.stringify({ cut, bad, threads: g.wasmGemmInfo().threads }));
});`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.cut, 40, "every run should have been cut off by its timeout");
    assert.equal(out.bad, 0, `${out.bad} products after an interruption were wrong`);
  });

  it("TYPELEARN_WASM_RELAXED_SIMD=0 keeps the plain-SIMD kernel; TYPELEARN_GEMM_THREADS=1 keeps one thread", () => {
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", timeout: 30000,
      env: { ...process.env, TYPELEARN_WASM_RELAXED_SIMD: "0", TYPELEARN_GEMM_THREADS: "1" } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual({ ...out, info: { ...out.info, memoryBytes: 0 } }, { ok: false, info: { kernel: "simd", threads: 1, memoryBytes: 0 }, c0: 60, cLast: 60, n: 80000 });
  });
});
