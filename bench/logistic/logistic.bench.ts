/**
 * Benchmark: LogisticRegression.fit (binary, lbfgs, default options) on 50 000 × 30 against scikit-learn, on the
 * same data (written to a binary file that both sides read).
 *
 * Run after building: node dist/bench/logistic/logistic.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/logistic.json and bench/results/logistic.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { LogisticRegression } from "../../lib/linear";
import { machine, makeRng, median, runPython, seconds, writeResults, writeTempData } from "../common";

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
  const file = writeTempData("logistic", X, y);

  const XA = new NDArray(X, [n, p]), yA = new NDArray(y, [n]);
  const ours: number[] = [];
  let model = new LogisticRegression().fit(XA, yA); // warm-up (JIT)
  for (let r = 0; r < reps; r++) {
    ours.push(seconds(() => { model = new LogisticRegression().fit(XA, yA); }));
  }
  const sk = runPython<{ times: number[]; coef: number[]; intercept: number; n_iter: number;
    accuracy: number; warnings: string[]; blas: unknown }>("logistic/sklearn_logistic.py", [file, n, p, reps]);
  fs.unlinkSync(file);
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
    ...machine(),
  };
  const md = `| LogisticRegression.fit ${n}×${p} (lbfgs) | typelearn ${result.typelearnSeconds.toFixed(3)} s ` +
    `(${result.typelearnNIter} it) | scikit-learn ${result.sklearnSeconds.toFixed(3)} s (${sk.n_iter} it) | ` +
    `ratio ${result.ratio.toFixed(2)} | accuracy ${accuracy.toFixed(4)} vs ${sk.accuracy.toFixed(4)} | ` +
    `max rel Δparams ${result.maxRelParamDiff.toExponential(2)} | ${result.date.slice(0, 10)} |\n`;
  writeResults("logistic", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
