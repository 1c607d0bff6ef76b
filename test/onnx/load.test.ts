/**
 * loadOnnx and serving .onnx files: a typelearn-exported model and a model built by python3-onnx's helper API (a
 * graph no typelearn code wrote) load, predict synchronously (usable in metrics) and serve with the .tl routes and
 * validation; nn nets export as float32 graphs that ONNX Runtime runs to float32 precision.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer, loadIris } from "../../lib/datasets";
import { trainTestSplit } from "../../lib/selection";
import { LogisticRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing";
import { RandomForestRegressor } from "../../lib/ensemble";
import { makePipeline } from "../../lib/pipeline";
import { accuracyScore } from "../../lib/metrics";
import { nn, manualSeed } from "../../lib/nn";
import { tensor } from "../../lib/nn/tensor";
import { exportOnnx, loadOnnx, OnnxExportError, OnnxModel, OnnxRuntimeError } from "../../lib/onnx";
import { serve } from "../../lib/serve";
import { assertClose, checkerFailures, flat } from "./helpers";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-onnx-load-"));
const [Xtr, Xte, ytr, yte] = trainTestSplit(loadIris().data as NDArray, loadIris().target as NDArray, { testSize: 0.3, randomState: 0 }) as NDArray[];

/** A 3-class linear model written with onnx.helper (opset 13): label (int64) and probabilities (float). */
const PY_MODEL = `
import sys, onnx
from onnx import helper, TensorProto
W = helper.make_tensor("W", TensorProto.FLOAT, [4, 3], [0.5, -0.2, -0.3, 1.0, 0.1, -1.1, -1.5, 0.4, 1.1, -1.2, 0.2, 1.0])
b = helper.make_tensor("b", TensorProto.FLOAT, [3], [0.3, 0.1, -0.4])
nodes = [helper.make_node("MatMul", ["input", "W"], ["mm"]), helper.make_node("Add", ["mm", "b"], ["scores"]),
         helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1),
         helper.make_node("ArgMax", ["scores"], ["label"], axis=1, keepdims=0)]
g = helper.make_graph(nodes, "py_linear", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
     helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3])], [W, b])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
onnx.checker.check_model(m, full_check=True)
onnx.save(m, sys.argv[1])
`;
const W = [0.5, -0.2, -0.3, 1.0, 0.1, -1.1, -1.5, 0.4, 1.1, -1.2, 0.2, 1.0], B = [0.3, 0.1, -0.4];

