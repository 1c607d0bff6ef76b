import { strict as assert } from "assert";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState, random } from "../../lib/random";
import { trainTestSplit, trainTestSplitIndices } from "../../lib/selection";
import { shuffleSplitIndices, validateShuffleSplit } from "../../lib/selection/shuffle_split";
import { loadFixture, loadNumpyVectors } from "../random/fixtures";

const D = loadNumpyVectors();
const F = loadFixture("selection_train_test_split.json");
const arange = (n: number) => Array.from({ length: n }, (_, i) => i);
const OPT: Record<string, string> = { test_size: "testSize", train_size: "trainSize", random_state: "randomState", shuffle: "shuffle" };

describe("selection/trainTestSplit vs scikit-learn", () => {
  for (const n of [200, 569]) {
    it(`arange(${n}), testSize 0.2, randomState 42: the indices of numpy_rng_vectors.json`, () => {
      const e = D.sklearn_train_test_split[`arange_${n}`];
      const [tr, te] = trainTestSplit(arange(n), { testSize: 0.2, randomState: 42 });
      assert.equal(tr.length, e.n_train);
      assert.equal(te.length, e.n_test);
      assert.deepEqual(tr, e.train);
      assert.deepEqual(te, e.test);
    });
  }

  it("ShuffleSplit(5, testSize 0.2, rs 42) on 200 and 569 samples: consecutive permutations of one RandomState", () => {
    const cases: [number, any[]][] = [[200, D.sklearn_ShuffleSplit_arange200],
      [569, D.sklearn_cv_splits_breast_cancer["ShuffleSplit_5_test0.2_rs42"].folds]];
    for (const [n, folds] of cases) {
      const rng = new RandomState(42);
      const { nTrain, nTest } = validateShuffleSplit(n, 0.2, undefined, 0.1);
      for (const fold of folds) {
        const s = shuffleSplitIndices(n, nTrain, nTest, rng);
        assert.deepEqual(Array.from(s.train), fold.train);
        assert.deepEqual(Array.from(s.test), fold.test);
      }
    }
  });

  for (const c of F.cases) {
    const label = `${c.dataset} ${c.stratify ? "stratified" : "plain"} ${JSON.stringify(c.options)}`;
    it(`${label}: indices equal sklearn's`, () => {
      const y = F.labels[c.dataset];
      const options: any = {};
      for (const [k, v] of Object.entries(c.options)) options[OPT[k]] = v;
      if (c.stratify) options.stratify = y;
      const [idxTrain, idxTest, yTrain, yTest] = trainTestSplit(arange(y.length), y, options);
      assert.deepEqual(idxTrain, c.train);
      assert.deepEqual(idxTest, c.test);
      assert.deepEqual(yTrain, c.train.map((i: number) => y[i]));
      assert.deepEqual(yTest, c.test.map((i: number) => y[i]));
      if (c.stratify) {
        // every class keeps (close to) its proportion in the test set
        const classes = [...new Set(y)];
        for (const k of classes) {
          const share = y.filter((v: unknown) => v === k).length / y.length;
          const got = yTest.filter((v: unknown) => v === k).length;
          assert.ok(Math.abs(got - share * yTest.length) <= 1, `class ${k}`);
        }
      }
    });
  }

  it("breast cancer labels stratified as an Int32Array and as an NDArray give the same split", () => {
    const y: number[] = F.labels.breast_cancer;
    const c = F.cases[0];
    for (const strat of [Int32Array.from(y), new NDArray(Float64Array.from(y))]) {
      const s = trainTestSplitIndices(y.length, { testSize: 0.2, randomState: 42, stratify: strat });
      assert.deepEqual(Array.from(s.train), c.train);
      assert.deepEqual(Array.from(s.test), c.test);
    }
  });
});

