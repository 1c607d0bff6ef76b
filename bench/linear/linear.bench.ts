/**
 * Benchmark: LinearRegression.fit on 100 000 × 50 against scikit-learn, on the same data.
 *
 * Run after building: node dist/bench/linear/linear.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/linear.json and bench/results/linear.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { NDArray } from "../../lib/array/ndarray";
import { LinearRegression } from "../../lib/linear";
import { solveOLS } from "../../lib/linear/ols";

const ROOT = path.join(__dirname, "..", "..", "..");

/** xorshift128 uniform in [0, 1) plus Box–Muller normals: a small seeded generator for reproducible data. */
function makeNormal(seed: number): () => number {
  let x = seed >>> 0 || 1, y = 362436069, z = 521288629, w = 88675123;
  const u32 = () => {
    const t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return w;
  };
  const uniform = () => (u32() * 4294967296 + u32()) / 18446744073709551616;
  return () => {
    let u = uniform();
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const n = Number(process.argv[2] ?? 100000), p = Number(process.argv[3] ?? 50), reps = Number(process.argv[4] ?? 5);
  const normal = makeNormal(42);
  // Columns with different scales and offsets, plus mild correlation, so centering and conditioning matter.
  const X = new Float64Array(n * p), y = new Float64Array(n);
  const beta = Float64Array.from({ length: p }, (_, j) => (j % 7) - 3 + 0.25 * j / p);
  for (let i = 0; i < n; i++) {
    const shared = normal();
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = (normal() + 0.3 * shared) * (1 + (j % 5)) + 10 * (j % 3);
      X[i * p + j] = v;
      s += v * beta[j];
    }
    y[i] = s + 5 + normal() * 2;
  }
  const file = path.join(os.tmpdir(), `typelearn-linear-bench-${process.pid}.f64`);
  const both = new Float64Array(n * p + n);
  both.set(X); both.set(y, n * p);
  fs.writeFileSync(file, Buffer.from(both.buffer));

  const XA = new NDArray(X, [n, p]), yA = new NDArray(y, [n]);
  const ours: number[] = [];
  let model = new LinearRegression();
  model.fit(XA, yA); // warm-up (JIT)
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    model = new LinearRegression().fit(XA, yA);
    ours.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  // Which solver path the fit took: rerun the solver on the centered data (the fit does the same centering).
  const xc = new Float64Array(n * p), yc = new Float64Array(n), mu = new Float64Array(p);
  let my = 0;
  for (let i = 0; i < n; i++) { my += y[i]; for (let j = 0; j < p; j++) mu[j] += X[i * p + j]; }
  for (let j = 0; j < p; j++) mu[j] /= n;
  my /= n;
  for (let i = 0; i < n; i++) { yc[i] = y[i] - my; for (let j = 0; j < p; j++) xc[i * p + j] = X[i * p + j] - mu[j]; }
  const method = solveOLS(xc, n, p, yc, 1).method;

  const out = execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "linear", "sklearn_linear.py"), file,
    String(n), String(p), String(reps)], { encoding: "utf8" });
  fs.unlinkSync(file);
  const sk = JSON.parse(out) as { times: number[]; coef: number[]; intercept: number; blas: unknown };
  let maxCoefDiff = 0, maxCoef = 0;
  for (let j = 0; j < p; j++) {
    maxCoefDiff = Math.max(maxCoefDiff, Math.abs(model.coef_!.data[j] - sk.coef[j]));
    maxCoef = Math.max(maxCoef, Math.abs(sk.coef[j]));
  }
  const result = {
    benchmark: "LinearRegression.fit", nSamples: n, nFeatures: p, repeats: reps,
    typelearnSeconds: median(ours), sklearnSeconds: median(sk.times),
    ratio: median(ours) / median(sk.times),
    maxAbsCoefDiff: maxCoefDiff, maxRelCoefDiff: maxCoefDiff / maxCoef,
    interceptDiff: Math.abs((model.intercept_ as number) - sk.intercept),
    typelearnTimes: ours, sklearnTimes: sk.times, solverPath: method, sklearnBlas: sk.blas,
    node: process.version, date: new Date().toISOString(), cpus: os.cpus().length,
  };
  const dir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "linear.json"), JSON.stringify(result, null, 2) + "\n");
  const md = `| LinearRegression.fit ${n}×${p} | typelearn ${result.typelearnSeconds.toFixed(3)} s | ` +
    `scikit-learn ${result.sklearnSeconds.toFixed(3)} s | ratio ${result.ratio.toFixed(2)} | ` +
    `max |Δcoef| ${maxCoefDiff.toExponential(2)} | ${result.date.slice(0, 10)} |\n`;
  fs.writeFileSync(path.join(dir, "linear.md"), md);
  console.log(JSON.stringify(result, null, 2));
}

main();
