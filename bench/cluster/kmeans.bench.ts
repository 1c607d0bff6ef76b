/**
 * Benchmark: KMeans (k = 8, nInit 1, maxIter 100, randomState 0) on 100 000 × 20 against scikit-learn on the same
 * data, two data sets: twelve Gaussian groups with noise 2 ("easy", 14 Lloyd iterations) and with noise 4
 * ("overlapping", 42 iterations). Both seed with the same k-means++ centres, so they run the same iterations and
 * reach the same inertia. typelearn runs on two threads (its default: the helper thread of lib/cluster/kmeans_threads.ts)
 * and on one; scikit-learn with its default OpenMP threads and with one. Repetitions alternate between typelearn and
 * scikit-learn (one Python call per repetition) so that both meet the same load on a shared machine; ratios are of
 * medians.
 *
 * Run after building: node dist/bench/cluster/kmeans.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/cluster.json and bench/results/cluster.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import { NDArray } from "../../lib/array/ndarray";
import { KMeans } from "../../lib/cluster";
import { setKMeansThreads, waitKMeansHelper } from "../../lib/cluster/kmeans_threads";
import { RandomState } from "../../lib/random";
import { machine, median, runPython, seconds, writeResults, writeTempData } from "../common";

interface SkRun { times: number[]; times_1thread: number[]; inertia: number; n_iter: number; centers: number[] }

function dataset(n: number, p: number, noiseScale: number): Float64Array {
  // Twelve Gaussian groups (more than k, so Lloyd needs several iterations; more with more noise).
  const rs = new RandomState(0);
  const centres = (rs.normal(0, 3, [12, p]) as NDArray).data;
  const noise = (rs.standardNormal([n, p]) as NDArray).data;
  const group = (rs.randint(0, 12, n) as NDArray).data;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * p + j] = centres[group[i] * p + j] + noiseScale * noise[i * p + j];
  }
  return X;
}

function main(): void {
  const n = Number(process.argv[2] ?? 100000), p = Number(process.argv[3] ?? 20), reps = Number(process.argv[4] ?? 5);
  const k = 8, maxIter = 100;
  const sets = [{ name: "easy (noise 2)", noise: 2 }, { name: "overlapping (noise 4)", noise: 4 }];
  const data = sets.map((s) => new NDArray(dataset(n, p, s.noise), [n, p]));
  const files = data.map((X, i) => writeTempData(`kmeans${i}`, X.data as Float64Array));
  const loadBefore = os.loadavg();
  const helper = waitKMeansHelper(10000);
  const make = () => new KMeans({ nClusters: k, nInit: 1, maxIter, randomState: 0 });
  const models = data.map((X) => make().fit(X)); // warm-up (JIT, helper attached)
  const ours = sets.map(() => ({ two: [] as number[], one: [] as number[] }));
  const sk = sets.map(() => ({ times: [] as number[], times1: [] as number[], run: null as SkRun | null }));
  let threads: unknown = null;
  for (let r = 0; r < reps; r++) {
    data.forEach((X, i) => {
      setKMeansThreads(2);
      ours[i].two.push(seconds(() => { models[i] = make().fit(X); }));
      setKMeansThreads(1);
      ours[i].one.push(seconds(() => { make().fit(X); }));
      setKMeansThreads(2);
    });
    const py = runPython<{ runs: SkRun[]; threads: unknown }>("cluster/sklearn_kmeans.py", [n, p, k, maxIter, 1, ...files]);
    threads = py.threads;
    py.runs.forEach((run, i) => { sk[i].times.push(...run.times); sk[i].times1.push(...run.times_1thread); sk[i].run = run; });
  }
  files.forEach((f) => fs.unlinkSync(f));
  const loadAfter = os.loadavg();
  const rows = sets.map((s, i) => {
    const m = models[i], run = sk[i].run!;
    let maxCentreDiff = 0;
    for (let c = 0; c < run.centers.length; c++) {
      maxCentreDiff = Math.max(maxCentreDiff, Math.abs(m.clusterCenters_.data[c] - run.centers[c]));
    }
    const t2 = median(ours[i].two), t1 = median(ours[i].one), s2 = median(sk[i].times), s1 = median(sk[i].times1);
    return {
      data: s.name, typelearnSeconds: t2, typelearnSeconds1Thread: t1, sklearnSeconds: s2, sklearnSeconds1Thread: s1,
      ratio: t2 / s2, ratio1Thread: t1 / s1, perIterationMs: { typelearn: (1000 * t2) / m.nIter_, sklearn: (1000 * s2) / run.n_iter },
      typelearnInertia: m.inertia_, sklearnInertia: run.inertia, typelearnNIter: m.nIter_, sklearnNIter: run.n_iter,
      maxAbsCentreDiff: maxCentreDiff, typelearnTimes: ours[i].two, typelearnTimes1Thread: ours[i].one,
      sklearnTimes: sk[i].times, sklearnTimes1Thread: sk[i].times1,
    };
  });
  const result = {
    benchmark: "KMeans.fit (k=8, nInit=1, maxIter=100)", nSamples: n, nFeatures: p, repeats: reps, helperThread: helper,
    rows, sklearnThreads: threads, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, ...machine(),
  };
  const f3 = (x: number) => x.toFixed(3);
  const md = [
    `| KMeans.fit ${n}×${p}, k=8, nInit 1, maxIter 100 (${result.date.slice(0, 10)}) | typelearn 2 threads (1 thread) | scikit-learn default threads (1 thread) | ratio (1 thread vs 1 thread) | inertia | nIter | target |`,
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.data} | ${f3(r.typelearnSeconds)} s (${f3(r.typelearnSeconds1Thread)} s) | ` +
      `${f3(r.sklearnSeconds)} s (${f3(r.sklearnSeconds1Thread)} s) | ${r.ratio.toFixed(2)} (${r.ratio1Thread.toFixed(2)}) | ` +
      `${r.typelearnInertia.toPrecision(12)} vs ${r.sklearnInertia.toPrecision(12)} | ${r.typelearnNIter} vs ${r.sklearnNIter} | ≤ 1.0 |`),
    "",
    `Medians of ${reps} fits each, typelearn and scikit-learn alternating. Load average (1, 5, 15 min) ` +
      `${loadBefore.map((x) => x.toFixed(1)).join(" ")} before, ${loadAfter.map((x) => x.toFixed(1)).join(" ")} after, on ${result.cpus} cores.`,
    "",
  ].join("\n");
  writeResults("cluster", result, md);
  console.log(md);
}

main();