/** The python model's label, computed here in float32 as ONNX Runtime does. */
function pyLabel(row: ArrayLike<number>): number {
  let best = 0, bestV = -Infinity;
  for (let k = 0; k < 3; k++) {
    let s = Math.fround(B[k]);
    let acc = 0;
    for (let j = 0; j < 4; j++) acc = Math.fround(acc + Math.fround(Math.fround(row[j]) * Math.fround(W[j * 3 + k])));
    s = Math.fround(acc + s);
    if (s > bestV) { bestV = s; best = k; }
  }
  return best;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Any }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("onnx: loadOnnx, serving .onnx, nn nets", function () {
  this.timeout(300_000);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a typelearn-exported pipeline loads and predicts like the original, usable in metrics", () => {
    const pipe = makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 1000 })).fit(Xtr, ytr);
    const file = path.join(dir, "pipe.onnx");
    exportOnnx(pipe, file);
    const m = loadOnnx(file);
    assert.ok(m instanceof OnnxModel);
    assert.equal(m.nFeaturesIn_, 4);
    assert.deepEqual(flat(m.classes_), flat(pipe.classes_ as NDArray));
    assert.deepEqual(flat(m.predict(Xte)), flat(pipe.predict(Xte)));
    assertClose(flat(m.predictProba(Xte)), flat(pipe.predictProba(Xte)), 1e-6, 1e-12, "probabilities");
    assert.equal(accuracyScore(yte, m.predict(Xte) as NDArray), accuracyScore(yte, pipe.predict(Xte) as NDArray));
    assert.throws(() => m.predict([[1, 2, 3]]), /4 features/);
    const pending = m.predictAsync(Xte);
    assert.ok(pending instanceof Promise, "predictAsync does not block");
    return pending.then((labels) => {
      assert.deepEqual(flat(labels), flat(pipe.predict(Xte)));
      m.release();
    });
  });

  it("a regressor's [N, 1] output comes back as [N]", () => {
    const d = loadBreastCancer();
    const rf = new RandomForestRegressor({ nEstimators: 5, maxDepth: 4, randomState: 0 }).fit(d.data as NDArray, d.target as NDArray);
    const m = loadOnnx(exportOnnx(rf));
    const got = m.predict(d.data as NDArray) as NDArray;
    assert.deepEqual(got.shape, [569]);
    assertClose(flat(got), flat(rf.predict(d.data as NDArray)), 1e-5, 1e-6, "forest");
  });

  it("a model built by python3-onnx's helper API loads, predicts and serves", async () => {
    const file = path.join(dir, "py_linear.onnx");
    const r = spawnSync("/usr/bin/python3", ["-c", PY_MODEL, file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const m = loadOnnx(file, { classes: [0, 1, 2] });
    const labels = flat(m.predict(Xte));
    const want = Array.from({ length: Xte.shape[0] }, (_v, i) => pyLabel((Xte.data as Float64Array).subarray(i * 4, i * 4 + 4)));
    assert.deepEqual(labels, want);
    const p = m.predictProba(Xte) as NDArray;
    for (let i = 0; i < Xte.shape[0]; i++) assert.ok(Math.abs(p.data[i * 3] + p.data[i * 3 + 1] + p.data[i * 3 + 2] - 1) < 1e-6);
    assert.ok(new Set(labels).size > 1, "the model separates some classes");

    const server = await serve(file, { port: 0 });
    try {
      const row = Array.from((Xte.data as Float64Array).subarray(0, 4));
      const one = await post(`${server.url}/predict`, { features: row });
      assert.equal(one.status, 200);
      assert.equal(one.json.prediction, want[0]);
      assert.equal(one.json.probabilities, undefined, "no classes recorded in the file, so no probabilities");
      const rows = [0, 1, 2].map((i) => Array.from((Xte.data as Float64Array).subarray(i * 4, i * 4 + 4)));
      const batch = await post(`${server.url}/predict/batch`, { instances: rows });
      assert.deepEqual(batch.json.predictions, want.slice(0, 3));
      const bad = await post(`${server.url}/predict`, { features: [1, 2] });
      assert.equal(bad.status, 400);
      assert.match(bad.json.message, /4/);
      const meta = await (await fetch(`${server.url}/metadata`)).json() as Any;
      assert.equal(meta.className, "OnnxModel");
      assert.equal(meta.nFeatures, 4);
      assert.match(meta.modelSha256, /^[0-9a-f]{64}$/);
    } finally {
      await server.close();
    }
  });

  it("serving a typelearn .onnx classifier returns probabilities with its classes", async () => {
    const clf = new LogisticRegression({ maxIter: 1000 }).fit(Xtr, ytr);
    const file = path.join(dir, "clf.onnx");
    exportOnnx(clf, file);
    const server = await serve(file, { port: 0 });
    try {
      const row = Array.from((Xte.data as Float64Array).subarray(0, 4));
      const one = await post(`${server.url}/predict`, { features: row });
      assert.equal(one.json.prediction, flat(clf.predict([row]))[0]);
      assertClose(one.json.probabilities, flat(clf.predictProba([row])), 1e-6, 1e-12, "served probabilities");
    } finally {
      await server.close();
    }
  });

  it("a file that is not ONNX gets OnnxRuntimeError", () => {
    assert.throws(() => loadOnnx(Buffer.from("not a model")), OnnxRuntimeError);
  });

  it("nn Sequential nets (Linear, ReLU, Tanh, Sigmoid, Dropout) export as float32 and match", () => {
    manualSeed(0);
    const net = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(16, 8), new nn.Tanh(),
      new nn.Linear(8, 3), new nn.Sigmoid());
    net.eval();
    const file = path.join(dir, "net.onnx");
    exportOnnx(net, file);
    const want = net.forward(tensor((Xte as Any).toArray())).data;
    const m = loadOnnx(file);
    assertClose(flat(m.transform(Xte)), Array.from(want), 1e-5, 1e-6, "net output");
    assert.deepEqual(checkerFailures([file, path.join(dir, "pipe.onnx"), path.join(dir, "clf.onnx")]), []);
  });

  it("a Module wrapping one Sequential (the guide's net) exports as its child; a richer Module gets OnnxExportError", () => {
    class Wrapper extends nn.Module {
      network: Any;
      constructor() {
        super();
        this.network = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1), new nn.Sigmoid());
      }
      forward(x: Any) { return this.network.forward(x).squeeze(); }
    }
    manualSeed(1);
    const w = new Wrapper();
    w.eval();
    const want = w.forward(tensor((Xte as Any).toArray())).data;
    const m = loadOnnx(exportOnnx(w));
    assertClose(flat(m.predict(Xte)), Array.from(want), 1e-5, 1e-6, "wrapped net");
    class Two extends nn.Module {
      a = new nn.Linear(4, 2);
      b = new nn.Linear(4, 2);
      forward(x: Any) { return this.a.forward(x); }
    }
    assert.throws(() => exportOnnx(new Two()), (e: Error) => e instanceof OnnxExportError && /Two/.test(e.message));
  });
});
