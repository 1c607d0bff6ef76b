/**
 * Plot inputs: turning NDArrays, number arrays, typed arrays and label arrays into checked columns, and thinning
 * large data to a deterministic sample so a chart stays small enough to live inside a notebook.
 */
import { NDArray } from "../array";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../errors";
import { RandomState } from "../random";

/** Numbers for a plot axis: a 1-D NDArray (or an n×1 column), a number array or a typed array. */
export type NumericColumn = NDArray | readonly number[] | ArrayLike<number>;
/** Values for a categorical channel (colour, bar names): labels or numbers. */
export type LabelColumn = NDArray | readonly (string | number | boolean)[] | ArrayLike<number>;

/** What to do with NaN / ±Infinity in plotted numbers. */
export type NonFinitePolicy = "raise" | "drop";

/**
 * A 1-D numeric column as a plain number array, checked.
 * @param name - the option's name, for errors (e.g. "x")
 * @param v - the values
 * @example
 * numericColumn("y", np.array([1, 2, 3])); // [1, 2, 3]
 */
export function numericColumn(name: string, v: unknown): number[] {
  if (v instanceof NDArray) {
    if (v.ndim > 2 || (v.ndim === 2 && v.shape[1] !== 1)) {
      throw new ShapeError(name, "a 1-D array or an n×1 column", `shape [${v.shape.join(", ")}]`);
    }
    return Array.from(v.data as ArrayLike<number>, Number);
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = v as ArrayLike<unknown>;
    const out = new Array<number>(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== "number") throw new InputTypeError(`${name}[${i}]`, "a number", x);
      out[i] = x;
    }
    return out;
  }
  throw new InputTypeError(name, "an NDArray, a number array or a typed array", v);
}

/**
 * A 1-D label column (strings, numbers or booleans) as a plain array.
 * @param name - the option's name, for errors
 * @param v - the values
 * @example
 * labelColumn("color", ["a", "b"]);
 */
export function labelColumn(name: string, v: unknown): (string | number | boolean)[] {
  if (v instanceof NDArray) {
    if (v.ndim !== 1 && !(v.ndim === 2 && v.shape[1] === 1)) {
      throw new ShapeError(name, "a 1-D array", `shape [${v.shape.join(", ")}]`);
    }
    return v.dtype === "bool" ? Array.from(v.data, (x) => x !== 0) : Array.from(v.data as ArrayLike<number>, Number);
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = v as ArrayLike<unknown>;
    const out = new Array<string | number | boolean>(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== "string" && typeof x !== "number" && typeof x !== "boolean") {
        throw new InputTypeError(`${name}[${i}]`, "a string, number or boolean", x);
      }
      out[i] = x;
    }
    return out;
  }
  throw new InputTypeError(name, "an NDArray or an array of labels", v);
}

/**
 * A 2-D numeric table as rows of numbers (NDArray or nested arrays), checked to be rectangular.
 * @param name - the option's name, for errors
 * @param v - the matrix
 * @example
 * numericMatrix("z", [[1, 2], [3, 4]]);
 */
export function numericMatrix(name: string, v: unknown): number[][] {
  if (v instanceof NDArray) {
    if (v.ndim !== 2) throw new ShapeError(name, "a 2-D array", `shape [${v.shape.join(", ")}]`);
    const [r, c] = v.shape;
    const d = v.data;
    return Array.from({ length: r }, (_, i) => Array.from(d.subarray(i * c, (i + 1) * c) as ArrayLike<number>, Number));
  }
  if (!Array.isArray(v)) throw new InputTypeError(name, "a 2-D NDArray or an array of number arrays", v);
  const rows = v.map((row, i) => numericColumn(`${name}[${i}]`, row));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].length !== rows[0].length) {
      throw new ShapeError(name, `rows of equal length (${rows[0].length})`, `row ${i} of length ${rows[i].length}`);
    }
  }
  return rows;
}

/**
 * Check that every named column has the same length as the first.
 * @param cols - name → column
 * @returns the common length
 * @example
 * sameLength({ x: [1, 2], y: [3, 4] }); // 2
 */
