/**
 * Benchmark: dump / load against joblib.dump / joblib.load of scikit-learn's equal model on the same data.
 *
 * Headline (cold) rows: what a notebook user pays — ONE dump in a fresh process right after the fit, ONE load in a
 * fresh process after start-up. Each sample spawns a new node process and a new python process (cold.ts),
 * interleaved, the order flipping every round; each child times only its dump or load call (modules loaded and
 * model fitted before the clock starts, python importing the model's scikit-learn module before joblib.load as
 * node has typelearn loaded); the whole child process (start-up, imports, call) is timed too, for loads, as
 * context. Medians over `samples` rounds.
 * Secondary (warm) rows: dump and load repeated in one process (warm.ts).
 * Our load includes every validation check and the trial prediction; our default dump flushes the file to disk
 * (fsync) before the atomic rename, which joblib does not do: `{ fsync: false }` is timed too, in its own processes.
 *
 * Run after building: node dist/bench/persist/persist.bench.js [samples=7] [warmReps=5] [warmRounds=3] [rows]
 * (rows: comma-separated kinds to run, of forest, hgb, logistic; default all). Writes bench/results/persist.json and .md.
 * Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer } from "../../lib/datasets";
import { dump } from "../../lib/persist";
import { machine, makeRng, median, runPython, writeResults, writeTempData } from "../common";
import { ColdRuns, ColdSample, coldRuns } from "./cold";
import { ModelSpec, fitModel, modelSize, readData } from "./models";
import { WarmRuns, warmRuns } from "./warm";

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

const cancer = (): { X: Float64Array; y: Float64Array } => {
  const bc = loadBreastCancer();
  return { X: (bc.data as NDArray).data as Float64Array, y: Float64Array.from((bc.target as NDArray).data) };
};

/** The rows, largest model first (the target row). */
const ROWS: (ModelSpec & { data: () => { X: Float64Array; y: Float64Array } })[] = [
  { name: "RandomForestClassifier(100 trees), synthetic 20000×30, maxDepth 12", kind: "forest", n: 20000, p: 30, maxDepth: 12, data: () => synthetic(20000, 30) },
  { name: "RandomForestClassifier(100 trees), breast cancer 569×30, full depth", kind: "forest", n: 569, p: 30, maxDepth: null, data: cancer },
  { name: "HistGradientBoostingClassifier(100 iterations), breast cancer 569×30", kind: "hgb", n: 569, p: 30, maxDepth: null, data: cancer },
  { name: "LogisticRegression, breast cancer 569×30", kind: "logistic", n: 569, p: 30, maxDepth: null, data: cancer },
];

const med = (v: ColdSample[], k: "ms" | "minorPageFaults" | "bytes" | "processMs" = "ms") => median(v.map((s) => s[k]));

interface Row {
  spec: ModelSpec;
  size: { ours: string; sklearn: string };
  roundtripIdentical: { ours: boolean; joblib: boolean };
  cold: ColdRuns;
  warm: Omit<WarmRuns, "back">;
}

function runRow(spec: ModelSpec & { data: () => { X: Float64Array; y: Float64Array } }, samples: number, reps: number, rounds: number): Row {
  const d = spec.data();
  const data = writeTempData("persist", d.X, d.y);
  const tmp = (ext: string) => path.join(os.tmpdir(), `typelearn-persist-bench-${process.pid}.${ext}`);
  const joblibFile = tmp("joblib-model"), ourFile = tmp("tl");
  const { data: _, ...plain } = spec;
  try {
    const py = runPython<{ size: string; roundtripIdentical: boolean }>("persist/sklearn_persist.py", ["fit", JSON.stringify(plain), data, joblibFile]);
    const { X, y } = readData(data, spec.n, spec.p);
    const model = fitModel(plain, X, y);
    dump(model, ourFile);
    const cold = coldRuns(plain, data, ourFile, joblibFile, samples);
    const { back, ...warm } = warmRuns(model, ourFile, joblibFile, reps, rounds);
    const method = "predictProba" in model ? "predictProba" : "predict";
    const call = (m: unknown) => ((m as Record<string, (x: NDArray) => NDArray>)[method](X)).data;
    const a = call(model), b = call(back);
    return { spec: plain, size: { ours: modelSize(model), sklearn: py.size }, cold, warm,
      roundtripIdentical: { ours: a.length === b.length && a.every((v, i) => Object.is(v, b[i])), joblib: py.roundtripIdentical } };
  } finally {
    for (const f of [data, joblibFile, ourFile]) fs.rmSync(f, { force: true });
  }
}

