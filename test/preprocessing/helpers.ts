/**
 * Shared helpers of the preprocessing tests: the scikit-learn fixture (NaN encoded as "__nan__") and
 * tolerance-aware comparisons.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";

const root = path.join(__dirname, "../../..");

/** test/fixtures/preprocessing_fixtures.json with "__nan__" turned back into NaN. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fx: any = JSON.parse(fs.readFileSync(path.join(root, "test/fixtures/preprocessing_fixtures.json"), "utf8"),
  (_k, v) => (v === "__nan__" ? NaN : v));

/** Flatten nested number arrays (or an NDArray) to a plain array. */
export function flat(v: unknown): number[] {
  if (v instanceof NDArray) return Array.from(v.data);
  if (Array.isArray(v)) return (v as unknown[]).flatMap((x) => (Array.isArray(x) ? flat(x) : [x as number]));
  return [v as number];
}

/** Assert |a − e| ≤ rtol·max(|e|, atolScale) elementwise (NaN must match NaN); shapes via lengths. */
export function assertClose(actual: unknown, expected: unknown, rtol: number, what: string, floor = 1e-300): void {
  const a = flat(actual), e = flat(expected);
  assert.strictEqual(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) { assert.ok(Number.isNaN(a[i]), `${what}[${i}]: ${a[i]} vs NaN`); continue; }
    assert.ok(Math.abs(a[i] - e[i]) <= rtol * Math.max(Math.abs(e[i]), floor), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
  }
}

/** Build a 2-D float64 NDArray from rows. */
export function mat(rows: number[][]): NDArray {
  return new NDArray(Float64Array.from(rows.flat()), [rows.length, rows[0].length]);
}
