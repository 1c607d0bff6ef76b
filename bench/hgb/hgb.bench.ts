/**
 * Benchmark: HistGradientBoostingClassifier, 100 iterations (early stopping off) on 100 000 × 30, against
 * scikit-learn with one OpenMP thread and with all cores, on the same data (np.random.RandomState(0).randn,
 * regenerated bit for bit by lib/random).
 *
 * Run after building: node dist/bench/hgb/hgb.bench.js [nSamples] [nFeatures] [repeats] [rounds]
 * After an untimed warm-up fit of each, each round times `repeats` fits of typelearn on all cores (the default:
 * binning, large nodes and predict shared with the histogram worker) and of typelearn on one thread (in alternating
 * order), then of scikit-learn with 1 thread and with all cores (so
 * the four see the same machine load); reported figures are medians over the rounds' medians, with the 1-minute
 * load average at each round's start, and the CPU seconds of the main thread and of the whole process per fit (on a
 * machine shared with other work, wall time mostly measures the others; CPU time does not).
 * Writes bench/results/hgb.json and bench/results/hgb.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { NDArray } from "../../lib/array/ndarray";
import { HistGradientBoostingClassifier } from "../../lib/ensemble/hist_gradient_boosting";
import { histogramThreadsNow, setHistogramThreads, workerWaitMs } from "../../lib/ensemble/hist_gradient_boosting/scan_pool";
import { RandomState } from "../../lib/random";
import { median } from "../common";

const ROOT = path.join(__dirname, "..", "..", "..");

function makeData(n: number, p: number): { X: NDArray; y: Int32Array } {
  const rs = new RandomState(0);
  const X = rs.randn(n, p) as NDArray;
  const noise = rs.randn(n) as NDArray;
  const x = X.data as Float64Array, y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    y[i] = x[o] + 0.5 * x[o + 1] ** 2 - x[o + 2] * x[o + 3] + 0.3 * x[o + 4] + 0.5 * noise.data[i] > 0.5 ? 1 : 0;
  }
  return { X, y };
}

function sklearn(n: number, p: number, reps: number, threads: string | null): Record<string, unknown> {
  const env = { ...process.env };
  if (threads) env.OMP_NUM_THREADS = threads; else delete env.OMP_NUM_THREADS;
  const out = execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", "hgb", "sklearn_hgb.py"), String(n), String(p), String(reps)],
    { env, encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** CPU seconds of this process's main thread so far (Linux; NaN elsewhere): on a loaded machine, where wall time
 * mostly measures the other processes, it approximates the fit's critical path. */
