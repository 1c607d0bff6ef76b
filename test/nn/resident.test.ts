import { strict as assert } from "assert";
import * as vm from "vm";
import { nn, optim, torch } from "../../lib/nn";
import { residentSteps, setResidentTraining } from "../../lib/nn/resident";
import { NDArray } from "../../lib/array/ndarray";
import { OptionError } from "../../lib/errors";
import type { Module } from "../../lib/nn/modules";
import type { Linear } from "../../lib/nn/modules";
import type { LossFn } from "../../lib/nn/train";
import type { EpochMetrics } from "../../lib/nn/progress";
import type { Optimizer } from "../../lib/nn/optim";
import type { Tensor } from "../../lib/nn/tensor";

/**
 * Resident training (lib/nn/resident.ts) must give the graph path's results bit for bit: every test trains the same
 * network from the same seed with resident training off, then on, and compares every loss, parameter, gradient and
 * Adam moment with Object.is.
 */

/** A deterministic LCG in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2147483648 - 1;
  };
}

interface Data { x: Tensor; y: Tensor; xv: NDArray; yv: NDArray }

/** rows × nIn inputs and labels argmax of the first `classes` features (learnable, every class present). */
function makeData(rows: number, nIn: number, classes: number, seed: number): Data {
  const next = lcg(seed);
  const xv = new Float64Array(rows * nIn), yv = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 0; j < nIn; j++) {
      xv[i * nIn + j] = next();
      if (j < classes && xv[i * nIn + j] > xv[i * nIn + best]) best = j;
    }
    yv[i] = classes <= nIn ? best : i % classes;
  }
  const xn = new NDArray(xv, [rows, nIn]), yn = new NDArray(yv, [rows]);
  return { x: torch.tensor(xn), y: torch.tensor(yn, { dtype: "int64" }), xv: xn, yv: yn };
}

/** Linear (ReLU Linear)* over dims; layers in `noBias` (by Linear index) without bias. */
function mlp(dims: number[], noBias: number[] = []): Module {
  const layers: Module[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    if (l > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(dims[l], dims[l + 1], noBias.includes(l) ? { bias: false } : {}));
  }
  return new nn.Sequential(...layers);
}

/** The Linear layers of a Sequential, in order. */
function linears(model: Module): Linear[] {
  return model.namedChildren().map(([, m]) => m).filter((m) => m instanceof nn.Linear) as Linear[];
}

interface Spec {
  /** Builds the network (called right after torch.manualSeed). */
  model: () => Module;
  loss?: () => LossFn;
  opt?: (model: Module) => Optimizer;
  x: Tensor;
  y: Tensor;
  /** Epochs of each fit call (more than one: the later calls continue training). Default [2]. */
  epochs?: number[];
  batchSize?: number;
  shuffle?: boolean;
  validation?: { x: Tensor; y: Tensor };
  onEpoch?: (epoch: number, model: Module, opt: Optimizer) => void;
  seed?: number;
}

interface Run {
  history: EpochMetrics[];
  initial: Float32Array[];
  params: Float32Array[];
  grads: (Float32Array | null)[];
  m: Float32Array[] | null;
  v: Float32Array[] | null;
  t: number | null;
  resident: number;
  error: unknown;
}

function runOnce(spec: Spec, resident: boolean): Run {
  torch.manualSeed(spec.seed ?? 11);
  const model = spec.model();
  const opt = spec.opt ? spec.opt(model) : new optim.Adam(model.parameters(), { lr: 0.01 });
  const loss = spec.loss ? spec.loss() : new nn.CrossEntropyLoss();
  const initial = model.parameters().map((p) => p.data.slice());
  const history: EpochMetrics[] = [];
  let error: unknown = null;
  const before = residentSteps();
  setResidentTraining(resident);
  try {
    for (const epochs of spec.epochs ?? [2]) {
      history.push(...nn.fit(model, {
        x: spec.x, y: spec.y, loss, optimizer: opt, epochs, batchSize: spec.batchSize, shuffle: spec.shuffle,
        validation: spec.validation, progress: false,
        onEpoch: spec.onEpoch ? (e) => spec.onEpoch!(e, model, opt) : undefined,
      }));
    }
  } catch (e) {
    error = e;
  } finally {
    setResidentTraining(true);
  }
  const adam = opt instanceof optim.Adam ? opt : null;
  const mom = adam?.moments();
  return {
    history, initial, error,
    params: model.parameters().map((p) => p.data.slice()),
    grads: model.parameters().map((p) => (p.grad ? p.grad.data.slice() : null)),
    m: mom ? mom.m.map((a) => a.slice()) : null,
    v: mom ? mom.v.map((a) => a.slice()) : null,
    t: adam ? adam.t : null,
    resident: residentSteps() - before,
  };
}

