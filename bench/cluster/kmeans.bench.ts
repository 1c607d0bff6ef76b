/**
 * Benchmark: KMeans (k = 8, nInit 1, maxIter 100, randomState 0) on 100 000 × 20 against scikit-learn on the same
 * data. Both seed with the same k-means++ centres, so they run the same iterations and reach the same inertia.
 *
 * Run after building: node dist/bench/cluster/kmeans.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/cluster.json and bench/results/cluster.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { KMeans } from "../../lib/cluster";
import { RandomState } from "../../lib/random";
import { machine, median, runPython, seconds, writeResults, writeTempData } from "../common";

function main(): void {
  const n = Number(process.argv[2] ?? 100000), p = Number(process.argv[3] ?? 20), reps = Number(process.argv[4] ?? 5);
  const k = 8, maxIter = 100;
  // Twelve overlapping Gaussian groups (more than k, so Lloyd needs many iterations).
  const rs = new RandomState(0);
  const centres = (rs.normal(0, 3, [12, p]) as NDArray).data;
  const noise = (rs.standardNormal([n, p]) as NDArray).data;
  const group = (rs.randint(0, 12, n) as NDArray).data;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X[i * p + j] = centres[group[i] * p + j] + 2 * noise[i * p + j];
  const file = writeTempData("kmeans", X);

  const XA = new NDArray(X, [n, p]);
  const make = () => new KMeans({ nClusters: k, nInit: 1, maxIter, randomState: 0 });
  let model = make().fit(XA); // warm-up (JIT)
  const ours: number[] = [];
  for (let r = 0; r < reps; r++) {
    ours.push(seconds(() => { model = make().fit(XA); }));
  }
  const sk = runPython<{ times: number[]; times_1thread: number[]; inertia: number; n_iter: number;
    centers: number[]; threads: unknown }>("cluster/sklearn_kmeans.py", [file, n, p, k, maxIter, reps]);
  fs.unlinkSync(file);
  let maxCentreDiff = 0;
  for (let i = 0; i < sk.centers.length; i++) {
    maxCentreDiff = Math.max(maxCentreDiff, Math.abs(model.clusterCenters_!.data[i] - sk.centers[i]));
  }
  const result = {
    benchmark: "KMeans.fit (k=8, nInit=1, maxIter=100)", nSamples: n, nFeatures: p, repeats: reps,
    typelearnSeconds: median(ours), sklearnSeconds: median(sk.times), sklearnSeconds1Thread: median(sk.times_1thread),
    ratio: median(ours) / median(sk.times), ratio1Thread: median(ours) / median(sk.times_1thread),
    typelearnInertia: model.inertia_, sklearnInertia: sk.inertia,
    typelearnNIter: model.nIter_, sklearnNIter: sk.n_iter, maxAbsCentreDiff: maxCentreDiff,
    typelearnTimes: ours, sklearnTimes: sk.times, sklearnTimes1Thread: sk.times_1thread, sklearnThreads: sk.threads,
    ...machine(),
  };
  const md = `| KMeans.fit ${n}×${p}, k=8, nInit 1, maxIter 100 | typelearn ${result.typelearnSeconds.toFixed(3)} s | ` +
    `scikit-learn ${result.sklearnSeconds.toFixed(3)} s (1 thread ${result.sklearnSeconds1Thread.toFixed(3)} s) | ` +
    `ratio ${result.ratio.toFixed(2)} (vs 1 thread ${result.ratio1Thread.toFixed(2)}) | inertia ${model.inertia_!.toPrecision(12)} vs ` +
    `${sk.inertia.toPrecision(12)} | nIter ${model.nIter_} vs ${sk.n_iter} | ${result.date.slice(0, 10)} |\n`;
  writeResults("cluster", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
