/**
 * Benchmark: PCA (10 components) on 50 000 × 100 against scikit-learn on the same data, both its default solver
 * ("auto" → randomized for this shape) and the exact "full" solver that typelearn always uses.
 *
 * Run after building: node dist/bench/decomposition/pca.bench.js [nSamples] [nFeatures] [repeats]
 * Writes bench/results/decomposition.json and bench/results/decomposition.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { PCA } from "../../lib/decomposition";
import { RandomState } from "../../lib/random";
import { machine, median, runPython, seconds, writeResults, writeTempData } from "../common";

function main(): void {
  const n = Number(process.argv[2] ?? 50000), p = Number(process.argv[3] ?? 100), reps = Number(process.argv[4] ?? 5);
  const k = 10;
  // Correlated features: 15 latent factors with decaying strength plus noise, offsets per column.
  const rs = new RandomState(0);
  const f = (rs.standardNormal([n, 15]) as NDArray).data;
  const load = (rs.standardNormal([15, p]) as NDArray).data;
  const noise = (rs.standardNormal([n, p]) as NDArray).data;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let q = 0; q < 15; q++) s += f[i * 15 + q] * load[q * p + j] / (q + 1);
      X[i * p + j] = s + 0.5 * noise[i * p + j] + (j % 7);
    }
  }
  const file = writeTempData("pca", X);

  const XA = new NDArray(X, [n, p]);
  let model = new PCA({ nComponents: k }).fit(XA); // warm-up (JIT)
  const ours: number[] = [];
  for (let r = 0; r < reps; r++) {
    ours.push(seconds(() => { model = new PCA({ nComponents: k }).fit(XA); }));
  }
  type Side = { times: number[]; explained_variance: number[]; components: number[]; solver_used: string };
  const sk = runPython<{ auto: Side; full: Side; threads: unknown }>("decomposition/sklearn_pca.py", [file, n, p, k, reps]);
  fs.unlinkSync(file);
  const ev = Array.from(model.explainedVariance_!.data);
  const relDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])));
  let compDiff = 0;
  for (let i = 0; i < sk.full.components.length; i++) {
    compDiff = Math.max(compDiff, Math.abs(model.components_!.data[i] - sk.full.components[i]));
  }
  const result = {
    benchmark: "PCA.fit (nComponents 10)", nSamples: n, nFeatures: p, repeats: reps,
    typelearnSeconds: median(ours), sklearnAutoSeconds: median(sk.auto.times), sklearnFullSeconds: median(sk.full.times),
    sklearnAutoSolver: sk.auto.solver_used,
    ratioVsAuto: median(ours) / median(sk.auto.times), ratioVsFull: median(ours) / median(sk.full.times),
    typelearnExplainedVariance: ev, sklearnFullExplainedVariance: sk.full.explained_variance,
    sklearnAutoExplainedVariance: sk.auto.explained_variance,
    maxRelDiffVsFull: relDiff(ev, sk.full.explained_variance), maxRelDiffVsAuto: relDiff(ev, sk.auto.explained_variance),
    maxAbsComponentDiffVsFull: compDiff,
    typelearnTimes: ours, sklearnAutoTimes: sk.auto.times, sklearnFullTimes: sk.full.times, sklearnThreads: sk.threads,
    ...machine(),
  };
  const md = `| PCA.fit ${n}×${p}, 10 components | typelearn ${result.typelearnSeconds.toFixed(3)} s | ` +
    `scikit-learn auto (${sk.auto.solver_used}) ${result.sklearnAutoSeconds.toFixed(3)} s, full ` +
    `${result.sklearnFullSeconds.toFixed(3)} s | ratio ${result.ratioVsAuto.toFixed(2)} vs auto, ` +
    `${result.ratioVsFull.toFixed(2)} vs full | explained variance[0..2] ${ev.slice(0, 3).map((v) => v.toPrecision(10)).join(", ")} vs ` +
    `${sk.full.explained_variance.slice(0, 3).map((v) => v.toPrecision(10)).join(", ")} (max rel diff ` +
    `${result.maxRelDiffVsFull.toExponential(1)}) | ${result.date.slice(0, 10)} |\n`;
  writeResults("decomposition", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
