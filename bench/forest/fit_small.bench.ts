/**
 * Benchmark + fingerprint of single-thread tree fitting on small data (breast cancer, diabetes, digits, …).
 *
 *   node dist/bench/forest/fit_small.bench.js [--runs N] [--what classifier|regressor|balanced]
 *       → wall and CPU time (median, min) of N fits (default 3) of a 200-tree forest, nJobs 1
 *   node dist/bench/forest/fit_small.bench.js --hash
 *       → a hash of every tree of ~20 configurations (ties, −0, weights, entropy, best-first, regression): run it
 *         before and after a speed-up, the hashes must not change
 *
 * Not a test.
 */
import { createHash } from "crypto";
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from "../../lib/datasets";
import { NDArray as ND } from "../../lib/array/ndarray";
import { RandomForestClassifier, RandomForestRegressor } from "../../lib/ensemble";
import { DecisionTreeClassifier, DecisionTreeRegressor } from "../../lib/tree";
import type { TreeArrays } from "../../lib/tree";
import { trainTestSplit } from "../../lib/selection";
import type { NDArray } from "../../lib/array/ndarray";

function treesOf(est: unknown): TreeArrays[] {
  const e = est as { trees?: () => TreeArrays[]; tree_?: TreeArrays };
  return e.tree_ ? [e.tree_] : e.trees!.call(est);
}