function mainThreadCpu(): number {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

type Run = Record<string, unknown> & { fit_s: number; predict_s: number; train_accuracy: number; decision_head: number[] };

function typelearn(X: NDArray, y: Int32Array, reps: number, threads: boolean): Run {
  setHistogramThreads(threads);
  const n = y.length, times: number[] = [], cpu: number[] = [], pcpu: number[] = [], waits: number[] = [];
  let model: HistGradientBoostingClassifier | null = null;
  for (let r = 0; r < reps; r++) {
    const m = new HistGradientBoostingClassifier({ maxIter: 100, earlyStopping: false, randomState: 0 });
    const c0 = mainThreadCpu(), p0 = process.cpuUsage(), w0 = workerWaitMs(), t0 = process.hrtime.bigint();
    m.fit(X, y);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpu.push(mainThreadCpu() - c0);
    const p = process.cpuUsage(p0);
    pcpu.push((p.user + p.system) / 1e6);
    waits.push(workerWaitMs() - w0);
    model = m;
  }
  const t0 = process.hrtime.bigint();
  const dec = model!.decisionFunction(X).data;
  const predictS = Number(process.hrtime.bigint() - t0) / 1e9;
  const pred = model!.predict(X) as NDArray;
  let hit = 0;
  for (let i = 0; i < n; i++) if (pred.data[i] === y[i]) hit++;
  return { fit_s: median(times), all_fit_s: times, fit_main_thread_cpu_s: median(cpu), fit_process_cpu_s: median(pcpu),
    fit_worker_wait_ms: median(waits), predict_s: predictS, train_accuracy: hit / n, decision_head: Array.from(dec.slice(0, 5)) };
}

function cpuOf(r: Run, key = "fit_main_thread_cpu_s"): string {
  const c = r[key] as number | undefined;
  return c === undefined || Number.isNaN(c) ? "–" : c.toFixed(2);
}

/** Median over rounds of each numeric field; the rest from the first round. */
function combine(runs: Run[]): Run {
  const med = (key: string) => {
    const v = runs.map((r) => r[key] as number | undefined).filter((c): c is number => c !== undefined);
    return v.length ? { [key]: median(v) } : {};
  };
  return { ...runs[0], fit_s: median(runs.map((r) => r.fit_s)), predict_s: median(runs.map((r) => r.predict_s)),
    ...med("fit_main_thread_cpu_s"), ...med("fit_process_cpu_s"), ...med("fit_worker_wait_ms"),
    round_fit_s: runs.map((r) => r.fit_s), all_fit_s: runs.flatMap((r) => r.all_fit_s as number[]) };
}

function main(): void {
  const n = Number(process.argv[2] ?? 100000), p = Number(process.argv[3] ?? 30), reps = Number(process.argv[4] ?? 3);
  const rounds = Number(process.argv[5] ?? 3);
  const { X, y } = makeData(n, p);
  const ours: Run[] = [], ours1: Run[] = [], one: Run[] = [], all: Run[] = [], load: number[] = [];
  const defaultPolicyUsesWorker = histogramThreadsNow();
  // warm-up (untimed): compile both paths and start the worker, so that the first timed fit is not the cold one
  const warm = Math.min(n, 20000), wx = new NDArray((X.data as Float64Array).slice(0, warm * p), [warm, p]);
  for (const threads of [true, false]) {
    setHistogramThreads(threads);
    new HistGradientBoostingClassifier({ maxIter: 10, earlyStopping: false, randomState: 0 }).fit(wx, y.slice(0, warm));
  }
  for (let r = 0; r < rounds; r++) {
    load.push(os.loadavg()[0]);
    // the default policy (the worker whenever there are two cores) and one thread, in alternating order
    if (r % 2 === 0) {
      ours.push(typelearn(X, y, reps, true));
      ours1.push(typelearn(X, y, reps, false));
    } else {
      ours1.push(typelearn(X, y, reps, false));
      ours.push(typelearn(X, y, reps, true));
    }
    one.push(sklearn(n, p, reps, "1") as Run);
    all.push(sklearn(n, p, reps, null) as Run);
    console.log(`round ${r + 1}: typelearn ${ours[r].fit_s.toFixed(2)} s (1 thread ${ours1[r].fit_s.toFixed(2)} s), ` +
      `sklearn 1 thread ${one[r].fit_s.toFixed(2)} s, all cores ${all[r].fit_s.toFixed(2)} s`);
  }
  const ts = combine(ours), ts1 = combine(ours1), sk1 = combine(one), skAll = combine(all);
  const sameAsOneThread = ts.decision_head.every((v, i) => Object.is(v, ts1.decision_head[i]));
  const predictS = ts.predict_s;
  const head = sk1.decision_head;
  const maxDiff = Math.max(...head.map((v, i) => Math.abs(v - ts.decision_head[i])));
  const result = {
    task: `HistGradientBoostingClassifier.fit, maxIter 100, earlyStopping off, ${n} × ${p}`,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
    rounds, repeats_per_round: reps, load_average_1min_per_round: load,
    typelearn: ts, typelearn_1_thread: ts1, sklearn_1_thread: sk1, sklearn_all_cores: skAll,
    typelearn_decisions_equal_1_thread: sameAsOneThread,
    default_policy_used_worker_at_start: defaultPolicyUsesWorker,
    ratio_1_thread_vs_sklearn_1_thread: ts1.fit_s / sk1.fit_s,
    ratio_vs_sklearn_1_thread: ts.fit_s / sk1.fit_s,
    ratio_vs_sklearn_all_cores: ts.fit_s / skAll.fit_s,
    ratio_process_cpu_vs_sklearn_all_cores: (ts.fit_process_cpu_s as number) / (skAll.fit_process_cpu_s as number),
    decision_head_max_abs_diff: maxDiff,
  };
  const dir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "hgb.json"), JSON.stringify(result, null, 1) + "\n");
  const md = [
    "# HistGradientBoostingClassifier benchmark", "",
    `${result.task}; ${rounds} rounds of ${reps} fits each (typelearn all cores, typelearn 1 thread, scikit-learn 1 thread, scikit-learn all cores), ` +
      `median of the rounds' medians; ${result.machine}; 1-minute load average at the rounds' starts: ${load.map((l) => l.toFixed(1)).join(", ")}.`, "",
    "| implementation | fit (s) | fit per round (s) | main-thread CPU per fit (s) | process CPU per fit (s) | predict (s) | train accuracy | typelearn (all cores) / this |",
    "|---|---|---|---|---|---|---|---|",
    `| typelearn, all cores (default) | ${ts.fit_s.toFixed(2)} | ${ours.map((r) => r.fit_s.toFixed(2)).join(", ")} | ${cpuOf(ts)} | ${cpuOf(ts, "fit_process_cpu_s")} | ${predictS.toFixed(3)} | ${ts.train_accuracy.toFixed(4)} | 1.00 |`,
    `| typelearn, 1 thread | ${ts1.fit_s.toFixed(2)} | ${ours1.map((r) => r.fit_s.toFixed(2)).join(", ")} | ${cpuOf(ts1)} | ${cpuOf(ts1, "fit_process_cpu_s")} | ${ts1.predict_s.toFixed(3)} | ${ts1.train_accuracy.toFixed(4)} | ${(ts.fit_s / ts1.fit_s).toFixed(2)} |`,
    `| scikit-learn 1.2, OMP_NUM_THREADS=1 | ${sk1.fit_s.toFixed(2)} | ${one.map((r) => r.fit_s.toFixed(2)).join(", ")} | ${cpuOf(sk1)} | ${cpuOf(sk1, "fit_process_cpu_s")} | ${sk1.predict_s.toFixed(3)} | ${sk1.train_accuracy.toFixed(4)} | ${result.ratio_vs_sklearn_1_thread.toFixed(2)} |`,
    `| scikit-learn 1.2, all cores | ${skAll.fit_s.toFixed(2)} | ${all.map((r) => r.fit_s.toFixed(2)).join(", ")} | ${cpuOf(skAll)} | ${cpuOf(skAll, "fit_process_cpu_s")} | ${skAll.predict_s.toFixed(3)} | ${skAll.train_accuracy.toFixed(4)} | ${result.ratio_vs_sklearn_all_cores.toFixed(2)} |`,
    "", `Largest difference of the first five decision values vs scikit-learn (1 thread): ${maxDiff.toExponential(2)}; ` +
      `typelearn's decision values on all cores equal its one-thread ones bit for bit: ${sameAsOneThread}. ` +
      `typelearn 1 thread / scikit-learn 1 thread: ${result.ratio_1_thread_vs_sklearn_1_thread.toFixed(2)}. ` +
      `The all-cores row is the default policy (the worker whenever there are two cores: ${defaultPolicyUsesWorker ? "on" : "off"} here): ` +
      `the fit's binning and each large node's histograms, subtraction and split search split by feature, predict by blocks of rows; ` +
      `the fit waited ${(ts.fit_worker_wait_ms as number).toFixed(0)} ms per fit for the worker's last items. ` +
      `Process CPU per fit, typelearn all cores / scikit-learn all cores: ${result.ratio_process_cpu_vs_sklearn_all_cores.toFixed(2)}. ` +
      `typelearn predict / scikit-learn all cores: ${(predictS / skAll.predict_s).toFixed(2)}.`, "",
    "Reading the figures: on a machine shared with other work the wall times mostly measure the other work; the CPU " +
      "columns do not. scikit-learn's OpenMP threads spin while waiting for each other, so on an oversubscribed machine " +
      "its all-cores fit burns many times its one-thread CPU and takes far longer than on one thread; on a quiet " +
      "machine a fit's wall time is about its main thread's CPU (the main thread never sleeps during a fit). Why the " +
      "shared fit once cost the main thread more CPU than a one-thread fit: zeroing each feature's histogram with " +
      "TypedArray.prototype.fill, which on a SharedArrayBuffer stores element by element with relaxed atomics (perf: " +
      "~0.25 s per fit in V8's TypedArray Fill); histograms are now zeroed in WebAssembly.", "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "hgb.md"), md);
  console.log(md);
}

main();
