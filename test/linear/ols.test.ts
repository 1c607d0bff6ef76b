import * as assert from "assert";
import { solveOLS } from "../../lib/linear/ols";
import { lstsqRaw } from "../../lib/array/linalg";

function rand(m: number, n: number, seed: number): Float64Array {
  const a = new Float64Array(m * n);
  let s = seed;
  for (let i = 0; i < a.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; a[i] = s / 2147483648 - 0.5; }
  return a;
}

describe("linear: OLS solver paths", () => {
  it("the normal-equations path agrees with pivoted QR + SVD to ~1e-12 on a well-conditioned problem", () => {
    const m = 3000, n = 20, t = 2;
    const x = rand(m, n, 5), y = rand(m, t, 6);
    for (let i = 0; i < m; i++) x[i * n + 3] *= 1000; // badly scaled column: equilibration must absorb it
    const fast = solveOLS(x, m, n, y, t);
    assert.strictEqual(fast.method, "cholesky");
    const ref = lstsqRaw(x, m, n, y, t, 2.220446049250313e-16);
    let scale = 0, err = 0;
    for (let i = 0; i < ref.x.length; i++) { scale = Math.max(scale, Math.abs(ref.x[i])); err = Math.max(err, Math.abs(fast.coef[i] - ref.x[i])); }
    assert.ok(err <= 1e-12 * scale, `coef diff ${err}`);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(fast.singular[i] - ref.s[i]) <= 1e-12 * ref.s[0], `σ${i}`);
    assert.strictEqual(fast.rank, n);
  });
  it("falls back to QR + SVD for a duplicated column (rank-deficient) and for m < n", () => {
    const m = 50, n = 4;
    const x = rand(m, n, 8);
    for (let i = 0; i < m; i++) x[i * n + 3] = x[i * n + 1];
    const r = solveOLS(x, m, n, rand(m, 1, 9), 1);
    assert.strictEqual(r.method, "qr-svd");
    assert.strictEqual(r.rank, 3);
    // Minimum norm: the duplicated columns share the weight equally.
    assert.ok(Math.abs(r.coef[1] - r.coef[3]) < 1e-12);
    assert.strictEqual(solveOLS(rand(3, 5, 1), 3, 5, rand(3, 1, 2), 1).method, "qr-svd");
  });
});
