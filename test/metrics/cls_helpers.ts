/** Shared helpers of the classification / ranking / clustering metric tests. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";

/** Load a fixture JSON from test/fixtures. */
export function fixture(name: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures", name), "utf8"));
}

/** The breast cancer data set: features and 0/1 targets. */
export function breastCancer(): { X: number[][]; y: number[] } {
  const lines = fs.readFileSync(path.join(__dirname, "../../../lib/datasets/data/breast_cancer.csv"), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

function flat(v: unknown): number[] {
  if (v instanceof NDArray) return Array.from(v.data);
  if (typeof v === "number") return [v];
  if (v === "NaN") return [NaN];
  if (Array.isArray(v)) return v.flatMap(flat);
  throw new Error(`not numeric: ${JSON.stringify(v)}`);
}

/** Assert numbers / arrays agree within rtol (relative, with an absolute floor of rtol); NaN matches NaN. */
export function close(actual: unknown, expected: unknown, what: string, rtol = 1e-12): void {
  const a = flat(actual), e = flat(expected);
  assert.strictEqual(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) { assert.ok(Number.isNaN(a[i]), `${what}[${i}]: ${a[i]} vs NaN`); continue; }
    assert.ok(Math.abs(a[i] - e[i]) <= rtol * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
  }
}

/** Run fn while capturing process warnings emitted synchronously; returns their messages. */
export async function captureWarnings(fn: () => void): Promise<string[]> {
  const got: string[] = [];
  const on = (w: Error): void => { got.push(w.message); };
  process.on("warning", on);
  try {
    fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", on);
  }
  return got;
}
