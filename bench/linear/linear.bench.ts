/**
 * Benchmark: LinearRegression.fit on 100 000 × 50 against scikit-learn, on the same data.
 *
 * Run after building: node dist/bench/linear/linear.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/linear.json and bench/results/linear.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { LinearRegression } from "../../lib/linear";
import { solveOLS } from "../../lib/linear/ols";
import { machine, makeRng, median, runPython, seconds, writeResults, writeTempData } from "../common";

function main(): void {
  const n = Number(process.argv[2] ?? 100000), p = Number(process.argv[3] ?? 50), reps = Number(process.argv[4] ?? 5);
  const { normal } = makeRng(42);
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
  const file = writeTempData("linear", X, y);

  const XA = new NDArray(X, [n, p]), yA = new NDArray(y, [n]);
  const ours: number[] = [];
  let model = new LinearRegression();
  model.fit(XA, yA); // warm-up (JIT)
  for (let r = 0; r < reps; r++) {
    ours.push(seconds(() => { model = new LinearRegression().fit(XA, yA); }));
  }
  // Which solver path the fit took: rerun the solver on the centered data (the fit does the same centering).
  const xc = new Float64Array(n * p), yc = new Float64Array(n), mu = new Float64Array(p);
  let my = 0;
  for (let i = 0; i < n; i++) { my += y[i]; for (let j = 0; j < p; j++) mu[j] += X[i * p + j]; }
  for (let j = 0; j < p; j++) mu[j] /= n;
  my /= n;
  for (let i = 0; i < n; i++) { yc[i] = y[i] - my; for (let j = 0; j < p; j++) xc[i * p + j] = X[i * p + j] - mu[j]; }
  const method = solveOLS(xc, n, p, yc, 1).method;

  const sk = runPython<{ times: number[]; coef: number[]; intercept: number; blas: unknown }>(
    "linear/sklearn_linear.py", [file, n, p, reps]);
  fs.unlinkSync(file);
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
    ...machine(),
  };
  const md = `| LinearRegression.fit ${n}×${p} | typelearn ${result.typelearnSeconds.toFixed(3)} s | ` +
    `scikit-learn ${result.sklearnSeconds.toFixed(3)} s | ratio ${result.ratio.toFixed(2)} | ` +
    `max |Δcoef| ${maxCoefDiff.toExponential(2)} | ${result.date.slice(0, 10)} |\n`;
  writeResults("linear", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
