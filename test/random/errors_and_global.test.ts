import { strict as assert } from "assert";
import { InputTypeError, NonFiniteError, OptionError, ShapeError } from "../../lib/errors";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState, checkRandomState, getGlobalRandomState, random } from "../../lib/random";

describe("random: bad seeds and bad arguments", () => {
  it("rejects negative, fractional, too-large and non-finite integer seeds (as NumPy)", () => {
    for (const s of [-1, 1.5, 2 ** 32, NaN, Infinity]) {
      assert.throws(() => new RandomState(s), OptionError, String(s));
      assert.throws(() => random.seed(s), OptionError, String(s));
    }
    assert.throws(() => new RandomState([]), OptionError);
    assert.throws(() => new RandomState([1, -2]), OptionError);
    assert.throws(() => new RandomState([2 ** 32]), OptionError);
    assert.throws(() => new RandomState("42" as unknown as number), InputTypeError);
  });
  it("seed() without a value draws fresh entropy; seeding again restarts the stream", () => {
    const a = new RandomState();
    const b = new RandomState();
    assert.notDeepEqual(Array.from(a.rand(4).data), Array.from(b.rand(4).data));
    a.seed(7);
    const x = a.rand();
    a.normal();
    a.seed(7);
    assert.equal(a.rand(), x);
    assert.equal(a.getState().hasGauss, false);
  });
  it("randint: low >= high, non-integers, too wide a range", () => {
    const r = new RandomState(0);
    assert.throws(() => r.randint(5, 5), OptionError);
    assert.throws(() => r.randint(0), OptionError);
    assert.throws(() => r.randint(1.5, 3), OptionError);
    assert.throws(() => r.randint(0, 2.5), OptionError);
    assert.throws(() => r.randint(-(2 ** 53) + 1, 2 ** 53 - 1), OptionError);
    assert.throws(() => r.randint(0, 10, -1), ShapeError);
    assert.throws(() => r.randint(0, 10, [2, 1.5]), ShapeError);
  });
  it("normal / uniform: negative scale, NaN parameters, infinite range, shapes that do not broadcast", () => {
    const r = new RandomState(0);
    assert.throws(() => r.normal(0, -1), OptionError);
    assert.throws(() => r.normal(0, [1, -1], 2), OptionError);
    assert.throws(() => r.normal(NaN, 1), NonFiniteError);
    assert.throws(() => r.normal(0, 1, [3, 3].map(String) as unknown as number[]), ShapeError);
    assert.throws(() => r.normal([1, 2, 3], 1, [2, 2]), ShapeError);
    assert.throws(() => r.normal([[1, 2], [3]] as unknown as number[][], 1), ShapeError);
    assert.throws(() => r.uniform(-Number.MAX_VALUE, Number.MAX_VALUE), OptionError);
    assert.throws(() => r.uniform(0, Infinity), NonFiniteError);
    const st = r.getState();
    assert.throws(() => r.normal(0, [1, -1], 2), OptionError);
    assert.equal(r.getState().pos, st.pos, "validation happens before drawing");
  });
  it("permutation / shuffle / choice argument errors", () => {
    const r = new RandomState(0);
    assert.throws(() => r.permutation(-1), OptionError);
    assert.throws(() => r.permutation(2.5), OptionError);
    assert.throws(() => r.shuffle({} as unknown as number[]), InputTypeError);
    assert.throws(() => r.shuffle(new NDArray(Float64Array.of(1), [])), ShapeError);
    assert.throws(() => r.choice(5, 6, false), OptionError);
    assert.throws(() => r.choice(0, 1), OptionError);
    assert.throws(() => r.choice(-3, 1), OptionError);
    assert.throws(() => r.choice(3, 2, true, [0.5, 0.5]), ShapeError);
    assert.throws(() => r.choice(3, 2, true, [0.5, 0.6, -0.1]), OptionError);
    assert.throws(() => r.choice(3, 2, true, [0.5, 0.2, 0.2]), OptionError);
    assert.throws(() => r.choice(3, 2, true, [NaN, 0.5, 0.5]), NonFiniteError);
    assert.throws(() => r.choice(3, 3, false, [0.5, 0.5, 0]), OptionError);
    assert.throws(() => r.choice(new NDArray(Float64Array.of(1, 2, 3, 4), [2, 2]), 1), ShapeError);
    assert.throws(() => r.choice(["a", "b"] as unknown as number[], 1), InputTypeError);
  });
  it("setState validates its input", () => {
    const r = new RandomState(0);
    const st = r.getState();
    assert.throws(() => r.setState({ ...st, key: st.key.slice(1) }), ShapeError);
    assert.throws(() => r.setState({ ...st, pos: 625 }), OptionError);
    assert.throws(() => r.setState({ ...st, algorithm: "PCG64" }), OptionError);
    assert.throws(() => r.setState({ ...st, key: Array.from(st.key, (v, i) => (i === 3 ? -1 : v)) }), OptionError);
  });
  it("size may be a number, a shape, or [] (0-d array); empty sizes draw nothing", () => {
    const r = new RandomState(0);
    assert.deepEqual(r.rand(0).shape, [0]);
    const z = r.randomSample([]);
    assert.deepEqual(z.shape, []);
    assert.equal(z.size, 1);
    const r2 = new RandomState(0);
    r2.rand(0);
    assert.equal(r2.rand(), new RandomState(0).rand());
  });
});

describe("random: global state and checkRandomState", () => {
  it("random.* functions draw from getGlobalRandomState()", () => {
    random.seed(3);
    const a = random.rand();
    getGlobalRandomState().seed(3);
    assert.equal(getGlobalRandomState().rand(), a);
    random.seed(3);
    assert.equal(random.randomSample(), a);
    random.seed(3);
    assert.equal(random.random(), a);
  });
  it("getState / setState on the module round-trip", () => {
    random.seed(10);
    const st = random.getState();
    const x = random.standardNormal(3);
    random.setState(st);
    assert.deepEqual(Array.from(random.standardNormal(3).data), Array.from(x.data));
  });
  it("random.shuffle and random.uniform use the global stream", () => {
    random.seed(1);
    const a = [1, 2, 3, 4, 5];
    random.shuffle(a);
    const b = [1, 2, 3, 4, 5];
    new RandomState(1).shuffle(b);
    assert.deepEqual(a, b);
    random.seed(1);
    assert.equal(random.uniform(2, 4), new RandomState(1).uniform(2, 4));
  });
  it("checkRandomState: undefined/null → global, number → new, instance → itself, else error", () => {
    assert.equal(checkRandomState(undefined), getGlobalRandomState());
    assert.equal(checkRandomState(null), getGlobalRandomState());
    const rs = new RandomState(5);
    assert.equal(checkRandomState(rs), rs);
    const fresh = checkRandomState(42);
    assert.notEqual(fresh, getGlobalRandomState());
    assert.equal(fresh.rand(), new RandomState(42).rand());
    assert.throws(() => checkRandomState("42" as unknown as number), InputTypeError);
    assert.throws(() => checkRandomState(-1), OptionError);
    assert.equal(random.RandomState, RandomState);
    assert.equal(random.checkRandomState, checkRandomState);
  });
});
