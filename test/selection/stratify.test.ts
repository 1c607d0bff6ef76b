import { strict as assert } from "assert";
import { RandomState } from "../../lib/random";
import { approximateMode, classMembers, encodeLabels } from "../../lib/selection/stratify";

describe("selection/stratify helpers", () => {
  it("approximateMode reproduces scikit-learn's docstring examples (ties broken by the RandomState)", () => {
    assert.deepEqual(Array.from(approximateMode([4, 2], 3, new RandomState(0))), [2, 1]);
    assert.deepEqual(Array.from(approximateMode([5, 2], 4, new RandomState(0))), [3, 1]);
    assert.deepEqual(Array.from(approximateMode([2, 2, 2, 1], 2, new RandomState(0))), [0, 1, 1, 0]);
    assert.deepEqual(Array.from(approximateMode([2, 2, 2, 1], 2, new RandomState(42))), [1, 1, 0, 0]);
  });
  it("approximateMode always allocates exactly nDraws and never more than a class holds", () => {
    const rng = new RandomState(3);
    for (let t = 0; t < 50; t++) {
      const counts = Array.from({ length: 1 + rng.randint(1, 6) }, () => rng.randint(1, 30));
      const total = counts.reduce((a, b) => a + b, 0);
      const n = rng.randint(0, total + 1);
      const got = approximateMode(counts, n, rng);
      assert.equal(got.reduce((a, b) => a + b, 0), n);
      got.forEach((g, i) => assert.ok(g >= 0 && g <= counts[i]));
    }
  });
  it("encodeLabels sorts like np.unique and counts classes", () => {
    const e = encodeLabels([2.5, -1, 7, 2.5, -1]);
    assert.deepEqual(e.classes, [-1, 2.5, 7]);
    assert.deepEqual(Array.from(e.codes), [1, 0, 2, 1, 0]);
    assert.deepEqual(Array.from(e.counts), [2, 2, 1]);
    const s = encodeLabels(["b", "a", "B", "b"]);
    assert.deepEqual(s.classes, ["B", "a", "b"]);
    assert.deepEqual(Array.from(s.codes), [2, 1, 0, 2]);
    assert.deepEqual(encodeLabels([true, false, true]).classes, [false, true]);
  });
  it("classMembers lists each class's samples in ascending order", () => {
    const e = encodeLabels([1, 0, 1, 1, 0]);
    assert.deepEqual(classMembers(e.codes, e.counts).map((m) => Array.from(m)), [[1, 4], [0, 2, 3]]);
  });
});
