/**
 * Benchmark: logging into MLflow's file store — runs with params and a metric history — against Python writing
 * the same files the way MLflow's FileStore does (bench/track/py_filestore_writes.py; MLflow is not installable
 * here). typelearn's writes are atomic (temp file + rename, fsync) where FileStore's are plain writes, so this
 * measures the price of that safety too.
 *
 * Run after building: node dist/bench/track/track.bench.js [runs] [params] [metricValues] [repeats]
 * Writes bench/results/track.json and bench/results/track.md. Not a test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mlflow } from "../../lib";
import { machine, median, runPython, writeResults } from "../common";

async function workload(root: string, runs: number, params: number, values: number): Promise<void> {
  mlflow.setTrackingUri(root);
  await mlflow.setExperiment("bench");
  for (let r = 0; r < runs; r++) {
    const run = await mlflow.startRun({ runName: `run-${r}` });
    for (let p = 0; p < params; p++) await mlflow.logParam(`p${p}`, p * 0.5);
    for (let s = 0; s < values; s++) await mlflow.logMetric("loss", 1 / (s + 1), { step: s });
    await run.end();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20), params = Number(process.argv[3] ?? 10);
  const values = Number(process.argv[4] ?? 200), reps = Number(process.argv[5] ?? 5);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-track-"));
  await workload(path.join(base, "warm"), 2, 2, 10); // warm-up (JIT, module loading)
  const ours: number[] = [];
  for (let i = 0; i < reps; i++) {
    const root = path.join(base, `ts-${i}`);
    const t = process.hrtime.bigint();
    await workload(root, runs, params, values);
    ours.push(Number(process.hrtime.bigint() - t) / 1e9);
    fs.rmSync(root, { recursive: true, force: true });
  }
  const py = runPython<{ times: number[] }>("track/py_filestore_writes.py", [base, runs, params, values, reps]);
  fs.rmSync(base, { recursive: true, force: true });
  const writes = runs * (params + values + 4);
  const result = {
    benchmark: "mlflow file store logging", runs, paramsPerRun: params, metricValuesPerRun: values, repeats: reps,
    typelearnSeconds: median(ours), pythonFileStoreSeconds: median(py.times), ratio: median(ours) / median(py.times),
    typelearnWritesPerSecond: writes / median(ours), pythonWritesPerSecond: writes / median(py.times),
    typelearnTimes: ours, pythonTimes: py.times, ...machine(),
  };
  const md = `| file-store logging: ${runs} runs × (${params} params + ${values} metric values) | typelearn ` +
    `${result.typelearnSeconds.toFixed(3)} s (${result.typelearnWritesPerSecond.toFixed(0)} writes/s) | Python, FileStore's way ` +
    `${result.pythonFileStoreSeconds.toFixed(3)} s (${result.pythonWritesPerSecond.toFixed(0)} writes/s) | ratio ${result.ratio.toFixed(2)} | ` +
    `${result.date.slice(0, 10)} |\n`;
  writeResults("track", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
