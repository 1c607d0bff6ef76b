/**
 * Benchmark: RandomForestClassifier (100 trees, maxDepth 10) on 20 000 × 30 against scikit-learn on the same data:
 * fit single-threaded (nJobs 1 vs n_jobs=1) and on all cores (−1), and the latency of a single-row predict.
 *
 * Run after building: node dist/bench/forest/forest.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/forest.json and bench/results/forest.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { NDArray } from "../../lib/array/ndarray";
import { RandomForestClassifier } from "../../lib/ensemble";
import { cpuCount } from "../../lib/parallel/jobs";
import { shutdownPool } from "../../lib/parallel/pool";
import { makeRng, median } from "../common";

const ROOT = path.join(__dirname, "..", "..", "..");

function makeData(n: number, p: number): { X: Float64Array; y: Float64Array } {
  const normal = makeRng(7).normal;
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * p + j] = normal() * (1 + (j % 4)) + (j % 3);
    const o = i * p;
    // a nonlinear rule over a few features, plus label noise
    const s = X[o] * X[o + 1] - 0.5 * X[o + 2] + Math.sin(X[o + 3]) * 2 + (X[o + 4] > 1 ? 1.5 : -0.5) + normal();
    y[i] = s > 0.5 ? 1 : 0;
  }
  return { X, y };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20000), p = Number(process.argv[3] ?? 30), reps = Number(process.argv[4] ?? 3);
  const { X, y } = makeData(n, p);
  const file = path.join(os.tmpdir(), `typelearn-forest-bench-${process.pid}.f64`);
  const both = new Float64Array(n * p + n);
  both.set(X); both.set(y, n * p);
  fs.writeFileSync(file, Buffer.from(both.buffer));
  const XA = new NDArray(X, [n, p]), yA = new NDArray(y, [n]);
  const opts = { nEstimators: 100, maxDepth: 10, randomState: 0 };

  const fitTimes = (nJobs: number): { times: number[]; model: RandomForestClassifier } => {
    const times: number[] = [];
    let model!: RandomForestClassifier;
    for (let r = 0; r < reps; r++) {
      const t0 = process.hrtime.bigint();
      model = new RandomForestClassifier({ ...opts, nJobs }).fit(XA, yA);
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return { times, model };
  };
  new RandomForestClassifier({ ...opts, nEstimators: 5 }).fit(XA, yA); // warm-up (JIT)
  const single = fitTimes(1);
  const multi = fitTimes(-1);
  const model = single.model;
  const proba = model.predictProba(XA.sliceRows(0, 1000));

  const rows = Array.from({ length: 200 }, (_, i) => [Array.from(X.subarray(i * p, i * p + p))]);
  for (let i = 0; i < 2000; i++) model.predict(rows[i % 200]);
  const lat: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) model.predict(rows[i % 200]);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e9 / 2000);
  }
  const tb = process.hrtime.bigint();
  model.predict(XA);
  const batchPredict = Number(process.hrtime.bigint() - tb) / 1e9;

  const py = JSON.parse(execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "forest", "sklearn_forest.py"),
    file, String(n), String(p), String(reps)], { encoding: "utf8", maxBuffer: 1 << 28 }));
  fs.unlinkSync(file);
  let maxDiff = 0;
  for (let i = 0; i < proba.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(proba.data[i] - py.proba[i]));

  const ours = { fit1: median(single.times), fitAll: median(multi.times), predict1: median(lat), batchPredict };
  const theirs = { fit1: median(py.fit1), fitAll: median(py.fitAll), predict1: median(py.predict1), batchPredict: py.batchPredict };
  const result = {
    date: new Date().toISOString(), node: process.version, cores: cpuCount(), nSamples: n, nFeatures: p, repeats: reps,
    options: opts, typelearn: { ...ours, fit1All: single.times, fitAllAll: multi.times },
    sklearn: { ...theirs, version: py.version },
    ratios: {
      fit1: ours.fit1 / theirs.fit1, fitAll: ours.fitAll / theirs.fitAll, predict1: ours.predict1 / theirs.predict1,
      batchPredict: ours.batchPredict / theirs.batchPredict,
    },
    maxAbsProbaDiffFirst1000: maxDiff,
  };
  const dir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "forest.json"), JSON.stringify(result, null, 1) + "\n");
  const ms = (s: number) => `${(s * 1e3).toFixed(1)} ms`;
  const us = (s: number) => `${(s * 1e6).toFixed(1)} µs`;
  const md = [
    `# RandomForestClassifier: ${n}×${p}, 100 trees, maxDepth 10 (${cpuCount()} cores, Node ${process.version}, scikit-learn ${py.version})`,
    "",
    "| measure | typelearn | scikit-learn | ratio |",
    "|---|---|---|---|",
    `| fit, 1 job | ${ms(ours.fit1)} | ${ms(theirs.fit1)} | ${result.ratios.fit1.toFixed(2)} |`,
    `| fit, all cores | ${ms(ours.fitAll)} | ${ms(theirs.fitAll)} | ${result.ratios.fitAll.toFixed(2)} |`,
    `| predict 1 row | ${us(ours.predict1)} | ${us(theirs.predict1)} | ${result.ratios.predict1.toFixed(4)} (1/${(1 / result.ratios.predict1).toFixed(0)}) |`,
    `| predict ${n} rows | ${ms(ours.batchPredict)} | ${ms(theirs.batchPredict)} | ${result.ratios.batchPredict.toFixed(2)} |`,
    "",
    `Same trees as scikit-learn (same seeds): max |Δ predict_proba| over 1000 rows = ${maxDiff.toExponential(2)}. ` +
    `Medians of ${reps} fits; predict latency: median of 5 × 2000 single-row calls (number[][] input).`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "forest.md"), md);
  console.log(md);
  await shutdownPool();
}

main().catch((e) => { console.error(e); process.exit(1); });
