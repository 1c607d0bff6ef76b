/**
 * Benchmark: StandardScaler fit + transform on 1 000 000 × 10 against scikit-learn, on the same data.
 *
 * Run after building: node dist/bench/preprocessing/preprocessing.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/preprocessing.json and bench/results/preprocessing.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { StandardScaler } from "../../lib/preprocessing";
import { machine, makeRng, median, runPython, writeResults, writeTempData } from "../common";

function main(): void {
  const n = Number(process.argv[2] ?? 1000000), p = Number(process.argv[3] ?? 10), reps = Number(process.argv[4] ?? 7);
  const { normal } = makeRng(7);
  // Columns with different offsets and spreads (one with a large offset), as real features have.
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * p + j] = normal() * (1 + j) + (j === 3 ? 1e6 : 10 * j);
  }
  const file = writeTempData("preprocessing", X);

  const XA = new NDArray(X, [n, p]);
  new StandardScaler().fit(XA).transform(XA); // warm-up (JIT)
  const ours: number[] = [], oursFit: number[] = [];
  let scaler = new StandardScaler();
  let Z = XA;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    scaler = new StandardScaler().fit(XA);
    const t1 = process.hrtime.bigint();
    Z = scaler.transform(XA);
    const t2 = process.hrtime.bigint();
    ours.push(Number(t2 - t0) / 1e9);
    oursFit.push(Number(t1 - t0) / 1e9);
  }

  const sk = runPython<{ times: number[]; fitTimes: number[]; mean: number[]; scale: number[]; first: number[];
    last: number[] }>("preprocessing/sklearn_preprocessing.py", [file, n, p, reps]);
  fs.unlinkSync(file);
  let maxRel = 0;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  for (let j = 0; j < p; j++) {
    maxRel = Math.max(maxRel, rel(scaler.mean_!.data[j], sk.mean[j]), rel(scaler.scale_!.data[j], sk.scale[j]));
  }
  let maxOut = 0;
  for (let j = 0; j < p; j++) {
    maxOut = Math.max(maxOut, Math.abs(Z.data[j] - sk.first[j]), Math.abs(Z.data[(n - 1) * p + j] - sk.last[j]));
  }
  const result = {
    benchmark: "StandardScaler.fit + transform", nSamples: n, nFeatures: p, repeats: reps,
    typelearnSeconds: median(ours), sklearnSeconds: median(sk.times), ratio: median(ours) / median(sk.times),
    typelearnFitSeconds: median(oursFit), sklearnFitSeconds: median(sk.fitTimes),
    maxRelStatDiff: maxRel, maxAbsOutputDiff: maxOut,
    typelearnTimes: ours, sklearnTimes: sk.times,
    ...machine(),
  };
  const md = `| StandardScaler.fit+transform ${n}×${p} | typelearn ${result.typelearnSeconds.toFixed(3)} s ` +
    `(fit ${result.typelearnFitSeconds.toFixed(3)} s) | scikit-learn ${result.sklearnSeconds.toFixed(3)} s ` +
    `(fit ${result.sklearnFitSeconds.toFixed(3)} s) | ratio ${result.ratio.toFixed(2)} | ` +
    `max rel Δ(mean_, scale_) ${maxRel.toExponential(2)} | ${result.date.slice(0, 10)} |\n`;
  writeResults("preprocessing", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
