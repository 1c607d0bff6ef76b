import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import {
  loadIris, loadBreastCancer, loadWine, loadDiabetes, loadDigits, loadLinnerud, dataDir, Dataset,
} from "../../lib/datasets";
import { OptionError } from "../../lib/errors";

const checks = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/datasets_loader_checks.json"), "utf8"));

function rows(a: NDArray, from: number, count: number): number[][] {
  const c = a.ndim === 1 ? 1 : a.shape[1];
  const out: number[][] = [];
  for (let i = from; i < from + count; i++) out.push(Array.from(a.data.slice(i * c, (i + 1) * c)));
  return out;
}
function colSums(a: NDArray): number[] {
  const [n, c] = a.shape;
  const s = new Array(c).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) s[j] += a.data[i * c + j];
  return s;
}
function sumsClose(actual: number[], expected: number[], what: string, abs = 0): void {
  assert.strictEqual(actual.length, expected.length);
  for (let j = 0; j < expected.length; j++) {
    assert.ok(Math.abs(actual[j] - expected[j]) <= Math.max(1e-9 * Math.abs(expected[j]), abs),
      `${what}[${j}]: ${actual[j]} vs ${expected[j]}`);
  }
}

const loaders: [string, () => Dataset, boolean][] = [
  ["iris", loadIris, true], ["breast_cancer", loadBreastCancer, true], ["wine", loadWine, true],
  ["diabetes", () => loadDiabetes(), false], ["digits", () => loadDigits(), true], ["linnerud", loadLinnerud, false],
];

describe("datasets: bundled files", () => {
  it("are byte-identical copies (size and sha256) of scikit-learn's files", () => {
    for (const [file, info] of Object.entries(checks.files) as [string, { bytes: number; sha256: string }][]) {
      const buf = fs.readFileSync(path.join(dataDir(), file));
      assert.strictEqual(buf.length, info.bytes, file);
      assert.strictEqual(crypto.createHash("sha256").update(buf).digest("hex"), info.sha256, file);
    }
  });
  it("resolve from the compiled loader to lib/datasets/data", () => {
    assert.ok(fs.existsSync(path.join(dataDir(), "README.md")));
  });
});

describe("datasets: loaders match scikit-learn's output", () => {
  for (const [name, load, classification] of loaders) {
    it(`${name}: shapes, dtypes, names, first/last rows, column sums, targets`, () => {
      const ref = checks[name];
      const d = load();
      assert.deepStrictEqual(d.data.shape, ref.data_shape);
      assert.deepStrictEqual(d.target.shape, ref.target_shape);
      assert.strictEqual(d.data.dtype, "float64");
      assert.strictEqual(d.target.dtype, classification ? "int32" : "float64");
      assert.deepStrictEqual(d.featureNames, ref.feature_names);
      assert.deepStrictEqual(rows(d.data, 0, 1)[0], ref.first_row);
      assert.deepStrictEqual(rows(d.data, d.data.shape[0] - 1, 1)[0], ref.last_row);
      sumsClose(colSums(d.data), ref.col_sums, "col_sums", name === "diabetes" ? 1e-12 : 0);
      const n = d.target.shape[0];
      const first5 = rows(d.target, 0, 5), last5 = rows(d.target, n - 5, 5);
      const unwrap = (r: number[][]) => (d.target.ndim === 1 ? r.map((x) => x[0]) : r);
      assert.deepStrictEqual(unwrap(first5), ref.target_first5);
      assert.deepStrictEqual(unwrap(last5), ref.target_last5);
      if (ref.target_names) assert.deepStrictEqual(d.targetNames, ref.target_names.map(String));
      if (ref.target_counts) {
        const counts = new Array(ref.target_counts.length).fill(0);
        for (const t of d.target.data) counts[t]++;
        assert.deepStrictEqual(counts, ref.target_counts);
      }
      assert.ok(d.descr.startsWith(".. _") && d.descr.length > 500, "descr is the .rst text");
      assert.strictEqual(d.frame, undefined);
    });
  }
  it("diabetes: raw values, unit sums of squares after scaling, target sum", () => {
    const ref = checks.diabetes;
    const raw = loadDiabetes({ scaled: false });
    assert.deepStrictEqual(rows(raw.data, 0, 1)[0], ref.raw_first_row);
    sumsClose(colSums(raw.data), ref.raw_col_sums, "raw_col_sums");
    const d = loadDiabetes();
    const [n, c] = d.data.shape;
    for (let j = 0; j < c; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += d.data.data[i * c + j] ** 2;
      assert.ok(Math.abs(s - ref.scaled_col_sum_of_squares[j]) < 1e-13, `sum of squares ${j}`);
    }
    assert.strictEqual(Array.from(d.target.data).reduce((a, b) => a + b, 0), ref.target_sum);
    assert.deepStrictEqual(d.targetNames, []);
    assert.throws(() => loadDiabetes({ scaled: "yes" as never }), OptionError);
  });
  it("digits: images are the rows reshaped to 8×8; nClass filters", () => {
    const d = loadDigits();
    assert.deepStrictEqual(d.images!.shape, [1797, 8, 8]);
    assert.strictEqual(d.images!.get(5, 3, 2), d.data.get(5, 3 * 8 + 2));
    assert.strictEqual(d.featureNames[63], "pixel_7_7");
    const d3 = loadDigits({ nClass: 3 });
    assert.strictEqual(d3.data.shape[0], 178 + 182 + 177);
    assert.ok(Array.from(d3.target.data).every((t) => t < 3));
    assert.deepStrictEqual(d3.targetNames, ["0", "1", "2"]);
    assert.throws(() => loadDigits({ nClass: 11 }), OptionError);
  });
  it("linnerud: target names and first target row", () => {
    const d = loadLinnerud();
    assert.deepStrictEqual(d.targetNames, checks.linnerud.target_names);
    assert.deepStrictEqual(rows(d.target, 0, 1)[0], checks.linnerud.target_first_row);
  });
  it("each call returns fresh arrays (mutating one does not affect the next load)", () => {
    const a = loadIris();
    a.data.data[0] = -1;
    assert.strictEqual(loadIris().data.get(0, 0), 5.1);
  });
});
