import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import {
  linalg, qr, svd, eigh, lstsq, cholesky, LinAlgError, gemm64, gram, householderQR, svdRaw, lstsqRaw,
} from "../../lib/array/linalg";

const { matmul } = linalg;
import { ShapeError, NonFiniteError } from "../../lib/errors";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/linear_linalg.json"), "utf8"));

function arr(rows: number[][]): NDArray {
  return new NDArray(Float64Array.from(rows.flat()), [rows.length, rows[0].length]);
}
/** Deterministic pseudo-random matrix (LCG), values in [-0.5, 0.5). */
function rand(m: number, n: number, seed: number): Float64Array {
  const a = new Float64Array(m * n);
  let s = seed;
  for (let i = 0; i < a.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; a[i] = s / 2147483648 - 0.5; }
  return a;
}
function naiveMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.strictEqual(a.length, b.length);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}
function assertRel(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, msg = ""): void {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const e = maxAbsDiff(actual, expected);
  assert.ok(e <= rtol * Math.max(scale, 1e-300), `${msg} max abs diff ${e} > ${rtol}·${scale}`);
}
function orthoError(q: Float64Array, rows: number, cols: number, byColumns: boolean): number {
  // ‖QᵀQ − I‖max for orthonormal columns, ‖QQᵀ − I‖max for orthonormal rows.
  const k = byColumns ? cols : rows;
  let e = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    if (byColumns) for (let r = 0; r < rows; r++) s += q[r * cols + i] * q[r * cols + j];
    else for (let c = 0; c < cols; c++) s += q[i * cols + c] * q[j * cols + c];
    e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
  }
  return e;
}

describe("linalg: gemm", () => {
  for (const [m, k, n] of [[1, 1, 1], [7, 9, 5], [33, 300, 17], [64, 200, 40], [101, 1030, 257], [4, 0, 3]]) {
    it(`matches the naive product for ${m}×${k}·${k}×${n}, in all transpose modes`, () => {
      const a = rand(m, k, m + 3 * k), b = rand(k, n, n + 11);
      const ref = naiveMul(a, b, m, k, n);
      const at = new Float64Array(k * m), bt = new Float64Array(n * k);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const c = new Float64Array(m * n).fill(NaN);
        gemm64(ta ? at : a, tb ? bt : b, c, m, k, n, { transA: ta, transB: tb });
        assert.ok(maxAbsDiff(c, ref) < 1e-12 * Math.max(1, k), `trans ${ta},${tb}`);
      }
    });
  }
  it("applies alpha and beta", () => {
    const a = rand(5, 6, 1), b = rand(6, 4, 2), c0 = rand(5, 4, 3);
    const c = Float64Array.from(c0);
    gemm64(a, b, c, 5, 6, 4, { alpha: -2, beta: 0.5 });
    const ref = naiveMul(a, b, 5, 6, 4).map((v, i) => -2 * v + 0.5 * c0[i]);
    assert.ok(maxAbsDiff(c, ref) < 1e-14);
  });
  it("large products (the WebAssembly path): alpha and beta, row chunks, inner-dimension chunks, strided views", () => {
    // 60 000 × (60 + 8) doubles exceed one WebAssembly pass: rows go through in chunks.
    const [m, k, n] = [60000, 60, 8];
    const a = rand(m, k, 5), b = rand(k, n, 6), c0 = rand(m, n, 7), ref = naiveMul(a, b, m, k, n);
    const c = Float64Array.from(c0);
    gemm64(a, b, c, m, k, n, { alpha: -2, beta: 0.5 });
    assert.ok(maxAbsDiff(c, ref.map((v, i) => -2 * v + 0.5 * c0[i])) < 1e-12 * k);
    // Aᵀ·A over 60 000 rows: 235 passes of the inner dimension summed.
    const g = new Float64Array(k * k).fill(NaN);
    gemm64(a, a, g, k, m, k, { transA: true });
    const at = new Float64Array(k * m);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
    assert.ok(maxAbsDiff(g, naiveMul(at, a, k, m, k)) < 1e-12 * m);
    // A view into a wider matrix (lda > k) takes the JavaScript kernel and gives the same product.
    const wide = new Float64Array(40 * 130), view = rand(40, 120, 8);
    for (let i = 0; i < 40; i++) wide.set(view.subarray(i * 120, (i + 1) * 120), i * 130);
    const bb = rand(120, 30, 9), cw = new Float64Array(40 * 30);
    gemm64(wide, bb, cw, 40, 120, 30, { lda: 130 });
    assert.ok(maxAbsDiff(cw, naiveMul(view, bb, 40, 120, 30)) < 1e-12 * 120);
  });
  it("writes C through ldc, leaving the columns beyond n alone", () => {
    const a = rand(6, 5, 1), b = rand(5, 3, 2), c = new Float64Array(6 * 4).fill(7);
    gemm64(a, b, c, 6, 5, 3, { ldc: 4 });
    const ref = naiveMul(a, b, 6, 5, 3);
    for (let i = 0; i < 6; i++) {
      assert.ok(maxAbsDiff(c.subarray(i * 4, i * 4 + 3), ref.subarray(i * 3, i * 3 + 3)) < 1e-14);
      assert.equal(c[i * 4 + 3], 7);
    }
  });
  it("gram(X) equals XᵀX and is exactly symmetric", () => {
    const x = rand(200, 13, 9);
    const g = gram(x, 200, 13);
    const xt = new Float64Array(13 * 200);
    for (let i = 0; i < 200; i++) for (let j = 0; j < 13; j++) xt[j * 200 + i] = x[i * 13 + j];
    assert.ok(maxAbsDiff(g, naiveMul(xt, x, 13, 200, 13)) < 1e-12);
    for (let i = 0; i < 13; i++) for (let j = 0; j < 13; j++) assert.strictEqual(g[i * 13 + j], g[j * 13 + i]);
  });
  it("matmul wraps NDArrays and checks inner dimensions", () => {
    const c = matmul(arr([[1, 2], [3, 4]]), arr([[5], [6]]));
    assert.deepStrictEqual(c.shape, [2, 1]);
    assert.deepStrictEqual(Array.from(c.data), [17, 39]);
    assert.deepStrictEqual(Array.from(matmul([[1, 2], [3, 4]], [[1, 2], [3, 4]], { transA: true }).data), [10, 14, 14, 20]);
    assert.throws(() => matmul(arr([[1, 2]]), arr([[1, 2]])), ShapeError);
  });
});

