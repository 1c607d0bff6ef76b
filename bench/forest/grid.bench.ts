/**
 * Benchmark: the guide's GridSearchCV (§8) — 108 RandomForestClassifier candidates × 5 folds = 540 fits on the
 * standardised breast-cancer training split, scoring "f1", nJobs −1 — against scikit-learn's in the same run.
 * Target: ≤ 0.25× scikit-learn's wall time (its cost is per-tree interpreter overhead and process start-up).
 *
 * Run after building: node dist/bench/forest/grid.bench.js
 * Writes bench/results/grid.json and bench/results/grid.md. Not a test.
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { loadBreastCancer } from "../../lib/datasets";
import { RandomForestClassifier } from "../../lib/ensemble";
import { StandardScaler } from "../../lib/preprocessing";
import { GridSearchCV, trainTestSplit } from "../../lib/selection";
import { shutdownPool } from "../../lib/parallel/pool";
import type { NDArray } from "../../lib/array/ndarray";

const ROOT = path.join(__dirname, "..", "..", "..");

function main(): void {
  const data = loadBreastCancer();
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit(data.data, data.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const scaler = new StandardScaler().fit(XTrain);
  const XTrainS = scaler.transform(XTrain), XTestS = scaler.transform(XTest);
  const grid = { nEstimators: [50, 100, 200], maxDepth: [5, 10, 20, null], minSamplesSplit: [2, 5, 10], minSamplesLeaf: [1, 2, 4] };
  const t0 = performance.now();
  const gs = new GridSearchCV(new RandomForestClassifier({ randomState: 42 }), grid, { cv: 5, scoring: "f1", nJobs: -1 }).fit(XTrainS, yTrain);
  const ours = (performance.now() - t0) / 1000;
  const oursTest = (gs.bestEstimator_ as RandomForestClassifier).score(XTestS, yTest);
  shutdownPool();
  const py = JSON.parse(execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "forest", "sklearn_grid.py")], { encoding: "utf8" }).trim());
  const result = {
    typelearn: { seconds: +ours.toFixed(2), bestScore: gs.bestScore_, bestParams: gs.bestParams_, testAccuracy: oursTest },
    sklearn: { seconds: +py.seconds.toFixed(2), bestScore: py.best_score, bestParams: py.best_params, testAccuracy: py.test_accuracy },
    ratio: +(ours / py.seconds).toFixed(3),
    target: "≤ 0.25",
    when: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench", "results", "grid.json"), JSON.stringify(result, null, 1) + "\n");
  const md = [
    "# The guide's GridSearchCV (540 random-forest fits, breast cancer, nJobs −1)", "",
    `${result.when}`, "",
    "| | wall time (s) | best CV F1 | test accuracy |", "|---|---:|---:|---:|",
    `| typelearn | ${result.typelearn.seconds} | ${gs.bestScore_!.toFixed(4)} | ${oursTest.toFixed(4)} |`,
    `| scikit-learn | ${result.sklearn.seconds} | ${py.best_score.toFixed(4)} | ${py.test_accuracy.toFixed(4)} |`, "",
    `Ratio ${result.ratio} (target ${result.target}).`, "",
  ].join("\n");
  fs.writeFileSync(path.join(ROOT, "bench", "results", "grid.md"), md);
  console.log(md);
}

main();
