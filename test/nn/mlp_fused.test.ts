import { strict as assert } from "assert";
import { MLPClassifier, MLPRegressor } from "../../lib/nn";
import type { MLPOptions } from "../../lib/nn/mlp";
import { mlpFusedFits, setMlpFused } from "../../lib/nn/mlp_fused";
import { wasmGemmInfo } from "../../lib/wasm/gemm";
import { RandomState } from "../../lib/random/random_state";
import { NDArray } from "../../lib/array/ndarray";

type Fitted = MLPClassifier | MLPRegressor;

/** Fit twice, fused loop then general loop, and return both. */
function both(make: () => Fitted, X: NDArray, y: NDArray | number[]): [Fitted, Fitted] {
  const before = mlpFusedFits();
  const a = make().fit(X, y as number[]);
  assert.equal(mlpFusedFits(), before + 1, "the fused loop ran");
  setMlpFused(false);
  try {
    const b = make().fit(X, y as number[]);
    assert.equal(mlpFusedFits(), before + 1, "the general loop ran");
    return [a, b];
  } finally {
    setMlpFused(true);
  }
}

/** Every entry equal to the other loop's (the same arithmetic in the same order), and the same epoch count. */
function assertSame(a: Fitted, b: Fitted, what: string): void {
  assert.equal(a.nIter_, b.nIter_, `${what}: nIter_`);
  const close = (x: ArrayLike<number>, y: ArrayLike<number>, part: string): void => {
    assert.equal(x.length, y.length, `${what}: ${part} length`);
    for (let i = 0; i < x.length; i++) {
      assert.ok(x[i] === y[i], `${what}: ${part}[${i}] ${x[i]} vs ${y[i]}`);
    }
  };
  close(a.lossCurve_, b.lossCurve_, "lossCurve_");
  a.coefs_.forEach((c, l) => { assert.deepEqual(c.shape, b.coefs_[l].shape); close(c.data, b.coefs_[l].data, `coefs_[${l}]`); });
  a.intercepts_.forEach((c, l) => close(c.data, b.intercepts_[l].data, `intercepts_[${l}]`));
  assert.equal(a.t_, b.t_);
  assert.equal(a.bestLoss_, b.bestLoss_);
}

function data(seed: number, n: number, d: number): { X: NDArray; y: number[]; yr: NDArray } {
  const rs = new RandomState(seed);
  const X = rs.normal(0, 1, [n, d]) as NDArray;
  const y: number[] = [], yr = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const s = (X.data[i * d] as number) + 0.5 * (X.data[i * d + (d > 1 ? 1 : 0)] as number);
    y.push(s > 0.6 ? 2 : s > -0.4 ? 1 : 0);
    yr[2 * i] = s;
    yr[2 * i + 1] = Math.sin(s);
  }
  return { X, y, yr: new NDArray(yr, [n, 2]) };
}

describe("MLP fused training loop (lib/nn/mlp_fused.ts) equals the general loop", function () {
  this.timeout(120000);
  it("runs where WebAssembly is (it is in every supported Node)", () => assert.ok(wasmGemmInfo()));

  const cases: Array<[string, number, number, MLPOptions, "binary" | "multi" | "reg"]> = [
    ["guide shape: 30-64-32-1, batch 200 not dividing 455", 455, 30, { hiddenLayerSizes: [64, 32], maxIter: 12 }, "binary"],
    ["one-row batches", 23, 5, { hiddenLayerSizes: [7], maxIter: 4, batchSize: 1 }, "multi"],
    ["odd widths, tanh, softmax, batch 37", 150, 11, { hiddenLayerSizes: [13, 6, 9], activation: "tanh", maxIter: 8, batchSize: 37 }, "multi"],
    ["logistic hidden, SGD with Nesterov", 120, 9, { hiddenLayerSizes: [70], activation: "logistic", solver: "sgd", learningRateInit: 0.05, maxIter: 6 }, "binary"],
    ["SGD without Nesterov, identity hidden", 90, 4, { hiddenLayerSizes: [40, 5], activation: "identity", solver: "sgd", nesterovsMomentum: false, maxIter: 6, batchSize: 16 }, "multi"],
    ["batches deeper than 256 (Aᵀ products in depth chunks, on both kernels)", 700, 20, { hiddenLayerSizes: [8, 2], maxIter: 3, batchSize: 300 }, "binary"],
    ["inputs wider than 256 (slabs of the JavaScript sum)", 40, 300, { hiddenLayerSizes: [3], maxIter: 3, batchSize: 4 }, "multi"],
    ["no shuffle, alpha 0.5", 64, 6, { hiddenLayerSizes: [33], shuffle: false, alpha: 0.5, maxIter: 5, batchSize: 10 }, "binary"],
    ["early stopping after nIterNoChange", 80, 6, { hiddenLayerSizes: [16], tol: 0.5, nIterNoChange: 2, maxIter: 200, batchSize: 32 }, "binary"],
    ["regressor, two outputs", 210, 8, { hiddenLayerSizes: [50, 20], maxIter: 10, learningRateInit: 0.01 }, "reg"],
  ];
  cases.forEach(([name, n, d, options, kind], k) => {
    it(name, () => {
      const { X, y, yr } = data(k + 1, n, d);
      if (kind === "reg") {
        const [a, b] = both(() => new MLPRegressor({ ...options, randomState: k }), X, yr);
        assertSame(a, b, name);
        assert.deepEqual(Array.from((a.predict(X) as NDArray).data), Array.from((b.predict(X) as NDArray).data));
        return;
      }
      const labels = kind === "binary" ? y.map((v) => (v === 2 ? 1 : v)) : y;
      const [a, b] = both(() => new MLPClassifier({ ...options, randomState: k }), X, labels);
      assertSame(a, b, name);
      assert.deepEqual(Array.from(((a as MLPClassifier).predict(X) as unknown as NDArray).data), Array.from(((b as MLPClassifier).predict(X) as unknown as NDArray).data));
      if (name.startsWith("early")) assert.ok(a.nIter_ < 200, "stopped early");
    });
  });
});
