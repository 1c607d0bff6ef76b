/**
 * What the LinearRegression and Ridge tests share: reading a fixture of test/fixtures, a closeness check
 * relative to the largest expected value, and flattening a fixture's number / vector / matrix.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "../../..");

/** Parse test/fixtures/<name> (JSON written by the Python fixture scripts next to it). */
export function readFixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(root, "test/fixtures", name), "utf8"));
}

/** Assert |actual − expected| ≤ rtol · max|expected| element by element, naming the first element that is off. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what} length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= rtol * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** A fixture value as a flat list: a number, a vector or a row-major matrix. */
export const flat = (v: number | number[] | number[][]): number[] => (typeof v === "number" ? [v] : (v as number[]).flat() as number[]);
