import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadIris } from "../../lib/datasets";
import { PCA } from "../../lib/decomposition";
import { NonFiniteError, NotFittedError, OptionError, ShapeError } from "../../lib/errors";
import { RandomState } from "../../lib/random";

const root = path.join(__dirname, "../../..");
const fx = JSON.parse(fs.readFileSync(path.join(root, "test/fixtures/decomposition_pca.json"), "utf8"));

function standardize(X: NDArray): NDArray {
  const [n, p] = X.shape;
  const d = X.data, out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i * p + j];
    const mu = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (d[i * p + j] - mu) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) out[i * p + j] = (d[i * p + j] - mu) / sd;
  }
  return new NDArray(out, [n, p]);
}

function tall(scale: (j: number) => number): NDArray {
  const u = new RandomState(0).rand(5000, 64);
  const d = Float64Array.from(u.data);
  for (let i = 0; i < 5000; i++) for (let j = 0; j < 64; j++) d[i * 64 + j] *= scale(j);
  return new NDArray(d, [5000, 64]);
}

const data: Record<string, () => NDArray> = {
  iris: () => loadIris().data,
  breast_cancer: () => loadBreastCancer().data,
  breast_cancer_std: () => standardize(loadBreastCancer().data),
  wide: () => new NDArray(Float64Array.from((fx.wide_data as number[][]).flat()), [20, 50]),
  tall: () => tall((j) => j + 1),
  tall_ill: () => tall((j) => 10 ** (-j / 4)),
};