describe("selection/trainTestSplit input kinds and options", () => {
  const X = new NDArray(Float64Array.from(arange(20), (v) => v * 10), [10, 2]);
  const yInt = new NDArray(Int32Array.from(arange(10)));

  it("NDArray inputs keep dtype and trailing shape; rows follow the indices", () => {
    const [Xtr, Xte, ytr, yte] = trainTestSplit(X, yInt, { testSize: 0.3, randomState: 1 });
    assert.ok(Xtr instanceof NDArray && Xte instanceof NDArray);
    assert.deepEqual(Xtr.shape, [7, 2]);
    assert.deepEqual(Xte.shape, [3, 2]);
    assert.equal(Xtr.dtype, "float64");
    assert.equal(ytr.dtype, "int32");
    const idx = trainTestSplitIndices(10, { testSize: 0.3, randomState: 1 });
    assert.deepEqual(Array.from(ytr.data), Array.from(idx.train));
    assert.deepEqual(Array.from(yte.data), Array.from(idx.test));
    for (let r = 0; r < 7; r++) assert.equal(Xtr.get(r, 1), X.get(idx.train[r], 1));
  });
  it("number[][] stays number[][] (rows copied), typed arrays stay typed, any array works", () => {
    const rows = arange(8).map((i) => [i, -i]);
    const names = arange(8).map((i) => `s${i}`);
    const w = Float32Array.from(arange(8), (v) => v / 2);
    const out = trainTestSplit(rows, names, w, { testSize: 2, randomState: 0 });
    const [rtr, rte, ntr, nte, wtr, wte] = out;
    assert.equal(rtr.length, 6);
    assert.equal(rte.length, 2);
    assert.ok(wtr instanceof Float32Array && wte instanceof Float32Array);
    rtr.forEach((row, k) => {
      assert.equal(ntr[k], `s${row[0]}`);
      assert.equal(wtr[k], row[0] / 2);
    });
    assert.equal(nte[0], `s${rte[0][0]}`);
    rtr[0][1] = 999;
    assert.ok(!rows.some((r) => r[1] === 999), "rows are copies");
  });
  it("X alone returns two parts; an explicit undefined y also returns two parts", () => {
    assert.equal(trainTestSplit(arange(10), { randomState: 0 }).length, 2);
    assert.equal(trainTestSplit(arange(10), undefined, { randomState: 0 }).length, 2);
    const [a, b] = trainTestSplit(arange(10), { randomState: 0 });
    assert.equal(a.length + b.length, 10);
    assert.equal(b.length, 3, "default testSize 0.25 → ceil(2.5) = 3");
  });
  it("trainSize alone: nTrain = floor(trainSize·n), test is the rest; both sizes may leave samples out", () => {
    const [a, b] = trainTestSplit(arange(11), { trainSize: 0.5, randomState: 0 });
    assert.equal(a.length, 5);
    assert.equal(b.length, 6);
    const [c, d] = trainTestSplit(arange(20), { trainSize: 0.5, testSize: 0.2, randomState: 0 });
    assert.equal(c.length, 10);
    assert.equal(d.length, 4);
  });
  it("shuffle=false takes the first nTrain rows for train and the next nTest for test", () => {
    const [a, b] = trainTestSplit(arange(10), { testSize: 0.3, shuffle: false });
    assert.deepEqual(a, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(b, [7, 8, 9]);
  });
  it("randomState: a RandomState instance is advanced; no randomState uses the global generator", () => {
    const rs = new RandomState(42);
    const [a] = trainTestSplit(arange(200), { testSize: 0.2, randomState: rs });
    assert.deepEqual(a, D.sklearn_train_test_split.arange_200.train);
    const [b] = trainTestSplit(arange(200), { testSize: 0.2, randomState: rs });
    assert.notDeepEqual(b, a, "second split continues the stream");
    random.seed(42);
    const [g] = trainTestSplit(arange(200), { testSize: 0.2 });
    assert.deepEqual(g, D.sklearn_train_test_split.arange_200.train);
  });
});

describe("selection/trainTestSplit errors", () => {
  const ten = arange(10);
  it("mismatched lengths name every length", () => {
    assert.throws(() => trainTestSplit(ten, arange(9), { randomState: 0 }), (e: Error) =>
      e instanceof ShapeError && /10, 9/.test(e.message));
    assert.throws(() => trainTestSplit(new NDArray(new Float64Array(6), [3, 2]), [1, 2]), ShapeError);
  });
  it("testSize / trainSize out of range or summing above 1", () => {
    for (const t of [0, -1, 10, 11, 1.5, -0.2, NaN, Infinity]) {
      assert.throws(() => trainTestSplit(ten, { testSize: t }), OptionError, `testSize ${t}`);
    }
    for (const t of [0, 10, 1.0001, -3]) assert.throws(() => trainTestSplit(ten, { trainSize: t }), OptionError);
    assert.throws(() => trainTestSplit(ten, { testSize: 0.6, trainSize: 0.5 }), OptionError);
    assert.throws(() => trainTestSplit(ten, { testSize: 6, trainSize: 5 }), OptionError);
    assert.throws(() => trainTestSplit(ten, { testSize: "0.2" as unknown as number }), OptionError);
    assert.throws(() => trainTestSplit(arange(3), { testSize: 0.05, trainSize: 0.05 }), OptionError, "empty train set");
  });
  it("empty input, no input, unknown inputs and unknown options", () => {
    assert.throws(() => trainTestSplit([]), ShapeError);
    assert.throws(() => (trainTestSplit as (...a: unknown[]) => unknown)(), InputTypeError);
    assert.throws(() => trainTestSplit(new NDArray(Float64Array.of(1), [])), ShapeError);
    assert.throws(() => (trainTestSplit as (...a: unknown[]) => unknown)(ten, 5), InputTypeError);
    assert.throws(() => trainTestSplit(ten, { testsize: 0.2 } as never), OptionError);
    assert.throws(() => trainTestSplit(ten, { randomState: "x" as unknown as number }), InputTypeError);
    assert.throws(() => trainTestSplit(ten, { shuffle: "no" as unknown as boolean }), OptionError);
  });
  it("stratify: a class with one member, wrong length, too few samples per side, shuffle=false, bad labels", () => {
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 2];
    assert.throws(() => trainTestSplit(ten, { stratify: y, randomState: 0 }), (e: Error) =>
      e instanceof OptionError && /1 member/.test(e.message));
    assert.throws(() => trainTestSplit(ten, { stratify: [0, 1, 0, 1], randomState: 0 }), ShapeError);
    const y3 = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    assert.throws(() => trainTestSplit(ten, { stratify: y3, testSize: 2, randomState: 0 }), OptionError);
    assert.throws(() => trainTestSplit(ten, { stratify: y3, trainSize: 2, randomState: 0 }), OptionError);
    assert.throws(() => trainTestSplit(ten, { stratify: y3, shuffle: false }), OptionError);
    assert.throws(() => trainTestSplit(ten, { stratify: [0, 0, 0, 0, 0, 1, 1, 1, 1, NaN] }), NonFiniteError);
    assert.throws(() => trainTestSplit(ten, { stratify: [0, 0, 0, 0, 0, "a", "a", "a", 1, 1] }), InputTypeError);
    assert.throws(() => trainTestSplit(ten, { stratify: new NDArray(new Float64Array(10), [5, 2]) }), ShapeError);
  });
});
