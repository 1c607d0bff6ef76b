import { strict as assert } from "assert";
import { nn, torch } from "../../lib/nn";
import { ShapeError, OptionError } from "../../lib/errors";
import { GradError, Tensor } from "../../lib/nn/tensor";
import { NDArray } from "../../lib/array/ndarray";

/** Central differences of a scalar function of one tensor's values, in float64 around float32 values. */
function numericGrad(f: () => number, t: Tensor, h = 1e-2): number[] {
  const g: number[] = [];
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    t.data[i] = v + h; const up = f();
    t.data[i] = v - h; const down = f();
    t.data[i] = v;
    g.push((up - down) / (2 * h));
  }
  return g;
}

function checkGrads(build: () => Tensor, params: Tensor[], tol = 2e-2): void {
  for (const p of params) p.gradData = null;
  build().backward();
  for (const p of params) {
    const analytic = Array.from(p.gradData!);
    const numeric = numericGrad(() => torch.noGrad(() => build().item()), p);
    analytic.forEach((a, i) => assert.ok(Math.abs(a - numeric[i]) <= tol * (1 + Math.abs(numeric[i])),
      `grad[${i}] ${a} vs finite difference ${numeric[i]}`));
  }
}

describe("nn ops and modules", () => {
  beforeEach(() => torch.manualSeed(1));

  it("Linear maps [n, in] to [n, out] (and [in] to [out]) with PyTorch's weight layout and init bound", () => {
    const fc = new nn.Linear(30, 64);
    assert.deepEqual(fc.weight.shape, [64, 30]);
    assert.deepEqual(fc.bias!.shape, [64]);
    const bound = 1 / Math.sqrt(30);
    assert.ok(fc.weight.data.every((v) => Math.abs(v) <= bound) && fc.bias!.data.every((v) => Math.abs(v) <= bound));
    // Uniform on [−b, b]: the spread is near its variance b²/3 (1920 draws).
    const w = Array.from(fc.weight.data), m = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - m) ** 2, 0) / w.length;
    assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.1, `variance ${variance}`);
    assert.deepEqual(fc.forward(torch.tensor(new NDArray(new Float64Array(5 * 30), [5, 30]))).shape, [5, 64]);
    assert.deepEqual(fc.forward(torch.tensor(new Array(30).fill(1))).shape, [64]);
    const x = torch.tensor([[1, 2, 3]]);
    const small = new nn.Linear(3, 2);
    const y = small.forward(x);
    for (let j = 0; j < 2; j++) {
      const expect = small.bias!.data[j] + [0, 1, 2].reduce((s, k) => s + small.weight.data[j * 3 + k] * x.data[k], 0);
      assert.ok(Math.abs(y.data[j] - expect) < 1e-5);
    }
  });

  it("the same manualSeed gives the same weights; another seed different ones", () => {
    torch.manualSeed(42); const a = new nn.Linear(4, 3).weight.data.slice();
    torch.manualSeed(42); const b = new nn.Linear(4, 3).weight.data.slice();
    torch.manualSeed(43); const c = new nn.Linear(4, 3).weight.data.slice();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("gradients of linear, relu, sigmoid, tanh and the elementwise ops match finite differences", () => {
    const x = torch.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], { requiresGrad: true });
    const fc = new nn.Linear(3, 4), fc2 = new nn.Linear(4, 1);
    const build = () => fc2.forward(fc.forward(x).relu().tanh()).sigmoid().mul(x.sum()).add(1).div(2).sub(0.1).mean();
    checkGrads(build, [x, fc.weight, fc.bias!, fc2.weight, fc2.bias!]);
  });

  it("Dropout zeroes about p of the values and scales the rest in training, and is the identity in eval", () => {
    const d = new nn.Dropout(0.3);
    const x = torch.tensor(new Array(20000).fill(1));
    const y = d.forward(x);
    const zeros = y.data.filter((v) => v === 0).length;
    assert.ok(Math.abs(zeros / 20000 - 0.3) < 0.02, `dropped share ${zeros / 20000}`);
    assert.ok(y.data.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
    d.eval();
    assert.deepEqual(Array.from(d.forward(x).data), Array.from(x.data));
    // eval() and train() reach nested children.
    const net = new nn.Sequential(new nn.Linear(2, 2), new nn.Dropout(0.5));
    net.eval();
    assert.equal((net[1] as InstanceType<typeof nn.Dropout>).training, false);
    net.train();
    assert.equal((net[1] as InstanceType<typeof nn.Dropout>).training, true);
  });

  it("dropout's gradient passes only through kept units", () => {
    const x = torch.tensor(new Array(50).fill(2), { requiresGrad: true });
    const y = new nn.Dropout(0.5).forward(x);
    y.sum().backward();
    for (let i = 0; i < 50; i++) assert.equal(x.grad!.data[i], y.data[i] === 0 ? 0 : 2);
  });

  it("Sequential's fused Linear → ReLU → Dropout gives the outputs and gradients of the layers run one by one", () => {
    const net = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Dropout(0.4), new nn.Linear(16, 8), new nn.ReLU(),
      new nn.Linear(8, 1), new nn.Sigmoid());
    const x = torch.tensor(Array.from({ length: 20 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.cos(i * 6 + j))));
    const y = torch.tensor(Array.from({ length: 20 }, (_, i) => i % 2));
    const run = (fused: boolean): number[] => {
      torch.manualSeed(77);
      for (const p of net.parameters()) p.gradData = null;
      let h = x;
      if (fused) h = net.forward(x);
      else for (const [, m] of net.namedChildren()) h = m.forward(h);
      const loss = new nn.BCELoss().forward(h.squeeze(), y);
      loss.backward();
      return [...h.data, loss.item(), ...net.parameters().flatMap((p) => Array.from(p.gradData!))];
    };
    for (const mode of ["train", "eval"] as const) {
      net[mode]();
      const a = run(true), b = run(false);
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-6 * (1 + Math.abs(b[i])), `${mode} ${i}: ${v} vs ${b[i]}`));
    }
  });

  it("squeeze, reshape, comparisons and argmax", () => {
    const t = torch.tensor([[0.2], [0.7], [0.5]]);
    assert.deepEqual(t.squeeze().shape, [3]);
    assert.deepEqual(t.reshape(1, -1).shape, [1, 3]);
    assert.deepEqual(Array.from(t.squeeze().ge(0.5).data), [0, 1, 1]);
    assert.equal(t.squeeze().ge(0.5).eq([0, 1, 0]).float().mean().item().toFixed(4), "0.6667");
    assert.deepEqual(Array.from(torch.tensor([[1, 5, 2], [7, 0, 1]]).argmax(1).data), [1, 0]);
  });

  it("gradients accumulate until zeroed, and noGrad records nothing", () => {
    const w = torch.tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    assert.deepEqual(Array.from(w.grad!.data), [6, 6]);
    const out = torch.noGrad(() => w.mul(2).sum());
    assert.equal(out.requiresGrad, false);
    assert.throws(() => out.backward(), GradError);
  });

  it("bad input gives typed errors", () => {
    const fc = new nn.Linear(3, 2);
    assert.throws(() => fc.forward(torch.tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && /\[n, 3\]/.test(e.message));
    assert.throws(() => new nn.Linear(0, 2), OptionError);
    assert.throws(() => new nn.Dropout(1.5), OptionError);
    assert.throws(() => torch.tensor([[1, 2], [3]]), ShapeError);
    assert.throws(() => torch.tensor([1, 2], { requiresGrad: true }).mul(2).backward(), ShapeError);
    assert.throws(() => torch.tensor([1, 2]).add(torch.tensor([1, 2, 3])), ShapeError);
    assert.throws(() => torch.manualSeed(-1), OptionError);
  });

  it("a network shows its layers and a parameter-count table; a tensor shows shape and dtype", () => {
    const net = new nn.Sequential(new nn.Linear(30, 64), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(64, 1));
    const b = (net as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    assert.match(b["text/plain"], /^Sequential\(\n  \(0\): Linear\(in_features=30, out_features=64, bias=True\)/);
    assert.match(b["text/plain"], /\(2\): Dropout\(p=0.3, inplace=False\)/);
    assert.match(b["text/plain"], /2049 parameters$/);
    assert.match(b["text/html"], /<td[^>]*>0\.weight<\/td><td[^>]*>\[64, 30\]<\/td><td[^>]*>1,920<\/td>/);
    const t = (torch.tensor([[1, 2.5]]) as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    assert.equal(t["text/plain"], "Tensor shape [1, 2], dtype float32\n[[1.  2.5]]");
    assert.match(t["text/html"], /Tensor shape \(1, 2\), dtype float32/);
  });
});
