/** Loaders for the reference vectors used by the random and selection tests. */
import * as fs from "fs";
import * as path from "path";

/** Repository root, from dist/test/<dir>/ or test/<dir>/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../.." : "../..");

/** A JSON file from test/fixtures. */
export function loadFixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", name), "utf8"));
}

/**
 * The project's NumPy reference vectors (a copy in test/fixtures/reference, so a plain clone can run the tests);
 * TYPELEARN_REFERENCE_DIR overrides the directory.
 */
export function loadNumpyVectors(): any {
  const dir = process.env.TYPELEARN_REFERENCE_DIR ?? path.join(ROOT, "test", "fixtures", "reference");
  return JSON.parse(fs.readFileSync(path.join(dir, "numpy_rng_vectors.json"), "utf8"));
}

/** Bit-exact comparison of two number lists (Object.is, so -0/0 and NaN are distinguished/matched). */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) return `index ${i}: got ${got[i]}, want ${want[i]}`;
  }
  return null;
}
