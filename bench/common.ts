/**
 * What the benchmarks share: the seeded data generator, timing and medians, the temporary data file the Python
 * side reads, the Python call, and writing bench/results/<name>.json and .md. Benchmarks are never tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

/** The repository root (bench files run from dist/bench/<family>/). */
export const ROOT = path.join(__dirname, "..", "..");

/**
 * xorshift128 uniforms in [0, 1) plus Box–Muller normals: a small seeded generator for reproducible data.
 * The Python scripts never regenerate the data (they read the file written by {@link writeTempData}).
 * @param seed - any 32-bit integer (0 is taken as 1)
 * @returns uniform() and normal(), drawing from one shared stream
 * @example
 * const { normal } = makeRng(42);
 * const x = normal();
 */
export function makeRng(seed: number): { uniform: () => number; normal: () => number } {
  let x = seed >>> 0 || 1, y = 362436069, z = 521288629, w = 88675123;
  const u32 = () => {
    const t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return w;
  };
  const uniform = () => (u32() * 4294967296 + u32()) / 18446744073709551616;
  const normal = () => {
    let u = uniform();
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/**
 * The median of the timings (the upper one of the two middle values for an even count).
 * @param v - numbers, not modified
 * @returns the median
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Wall-clock seconds one call takes.
 * @param f - the work
 * @returns seconds
 * @example
 * times.push(seconds(() => { model = new PCA().fit(X); }));
 */
export function seconds(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Write float64 arrays one after the other to a temporary file for the Python side to read.
 * @param name - the benchmark's name, part of the file name
 * @param parts - the arrays, written in order (e.g. X then y)
 * @returns the file's path (delete it with fs.unlinkSync when done)
 * @example
 * const file = writeTempData("linear", X, y);
 */
export function writeTempData(name: string, ...parts: Float64Array[]): string {
  const file = path.join(os.tmpdir(), `typelearn-${name}-bench-${process.pid}.f64`);
  let total = 0;
  for (const a of parts) total += a.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const a of parts) { all.set(a, at); at += a.length; }
  fs.writeFileSync(file, Buffer.from(all.buffer));
  return file;
}

/**
 * Run a Python script of the benchmarks with /usr/bin/python3 and parse the JSON it prints.
 * @param script - its path below bench/, e.g. "linear/sklearn_linear.py"
 * @param args - its arguments
 * @param env - variables added to this process's environment for the call (e.g. glibc malloc tuning)
 * @returns the parsed output
 * @example
 * const sk = runPython<{ times: number[] }>("linear/sklearn_linear.py", [file, String(n)]);
 */
export function runPython<T>(script: string, args: (string | number)[], env?: Record<string, string>): T {
  const out = execFileSync("/usr/bin/python3", [path.join(ROOT, "bench", script), ...args.map(String)],
    { encoding: "utf8", maxBuffer: 1 << 26, env: env ? { ...process.env, ...env } : process.env });
  return JSON.parse(out) as T;
}

/**
 * Node version, date and core count, recorded with every result.
 * @returns { node, date, cpus }
 * @example
 * const result = { ...figures, ...machine() };
 */
export function machine(): { node: string; date: string; cpus: number } {
  return { node: process.version, date: new Date().toISOString(), cpus: os.cpus().length };
}

/**
 * Write bench/results/<name>.json (the result, pretty-printed) and bench/results/<name>.md (one table).
 * @param name - file name without extension
 * @param result - the figures
 * @param md - the Markdown text
 * @example
 * writeResults("linear", result, md);
 */
export function writeResults(name: string, result: unknown, md: string): void {
  const dir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, `${name}.md`), md);
}