function report(rows: Row[], samples: number, reps: number, rounds: number): string {
  const ms = (x: number) => x.toFixed(1);
  const x = (ref: number, ours: number) => (ref / ours).toFixed(2);
  const la = (v: number[]) => `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`;
  const m = machine();
  return [
    "# Model files: typelearn dump/load vs joblib", "",
    `${m.date}, ${m.cpus} cores, Node ${process.version}. × = joblib time / typelearn time (above 1: typelearn faster).`, "",
    "## What a notebook pays: the first dump and the first load in a fresh process (headline)", "",
    `Each of ${samples} rounds spawns fresh processes, alternating sides (the order flips every round): per side one ` +
      "that fits the model and dumps it once, and one that loads the file once. Inside each process only the dump or " +
      "load call is timed (typelearn's modules are loaded and the model fitted before the clock starts; the python " +
      "child imports the model's scikit-learn module before joblib.load, as unpickling would). Medians; page faults " +
      "are the child's minor faults during the call. Our default dump flushes the file to disk (fsync) before the " +
      "atomic rename, which joblib.dump does not do; `{ fsync: false }` (joblib's durability, still atomic) is timed " +
      "in its own processes, and joblib's side with the same flush (os.fsync of the file it wrote, timed right after the " +
      "dump in the same process) is compared with our default: equal work on both sides either way. Our load includes every validation check and the trial prediction. \"Whole process\" is " +
      "the load child from spawn to exit (interpreter start-up, imports, load), as context.", "",
    "| model | size (ours / sklearn) | first dump ms (ours / joblib) | dump × | first dump ms with { fsync: false } | × | both flushed to disk: ours / joblib.dump + fsync ms | × | first load ms (ours / joblib) | load × | whole load process ms (node / python) | page faults dump, load (ours / joblib) | file KiB (ours / joblib) | load average |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const c = r.cold;
      const jf = median(c.joblib.dump.map((d) => d.ms + (d.fsyncMs ?? NaN)));
      const od = med(c.ours.dump), on = med(c.ours.dumpNoFsync), ol = med(c.ours.load), jd = med(c.joblib.dump), jl = med(c.joblib.load);
      return `| ${r.spec.name} | ${r.size.ours} / ${r.size.sklearn} | ${ms(od)} / ${ms(jd)} | **${x(jd, od)}** | ${ms(on)} | ${x(jd, on)} | ${ms(od)} / ${ms(jf)} | ${x(jf, od)} | ` +
        `${ms(ol)} / ${ms(jl)} | **${x(jl, ol)}** | ${ms(med(c.ours.load, "processMs"))} / ${ms(med(c.joblib.load, "processMs"))} | ` +
        `${med(c.ours.dump, "minorPageFaults")}, ${med(c.ours.load, "minorPageFaults")} / ${med(c.joblib.dump, "minorPageFaults")}, ${med(c.joblib.load, "minorPageFaults")} | ` +
        `${(c.ours.dump[0].bytes / 1024).toFixed(0)} / ${(c.joblib.dump[0].bytes / 1024).toFixed(0)} | ${la(c.loadAverage)} |`;
    }),
    "", "## Repeated in one process (secondary)", "",
    `${rounds} alternating rounds of ${reps} dump/load pairs each (joblib in one python process, then typelearn in the ` +
      "bench's process, after a warm-up), medians over all timings: what a loop saving checkpoints pays, not a notebook's single dump.", "",
    "| model | dump ms (ours / joblib) | dump × | dump ms with { fsync: false } | × | load ms (ours / joblib) | load × | round trip identical (ours / joblib) | load average |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const w = r.warm, s = 1000;
      const od = median(w.ours.dumps) * s, on = median(w.ours.noFsyncDumps) * s, ol = median(w.ours.loads) * s;
      const jd = median(w.joblib.dumps) * s, jl = median(w.joblib.loads) * s;
      return `| ${r.spec.name} | ${ms(od)} / ${ms(jd)} | ${x(jd, od)} | ${ms(on)} | ${x(jd, on)} | ${ms(ol)} / ${ms(jl)} | ${x(jl, ol)} | ` +
        `${r.roundtripIdentical.ours} / ${r.roundtripIdentical.joblib} | ${la(w.loadAverage)} |`;
    }),
    "",
  ].join("\n");
}

function main(): void {
  const samples = Number(process.argv[2] ?? 7), reps = Number(process.argv[3] ?? 5), rounds = Number(process.argv[4] ?? 3);
  const kinds = process.argv[5]?.split(",");
  const rows = ROWS.filter((r) => !kinds || kinds.includes(r.kind)).map((r) => runRow(r, samples, reps, rounds));
  const md = report(rows, samples, reps, rounds);
  writeResults("persist", { benchmark: "persist: dump/load vs joblib, cold (fresh process) and warm", samples, warmReps: reps, warmRounds: rounds, rows, ...machine() }, md);
  process.stdout.write(md);
}

main();
