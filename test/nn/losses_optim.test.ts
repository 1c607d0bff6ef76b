import { strict as assert } from "assert";
import { nn, optim, torch } from "../../lib/nn";
import { OptionError, ShapeError } from "../../lib/errors";
import { Parameter } from "../../lib/nn/tensor";
import { adamJs } from "../../lib/nn/optim";
import { wasmAdam } from "../../lib/nn/wasm_adam";
import { assertClose, flat, ref } from "./helpers";

describe("nn losses and optimizers against PyTorch", () => {
  const L = ref.losses;
  for (const reduction of ["mean", "sum"] as const) {
    it(`BCELoss, CrossEntropyLoss and MSELoss (${reduction}): values and input gradients`, () => {
      const cases: Array<[string, InstanceType<typeof nn.BCELoss>, number[] | number[][], unknown, "int64" | undefined]> = [
        ["bce", new nn.BCELoss({ reduction }), L.p, L.y, undefined],
        ["ce", new nn.CrossEntropyLoss({ reduction }), L.logits, L.labels, "int64"],
        ["mse", new nn.MSELoss({ reduction }), L.pred, L.target, undefined],
      ];
      for (const [name, loss, input, target, dtype] of cases) {
        const x = torch.tensor(input, { requiresGrad: true });
        const v = loss.forward(x, torch.tensor(target as number[], { dtype }));
        v.backward();
        const r = L.results[`${name}_${reduction}`];
        assertClose(v.item(), r.value, 1e-6, 1e-5, `${name} value`);
        assertClose(x.grad!.data, r.grad, 1e-6, 1e-4, `${name} grad`);
      }
    });
  }

  it("losses reject mismatched sizes, out-of-range probabilities and labels", () => {
    assert.throws(() => new nn.BCELoss().forward(torch.tensor([0.5, 0.5]), [1, 0, 1]), ShapeError);
    assert.throws(() => new nn.BCELoss().forward(torch.tensor([1.5]), [1]), OptionError);
    assert.throws(() => new nn.CrossEntropyLoss().forward(torch.tensor([[1, 2]]), [2]), OptionError);
    assert.throws(() => new nn.CrossEntropyLoss().forward(torch.tensor([1, 2]), [0]), ShapeError);
    assert.throws(() => new nn.MSELoss({ reduction: "none" as "mean" }), OptionError);
  });

  const runs: Array<[string, (p: Parameter[]) => { step(): void; zeroGrad(): void }]> = [
    ["adam", (p) => new optim.Adam(p, { lr: 0.01 })],
    ["adam_wd", (p) => new optim.Adam(p, { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 })],
    ["sgd", (p) => new optim.SGD(p, { lr: 0.1 })],
    ["sgd_momentum", (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 })],
    ["sgd_nesterov", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true })],
  ];
  for (const [name, make] of runs) {
    it(`${name}: three steps land where PyTorch's do`, () => {
      const r = ref.optim[name];
      const w = new Parameter(Float32Array.from(flat(r.w0)), [2, 3]);
      const opt = make([w]);
      for (const g of r.grads) {
        opt.zeroGrad();
        w.gradData = Float32Array.from(flat(g));
        opt.step();
      }
      assertClose(w.data, r.w, 1e-6, 1e-5, name);
    });
  }

  it("Adam's WebAssembly SIMD kernel agrees with the JavaScript loop (odd sizes, weight decay, parameters without gradient)", () => {
    const kernel = wasmAdam([1003, 6, 1]);
    assert.ok(kernel, "WebAssembly SIMD is available in Node");
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const sizes = [1003, 6, 1];
    const w = sizes.map((n) => Float32Array.from({ length: n }, rnd)), wJs = w.map((a) => a.slice());
    const mJs = sizes.map((n) => new Float32Array(n)), vJs = sizes.map((n) => new Float32Array(n));
    for (let t = 1; t <= 5; t++) {
      const s = { b1: 0.8, b2: 0.99, stepSize: 0.05 / (1 - 0.8 ** t), sqrtBc2: Math.sqrt(1 - 0.99 ** t), eps: 1e-6, wd: 0.1 };
      for (let k = 0; k < 3; k++) {
        if (k === 2 && t % 2 === 0) continue; // a parameter skipped on some steps keeps its moments
        const g = Float32Array.from({ length: sizes[k] }, rnd);
        kernel!.update(k, w[k], g, s);
        adamJs(wJs[k], g, mJs[k], vJs[k], s);
      }
    }
    for (let k = 0; k < 3; k++) {
      assertClose(w[k], Array.from(wJs[k]), 1e-6, 1e-5, `w[${k}]`);
      assertClose(kernel!.m[k], Array.from(mJs[k]), 1e-6, 1e-5, `m[${k}]`);
      assertClose(kernel!.v[k], Array.from(vJs[k]), 1e-6, 1e-5, `v[${k}]`);
    }
  });

  it("optimizers reject bad options", () => {
    const p = [new Parameter(new Float32Array(2), [2])];
    assert.throws(() => new optim.Adam(p, { lr: -1 }), OptionError);
    assert.throws(() => new optim.Adam(p, { betas: [0.9, 1] }), OptionError);
    assert.throws(() => new optim.SGD(p, { nesterov: true }), OptionError);
    assert.throws(() => new optim.SGD([]), OptionError);
  });

  it("a small network's loss and every parameter gradient match PyTorch's for the same weights", () => {
    const N = ref.network;
    const net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2), new nn.Tanh(), new nn.Linear(2, 1), new nn.Sigmoid());
    net.loadStateDict(Object.fromEntries(Object.entries(N.state as Record<string, number[][]>).map(([k, v]) => [k, torch.tensor(v)])));
    const loss = new nn.BCELoss().forward(net.forward(N.X).squeeze(), N.y);
    loss.backward();
    assertClose(loss.item(), N.loss, 1e-6, 1e-5, "loss");
    for (const [k, p] of net.namedParameters()) assertClose(p.grad!.data, N.grads[k], 1e-6, 1e-4, k);
  });
});
