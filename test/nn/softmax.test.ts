/**
 * nn.Softmax against PyTorch 1.13 (test/fixtures/nn_softmax.json, written by nn_softmax.py): values along every
 * axis of rank-1 to rank-3 inputs (one score of 40, which overflows a naive exp-sum in float32) and the gradient
 * of sum(softmax(x) · w); the module saves and loads with its dim, and a bad dim is an OptionError.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { nn, torch, loadModel, saveModel } from "../../lib/nn";
import { Tensor } from "../../lib/nn/tensor";
import { OptionError } from "../../lib/errors";

interface Case { shape: number[]; dim: number; x: number[]; w: number[]; y: number[]; grad: number[] }
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../test/fixtures/nn_softmax.json"), "utf8")) as { cases: Case[] };

function close(got: ArrayLike<number>, want: number[], rtol: number, atol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= rtol * Math.abs(want[i]) + atol;
    assert.ok(ok, `${what}[${i}]: typelearn ${got[i]} vs PyTorch ${want[i]}`);
  }
}

describe("nn.Softmax", () => {
  it("equals PyTorch's softmax and its gradient along every axis of rank 1-3 inputs", () => {
    assert.equal(fixture.cases.length, 2 + 4 + 6, "fixture cases: dims -r..r-1 of ranks 1, 2, 3");
    for (const c of fixture.cases) {
      const x = new Tensor(Float32Array.from(c.x), c.shape, { requiresGrad: true });
      const y = new nn.Softmax(c.dim).forward(x);
      assert.deepEqual(y.shape, c.shape);
      close(y.data, c.y, 1e-6, 1e-30, `softmax shape [${c.shape}] dim ${c.dim}`);
      y.mul(new Tensor(Float32Array.from(c.w), c.shape)).sum().backward();
      // y·(w − Σw·y) cancels where w ≈ Σw·y: PyTorch's float32 difference carries ~1e-7·|w| (|w| ≲ 3) of noise
      close(x.gradData!, c.grad, 1e-5, 1e-6, `gradient shape [${c.shape}] dim ${c.dim}`);
    }
  });

  it("the tensor method and nn.functional give the same values; slices sum to 1", () => {
    torch.manualSeed(3);
    const x = new nn.Linear(4, 5).forward(torch.tensor([[1, 2, 3, 4], [-1, 0, 2, 9]]));
    const a = new nn.Softmax(-1).forward(x), b = x.softmax(1), c = nn.functional.softmax(x, 1);
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
    assert.deepEqual(Array.from(a.data), Array.from(c.data));
    for (let i = 0; i < 2; i++) {
      const s = Array.from(a.data.slice(i * 5, i * 5 + 5)).reduce((p, q) => p + q, 0);
      assert.ok(Math.abs(s - 1) < 1e-6, `row ${i} sums to ${s}`);
    }
  });

  it("saves and loads with its dim; repr names it", async () => {
    torch.manualSeed(0);
    const net = new nn.Sequential(new nn.Linear(3, 4), new nn.Softmax(1));
    assert.match(String(net), /Softmax\(dim=1\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-softmax-"));
    try {
      await saveModel(net, dir);
      const back = await loadModel(dir);
      const x = torch.tensor([[0.5, -1, 2]]);
      assert.deepEqual(Array.from(back.forward(x).data), Array.from(net.forward(x).data));
      assert.equal((back as nn.Sequential)[1].constructor, nn.Softmax);
      assert.equal(((back as nn.Sequential)[1] as nn.Softmax).dim, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing or fractional dim, or one outside the input's axes, is an OptionError", () => {
    assert.throws(() => new (nn.Softmax as unknown as new () => nn.Softmax)(), OptionError);
    assert.throws(() => new nn.Softmax(0.5), OptionError);
    assert.throws(() => new nn.Softmax(2).forward(torch.tensor([[1, 2]])), (e: Error) => e instanceof OptionError && /\[-2, 2\)/.test(e.message));
  });
});