function hashTrees(h: ReturnType<typeof createHash>, trees: TreeArrays[]): void {
  for (const t of trees) {
    for (const a of [t.childrenLeft, t.childrenRight, t.feature, t.threshold, t.impurity, t.nNodeSamples,
      t.weightedNNodeSamples, t.value]) h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
}

function fingerprint(): void {
  const bc = loadBreastCancer();
  const [X, , y] = trainTestSplit(bc.data, bc.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const db = loadDiabetes();
  const n = (X.shape[0]);
  const w = Float64Array.from({ length: n }, (_, i) => 0.3 + ((i * 7919) % 13) / 7);
  const nd = db.data.shape[0];
  const wd = Float64Array.from({ length: nd }, (_, i) => 0.5 + ((i * 104729) % 11) / 3);
  const dg = loadDigits(), wine = loadWine(), iris = loadIris();
  const wi = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
  // Rounded, sign-flipped copy of breast cancer: many ties, and −0 next to +0.
  const Xr = new ND(Float64Array.from(X.data as Float64Array, (v, i) => (i % 2 ? -1 : 1) * Math.round(v / 10)), X.shape);
  const Xq = new ND(Float64Array.from(X.data as Float64Array, (v) => Math.round(v * 2) / 2), X.shape);
  const cases: [string, () => unknown][] = [
    ["rf digits", () => new RandomForestClassifier({ nEstimators: 10, randomState: 11 }).fit(dg.data, dg.target)],
    ["rf digits entropy", () => new RandomForestClassifier({ nEstimators: 5, criterion: "entropy", randomState: 12 }).fit(dg.data, dg.target)],
    ["rf wine", () => new RandomForestClassifier({ nEstimators: 20, randomState: 13 }).fit(wine.data, wine.target)],
    ["rf iris mwf", () => new RandomForestClassifier({ nEstimators: 20, randomState: 14, minWeightFractionLeaf: 0.05 }).fit(iris.data, iris.target)],
    ["rf int weights", () => new RandomForestClassifier({ nEstimators: 20, randomState: 15, minWeightFractionLeaf: 0.01 }).fit(X, y, wi)],
    ["rf ties", () => new RandomForestClassifier({ nEstimators: 20, randomState: 16 }).fit(Xr, y)],
    ["rf quantized", () => new RandomForestClassifier({ nEstimators: 20, randomState: 17, minSamplesLeaf: 3 }).fit(Xq, y)],
    ["dt digits", () => new DecisionTreeClassifier({ randomState: 18 }).fit(dg.data, dg.target)],
    ["dt quantized int w", () => new DecisionTreeClassifier({ randomState: 19, maxLeafNodes: 25 }).fit(Xq, y, wi)],
    ["rf gini", () => new RandomForestClassifier({ nEstimators: 30, randomState: 42 }).fit(X, y)],
    ["rf entropy", () => new RandomForestClassifier({ nEstimators: 20, criterion: "entropy", randomState: 1 }).fit(X, y)],
    ["rf balanced", () => new RandomForestClassifier({ nEstimators: 20, classWeight: "balanced", randomState: 2 }).fit(X, y)],
    ["rf balanced_subsample", () => new RandomForestClassifier({ nEstimators: 20, classWeight: "balanced_subsample", randomState: 3 }).fit(X, y)],
    ["rf weights", () => new RandomForestClassifier({ nEstimators: 20, randomState: 4, minSamplesLeaf: 2 }).fit(X, y, w)],
    ["rf leaves", () => new RandomForestClassifier({ nEstimators: 20, randomState: 5, maxLeafNodes: 12 }).fit(X, y)],
    ["rf nobootstrap", () => new RandomForestClassifier({ nEstimators: 10, randomState: 6, bootstrap: false, maxDepth: 6 }).fit(X, y)],
    ["rfr mse", () => new RandomForestRegressor({ nEstimators: 20, randomState: 7 }).fit(db.data, db.target)],
    ["rfr friedman", () => new RandomForestRegressor({ nEstimators: 10, criterion: "friedman_mse", randomState: 8, maxFeatures: "sqrt" }).fit(db.data, db.target)],
    ["rfr weights", () => new RandomForestRegressor({ nEstimators: 10, randomState: 9, maxLeafNodes: 30 }).fit(db.data, db.target, wd)],
    ["dt gini", () => new DecisionTreeClassifier({ randomState: 0 }).fit(X, y)],
    ["dt entropy w", () => new DecisionTreeClassifier({ randomState: 0, criterion: "entropy", maxFeatures: 7 }).fit(X, y, w)],
    ["dt reg", () => new DecisionTreeRegressor({ randomState: 0 }).fit(db.data, db.target)],
    ["dt reg leaves", () => new DecisionTreeRegressor({ randomState: 0, maxLeafNodes: 40, minSamplesLeaf: 3 }).fit(db.data, db.target, wd)],
  ];
  const all = createHash("sha256");
  for (const [name, f] of cases) {
    const h = createHash("sha256");
    hashTrees(h, treesOf(f()));
    const d = h.digest("hex").slice(0, 16);
    all.update(d);
    console.log(`${name.padEnd(24)} ${d}`);
  }
  console.log(`${"ALL".padEnd(24)} ${all.digest("hex").slice(0, 16)}`);
}

function timing(runs: number, what: string): void {
  const bc = loadBreastCancer();
  const [X, , y] = trainTestSplit(bc.data, bc.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const db = loadDiabetes();
  const fit = (nEstimators: number, randomState: number): unknown =>
    what === "regressor" ? new RandomForestRegressor({ nEstimators, randomState }).fit(db.data, db.target)
      : what === "balanced" ? new RandomForestClassifier({ nEstimators, randomState, classWeight: "balanced" }).fit(X, y)
        : new RandomForestClassifier({ nEstimators, randomState }).fit(X, y);
  const label = what === "regressor" ? "RandomForestRegressor on diabetes (442×10)"
    : what === "balanced" ? "balanced-class-weight forest on breast cancer (455×30)" : "forest on breast cancer (455×30)";
  fit(50, 0); // warm-up
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    fit(200, 42);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (a: number[]): number => [...a].sort((u, v) => u - v)[a.length >> 1];
  console.log(`200-tree ${label}, nJobs 1, ${runs} fits: wall median ${med(wall).toFixed(0)} ms ` +
    `(min ${Math.min(...wall).toFixed(0)}), CPU median ${med(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)})`);
}

const runsArg = process.argv.indexOf("--runs");
if (process.argv.includes("--hash")) fingerprint(); else {
  const whatArg = process.argv.indexOf("--what");
  timing(runsArg > 0 ? +process.argv[runsArg + 1] : 3, whatArg > 0 ? process.argv[whatArg + 1] : "classifier");
}
