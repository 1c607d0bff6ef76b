/**
 * Benchmark: dump / load of a RandomForestClassifier (100 trees) against joblib.dump / joblib.load of
 * scikit-learn's forest grown on the same data in the same run: time (median of repeats) and file size, on breast
 * cancer (569 × 30, full-depth trees) and on a synthetic 20 000 × 30 set (maxDepth 12). Our load includes every
 * validation check and the trial prediction.
 *
 * Run after building: node dist/bench/persist/persist.bench.js [repeats]
 * Writes bench/results/persist.json and .md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { RandomForestClassifier } from "../../lib/ensemble";
import { loadBreastCancer } from "../../lib/datasets";
import { dump, load } from "../../lib/persist";
import { machine, makeRng, median, runPython, seconds, writeResults, writeTempData } from "../common";

interface Side { dump: number; load: number; bytes: number; nodes: number; roundtripIdentical: boolean }

function synthetic(n: number, p: number): { X: Float64Array; y: Float64Array } {
  const normal = makeRng(11).normal;
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * p + j] = normal() * (1 + (j % 3));
    const o = i * p;
    y[i] = X[o] * X[o + 1] + Math.sin(X[o + 2]) - 0.3 * X[o + 3] + normal() > 0 ? 1 : 0;
  }
  return { X, y };
}

function ours(X: Float64Array, y: Float64Array, n: number, p: number, reps: number, maxDepth: number | null): Side {
  const model = new RandomForestClassifier({ nEstimators: 100, maxDepth, randomState: 0 }).fit(new NDArray(X, [n, p]), new NDArray(y, [n]));
  const file = path.join(os.tmpdir(), `typelearn-persist-bench-${process.pid}.tl`);
  dump(model, file); load(file); // warm-up
  const dumps: number[] = [], loads: number[] = [];
  let back!: RandomForestClassifier;
  for (let r = 0; r < reps; r++) {
    dumps.push(seconds(() => dump(model, file)));
    loads.push(seconds(() => { back = load<RandomForestClassifier>(file); }));
  }
  const bytes = fs.statSync(file).size;
  fs.unlinkSync(file);
  const Xa = new NDArray(X, [n, p]);
  const a = (model.predictProba(Xa) as NDArray).data, b = (back.predictProba(Xa) as NDArray).data;
  const nodes = (model.estimators_ ?? []).reduce((s, t) => s + (t.tree_?.nodeCount ?? 0), 0);
  return { dump: median(dumps), load: median(loads), bytes, nodes, roundtripIdentical: a.every((v, i) => Object.is(v, b[i])) };
}

function main(): void {
  const reps = Number(process.argv[2] ?? 7);
  const bc = loadBreastCancer();
  const sets: { name: string; X: Float64Array; y: Float64Array; n: number; p: number; maxDepth: number | null }[] = [
    { name: "breast cancer 569×30, full depth", X: (bc.data as NDArray).data as Float64Array, y: Float64Array.from((bc.target as NDArray).data), n: 569, p: 30, maxDepth: null },
    { name: "synthetic 20000×30, maxDepth 12", ...synthetic(20000, 30), n: 20000, p: 30, maxDepth: 12 },
  ];
  const rows = [];
  for (const s of sets) {
    const file = writeTempData("persist", s.X, s.y);
    const py = runPython<Side>("persist/sklearn_persist.py", [file, s.n, s.p, reps, s.maxDepth ?? "none"]);
    fs.unlinkSync(file);
    const ts = ours(s.X, s.y, s.n, s.p, reps, s.maxDepth);
    rows.push({ data: s.name, typelearn: ts, joblib: py,
      dumpSpeedup: py.dump / ts.dump, loadSpeedup: py.load / ts.load, sizeRatio: ts.bytes / py.bytes });
  }
  const result = { benchmark: "persist: RandomForestClassifier(100 trees) dump/load vs joblib", repeats: reps, rows, ...machine() };
  const ms = (s: number) => (s * 1000).toFixed(1);
  const md = [
    "# Model files: typelearn dump/load vs joblib (RandomForestClassifier, 100 trees)", "",
    `Median of ${reps} repeats, same data, same run (${machine().date}, ${machine().cpus} cores, Node ${process.version}). ` +
      "typelearn's load includes all validation and the trial prediction.", "",
    "| data | nodes (ours / sklearn) | dump ms (ours / joblib) | load ms (ours / joblib) | file KiB (ours / joblib) | dump × | load × | round trip identical |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.data} | ${r.typelearn.nodes} / ${r.joblib.nodes} | ${ms(r.typelearn.dump)} / ${ms(r.joblib.dump)} | ` +
      `${ms(r.typelearn.load)} / ${ms(r.joblib.load)} | ${(r.typelearn.bytes / 1024).toFixed(0)} / ${(r.joblib.bytes / 1024).toFixed(0)} | ` +
      `${r.dumpSpeedup.toFixed(2)} | ${r.loadSpeedup.toFixed(2)} | ${r.typelearn.roundtripIdentical} / ${r.joblib.roundtripIdentical} |`),
    "", "× = joblib time / typelearn time (above 1: typelearn faster).", "",
  ].join("\n");
  writeResults("persist", result, md);
  process.stdout.write(md);
}

main();
