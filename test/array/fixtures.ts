/** Loading the NumPy-generated fixtures of test/fixtures/array_*.json (see the .py generators beside them). */
import * as fs from "fs";
import * as path from "path";
import { NDArray, array, DType } from "../../lib/array";

/** An encoded array: shape and row-major values, non-finite values as "nan" / "inf" / "-inf". */
export interface Encoded { shape: number[]; data: (number | string)[] }

/** Read a fixture JSON file from test/fixtures (works from dist/test/array too). */
export function loadFixture<T>(name: string): T {
  const candidates = [path.join(__dirname, "../fixtures", name), path.join(__dirname, "../../../test/fixtures", name)];
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) throw new Error(`fixture ${name} not found`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Decode one value. */
export function num(v: number | string): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number);
}

/** Decode an encoded array into an NDArray. */
export function decode(e: Encoded, dtype: DType = "float64"): NDArray {
  return array(e.data.map(num), dtype).reshape(e.shape);
}

/** Assert `got` matches the encoded NumPy result to a relative tolerance (NaN matches NaN). */
export function assertClose(got: NDArray | number, want: Encoded, rtol = 1e-12, what = ""): void {
  const g = typeof got === "number" ? { shape: [] as number[], data: [got] } : { shape: [...got.shape], data: Array.from(got.data) };
  if (JSON.stringify(g.shape) !== JSON.stringify(want.shape)) {
    throw new Error(`${what}: shape ${JSON.stringify(g.shape)} != expected ${JSON.stringify(want.shape)}`);
  }
  want.data.forEach((w, i) => {
    const x = num(w);
    const y = g.data[i];
    const ok = Number.isNaN(x) ? Number.isNaN(y) : x === y || Math.abs(x - y) <= rtol * Math.max(1, Math.abs(x));
    if (!ok) throw new Error(`${what}: element ${i} is ${y}, NumPy gives ${x}`);
  });
}
