/**
 * What bounds the nets rows: GFLOP/s of typelearn's WebAssembly GEMM (float32 as nn uses it, float64 as
 * MLPClassifier uses it) against torch.matmul (float32) and NumPy/OpenBLAS (float64), each on one thread, on the
 * products the nets benchmarks run. Rates are CPU time (process.cpuUsage / time.process_time) so that other work
 * on a shared machine inflates them less; repetitions alternate between typelearn and Python, medians reported.
 * WebAssembly SIMD is 128 bits wide (4 float32 / 2 float64 lanes per instruction); torch and OpenBLAS use the
 * machine's AVX2/AVX-512 (8-16 / 4-8 lanes), so on the same core the reference's peak is 2-4× ours.
 *
 * Run after building: node dist/bench/nets/gemm_bound.bench.js [repeats]
 * Writes bench/results/nets_bound.json and .md. Not a test.
 */
import * as os from "os";
import { gemmWasm, gemmWasm64, setGemmPoolEnabled, startGemmPool, wasmGemmInfo } from "../../lib/wasm/gemm";
import { MR, NR } from "../../lib/wasm/gemm_code";
import { loadEngine, reserve } from "../../lib/wasm/gemm_memory";
import { machine, makeRng, median, runPython, writeResults } from "../common";

type Shape = [string, number, number, number, boolean, boolean, "f32" | "f64"];
const SHAPES: Shape[] = [
  ["MLP x·Wᵀ 128×784·784×256 (f32)", 128, 784, 256, false, true, "f32"],
  ["MLP gᵀ·x 256×128·128×784 (f32)", 256, 128, 784, true, false, "f32"],
  ["MLP g·W 128×256·256×784 (f32)", 128, 256, 784, false, false, "f32"],
  ["MLPClassifier x·W 200×30·30×64 (f64)", 200, 30, 64, false, false, "f64"],
  ["MLPClassifier h·W 200×64·64×32 (f64)", 200, 64, 32, false, false, "f64"],
  ["MLPClassifier hᵀ·δ 64×200·200×32 (f64)", 64, 200, 32, true, false, "f64"],
];

/**
 * The float32 kernel alone on the MLP's products with operands already in its memory, as resident training runs
 * them (Wᵀ kept as B, the weight gradient as xᵀ·g): no staging, transposes or copies out.
 */
const RESIDENT: Array<[string, number, number, number, "A" | "At"]> = [
  ["x·Wᵀ 128×784·784×256 (Wᵀ in place)", 128, 784, 256, "A"],
  ["xᵀ·g 784×128·128×256 (Wᵀ's gradient)", 784, 128, 256, "At"],
  ["h·Wᵀ 128×256·256×128", 128, 256, 128, "A"],
  ["g·W 128×128·128×256 (input gradient)", 128, 128, 256, "A"],
];

function residentRates(): Array<{ product: string; gflops: number }> {
  const e = loadEngine();
  if (!e || !reserve(e, 24 << 20)) return [];
  const rng = makeRng(9);
  for (let i = 0; i < (6 << 20); i++) e.f32[i] = rng.uniform() - 0.5;
  const oA = 0, oB = 8 << 20, oC = 16 << 20;
  return RESIDENT.map(([product, m, k, n, a]) => {
    const panels = Math.ceil(n / NR), mp = Math.ceil(m / MR) * MR;
    const [rsA, psA] = a === "A" ? [4 * k, 4] : [4, 4 * m];
    return { product, gflops: cpuRate(m * k * n, () => e.gemm(oA, rsA, psA, oB, 32, 4 * n, oC, 4 * panels * NR, 0, mp, 0, panels, k)) };
  });
}

function cpuRate(macs: number, f: () => void): number {
  for (let i = 0; i < 20; i++) f();
  const reps = Math.max(20, Math.floor(2e8 / macs));
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) f();
  const c = process.cpuUsage(c0);
  return (2 * macs * reps) / ((c.user + c.system) / 1e6) / 1e9;
}