describe("linalg: qr", () => {
  for (const pivoting of [false, true]) {
    it(`reconstructs A[:, P] = QR with orthonormal Q (pivoting=${pivoting})`, () => {
      for (const [m, n] of [[12, 5], [5, 12], [30, 30]]) {
        const A = new NDArray(rand(m, n, m * n), [m, n]);
        const { Q, R, P, rank } = qr(A, { pivoting });
        const k = Math.min(m, n);
        assert.deepStrictEqual(Q.shape, [m, k]);
        assert.deepStrictEqual(R.shape, [k, n]);
        assert.strictEqual(rank, k);
        const qrm = naiveMul(Q.data as Float64Array, R.data as Float64Array, m, k, n);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          assert.ok(Math.abs(qrm[i * n + j] - A.data[i * n + P.data[j]]) < 1e-14);
        }
        assert.ok(orthoError(Q.data as Float64Array, m, k, true) < 1e-14);
        for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) assert.strictEqual(R.data[i * n + j], 0);
        if (pivoting) for (let i = 1; i < k; i++) assert.ok(Math.abs(R.data[i * n + i]) <= Math.abs(R.data[(i - 1) * n + i - 1]) + 1e-15);
      }
    });
  }
  it("detects the rank of a rank-deficient matrix with pivoting", () => {
    const f = householderQR(Float64Array.from((fx.rank_deficient.A as number[][]).flat()), 10, 6, true);
    assert.strictEqual(f.rank, fx.rank_deficient.rank);
    assert.strictEqual(qr(fx.rank_deficient.A, { pivoting: true }).rank, 3);
  });
});

describe("linalg: svd", () => {
  const cases: [string, number, number][] = [["tall", 12, 5], ["wide", 4, 9], ["graded", 8, 6], ["rank_deficient", 10, 6]];
  for (const [name, m, n] of cases) {
    it(`matches NumPy's singular values and reconstructs A (${name} ${m}×${n})`, () => {
      const A = fx[name].A as number[][];
      const { U, S, Vt } = svd(A);
      const k = Math.min(m, n);
      assert.deepStrictEqual([U.shape, S.shape, Vt.shape], [[m, k], [k], [k, n]]);
      // Singular values to ~1e-12 relative to σ_max (and descending).
      assertRel(S.data, fx[name].s, 1e-12, "S");
      for (let i = 1; i < k; i++) assert.ok(S.data[i] <= S.data[i - 1]);
      const us = new Float64Array(m * k);
      for (let i = 0; i < m; i++) for (let r = 0; r < k; r++) us[i * k + r] = U.data[i * k + r] * S.data[r];
      assertRel(naiveMul(us, Vt.data as Float64Array, m, k, n), A.flat(), 1e-13, "U·S·Vt");
      assert.ok(orthoError(U.data as Float64Array, m, k, true) < 1e-13, "UᵀU = I");
      assert.ok(orthoError(Vt.data as Float64Array, k, n, false) < 1e-13, "Vt·Vtᵀ = I");
    });
  }
  it("computes small singular values of a graded matrix to high relative accuracy", () => {
    const s = svd(fx.graded.A).S.data;
    const ref = fx.graded.s as number[];
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(s[i] - ref[i]) <= 1e-6 * ref[i], `σ${i}`);
  });
  it("handles zero and 1×1 matrices", () => {
    const z = svdRaw(new Float64Array(6), 3, 2);
    assert.deepStrictEqual(Array.from(z.s), [0, 0]);
    assert.ok(orthoError(z.u, 3, 2, true) < 1e-15);
    assert.ok(orthoError(z.vt, 2, 2, false) < 1e-15);
    assert.deepStrictEqual(Array.from(svd([[-3]]).S.data), [3]);
  });
  it("rejects NaN input with NonFiniteError", () => {
    assert.throws(() => svd([[1, NaN], [0, 1]]), NonFiniteError);
  });
});

