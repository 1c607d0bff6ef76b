import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { nn, optim, torch, loadModel, saveModel, loadStateDict } from "../../lib/nn";
import { ModelFileError } from "../../lib/nn/serialize";
import { OptionError, ShapeError } from "../../lib/errors";
import { Module } from "../../lib/nn/modules";
import { Tensor, TensorLike } from "../../lib/nn/tensor";
import { guideData } from "./helpers";
import { setDisplayHook, MimeBundle } from "../../lib/display";
import { assertWellFormedSvg } from "../plot/svg_helpers";

/** The guide's network, written as the guide writes it: a Module subclass around a Sequential. */
class CancerClassifier extends Module {
  network: InstanceType<typeof nn.Sequential>;
  constructor(inputSize: number) {
    super();
    this.network = new nn.Sequential(
      new nn.Linear(inputSize, 64), new nn.ReLU(), new nn.Dropout(0.3),
      new nn.Linear(64, 32), new nn.ReLU(), new nn.Dropout(0.2),
      new nn.Linear(32, 1), new nn.Sigmoid());
  }
  forward(x: TensorLike): Tensor { return this.network.forward(x).squeeze(); }
}

function trainGuide(seed: number): { model: CancerClassifier; accuracy: number; losses: number[] } {
  const d = guideData();
  const X = torch.tensor(d.XTrain), y = torch.tensor(d.yTrain), Xt = torch.tensor(d.XTest), yt = torch.tensor(d.yTest);
  torch.manualSeed(seed);
  const model = new CancerClassifier(30);
  const criterion = new nn.BCELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 100; epoch++) {
    model.train();
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(X), y);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  model.eval();
  const out = torch.noGrad(() => model.forward(Xt));
  return { model, accuracy: out.ge(0.5).eq(yt).float().mean().item(), losses };
}

