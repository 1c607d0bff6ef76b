import * as assert from "assert";
import { NDArray, arange, array, dot, eye, gemm64, matmul, zeros } from "../../lib/array";
import { ShapeError } from "../../lib/errors";
import { Encoded, assertClose, decode, loadFixture } from "./fixtures";

const fx = loadFixture<{ products: Record<string, Encoded | number> }>("array_ops.json").products;
const E = (k: string) => decode(fx[k] as Encoded);

describe("array/matmul: matmul and dot", () => {
  it("2-D × 2-D, 2-D × 1-D, 1-D × 2-D and 1-D · 1-D match NumPy", () => {
    assertClose(matmul(E("A"), E("B")) as NDArray, fx.AB as Encoded, 1e-12, "AB");
    assertClose(matmul(E("A"), E("v53")) as NDArray, fx.Av as Encoded, 1e-12, "Av");
    assertClose(matmul(E("v37"), E("A")) as NDArray, fx.vA as Encoded, 1e-12, "vA");
    const vv = matmul(E("v53"), E("v53"));
    assert.strictEqual(typeof vv, "number");
    assert.ok(Math.abs((vv as number) - (fx.vv as number)) < 1e-12 * (fx.vv as number));
    assertClose(E("A").matmul(E("B")) as NDArray, fx.AB as Encoded, 1e-12, "method");
  });

  it("matches a naive triple loop on sizes that cross the cache blocks", () => {
    const m = 70, k = 150, n = 300;
    const a = arange(m * k).reshape(m, k).mul(0.37).sub(5);
    const b = arange(k * n).reshape(k, n).mul(0.11).sub(3);
    const c = matmul(a, b) as NDArray;
    for (const [i, j] of [[0, 0], [69, 299], [33, 257], [64, 128]]) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.get(i, p) * b.get(p, j);
      assert.ok(Math.abs(c.get(i, j) - s) <= 1e-9 * Math.max(1, Math.abs(s)), `C[${i},${j}]`);
    }
  });

  it("integral operands give int32; identity is neutral", () => {
    const a = arange(6).reshape(2, 3);
    const r = matmul(a, a.T) as NDArray;
    assert.strictEqual(r.dtype, "int32");
    assert.deepStrictEqual(Array.from(r.data), [5, 14, 14, 50]);
    const x = array([[1.5, 2], [3, 4]]);
    assert.deepStrictEqual(Array.from((matmul(eye(2), x) as NDArray).data), Array.from(x.data));
  });

  it("dot scales by numbers and otherwise follows matmul", () => {
    assert.strictEqual(dot(array([1, 2]), array([3, 4])), 11);
    assert.deepStrictEqual(Array.from((dot(array([1, 2]), 2) as NDArray).data), [2, 4]);
    assert.strictEqual(dot(3, 4), 12);
    assert.deepStrictEqual(Array.from((array([[1, 0], [0, 2]]).dot([1, 1]) as NDArray).data), [1, 2]);
  });

  it("gemm64's thin products (matrix × vector) sum each entry over k in order, as the packed kernel does", () => {
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
    for (const [m, k, n] of [[200, 32, 1], [1, 30, 64], [32, 200, 1], [200, 1, 32], [3, 17, 5], [5, 3, 2]]) {
      for (const transA of [false, true]) for (const transB of [false, true]) for (const alpha of [1, -2]) {
        const a = Float64Array.from({ length: m * k }, rnd), b = Float64Array.from({ length: k * n }, rnd);
        const c0 = Float64Array.from({ length: m * n }, rnd), c = c0.slice();
        gemm64(a, b, c, m, k, n, { transA, transB, alpha, beta: 1 });
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            s += (transA ? a[p * m + i] : a[i * k + p]) * (alpha * (transB ? b[j * k + p] : b[p * n + j]));
          }
          assert.strictEqual(c[i * n + j], c0[i * n + j] + s, `${m}×${k}×${n} ${transA} ${transB} ${alpha} (${i}, ${j})`);
        }
      }
    }
  });

  it("gemm64 overwrites C by default and accumulates into it with beta 1", () => {
    const C = new Float64Array([1, 1, 1, 1]);
    gemm64(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), C, 2, 2, 2, { beta: 1 });
    assert.deepStrictEqual(Array.from(C), [2, 3, 4, 5]);
    gemm64(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), C, 2, 2, 2);
    assert.deepStrictEqual(Array.from(C), [1, 2, 3, 4]);
  });

  it("shape mismatches and unsupported ranks throw ShapeError naming both shapes", () => {
    assert.throws(() => matmul(zeros([2, 3]), zeros([2, 3])), (e: unknown) =>
      e instanceof ShapeError && e.message.includes("(2, 3) and (2, 3)"));
    assert.throws(() => matmul(zeros(3), zeros(4)), ShapeError);
    assert.throws(() => matmul(zeros([2, 2, 2]), zeros([2, 2])), ShapeError);
    assert.throws(() => matmul(array(1), zeros(2)), ShapeError);
  });
});

describe("array/matmul: NDArray.matmul and NDArray.dot always return an NDArray", () => {
  it("1-D · 1-D gives a 0-d array holding the inner product (int32 for integral operands), so products chain", () => {
    const vv = E("v53").matmul(E("v53"));
    assert.deepStrictEqual(vv.shape, []);
    assert.ok(Math.abs(vv.item() - (fx.vv as number)) <= 1e-12 * Math.abs(fx.vv as number));
    const ints = array([1, 2, 3], "int32").matmul(array([4, 5, 6], "int32"));
    assert.strictEqual(ints.dtype, "int32");
    assert.strictEqual(ints.item(), 32);
    assert.strictEqual(array([1, 2]).dot([3, 4]).add(1).item(), 12);
    assert.deepStrictEqual(Array.from(array([[1, 2], [3, 4]]).matmul([1, 1]).add(0.5).data), [3.5, 7.5]);
    assert.strictEqual(arange(3).dot(2).dtype, "float64");
  });
});
