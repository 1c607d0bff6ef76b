/**
 * Benchmark: what loading `pl` and `dfd` lazily saves at start-up. Times a fresh Node process that requires the
 * library, against one that also touches `pl` and `dfd` (the cost every notebook would pay if they were loaded
 * eagerly); the Python peer is a fresh interpreter importing scikit-learn.
 *
 * Run after building: node dist/bench/frame/startup.bench.js [repeats]
 * Writes bench/results/frame_startup.json and .md. Not a test.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { machine, median, ROOT, writeResults } from "../common";

function timeProcess(cmd: string, args: string[]): number {
  const t = process.hrtime.bigint();
  execFileSync(cmd, args, { stdio: "ignore" });
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function main(): void {
  const reps = Number(process.argv[2] ?? 7);
  const lib = JSON.stringify(path.join(ROOT, "dist", "lib", "index.js"));
  const cases: Record<string, [string, string[]]> = {
    nodeBare: [process.execPath, ["-e", "0"]],
    typelearnImport: [process.execPath, ["-e", `require(${lib})`]],
    typelearnWithFrames: [process.execPath, ["-e", `const l = require(${lib}); l.pl; l.dfd;`]],
    pythonSklearn: ["/usr/bin/python3", ["-c", "import sklearn.ensemble, sklearn.model_selection, sklearn.metrics"]],
  };
  const times: Record<string, number[]> = {};
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    timeProcess(cmd, args); // warm the file cache
    times[name] = Array.from({ length: reps }, () => timeProcess(cmd, args));
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const result = { benchmark: "start-up with lazy pl/dfd", repeats: reps, medianSeconds: m,
    savedByLazyFramesSeconds: m.typelearnWithFrames - m.typelearnImport, times, ...machine() };
  const md = `| start-up (fresh process, median of ${reps}) | node ${m.nodeBare.toFixed(3)} s | require typelearn ` +
    `${m.typelearnImport.toFixed(3)} s | + touching pl and dfd ${m.typelearnWithFrames.toFixed(3)} s | Python importing ` +
    `scikit-learn ${m.pythonSklearn.toFixed(3)} s | ${result.date.slice(0, 10)} |\n`;
  writeResults("frame_startup", result, md);
  console.log(JSON.stringify(result, null, 2));
}

main();
