import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { nn, torch, tf } from "../../lib/nn";
import { backend, useJsKernels } from "../../lib/nn/backend";
import { gemm32, matmulJs, matmulTf, transpose } from "../../lib/nn/gemm";
import { toMimeBundle } from "../../lib/display";
import { NDArray } from "../../lib/array/ndarray";
import { InputTypeError } from "../../lib/errors";

describe("nn engine: lazy tfjs, backend choice, tensor display", function () {
  this.timeout(60000);

  it("importing typelearn does not load tfjs; nn works before ready()", () => {
    const lib = path.join(__dirname, "..", "..", "lib", "index.js");
    const script = `const L = require(${JSON.stringify(lib)});
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("@tensorflow"));
      const before = loaded();
      const net = new L.nn.Linear(3, 2);
      const y = net.forward(L.torch.tensor([[1, 2, 3]]));
      const svg = L.nn.lossCurveBundle([{ epoch: 1, metrics: { loss: 1 } }, { epoch: 2, metrics: { loss: 0.5 } }])["image/svg+xml"];
      const vega = Object.keys(require.cache).some((k) => /node_modules[\\/]vega/.test(k));
      console.log(JSON.stringify({ before, afterNet: loaded(), backend: L.nn.backend(), shape: y.shape,
        svg: svg.startsWith("<svg"), vegaInMainThread: vega, afterPlot: loaded() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    // The loss curve's SVG is rendered by lib/plot's worker: vega never loads on the kernel's thread.
    assert.deepEqual(out, { before: false, afterNet: false, backend: "js", shape: [1, 2], svg: true, vegaInMainThread: false,
      afterPlot: false });
  });

  it("ready() picks a tfjs backend (wasm here: tfjs-node is not installed) and keeps its choice", async () => {
    const b = await nn.ready();
    assert.ok(["tensorflow", "wasm", "cpu"].includes(b));
    assert.equal(backend(), b);
    assert.equal(await nn.ready(), b);
    assert.equal(tf.getBackend(), b);
  });

  it("products on the tfjs backend equal the JavaScript kernel's (plain and via explicit transposes)", async () => {
    await nn.ready();
    torch.manualSeed(5);
    const a = new nn.Linear(70, 90).weight.data, b = new nn.Linear(90, 40).weight.data; // [90, 70], [40, 90]
    const bt = transpose(b, 40, 90);
    const viaTf = matmulTf(transpose(a, 90, 70), bt, 70, 90, 40), viaJs = matmulJs(transpose(a, 90, 70), bt, 70, 90, 40);
    for (let i = 0; i < viaJs.length; i++) assert.ok(Math.abs(viaTf[i] - viaJs[i]) < 1e-5, `${i}: ${viaTf[i]} vs ${viaJs[i]}`);
    // A·Wᵀ with a weight large enough to be transposed by the backend.
    const x = new nn.Linear(300, 16).weight.data, w = new nn.Linear(300, 400).weight.data; // [16, 300], [400, 300]
    const bt1 = gemm32(x, w, 16, 300, 400, { transB: true }), bt2 = matmulJs(x, transpose(w, 400, 300), 16, 300, 400);
    for (let i = 0; i < bt2.length; i++) assert.ok(Math.abs(bt1[i] - bt2[i]) < 1e-5, `Bt ${i}: ${bt1[i]} vs ${bt2[i]}`);
  });

  it("a layer gives the same outputs and gradients on either engine", async () => {
    await nn.ready();
    torch.manualSeed(9);
    const fc = new nn.Linear(64, 128);
    const x = torch.tensor(Array.from({ length: 32 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.sin(i * 64 + j))));
    const run = () => { fc.weight.gradData = null; const y = fc.forward(x).relu().sum(); y.backward(); return [y.item(), ...fc.weight.gradData!]; };
    const fast = run();
    useJsKernels(true);
    try {
      assert.equal(backend(), "js");
      const slow = run();
      fast.forEach((v, i) => assert.ok(Math.abs(v - slow[i]) <= 1e-4 * (1 + Math.abs(v)), `${i}: ${v} vs ${slow[i]}`));
    } finally {
      useJsKernels(false);
    }
  });

  it("a tf.Tensor displays like an NDArray (NumPy text, HTML table) instead of an object dump", () => {
    const t = tf.tensor([[1, 2.5], [3, 4]]);
    const b = toMimeBundle(t);
    assert.equal(b["text/plain"], "tf.Tensor shape [2, 2], dtype float32\n[[1.  2.5]\n [3.  4. ]]");
    assert.match(b["text/html"] as string, /<table class="typelearn-ndarray">.*tf\.Tensor shape \(2, 2\), dtype float32/s);
    assert.equal(toMimeBundle(tf.tensor([1, 2], undefined, "int32"))["text/plain"], "tf.Tensor shape [2], dtype int32\n[1 2]");
    const back = nn.fromTf(t);
    assert.deepEqual([back.dtype, back.shape, Array.from(back.data)], ["float64", [2, 2], [1, 2.5, 3, 4]]);
    const ints = nn.toTf(new NDArray(Int32Array.of(1, 2, 3), [3], "int32"));
    assert.deepEqual([ints.dtype, ints.shape, Array.from(ints.dataSync())], ["int32", [3], [1, 2, 3]]);
    assert.deepEqual(nn.toTf([[1, 2]]).shape, [1, 2]);
    assert.throws(() => nn.fromTf({} as never), InputTypeError);
    const nt = torch.tensor(t);
    assert.deepEqual(Array.from(nt.data), [1, 2.5, 3, 4]);
    assert.deepEqual(nt.toTf().shape, [2, 2]);
    t.dispose();
  });
});

describe("nn public types", () => {
  it("no declaration file of the library refers to @tensorflow/tfjs (the kernel would type-check all of tfjs per cell)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require("fs") as typeof import("fs");
    const root = path.join(__dirname, "..", "..", "lib");
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".d.ts")) {
          const code = fs.readFileSync(p, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
          if (/(from|import\()\s*["']@tensorflow\//.test(code)) offenders.push(p);
        }
      }
    };
    walk(root);
    assert.deepEqual(offenders, []);
  });
});
