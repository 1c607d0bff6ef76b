/**
 * Benchmark: the cost of first touching `pl` and `dfd`. Times fresh Node processes that require the library, then
 * touch `pl`, `dfd` or both and build (and print) a small frame with each; the Python peer is a fresh interpreter
 * importing scikit-learn. The cases run interleaved (one of each per repeat) so all see the same machine load; the
 * first-touch cost is a case's median minus the plain require's.
 *
 * Run after building: node dist/bench/frame/startup.bench.js [repeats]
 * Writes bench/results/frame_startup.json and .md. Not a test.
 */
import { execFileSync } from "child_process";
import * as os from "os";
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
  const usePl = "String(l.pl.DataFrame({ a: [1, 2, 3] }));";
  const useDfd = "new l.dfd.DataFrame({ a: [1, 2, 3] }).toString();";
  const cases: Record<string, [string, string[]]> = {
    nodeBare: [process.execPath, ["-e", "0"]],
    typelearnImport: [process.execPath, ["-e", `require(${lib})`]],
    typelearnWithPl: [process.execPath, ["-e", `const l = require(${lib}); ${usePl}`]],
    typelearnWithDfd: [process.execPath, ["-e", `const l = require(${lib}); ${useDfd}`]],
    typelearnWithFrames: [process.execPath, ["-e", `const l = require(${lib}); ${usePl} ${useDfd}`]],
    pythonSklearn: ["/usr/bin/python3", ["-c", "import sklearn.ensemble, sklearn.model_selection, sklearn.metrics"]],
  };
  for (const [cmd, args] of Object.values(cases)) timeProcess(cmd, args); // warm the file cache
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const load: number[] = [];
  for (let r = 0; r < reps; r++) {
    load.push(os.loadavg()[0]);
    for (const [name, [cmd, args]] of Object.entries(cases)) times[name].push(timeProcess(cmd, args));
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const firstTouch = { pl: m.typelearnWithPl - m.typelearnImport, dfd: m.typelearnWithDfd - m.typelearnImport,
    both: m.typelearnWithFrames - m.typelearnImport };
  const result = { benchmark: "first touch of pl and dfd", repeats: reps, medianSeconds: m, firstTouchSeconds: firstTouch,
    loadAverage1min: load, times, ...machine() };
  const s = (x: number) => `${x.toFixed(3)} s`;
  const md = [
    "# First touch of `pl` and `dfd`", "",
    `Fresh processes, ${reps} interleaved repeats, medians (${result.date}, ${result.cpus} cores, Node ${process.version}; ` +
      `1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}). Touching means requiring the ` +
      "library, then building and printing a 3-row frame; first touch = that minus the plain require.", "",
    "| node | require typelearn | + pl | + dfd | + both | first touch pl | first touch dfd | Python importing scikit-learn |",
    "|---|---|---|---|---|---|---|---|",
    `| ${s(m.nodeBare)} | ${s(m.typelearnImport)} | ${s(m.typelearnWithPl)} | ${s(m.typelearnWithDfd)} | ${s(m.typelearnWithFrames)} | ` +
      `${s(firstTouch.pl)} | ${s(firstTouch.dfd)} | ${s(m.pythonSklearn)} |`, "",
  ].join("\n");
  writeResults("frame_startup", result, md);
  process.stdout.write(md);
}

main();
