/**
 * Benchmark: dump / load of a RandomForestClassifier (100 trees) against joblib.dump / joblib.load of
 * scikit-learn's forest grown on the same data, on breast cancer (569 × 30, full-depth trees) and on a synthetic
 * 20 000 × 30 set (maxDepth 12). Rounds alternate: joblib times `repeats` dump/load pairs (one Python process per
 * round, the model loaded untimed first), then typelearn does; figures are medians over all rounds' timings, so
 * both sides see the same machine load. Our load includes every validation check and the trial prediction; our
 * default dump flushes the file to disk (fsync) before renaming it into place, which joblib does not do: dump
 * with `{ fsync: false }` (joblib's durability, still an atomic rename) is timed beside it, interleaved.
 *
 * Run after building: node dist/bench/persist/persist.bench.js [repeats] [rounds]
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

interface Timings { dumps: number[]; loads: number[]; noSyncDumps: number[]; bytes: number }

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

function timeOurs(model: RandomForestClassifier, file: string, reps: number, out: Timings): RandomForestClassifier {
  let back!: RandomForestClassifier;
  for (let r = 0; r < reps; r++) {
    // alternate which dump goes first, so neither always follows a load
    const pair = [() => out.dumps.push(seconds(() => dump(model, file))),
      () => out.noSyncDumps.push(seconds(() => dump(model, file, { fsync: false })))];
    if (r % 2) pair.reverse();
    pair[0]();
    out.loads.push(seconds(() => { back = load<RandomForestClassifier>(file); }));
    pair[1]();
  }
  out.bytes = fs.statSync(file).size;
  return back;
}

function main(): void {
  const reps = Number(process.argv[2] ?? 5), rounds = Number(process.argv[3] ?? 4);
  const bc = loadBreastCancer();
  const sets: { name: string; X: Float64Array; y: Float64Array; n: number; p: number; maxDepth: number | null }[] = [
    { name: "breast cancer 569×30, full depth", X: (bc.data as NDArray).data as Float64Array, y: Float64Array.from((bc.target as NDArray).data), n: 569, p: 30, maxDepth: null },
    { name: "synthetic 20000×30, maxDepth 12", ...synthetic(20000, 30), n: 20000, p: 30, maxDepth: 12 },
  ];
  const rows = [];
  const tmp = (ext: string) => path.join(os.tmpdir(), `typelearn-persist-bench-${process.pid}.${ext}`);
  for (const s of sets) {
    const data = writeTempData("persist", s.X, s.y);
    const pyModel = tmp("joblib-model");
    const pyFit = runPython<{ nodes: number; roundtripIdentical: boolean }>("persist/sklearn_persist.py",
      ["fit", data, s.n, s.p, s.maxDepth ?? "none", pyModel]);
    fs.unlinkSync(data);
    const Xa = new NDArray(s.X, [s.n, s.p]);
    const model = new RandomForestClassifier({ nEstimators: 100, maxDepth: s.maxDepth, randomState: 0 }).fit(Xa, new NDArray(s.y, [s.n]));
    const file = tmp("tl");
    dump(model, file); load(file); // warm-up
    const ours: Timings = { dumps: [], loads: [], noSyncDumps: [], bytes: 0 };
    const py: Timings = { dumps: [], loads: [], noSyncDumps: [], bytes: 0 };
    const loadAvg: number[] = [];
    let back!: RandomForestClassifier;
    for (let r = 0; r < rounds; r++) {
      loadAvg.push(os.loadavg()[0]);
      const t = runPython<{ dumps: number[]; loads: number[]; bytes: number }>("persist/sklearn_persist.py", ["time", pyModel, reps]);
      py.dumps.push(...t.dumps); py.loads.push(...t.loads); py.bytes = t.bytes;
      back = timeOurs(model, file, reps, ours);
    }
    fs.unlinkSync(file);
    fs.unlinkSync(pyModel);
    const a = (model.predictProba(Xa) as NDArray).data, b = (back.predictProba(Xa) as NDArray).data;
    const nodes = (model.estimators_ ?? []).reduce((acc, t) => acc + (t.tree_?.nodeCount ?? 0), 0);
    const ts = { dump: median(ours.dumps), dumpNoFsync: median(ours.noSyncDumps), load: median(ours.loads), bytes: ours.bytes, nodes,
      roundtripIdentical: a.every((v, i) => Object.is(v, b[i])), dumps: ours.dumps, noFsyncDumps: ours.noSyncDumps, loads: ours.loads };
    const jb = { dump: median(py.dumps), load: median(py.loads), bytes: py.bytes, nodes: pyFit.nodes,
      roundtripIdentical: pyFit.roundtripIdentical, dumps: py.dumps, loads: py.loads };
    rows.push({ data: s.name, typelearn: ts, joblib: jb, loadAverage1min: loadAvg,
      dumpSpeedup: jb.dump / ts.dump, dumpSpeedupWithoutFsync: jb.dump / ts.dumpNoFsync, loadSpeedup: jb.load / ts.load,
      sizeRatio: ts.bytes / jb.bytes });
  }
  const result = { benchmark: "persist: RandomForestClassifier(100 trees) dump/load vs joblib", repeats: reps, rounds, rows, ...machine() };
  const ms = (s: number) => (s * 1000).toFixed(1);
  const md = [
    "# Model files: typelearn dump/load vs joblib (RandomForestClassifier, 100 trees)", "",
    `${rounds} alternating rounds of ${reps} dump/load pairs each (joblib, then typelearn), median over all timings, same data ` +
      `(${machine().date}, ${machine().cpus} cores, Node ${process.version}; 1-minute load average at each round's start in the last column). ` +
      "typelearn's load includes all validation and the trial prediction; its default dump flushes the file to disk " +
      "(fsync) before the atomic rename, which joblib does not do; `dump(m, f, { fsync: false })` skips the flush " +
      "(still atomic) and is timed interleaved with it.", "",
    "| data | nodes (ours / sklearn) | dump ms (ours / joblib) | dump ms with { fsync: false } | load ms (ours / joblib) | file KiB (ours / joblib) | dump × | dump × with { fsync: false } | load × | round trip identical | load average |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.data} | ${r.typelearn.nodes} / ${r.joblib.nodes} | ${ms(r.typelearn.dump)} / ${ms(r.joblib.dump)} | ` +
      `${ms(r.typelearn.dumpNoFsync)} | ${ms(r.typelearn.load)} / ${ms(r.joblib.load)} | ${(r.typelearn.bytes / 1024).toFixed(0)} / ${(r.joblib.bytes / 1024).toFixed(0)} | ` +
      `${r.dumpSpeedup.toFixed(2)} | ${r.dumpSpeedupWithoutFsync.toFixed(2)} | ${r.loadSpeedup.toFixed(2)} | ` +
      `${r.typelearn.roundtripIdentical} / ${r.joblib.roundtripIdentical} | ${r.loadAverage1min.map((l) => l.toFixed(1)).join(", ")} |`),
    "", "× = joblib time / typelearn time (above 1: typelearn faster).", "",
  ].join("\n");
  writeResults("persist", result, md);
  process.stdout.write(md);
}

main();
