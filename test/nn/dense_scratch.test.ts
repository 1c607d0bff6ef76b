import { strict as assert } from "assert";
import { nn, torch } from "../../lib/nn";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState } from "../../lib/random/random_state";

/** The fused Linear → ReLU → Dropout block (lib/nn/dense.ts) reuses scratch for its mask and masked gradient. */
describe("nn dense block: scratch reuse across graphs", () => {
  function net(): InstanceType<typeof nn.Sequential> {
    return new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Dropout(0.4), new nn.Linear(16, 9), new nn.ReLU(),
      new nn.Dropout(0.2), new nn.Linear(9, 1));
  }
  const rs = new RandomState(5);
  const X1 = torch.tensor(rs.normal(0, 1, [40, 6]) as NDArray), X2 = torch.tensor(rs.normal(0, 1, [25, 6]) as NDArray);

  /** Gradients of sum(model(X1)) and of sum(model(X2)), with both forward passes taken before either backward or not. */
  function grads(interleaved: boolean): number[][] {
    torch.manualSeed(3);
    const model = net();
    model.train();
    const out: number[][] = [];
    const collect = (): void => {
      out.push(model.parameters().flatMap((p) => Array.from(p.grad!.data)));
      for (const p of model.parameters()) p.grad = null;
    };
    if (interleaved) {
      const a = model.forward(X1), b = model.forward(X2);
      a.sum().backward(); collect();
      b.sum().backward(); collect();
    } else {
      model.forward(X1).sum().backward(); collect();
      model.forward(X2).sum().backward(); collect();
    }
    return out;
  }

  it("a graph's backward is unchanged when another forward pass (a new mask, a larger batch) ran in between", () => {
    const seq = grads(false), inter = grads(true);
    assert.equal(seq.length, 2);
    assert.ok(seq[0].some((v) => v !== 0) && seq[1].some((v) => v !== 0), "gradients flow");
    assert.deepEqual(inter, seq);
  });
});