/** |a − b| ≤ tol · scale, with scale the largest |expected| (per array) — the accuracy LAPACK itself has. */
function assertClose(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what} length`);
  const scale = Math.max(1e-300, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}
/** Elementwise relative closeness (for variances spanning many orders of magnitude). */
function assertRel(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.abs(expected[i]) + 1e-300,
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe("PCA equals scikit-learn 1.2 (svd_solver='full')", () => {
  const cache: Record<string, NDArray> = {};
  for (const c of fx.cases) {
    const params = c.params as { n_components?: number; whiten?: boolean };
    it(`${c.data} ${JSON.stringify(params)}`, () => {
      const X = (cache[c.data] ??= data[c.data]());
      const pca = new PCA({ nComponents: params.n_components ?? null, whiten: params.whiten ?? false });
      const Z = pca.fitTransform(X);
      const k = c.n_components_;
      assert.strictEqual(pca.nComponents_, k);
      assert.strictEqual(pca.nSamples_, c.n_samples);
      assert.deepStrictEqual(pca.components_!.shape, [k, X.shape[1]]);
      assertRel(pca.explainedVariance_!.data, c.explained_variance, 1e-10, "explainedVariance_");
      assertRel(pca.explainedVarianceRatio_!.data, c.explained_variance_ratio, 1e-10, "explainedVarianceRatio_");
      assertRel(pca.singularValues_!.data, c.singular_values, 1e-10, "singularValues_");
      assertClose(pca.mean_!.data, c.mean, 1e-13, "mean_");
      assertClose([pca.noiseVariance_!], [c.noise_variance], 1e-9, "noiseVariance_");
      // Components: each row to ~1e-9 (sign included). Near-null directions of rank-deficient data are not unique.
      const p = X.shape[1];
      for (let q = 0; q < k; q++) {
        if (c.singular_values[q] < 1e-8 * c.singular_values[0]) continue;
        assertClose(pca.components_!.data.subarray(q * p, q * p + p), c.components[q], 1e-9, `components_[${q}]`);
      }
      const nonNull = c.singular_values.filter((s: number) => s >= 1e-8 * c.singular_values[0]).length;
      const cols = (rows: number[][]) => rows.map((r) => r.slice(0, nonNull)).flat();
      const firstRows = (a: NDArray) => Array.from({ length: 5 }, (_, i) =>
        Array.from(a.data.subarray(i * k, i * k + nonNull))).flat();
      assertClose(firstRows(Z), cols(c.fit_transform_first5), 1e-9, "fitTransform");
      const X5 = X.sliceRows ? X.sliceRows(0, 5) : new NDArray(X.data.slice(0, 5 * p), [5, p]);
      assertClose(firstRows(pca.transform(X5)), cols(c.transform_first5), 1e-9, "transform");
      if (nonNull === k) {
        const Z5 = new NDArray(Z.data.slice(0, 5 * k), [5, k]);
        assertClose(pca.inverseTransform(Z5).data, (c.inverse_first5 as number[][]).flat(), 1e-10, "inverseTransform");
      }
    });
  }
});

describe("PCA on the guide's breast-cancer section", () => {
  const X = loadBreastCancer().data;
  it("2 components explain [0.98204467, 0.01617649]; 95 % needs 1 component on raw features", () => {
    const r = new PCA({ nComponents: 2 }).fit(X).explainedVarianceRatio_!;
    assert.deepStrictEqual(Array.from(r.data).map((v) => v.toFixed(8)), ["0.98204467", "0.01617649"]);
    assert.strictEqual(new PCA({ nComponents: 0.95 }).fit(X).nComponents_, 1);
  });
  it("after standardization 95 % needs 10 components (the guide's prose)", () => {
    assert.strictEqual(new PCA({ nComponents: 0.95 }).fit(standardize(X)).nComponents_, 10);
  });
  it("a fraction keeps the smallest k whose cumulative ratio exceeds it (searchsorted side='right')", () => {
    const Xs = standardize(X);
    const ratios = new PCA().fit(Xs).explainedVarianceRatio_!.data;
    const cum: number[] = [];
    let acc = 0;
    for (const v of ratios) { acc += v; cum.push(acc); }
    assertClose(cum, fx.bc_std_full_cumsum, 1e-12, "cumulative ratios");
    for (const k of [1, 4, 9]) {
      // exactly at a cumulative value → one more component than that value covers
      assert.strictEqual(new PCA({ nComponents: cum[k - 1] }).fit(Xs).nComponents_, k + 1, `fraction = cum[${k - 1}]`);
      assert.strictEqual(new PCA({ nComponents: cum[k - 1] - 1e-9 }).fit(Xs).nComponents_, k);
    }
  });
});

describe("PCA round trips and whitening", () => {
  it("with all components inverseTransform(transform(X)) = X; whitened projections have unit variance", () => {
    const X = loadIris().data;
    const pca = new PCA().fit(X);
    const back = pca.inverseTransform(pca.transform(X));
    for (let i = 0; i < X.data.length; i++) assert.ok(Math.abs(back.data[i] - X.data[i]) < 1e-12);
    const Z = new PCA({ nComponents: 3, whiten: true }).fitTransform(X);
    const n = Z.shape[0];
    for (let c = 0; c < 3; c++) {
      let s = 0, ss = 0;
      for (let i = 0; i < n; i++) { s += Z.data[i * 3 + c]; ss += Z.data[i * 3 + c] ** 2; }
      assert.ok(Math.abs(s / n) < 1e-12 && Math.abs(ss / (n - 1) - 1) < 1e-12, `column ${c}`);
    }
  });
});

describe("PCA input checks", () => {
  const X = [[1, 2, 3], [2, 3, 5], [0, 1, 1], [4, 0, 2]];
  it("nComponents > min(nSamples, nFeatures) → OptionError naming the bound", () => {
    assert.throws(() => new PCA({ nComponents: 4 }).fit(X), (e: Error) =>
      e instanceof OptionError && /= 3/.test(e.message) && /4/.test(e.message));
  });
  it("bad nComponents, 'mle', unsupported solvers, bad whiten → OptionError", () => {
    for (const bad of [0, -1, 1.5, NaN, "mle", "x"]) {
      assert.throws(() => new PCA({ nComponents: bad as number }).fit(X), OptionError, String(bad));
    }
    assert.throws(() => new PCA({ svdSolver: "randomized" as "full" }).fit(X), /not supported/);
    assert.throws(() => new PCA({ svdSolver: "arpack" as "full" }).fit(X), OptionError);
    assert.throws(() => new PCA({ svdSolver: "lapack" as "full" }).fit(X), OptionError);
    assert.throws(() => new PCA({ whiten: 1 as unknown as boolean }).fit(X), OptionError);
  });
  it("NaN → NonFiniteError; one sample → ShapeError; not fitted → NotFittedError; wrong Z width → ShapeError", () => {
    assert.throws(() => new PCA().fit([[1, NaN], [2, 3]]), NonFiniteError);
    assert.throws(() => new PCA().fit([[1, 2]]), ShapeError);
    assert.throws(() => new PCA().transform(X), NotFittedError);
    const pca = new PCA({ nComponents: 2 }).fit(X);
    assert.throws(() => pca.inverseTransform([[1, 2, 3]]), ShapeError);
    assert.throws(() => pca.transform([[1, 2]]), ShapeError);
  });
});