/** The same training on the graph path (resident training off) and with resident training on. */
function runBoth(spec: Spec): { graph: Run; res: Run } {
  const graph = runOnce(spec, false), res = runOnce(spec, true);
  return { graph, res };
}

interface TrainOpts extends Partial<Omit<Spec, "x" | "y" | "batchSize">> {
  noBias?: number[];
  dataSeed?: number;
  withValidation?: boolean;
}

/** runBoth on an MLP over `dims` and `rows` rows of deterministic data, in batches of `batch`. */
function trainBoth(dims: number[], rows: number, batch: number, opts: TrainOpts = {}): { graph: Run; res: Run } {
  const c = dims[dims.length - 1];
  const d = makeData(rows, dims[0], c, opts.dataSeed ?? 7);
  let validation: Spec["validation"];
  if (opts.withValidation) {
    const v = makeData(150, dims[0], c, 99);
    validation = { x: v.x, y: v.y };
  }
  return runBoth({ model: () => mlp(dims, opts.noBias), validation, ...opts, x: d.x, y: d.y, batchSize: batch });
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(b.length, a.length, `${what}: length ${a.length} (graph) vs ${b.length} (resident)`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}] (first mismatch of ${a.length}): graph ${a[i]} vs resident ${b[i]}`);
  }
}

function sameArrays(a: (Float32Array | null)[] | null, b: (Float32Array | null)[] | null, what: string): void {
  assert.equal(b === null, a === null, `${what}: null on one side only`);
  if (!a || !b) return;
  assert.equal(b.length, a.length, `${what}: ${a.length} (graph) vs ${b.length} (resident) arrays`);
  a.forEach((x, k) => {
    assert.equal(b[k] === null, x === null, `${what}[${k}]: graph ${x === null ? "null" : "set"}, resident ${b[k] === null ? "null" : "set"}`);
    if (x && b[k]) sameBits(x, b[k]!, `${what}[${k}]`);
  });
}

/** Every result of the two runs is the same, bit for bit. */
function assertSame(g: Run, r: Run): void {
  assert.equal(r.history.length, g.history.length, "epochs recorded");
  g.history.forEach((mg, e) => {
    const mr = r.history[e];
    assert.deepEqual(Object.keys(mr).sort(), Object.keys(mg).sort(), `epoch ${e + 1} metric names`);
    for (const k of Object.keys(mg)) {
      assert.ok(Object.is(mg[k], mr[k]), `epoch ${e + 1} ${k}: graph ${mg[k]} vs resident ${mr[k]}`);
    }
  });
  sameArrays(g.params, r.params, "parameter");
  sameArrays(g.grads, r.grads, "grad");
  sameArrays(g.m, r.m, "Adam m");
  sameArrays(g.v, r.v, "Adam v");
  assert.equal(r.t, g.t, "opt.t");
}

/** The training moved the parameters and left finite losses. */
function assertTrained(run: Run): void {
  assert.equal(run.error, null, `training threw: ${String(run.error)}`);
  assert.ok(run.history.length > 0 && run.history.every((h) => Number.isFinite(h.loss)), "finite losses");
  assert.ok(run.params.some((p, k) => p.some((v, i) => !Object.is(v, run.initial[k][i]))), "some parameter changed");
}

/** Both runs trained, the graph run took no resident step, the resident run `steps`; results bit-identical. */
function assertEquivalent(both: { graph: Run; res: Run }, steps: number): void {
  const { graph, res } = both;
  assertTrained(graph);
  assertTrained(res);
  assert.equal(graph.resident, 0, "the graph run took resident steps");
  assert.equal(res.resident, steps, "resident steps taken");
  assertSame(graph, res);
}

const batches = (rows: number, batch: number): number => Math.ceil(rows / batch);

describe("nn resident training: bit-identical to the graph path", function () {
  this.timeout(60000);

  before(async function () {
    this.timeout(60000);
    await nn.ready();
    assert.notEqual(nn.backend(), "tensorflow", "resident training needs typelearn's WebAssembly kernel");
  });

  after(() => setResidentTraining(true));

  describe("resident path taken, same results", () => {
    it("(a) 784-256-128-10, 700 rows in batches of 128 (last batch 60 rows), 2 epochs", () => {
      const both = trainBoth([784, 256, 128, 10], 700, 128, { epochs: [2] });
      assertEquivalent(both, batches(700, 128) * 2);
      assert.ok(both.res.grads.every((g) => g !== null), "every gradient set");
    });

    it("(b) odd shapes 37-19-13-3, 1100 rows in batches of 200", () => {
      assertEquivalent(trainBoth([37, 19, 13, 3], 1100, 200, { epochs: [2] }), batches(1100, 200) * 2);
    });

    it("(c) 45-30-21, 1103 rows in batches of 257 (last batch 75 rows)", () => {
      assertEquivalent(trainBoth([45, 30, 21], 1103, 257, { epochs: [2] }), batches(1103, 257) * 2);
    });

    it("(d) a single Linear 64→10, full batch of 600 rows", () => {
      assertEquivalent(trainBoth([64, 10], 600, 600, { epochs: [3] }), 3);
    });

    it("(e) a Linear without bias in the middle", () => {
      const both = trainBoth([40, 32, 24, 5], 500, 96, { noBias: [1], epochs: [2] });
      assert.equal(both.res.params.length, 5, "three weights, two biases");
      assertEquivalent(both, batches(500, 96) * 2);
    });

    it("(e') every Linear without bias", () => {
      assertEquivalent(trainBoth([40, 32, 24, 5], 500, 96, { noBias: [0, 1, 2], epochs: [2] }), batches(500, 96) * 2);
    });

    it('(f) CrossEntropyLoss({ reduction: "sum" })', () => {
      const both = trainBoth([30, 24, 6], 400, 100, { loss: () => new nn.CrossEntropyLoss({ reduction: "sum" }), epochs: [2] });
      assertEquivalent(both, batches(400, 100) * 2);
    });

    it("(g) Adam with weightDecay 0.01 and custom betas", () => {
      const both = trainBoth([30, 24, 6], 400, 100, {
        opt: (m) => new optim.Adam(m.parameters(), { lr: 0.005, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.01 }),
        epochs: [2],
      });
      assertEquivalent(both, batches(400, 100) * 2);
    });

    it("(h) shuffle: false", () => {
      assertEquivalent(trainBoth([37, 19, 13, 3], 1100, 200, { shuffle: false, epochs: [2] }), batches(1100, 200) * 2);
    });

    it("(i) with validation data: valLoss and valAccuracy per epoch identical", () => {
      const both = trainBoth([37, 19, 13, 3], 1100, 200, { withValidation: true, epochs: [3] });
      assertEquivalent(both, batches(1100, 200) * 3);
      for (const h of both.res.history) assert.ok("valLoss" in h && "valAccuracy" in h, "validation metrics recorded");
    });

    it("(j) opt.lr changed in onEpoch between epochs", () => {
      const both = trainBoth([37, 19, 13, 3], 1100, 200, {
        epochs: [3],
        onEpoch: (e, _m, opt) => { opt.lr = e === 1 ? 0.03 : 0.002; },
      });
      assertEquivalent(both, batches(1100, 200) * 3);
      // the change mattered: a run without it differs
      const plain = trainBoth([37, 19, 13, 3], 1100, 200, { epochs: [3] });
      assert.ok(!Object.is(plain.res.history[2].loss, both.res.history[2].loss), "changing lr changed the training");
    });
  });

  it("a second fit call continues training as the graph path's continuation does", () => {
    const both = trainBoth([37, 19, 13, 3], 1100, 200, { epochs: [1, 1] });
    assertEquivalent(both, batches(1100, 200) * 2);
    assert.equal(both.res.t, batches(1100, 200) * 2, "opt.t counts both calls' steps");
  });

  describe("fallbacks train on the graph path", () => {
    const d = makeData(300, 20, 4, 3);

    /** Neither run takes a resident step, both train, and they agree. */
    function assertFallback(spec: Omit<Spec, "x" | "y">, data = d): void {
      const both = runBoth({ batchSize: 64, ...spec, x: data.x, y: data.y });
      assertEquivalent(both, 0);
    }

    it("sanity: the plain network of these fallbacks does run resident", () => {
      const both = runBoth({ model: () => mlp([20, 32, 4]), batchSize: 64, x: d.x, y: d.y });
      assertEquivalent(both, batches(300, 64) * 2);
    });

    it("Dropout in the model", () => {
      assertFallback({ model: () => new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(32, 4)) });
    });

    it("MSELoss", () => {
      const next = lcg(5);
      const yf = torch.tensor(new NDArray(Float64Array.from({ length: 300 * 4 }, () => next()), [300, 4]));
      assertFallback({ model: () => mlp([20, 32, 4]), loss: () => new nn.MSELoss() }, { ...d, y: yf });
    });

    it("SGD", () => {
      assertFallback({ model: () => mlp([20, 32, 4]), opt: (m) => new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }) });
    });

    it("an optimizer over a subset of the parameters", () => {
      assertFallback({ model: () => mlp([20, 32, 4]), opt: (m) => new optim.Adam(m.parameters().slice(2), { lr: 0.01 }) });
    });

    it("a parameter with requiresGrad = false", () => {
      assertFallback({
        model: () => { const m = mlp([20, 32, 4]); linears(m)[1].bias!.requiresGrad = false; return m; },
      });
    });

    it("a tiny network (last batch under 2048 multiply-adds)", () => {
      const tiny = makeData(10, 4, 2, 8);
      assertFallback({ model: () => mlp([4, 3, 2]), batchSize: undefined, epochs: [5] }, tiny);
    });

    it("large full batches but a last batch under 2048 multiply-adds (266 rows in batches of 64: 10 × 16 × 8)", () => {
      const dd = makeData(266, 16, 8, 4);
      assertFallback({ model: () => mlp([16, 16, 8]) }, dd);
    });

    it("a subclass of Linear in the Sequential", () => {
      class MyLinear extends nn.Linear {}
      assertFallback({ model: () => new nn.Sequential(new MyLinear(20, 32), new nn.ReLU(), new nn.Linear(32, 4)) });
    });
  });

  it("an out-of-range label in the third batch: OptionError on both paths, same state left behind", () => {
    const dims = [37, 19, 13, 10];
    const d = makeData(1000, 37, 10, 21);
    const yv = Float64Array.from(d.yv.data as ArrayLike<number>);
    yv[450] = 10;
    const y = torch.tensor(new NDArray(yv, [1000]), { dtype: "int64" });
    const { graph, res } = runBoth({ model: () => mlp(dims), x: d.x, y, batchSize: 200, shuffle: false, epochs: [2] });
    for (const [name, run] of [["graph", graph], ["resident", res]] as const) {
      assert.ok(run.error instanceof OptionError, `${name}: expected OptionError, got ${String(run.error)}`);
      assert.match((run.error as Error).message, /CrossEntropyLoss target/, `${name} message`);
      assert.equal(run.t, 2, `${name}: two steps before the failing batch`);
      assert.ok(run.grads.every((g) => g === null), `${name}: gradients cleared`);
      assert.equal(run.history.length, 0, `${name}: no epoch finished`);
    }
    assert.equal(graph.resident, 0);
    assert.equal(res.resident, 2, "the resident run took the two good steps");
    assert.ok(res.params.some((p, k) => p.some((v, i) => !Object.is(v, res.initial[k][i]))), "the good steps updated");
    assertSame(graph, res);
  });

  it("a weight frozen after epoch 1: epoch 2 takes the graph path, results equal the all-graph run", () => {
    const both = trainBoth([37, 19, 13, 3], 1100, 200, {
      epochs: [2],
      onEpoch: (e, m) => { if (e === 1) linears(m)[0].weight.requiresGrad = false; },
    });
    assertEquivalent(both, batches(1100, 200));
    assert.equal(both.res.t, batches(1100, 200) * 2, "epoch 2 stepped too");
    assert.equal(both.res.grads[0], null, "the frozen weight has no gradient");
  });

  it("a layer's weight replaced after epoch 1: epoch 2 takes the graph path and trains the new weight, as the all-graph run does", () => {
    const both = trainBoth([37, 19, 13, 3], 1100, 200, {
      epochs: [2],
      onEpoch: (e, m) => {
        if (e !== 1) return;
        const l = linears(m)[1];
        l.weight = new nn.Parameter(l.weight.data.map((v) => v * 0.5), l.weight.shape);
      },
    });
    assert.equal(both.graph.resident, 0);
    assert.equal(both.res.resident, batches(1100, 200), "resident for epoch 1 only");
    assertSame(both.graph, both.res);
  });

  it("an epoch cut off mid-way (a cell's timeout: no finally runs) leaves the model and optimizer as before it, and training goes on", () => {
    const d = makeData(20000, 784, 10, 21);
    torch.manualSeed(9);
    const model = mlp([784, 256, 128, 10]);
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const fitOnce = (): number => nn.fit(model, { x: d.x, y: d.y, loss: new nn.CrossEntropyLoss(), optimizer: opt, epochs: 1,
      batchSize: 128, progress: false })[0].loss;
    fitOnce();
    const before = model.parameters().map((p) => p.data.slice()), tBefore = opt.t, stepsBefore = residentSteps();
    const m1 = opt.moments().m.map((a) => a.slice());
    // vm's timeout terminates execution (as the kernel's cell timeout does): the epoch's finally never runs
    assert.throws(() => vm.runInNewContext("fitOnce()", { fitOnce }, { timeout: 60 }), /timed out/);
    assert.ok(residentSteps() > stepsBefore, "the cut-off epoch ran resident steps");
    assert.ok(residentSteps() - stepsBefore < batches(20000, 128), "…and was cut off before its end");
    assert.equal(opt.t, tBefore, "the step count is not advanced by an epoch that never ended");
    model.parameters().forEach((p, k) => sameBits(p.data, before[k], `parameter ${k}`));
    opt.moments().m.forEach((a, k) => sameBits(a, m1[k], `first moment ${k}`));
    // and the next epoch is exactly the epoch that would have followed the first
    setResidentTraining(false);
    torch.manualSeed(9);
    const ref = mlp([784, 256, 128, 10]);
    const refOpt = new optim.Adam(ref.parameters(), { lr: 1e-3 });
    const fitRef = (): number => nn.fit(ref, { x: d.x, y: d.y, loss: new nn.CrossEntropyLoss(), optimizer: refOpt, epochs: 1,
      batchSize: 128, progress: false })[0].loss;
    let refLosses: number[];
    try {
      fitRef();
      // the cut-off epoch drew its shuffle from the seeded stream: draw the same here
      torch.manualSeed(10);
      refLosses = [fitRef()];
    } finally {
      setResidentTraining(true);
    }
    torch.manualSeed(10);
    assert.deepEqual([fitOnce()], refLosses);
    model.parameters().forEach((p, k) => sameBits(p.data, ref.parameters()[k].data, `parameter ${k} after the next epoch`));
  });
});