describe("linalg: eigh", () => {
  it("matches NumPy's eigenvalues (ascending) with orthonormal eigenvectors: A·V = V·Λ", () => {
    const A = fx.sym.A as number[][];
    const { eigenvalues, eigenvectors } = eigh(A);
    assertRel(eigenvalues.data, fx.sym.eigenvalues, 1e-13);
    const n = A.length;
    const V = eigenvectors.data as Float64Array;
    assert.ok(orthoError(V, n, n, true) < 1e-14);
    const av = naiveMul(Float64Array.from(A.flat()), V, n, n, n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
      assert.ok(Math.abs(av[i * n + k] - V[i * n + k] * eigenvalues.data[k]) < 1e-13);
    }
  });
  it("finds a zero eigenvalue of a singular Gram matrix", () => {
    const g = matmul(fx.rank_deficient.A, fx.rank_deficient.A, { transA: true });
    const ev = eigh(g).eigenvalues.data;
    assert.ok(Math.abs(ev[0]) < 1e-13 * ev[5] && Math.abs(ev[2]) < 1e-13 * ev[5] && ev[3] > 1e-3);
  });
  it("requires a square matrix", () => {
    assert.throws(() => eigh([[1, 2, 3], [4, 5, 6]]), ShapeError);
  });
});

describe("linalg: lstsq", () => {
  it("matches NumPy on a full-rank tall system, with residuals", () => {
    const r = lstsq(fx.tall.A, fx.tall.b);
    assert.deepStrictEqual(r.x.shape, [5]);
    assertRel(r.x.data, fx.tall.lstsq_x, 1e-12);
    assert.strictEqual(r.rank, 5);
    const r2 = lstsq(fx.tall.A, fx.tall.B);
    assert.deepStrictEqual(r2.x.shape, [5, 2]);
    assertRel(r2.x.data, (fx.tall.lstsq_X as number[][]).flat(), 1e-12);
    assertRel(r2.residuals.data, fx.tall.lstsq_residuals, 1e-10);
  });
  it("returns the minimum-norm solution of an underdetermined system", () => {
    const r = lstsq(fx.wide.A, fx.wide.b);
    assertRel(r.x.data, fx.wide.lstsq_x, 1e-12);
    assert.strictEqual(r.residuals.size, 0);
  });
  it("returns the minimum-norm solution for a rank-deficient matrix, like NumPy", () => {
    const r = lstsq(fx.rank_deficient.A, fx.rank_deficient.b);
    assert.strictEqual(r.rank, fx.rank_deficient.rank);
    assertRel(r.x.data, fx.rank_deficient.lstsq_x, 1e-11);
    assertRel(r.s.data.slice(0, 3), fx.rank_deficient.s.slice(0, 3), 1e-12);
    assert.strictEqual(r.residuals.size, 0);
  });
  it("honours rcond: a large cutoff drops small singular values", () => {
    const raw = lstsqRaw(Float64Array.from((fx.graded.A as number[][]).flat()), 8, 6, new Float64Array(8).fill(1), 1, 1e-5);
    assert.strictEqual(raw.rank, 3);
  });
  it("rejects a right-hand side of the wrong length", () => {
    assert.throws(() => lstsq(fx.tall.A, [1, 2, 3]), ShapeError);
  });
});

describe("linalg: cholesky", () => {
  it("factors a positive-definite matrix (L·Lᵀ = A) and rejects an indefinite one", () => {
    const L = cholesky([[4, 2], [2, 3]]);
    assert.deepStrictEqual(Array.from(L.data).map((v) => +v.toFixed(12)), [2, 0, 1, +Math.SQRT2.toFixed(12)]);
    assert.throws(() => cholesky([[1, 2], [2, 1]]), LinAlgError);
  });
});
