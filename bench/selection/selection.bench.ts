/**
 * Benchmark: crossValScore(StandardScaler + LogisticRegression, breast cancer, cv 5, nJobs −1) against
 * scikit-learn's cross_val_score(n_jobs=-1) — whole calls, interpreter start excluded — plus the pool's own
 * overhead (cold start, per-task round trip).
 *
 * Run after building: node dist/bench/selection/selection.bench.js [repeats = 30]
 * Writes bench/results/selection.json and bench/results/selection.md. Not a test.
 */
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer } from "../../lib/datasets";
import { LogisticRegression } from "../../lib/linear/logistic";
import { StandardScaler } from "../../lib/preprocessing/standard_scaler";
import { makePipeline } from "../../lib/pipeline";
import { crossValScore } from "../../lib/selection";
import { cpuCount, runTasks } from "../../lib/parallel";
import { median, runPython, seconds, writeResults } from "../common";

function main(): void {
  const reps = Number(process.argv[2] ?? 30);
  // pool overhead, on a fresh pool: cold start (spawn + load the library in each worker), then per-task cost
  const poolStart = seconds(() => runTasks("noop", Array.from({ length: cpuCount() }, () => 0), -1));
  const nNoop = 2000;
  const perTask = seconds(() => runTasks("noop", Array.from({ length: nNoop }, (_, i) => i), -1)) / nNoop;

  const bc = loadBreastCancer();
  const X = bc.data as NDArray, y = bc.target as NDArray;
  const make = () => makePipeline(new StandardScaler(), new LogisticRegression());
  let scores: NDArray | null = null;
  const warm: number[] = [], serial: number[] = [];
  // the pool is started here; the first call still runs un-optimized code in the workers
  const first = seconds(() => { scores = crossValScore(make(), X, y, { cv: 5, nJobs: -1 }); });
  // warm-up: let the JIT compile the fit loops in every worker and in this thread
  for (let r = 0; r < 10; r++) {
    crossValScore(make(), X, y, { cv: 5, nJobs: -1 });
    crossValScore(make(), X, y, { cv: 5, nJobs: 1 });
  }
  for (let r = 0; r < reps; r++) warm.push(seconds(() => { scores = crossValScore(make(), X, y, { cv: 5, nJobs: -1 }); }));
  for (let r = 0; r < reps; r++) serial.push(seconds(() => crossValScore(make(), X, y, { cv: 5, nJobs: 1 })));
  const ours = scores as unknown as NDArray;

  const py = runPython<{ scores: number[]; cold: number; warm: number[]; serial: number[] }>(
    "selection/sklearn_selection.py", [reps]);
  const maxDiff = Math.max(...Array.from(ours.data, (v, i) => Math.abs(v - py.scores[i])));
  const result = {
    task: "crossValScore(StandardScaler+LogisticRegression, breast cancer 569x30, cv=5, nJobs=-1)",
    cores: cpuCount(),
    typelearn: {
      poolColdStartS: poolStart, poolPerTaskS: perTask, firstCallS: first, coldTotalS: poolStart + first,
      warmMedianS: median(warm), serialMedianS: median(serial), scores: Array.from(ours.data),
    },
    sklearn: { coldS: py.cold, warmMedianS: median(py.warm), serialMedianS: median(py.serial), scores: py.scores },
    ratioWarm: median(warm) / median(py.warm),
    ratioCold: (poolStart + first) / py.cold,
    maxScoreDiff: maxDiff,
    date: new Date().toISOString().slice(0, 10),
  };
  const f = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  const md = [
    "| benchmark | typelearn | scikit-learn | ratio |",
    "|---|---|---|---|",
    `| crossValScore nJobs −1, warm (median of ${reps}) | ${f(result.typelearn.warmMedianS)} | ${f(result.sklearn.warmMedianS)} | ${result.ratioWarm.toFixed(2)} |`,
    `| crossValScore nJobs −1, first call incl. worker start | ${f(result.typelearn.coldTotalS)} | ${f(result.sklearn.coldS)} | ${result.ratioCold.toFixed(2)} |`,
    `| crossValScore nJobs 1 (median of ${reps}) | ${f(result.typelearn.serialMedianS)} | ${f(result.sklearn.serialMedianS)} | ${(result.typelearn.serialMedianS / result.sklearn.serialMedianS).toFixed(2)} |`,
    "",
    `Pool overhead (${result.cores} cores): cold start ${f(poolStart)}, per task ${(perTask * 1e6).toFixed(1)} µs. ` +
      `Max |Δscore| vs scikit-learn ${maxDiff.toExponential(2)}. ${result.date}.`,
    "",
  ].join("\n");
  writeResults("selection", result, md);
  process.stdout.write(md);
}

main();