export function sameLength(cols: Record<string, ArrayLike<unknown> | undefined>): number {
  let n = -1;
  let first = "";
  for (const [name, c] of Object.entries(cols)) {
    if (!c) continue;
    if (n < 0) { n = c.length; first = name; continue; }
    if (c.length !== n) throw new ShapeError(`${name} length`, `${n} values, as many as ${first}`, `${c.length}`);
  }
  return Math.max(n, 0);
}

/**
 * Apply the NaN / ±Infinity policy to the numeric columns: raise on the first bad value or return the rows to keep.
 * @param cols - name → numbers (all of one length)
 * @param policy - "raise" (the default of every builder) or "drop"
 * @returns indices of the rows kept, or null when all are kept
 * @example
 * finiteRows({ y: [1, NaN] }, "drop"); // [0]
 */
export function finiteRows(cols: Record<string, number[] | undefined>, policy: NonFinitePolicy): number[] | null {
  if (policy !== "raise" && policy !== "drop") throw new OptionError("nonFinite", '"raise" or "drop"', policy);
  let keep: number[] | null = null;
  const named = Object.entries(cols).filter((e): e is [string, number[]] => !!e[1]);
  const n = named.length ? named[0][1].length : 0;
  for (let i = 0; i < n; i++) {
    for (const [name, c] of named) {
      if (Number.isFinite(c[i])) continue;
      if (policy === "raise") {
        throw new NonFiniteError(`plotted values "${name}" (pass nonFinite: "drop" to leave such points out)`, i, c[i]);
      }
      keep ??= Array.from({ length: i }, (_, k) => k);
      break;
    }
    if (keep && named.every(([, c]) => Number.isFinite(c[i]))) keep.push(i);
  }
  return keep;
}

/**
 * A deterministic sample of row indices, sorted: NumPy's `RandomState(seed).permutation(n)[:k]`, sorted.
 * @param n - number of rows
 * @param k - sample size (k < n)
 * @param seed - the seed
 * @example
 * sampleRows(100000, 5000, 0);
 */
export function sampleRows(n: number, k: number, seed: number): number[] {
  const perm = new RandomState(seed).permutation(n).data;
  const picked = Array.from(perm.subarray(0, k) as ArrayLike<number>, Number);
  return picked.sort((a, b) => a - b);
}

/**
 * Rows of a table of columns as Vega-Lite's inline `values`, optionally restricted to some row indices.
 * @param cols - field name → column (equal lengths)
 * @param rows - which rows (all when null)
 * @example
 * toRecords({ x: [1, 2], y: [3, 4] }, null); // [{ x: 1, y: 3 }, { x: 2, y: 4 }]
 */
export function toRecords(cols: Record<string, ArrayLike<unknown> | undefined>, rows: number[] | null): Record<string, unknown>[] {
  const named = Object.entries(cols).filter((e): e is [string, ArrayLike<unknown>] => !!e[1]);
  const n = named.length ? named[0][1].length : 0;
  const idx = rows ?? Array.from({ length: n }, (_, i) => i);
  return idx.map((i) => {
    const rec: Record<string, unknown> = {};
    for (const [name, c] of named) rec[name] = c[i];
    return rec;
  });
}

/** A table of named columns, e.g. `{ size: sizes, price: prices }`; builders can then name columns instead. */
export type Columns = Record<string, NumericColumn | LabelColumn>;

/**
 * Resolve a builder's channel: the values themselves, or the name of a column of `data` (which also becomes the
 * default axis title).
 * @param channel - the option's name, for errors (e.g. "x")
 * @param v - values, or a column name
 * @param data - the named columns, when given
 * @returns the values and, when named, the name
 * @example
 * fromData("x", "size", { size: [1, 2] }); // { values: [1, 2], name: "size" }
 */
export function fromData(channel: string, v: unknown, data: Columns | undefined): { values: unknown; name?: string } {
  if (typeof v !== "string") return { values: v };
  if (data === undefined || data === null || typeof data !== "object") {
    throw new InputTypeError(channel, `values, or a column name together with a data option (got the name "${v}")`, data);
  }
  if (!Object.prototype.hasOwnProperty.call(data, v)) {
    throw new OptionError(channel, `one of the data columns [${Object.keys(data).join(", ")}]`, v);
  }
  return { values: data[v], name: v };
}
