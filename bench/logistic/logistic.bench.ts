/**
 * Benchmark: LogisticRegression.fit (binary, lbfgs, default options) on 50 000 × 30 against scikit-learn, on the
 * same data (written to a binary file that both sides read).
 *
 * Run after building: node dist/bench/logistic/logistic.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/logistic.json and bench/results/logistic.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { NDArray } from "../../lib/array/ndarray";
import { LogisticRegression } from "../../lib/linear";

const ROOT = path.join(__dirname, "..", "..", "..");

/** xorshift128 uniforms plus Box–Muller normals: a small seeded generator for reproducible data. */
function makeRng(seed: number): { uniform: () => number; normal: () => number } {
  let x = seed >>> 0 || 1, y = 362436069, z = 521288629, w = 88675123;
  const u32 = () => {
    const t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return w;
  };
  const uniform = () => (u32() * 4294967296 + u32()) / 18446744073709551616;
  const normal = () => {
    let u = uniform();
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const n = Number(process.argv[2] ?? 50000), p = Number(process.argv[3] ?? 30), reps = Number(process.argv[4] ?? 7);
  const rng = makeRng(7);
  // Correlated features of mixed scale; labels drawn from a logistic model, so the classes overlap.
  const X = new Float64Array(n * p), y = new Float64Array(n);
  const beta = Float64Array.from({ length: p }, (_, j) => ((j % 5) - 2) * 0.4 / (1 + (j % 3)));
  for (let i = 0; i < n; i++) {
    const shared = rng.normal();
    let s = -0.5;
    for (let j = 0; j < p; j++) {
      const v = (rng.normal() + 0.5 * shared) * (1 + (j % 3)) + 0.2 * (j % 4);
      X[i * p + j] = v;
      s += v * beta[j];
    }
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  const file = path.join(os.tmpdir(), `typelearn-logistic-bench-${process.pid}.f64`);
  const both = new Float64Array(n * p + n);
  both.set(X); both.set(y, n * p);
  fs.writeFileSync(file, Buffer.from(both.buffer));

  const XA = new NDArray(X, [n, p]), yA = new NDArray(y, [n]);
  const ours: number[] = [];
  let model = new LogisticRegression().fit(XA, yA); // warm-up (JIT)
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    model = new LogisticRegression().fit(XA, yA);
    ours.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const out = execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "logistic", "sklearn_logistic.py"), file,
    String(n), String(p), String(reps)], { encoding: "utf8" });
  fs.unlinkSync(file);
  const sk = JSON.parse(out) as { times: number[]; coef: number[]; intercept: number; n_iter: number;
    accuracy: number; warnings: string[]; blas: unknown };
  let maxDiff = Math.abs(model.intercept_!.data[0] - sk.intercept), maxRef = Math.abs(sk.intercept);
  for (let j = 0; j < p; j++) {
    maxDiff = Math.max(maxDiff, Math.abs(model.coef_!.data[j] - sk.coef[j]));
    maxRef = Math.max(maxRef, Math.abs(sk.coef[j]));
  }
  const accuracy = model.score(XA, yA);
  const result = {
    benchmark: "LogisticRegression.fit (binary, lbfgs, defaults)", nSamples: n, nFeatures: p, repeats: reps,
    typelearnSeconds: median(ours), sklearnSeconds: median(sk.times), ratio: median(ours) / median(sk.times),
    typelearnAccuracy: accuracy, sklearnAccuracy: sk.accuracy,
    typelearnNIter: model.nIter_!.data[0], sklearnNIter: sk.n_iter,
    maxRelParamDiff: maxDiff / maxRef, sklearnWarnings: sk.warnings,
    typelearnTimes: ours, sklearnTimes: sk.times, sklearnBlas: sk.blas,
    node: process.version, date: new Date().toISOString(), cpus: os.cpus().length,
  };
  const dir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "logistic.json"), JSON.stringify(result, null, 2) + "\n");
  const md = `| LogisticRegression.fit ${n}×${p} (lbfgs) | typelearn ${result.typelearnSeconds.toFixed(3)} s ` +
    `(${result.typelearnNIter} it) | scikit-learn ${result.sklearnSeconds.toFixed(3)} s (${sk.n_iter} it) | ` +
    `ratio ${result.ratio.toFixed(2)} | accuracy ${accuracy.toFixed(4)} vs ${sk.accuracy.toFixed(4)} | ` +
    `max rel Δparams ${result.maxRelParamDiff.toExponential(2)} | ${result.date.slice(0, 10)} |\n`;
  fs.writeFileSync(path.join(dir, "logistic.md"), md);
  console.log(JSON.stringify(result, null, 2));
}

main();