describe("nn training: the guide's CancerClassifier", function () {
  this.timeout(120000);

  for (const seed of [0, 1, 2, 3, 4]) {
    it(`seed ${seed}: 100 full-batch Adam epochs reach test accuracy ≥ 0.96 and a loss below 0.1`, () => {
      const r = trainGuide(seed);
      assert.ok(r.accuracy >= 0.96, `accuracy ${r.accuracy}`);
      assert.ok(r.losses[99] < 0.1 && r.losses[19] > r.losses[99], `losses ${r.losses[19]} → ${r.losses[99]}`);
    });
  }

  it("the same seed trains the same network, dropout masks included", () => {
    const a = trainGuide(7), b = trainGuide(7);
    assert.deepEqual(a.losses, b.losses);
  });

  it("state keys are PyTorch's; stateDict → loadStateDict reproduces the outputs exactly", () => {
    const { model } = trainGuide(0);
    assert.deepEqual(Object.keys(model.stateDict()),
      ["network.0.weight", "network.0.bias", "network.3.weight", "network.3.bias", "network.6.weight", "network.6.bias"]);
    assert.equal(model.numParameters(), 4097);
    const copy = new CancerClassifier(30);
    copy.loadStateDict(model.stateDict());
    copy.eval();
    const X = torch.tensor(guideData().XTest);
    assert.deepEqual(Array.from(copy.forward(X).data), Array.from(model.forward(X).data));
    assert.throws(() => copy.loadStateDict({ "network.0.weight": torch.tensor([[1]]) }), OptionError);
    const bad = model.stateDict();
    bad["network.0.weight"] = torch.tensor([[1, 2]]);
    assert.throws(() => copy.loadStateDict(bad), ShapeError);
  });

  it("saveModel / loadModel round-trip: identical predictions, for a Sequential and a custom Module", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-nn-"));
    try {
      const { model } = trainGuide(1);
      const X = torch.tensor(guideData().XTest);
      const expected = Array.from(model.forward(X).data);
      await model.save(path.join(dir, "custom"));
      const loaded = await loadModel(path.join(dir, "custom"), new CancerClassifier(30));
      assert.equal(loaded.training, false);
      assert.deepEqual(Array.from(loaded.forward(X).data), expected);
      await assert.rejects(loadModel(path.join(dir, "custom")), ModelFileError);
      await saveModel(model.network, path.join(dir, "seq"));
      const seq = await loadModel(path.join(dir, "seq"));
      assert.match(seq.toString(), /^Sequential/);
      assert.deepEqual(Array.from(seq.forward(X).squeeze().data), expected);
      const sd = await loadStateDict(path.join(dir, "seq"));
      assert.deepEqual(Object.keys(sd), ["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"]);
      await assert.rejects(loadModel(path.join(dir, "missing")), ModelFileError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("nn.fit rejects mismatched rows and bad epochs / batch sizes with typed errors", () => {
    const model = new nn.Sequential(new nn.Linear(2, 1), new nn.Sigmoid());
    const base = { loss: new nn.BCELoss(), optimizer: new optim.SGD(model.parameters()), progress: false };
    assert.throws(() => nn.fit(model, { ...base, x: [[1, 2], [3, 4]], y: [1] }), ShapeError);
    assert.throws(() => nn.fit(model, { ...base, x: [[1, 2]], y: [1], epochs: 0 }), OptionError);
    assert.throws(() => nn.fit(model, { ...base, x: [[1, 2]], y: [1], batchSize: 1.5 }), OptionError);
    assert.throws(() => nn.fit(model, { ...base, x: [[1, 2, 3]], y: [1] }), ShapeError);
  });

  it("nn.fit trains with one progress display updated in place (live: Vega-Lite only; final frame: with SVG)", () => {
    const seen: Array<{ bundle: MimeBundle; id?: string; update?: boolean }> = [];
    setDisplayHook({ display: (bundle, _m, id, update) => seen.push({ bundle, id, update }), clearOutput: () => undefined });
    try {
      const d = guideData();
      torch.manualSeed(3);
      const model = new CancerClassifier(30);
      const history = nn.fit(model, { x: d.XTrain, y: d.yTrain, loss: new nn.BCELoss(), epochs: 30, batchSize: 64,
        optimizer: new optim.Adam(model.parameters(), { lr: 0.005 }), validation: { x: d.XTest, y: d.yTest } });
      assert.equal(history.length, 30);
      assert.ok(history[29].loss < history[0].loss);
      assert.ok(history[29].valAccuracy >= 0.95, `valAccuracy ${history[29].valAccuracy}`);
      assert.equal(seen[0].update, false);
      assert.ok(seen.length >= 2 && seen.slice(1).every((s) => s.update && s.id === seen[0].id));
      const last = seen[seen.length - 1].bundle;
      assert.match(last["text/plain"], /epoch 30\/30, loss=0\.\d{4}, valLoss=0\.\d{4}, valAccuracy=0\.\d{4}/);
      const spec = last["application/vnd.vegalite.v5+json"] as { data: { values: Array<{ x: number; series: string }> } };
      const loss = spec.data.values.filter((v) => v.series === "loss");
      assert.deepEqual(loss.map((v) => v.x), Array.from({ length: 30 }, (_, i) => i + 1));
      assert.deepEqual(new Set(spec.data.values.map((v) => v.series)), new Set(["loss", "valLoss", "valAccuracy"]));
      // Live frames carry an SVG at most once a second (test/nn/progress_svg.test.ts checks that with a clock);
      // the final frame always does (what the classic Notebook and nbconvert show).
      const svg = last["image/svg+xml"] as string;
      assertWellFormedSvg(svg);
      assert.match(svg, /epoch 30\/30/, "the title names the last epoch");
      assert.match(svg, /valAccuracy/, "the legend names each metric");
    } finally {
      setDisplayHook(null);
    }
  });
  it("nn.Progress without an epoch count: finish() draws the SVG frame once; a metric missing some epochs leaves a gap", () => {
    const seen: MimeBundle[] = [];
    setDisplayHook({ display: (bundle) => seen.push(bundle), clearOutput: () => undefined });
    try {
      const p = new nn.Progress({ title: "run", minIntervalMs: 0 });
      p.update(1, { loss: 0.9 });
      p.update(2, { loss: 0.5, valLoss: 0.6 });
      assert.ok(seen.every((b) => !("image/svg+xml" in b)));
      p.finish();
      p.finish();
      assert.equal(seen.length, 4, "the first display, two live updates and one final frame");
      const last = seen[3];
      assertWellFormedSvg(last["image/svg+xml"] as string);
      const values = (last["application/vnd.vegalite.v5+json"] as { data: { values: Array<{ x: number; series: string }> } }).data.values;
      assert.deepEqual(values.map((v) => `${v.series}@${v.x}`), ["loss@1", "loss@2", "valLoss@2"]);
      assert.match(last["text/plain"], /^run — epoch 2, loss=0\.5000, valLoss=0\.6000$/);
      new nn.Progress({ epochs: 1, show: false }).update(1, { loss: 1 });
      assert.equal(seen.length, 4, "show: false displays nothing");
    } finally {
      setDisplayHook(null);
    }
  });
});