async function main(): Promise<void> {
  const reps = Number(process.argv[2] ?? 3);
  const pooled = await startGemmPool();
  const rng = makeRng(5);
  const loadBefore = os.loadavg();
  const ours: Record<string, number[]> = {}, ref: Record<string, number[]> = {};
  let torchThreads = 0;
  for (let r = 0; r < reps; r++) {
    setGemmPoolEnabled(false);
    for (const [name, m, k, n, aT, bT, t] of SHAPES) {
      const macs = m * k * n;
      const rate = t === "f32"
        ? (() => {
          const a = Float32Array.from({ length: m * k }, () => rng.uniform() - 0.5);
          const b = Float32Array.from({ length: k * n }, () => rng.uniform() - 0.5);
          return cpuRate(macs, () => gemmWasm(a, aT, b, bT, m, k, n));
        })()
        : (() => {
          const a = Float64Array.from({ length: m * k }, () => rng.uniform() - 0.5);
          const b = Float64Array.from({ length: k * n }, () => rng.uniform() - 0.5);
          const c = new Float64Array(m * n);
          return cpuRate(macs, () => gemmWasm64(a, aT, b, bT, m, k, n, c));
        })();
      (ours[name] ??= []).push(rate);
    }
    setGemmPoolEnabled(true);
    const py = runPython<{ gflops: Record<string, number>; torch_threads: number }>("nets/torch_gemm.py", [JSON.stringify(SHAPES)]);
    torchThreads = py.torch_threads;
    for (const [name] of SHAPES) (ref[name] ??= []).push(py.gflops[name]);
  }
  const resident: Record<string, number[]> = {};
  for (let r = 0; r < reps; r++) for (const x of residentRates()) (resident[x.product] ??= []).push(x.gflops);
  const loadAfter = os.loadavg();
  const rows = SHAPES.map(([name]) => ({ product: name, typelearn: median(ours[name]), reference: median(ref[name]),
    ratio: median(ref[name]) / median(ours[name]), typelearnRuns: ours[name], referenceRuns: ref[name] }));
  const result = { benchmark: "GEMM bound of the nets rows (one thread each, CPU-time GFLOP/s)", kernel: wasmGemmInfo(),
    pooled, torchThreads, rows, residentKernel: Object.entries(resident).map(([product, v]) => ({ product, gflops: median(v), runs: v })),
    loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, ...machine() };
  const md = [
    `| product, one thread (${result.date.slice(0, 10)}, typelearn ${result.kernel?.kernel ?? "no WebAssembly"}) | typelearn GFLOP/s | reference GFLOP/s (torch f32 / OpenBLAS f64) | reference ÷ typelearn |`,
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.product} | ${r.typelearn.toFixed(1)} | ${r.reference.toFixed(1)} | ${r.ratio.toFixed(2)} |`),
    "",
    `Medians of ${reps} alternating runs, GFLOP/s of CPU time. Load average ${loadBefore.map((x) => x.toFixed(1)).join(" ")} before, ` +
      `${loadAfter.map((x) => x.toFixed(1)).join(" ")} after, ${result.cpus} cores (${os.cpus()[0]?.model ?? "?"}).`,
    "",
    "| the float32 kernel alone, one thread, operands in place (resident training) | GFLOP/s (CPU time) |",
    "|---|---|",
    ...result.residentKernel.map((r) => `| ${r.product} | ${r.gflops.toFixed(1)} |`),
    "",
    "What bounds the nets rows: WebAssembly SIMD is 128 bits wide, so one core retires at most 2 fused multiply-adds ×",
    "4 float32 lanes = 16 flop per cycle (8 for float64), where torch and OpenBLAS use 256/512-bit FMAs: 32 flop per",
    "cycle on this core (AVX-512 on a 256-bit datapath), twice the WebAssembly peak. typelearn's float32 kernel ran at",
    "43-48 GFLOP/s on one quiet core when its operands are already in place (the second table; the first one's rates",
    "include staging through gemmWasm), torch at about 95 here: the kernel is near the 128-bit peak, torch near its own.",
    "One 784-256-128-10 epoch is 60 GFLOP of products (64.4 M multiply-adds a batch of 128, 469 batches; the first",
    "layer's input gradient is never formed). Resident training (lib/nn/resident.ts) runs them on both cores in",
    "about 0.75 s and spends about 0.3 s on the rest (gathering the batch's rows ~0.1 s, Adam ~0.08 s on both",
    "threads, row passes, W re-layout; instrumented 2026-12-06); torch on one thread needs ~0.65 s for the products.",
    "So the epoch is bounded near torch's (ratio ~1.0-1.15 against torch without page faults, bench/results/nets.md),",
    "not below it, until WebAssembly has wider vectors.",
    "MLPClassifier's products are small (200×30×64: the copies into the kernel's memory and the call cost are a large",
    "share) and float64 (2 lanes against OpenBLAS's 4-8).",
    "",
  ].join("\n");
  writeResults("nets_bound", result, md);
  console.log(md);
}

main().catch((e) => { console.error(e); process.exit(1); });
