/**
 * nn.Softmax exports to ONNX's Softmax (axis = dim) and ONNX Runtime gives typelearn's values: to 1e-6 relative
 * where the graph's only arithmetic is the Softmax (an identity Linear in front, whose float32 Gemm is exact in
 * any summation order), to float32 precision (1e-5) behind a trained-like net; both files pass the full checker.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadIris } from "../../lib/datasets";
import { nn, manualSeed } from "../../lib/nn";
import { tensor } from "../../lib/nn/tensor";
import { exportOnnx, loadOnnx } from "../../lib/onnx";
import { assertClose, checkerFailures, flat } from "./helpers";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Linear(n, n) computing x itself: weights the identity, bias zero. */
function identityLinear(n: number): nn.Linear {
  const l = new nn.Linear(n, n);
  l.weight.data.fill(0);
  for (let i = 0; i < n; i++) l.weight.data[i * n + i] = 1;
  l.bias!.data.fill(0);
  return l;
}

describe("onnx: nn.Softmax", function () {
  this.timeout(300_000);
  // its own folder: the export tests remove the shared one when they finish
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-onnx-softmax-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keep = (name: string, bytes: Uint8Array): Uint8Array => { fs.writeFileSync(path.join(dir, name), bytes); return bytes; };
  const X = loadIris().data as NDArray;
  // iris scaled up so scores reach ~80: a softmax that does not subtract the max overflows float32's exp
  const big = X.mul(10);

  it("Softmax(dim) alone: ONNX Runtime equals typelearn to 1e-6 relative, along rows (1, -1) and the batch (0)", () => {
    const files: string[] = [];
    for (const dim of [1, -1, 0]) {
      const net = new nn.Sequential(identityLinear(4), new nn.Softmax(dim));
      net.eval();
      const name = `softmax_dim${dim}.onnx`;
      const m = loadOnnx(keep(name, exportOnnx(net)));
      files.push(path.join(dir, name));
      const want = net.forward(tensor((big as Any).toArray())).data;
      const got = m.transform(big);
      assert.deepEqual(got.shape, [150, 4]);
      assertClose(flat(got), Array.from(want), 1e-6, 1e-30, `softmax dim ${dim}`);
      m.release();
    }
    assert.deepEqual(checkerFailures(files), []);
  });

  it("a classifier net ending in Softmax: probabilities to float32 precision, rows summing to 1", () => {
    manualSeed(2);
    const net = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3), new nn.Softmax(1));
    net.eval();
    const m = loadOnnx(keep("softmax_net.onnx", exportOnnx(net)));
    const want = net.forward(tensor((X as Any).toArray())).data;
    const got = m.transform(X);
    assertClose(flat(got), Array.from(want), 1e-5, 1e-7, "net probabilities");
    for (let i = 0; i < 150; i++) assert.ok(Math.abs(got.row(i).sum() - 1) < 1e-6, `row ${i}`);
    assert.deepEqual(checkerFailures([path.join(dir, "softmax_net.onnx")]), []);
  });
});
