/**
 * Locating and parsing the bundled data files (lib/datasets/data), exactly as scikit-learn's loaders parse them.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { InputTypeError } from "../errors";

let cachedDir: string | undefined;

/**
 * The folder holding the bundled data files. tsc does not copy data files, so from the compiled
 * `dist/lib/datasets/` the folder is `../../../lib/datasets/data`; from the sources it is `./data`.
 * The environment variable TYPELEARN_DATA_DIR overrides both.
 * @example
 * dataDir(); // "/…/typelearn/lib/datasets/data"
 */
export function dataDir(): string {
  if (cachedDir) return cachedDir;
  const candidates = [
    process.env.TYPELEARN_DATA_DIR,
    path.join(__dirname, "data"),
    path.join(__dirname, "..", "..", "..", "lib", "datasets", "data"),
  ].filter((p): p is string => !!p);
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, "iris.csv"))) return (cachedDir = c);
  }
  throw new InputTypeError("typelearn dataset folder", `one of ${candidates.join(", ")} to contain the data files`,
    "none found");
}

/**
 * Read a bundled text file (gunzipping `.gz` files).
 * @param name - file name inside the data folder
 * @example
 * readText("iris.rst").slice(0, 13); // ".. _iris_dataset:"
 */
export function readText(name: string): string {
  const buf = fs.readFileSync(path.join(dataDir(), name));
  return (name.endsWith(".gz") ? zlib.gunzipSync(buf) : buf).toString("utf8");
}

/** Non-empty lines of a text. */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim().length > 0);
}

function num(s: string, file: string, line: number): number {
  const v = Number(s.trim());
  if (s.trim() === "" || Number.isNaN(v)) throw new InputTypeError(`${file} line ${line}`, "a number", s);
  return v;
}

/**
 * Parse a whitespace- or comma-delimited numeric table (NumPy's `loadtxt`) into a row-major Float64Array.
 * @param text - the file's text
 * @param delimiter - "," or null for runs of whitespace
 * @param file - file name for error messages
 * @param skip - leading lines to skip
 * @example
 * parseTable("1 2\n3 4\n", null, "t.txt").cols; // 2
 */
export function parseTable(text: string, delimiter: "," | null, file: string, skip = 0):
  { data: Float64Array; rows: number; cols: number } {
  const ls = lines(text).slice(skip);
  const split = (l: string) => (delimiter ? l.split(delimiter) : l.trim().split(/\s+/));
  const cols = ls.length > 0 ? split(ls[0]).length : 0;
  const data = new Float64Array(ls.length * cols);
  for (let i = 0; i < ls.length; i++) {
    const f = split(ls[i]);
    if (f.length !== cols) throw new InputTypeError(`${file} line ${i + 1 + skip}`, `${cols} fields`, f.length);
    for (let j = 0; j < cols; j++) data[i * cols + j] = num(f[j], file, i + 1 + skip);
  }
  return { data, rows: ls.length, cols };
}

/**
 * Parse sklearn's classification CSV format: a header `n_samples,n_features,name_0,…`, then rows of n_features
 * floats and an integer label.
 * @param file - the CSV file name in the data folder
 * @example
 * parseLabeledCsv("iris.csv").targetNames; // ["setosa", "versicolor", "virginica"]
 */
export function parseLabeledCsv(file: string):
  { data: Float64Array; target: Int32Array; rows: number; cols: number; targetNames: string[] } {
  const ls = lines(readText(file));
  const header = ls[0].split(",");
  const rows = Number(header[0]), cols = Number(header[1]);
  const targetNames = header.slice(2).map((s) => s.trim());
  if (ls.length - 1 !== rows) throw new InputTypeError(`${file}`, `${rows} data rows (from its header)`, ls.length - 1);
  const data = new Float64Array(rows * cols);
  const target = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const f = ls[i + 1].split(",");
    if (f.length !== cols + 1) throw new InputTypeError(`${file} line ${i + 2}`, `${cols + 1} fields`, f.length);
    for (let j = 0; j < cols; j++) data[i * cols + j] = num(f[j], file, i + 2);
    const label = num(f[cols], file, i + 2);
    if (!Number.isInteger(label)) throw new InputTypeError(`${file} line ${i + 2} label`, "an integer", f[cols]);
    target[i] = label;
  }
  return { data, target, rows, cols, targetNames };
}
