import { strict as assert } from "assert";
import { OptionError, ShapeError } from "../../lib/errors";
import { NDArray } from "../../lib/array/ndarray";
import { RandomState } from "../../lib/random";
import { KFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit, checkCv } from "../../lib/selection";
import type { TrainTest } from "../../lib/selection";
import { loadFixture, loadNumpyVectors } from "../random/fixtures";

const D = loadNumpyVectors().sklearn_cv_splits_breast_cancer;
const F = loadFixture("selection_cv.json");
const yBC: number[] = (() => {
  // the reference's y: rebuild from the StratifiedKFold folds is circular; load the dataset instead
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { loadBreastCancer } = require("../../lib/datasets");
  return Array.from((loadBreastCancer().target as NDArray).data);
})();
const X569 = new NDArray(new Float64Array(569), [569, 1]);
const X17 = Array.from({ length: 17 }, () => [0]);

function same(got: TrainTest[], want: { train: number[]; test: number[] }[], what: string): void {
  assert.equal(got.length, want.length, `${what}: number of splits`);
  got.forEach(([tr, te], k) => {
    assert.deepEqual(Array.from(tr), want[k].train, `${what} split ${k} train`);
    assert.deepEqual(Array.from(te), want[k].test, `${what} split ${k} test`);
  });
}

describe("selection splitters vs scikit-learn indices", () => {
  it("breast cancer y has 212 zeros and 357 ones (the reference's y)", () => {
    assert.equal(yBC.filter((v) => v === 0).length, 212);
    assert.equal(yBC.length, 569);
  });
  it("KFold(5, shuffle, rs 42) on 569 samples", () => {
    same(new KFold({ nSplits: 5, shuffle: true, randomState: 42 }).split(X569), D.KFold_5_shuffle_rs42.folds, "KFold");
  });
  it("StratifiedKFold(5, shuffle, rs 42) and (5) without shuffle", () => {
    same(new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 42 }).split(X569, yBC),
      D.StratifiedKFold_5_shuffle_rs42.folds, "SKF shuffle");
    same(new StratifiedKFold().split(X569, yBC), D.StratifiedKFold_5_noshuffle.folds, "SKF");
  });
  it("ShuffleSplit(5, testSize 0.2, rs 42)", () => {
    same(new ShuffleSplit({ nSplits: 5, testSize: 0.2, randomState: 42 }).split(X569),
      D["ShuffleSplit_5_test0.2_rs42"].folds, "ShuffleSplit");
  });
  it("own fixtures: KFold uneven folds, shuffled; multiclass StratifiedKFold; shuffle splitters", () => {
    const S = F.splits, y = F.y_multi as number[];
    same(new KFold().split(X17), S.KFold_17_5, "KFold 17");
    same(new KFold({ nSplits: 4, shuffle: true, randomState: 0 }).split(X17), S.KFold_17_4_shuffle_rs0, "KFold shuffle");
    same(new StratifiedKFold({ nSplits: 3 }).split(X17, y), S.StratifiedKFold_17_3_multi, "SKF multi");
    same(new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 7 }).split(X17, y),
      S.StratifiedKFold_17_3_multi_shuffle_rs7, "SKF multi shuffle");
    same(new ShuffleSplit({ nSplits: 3, trainSize: 0.5, randomState: 1 }).split(X17), S["ShuffleSplit_17_3_train0.5_rs1"], "SS");
    same(new StratifiedShuffleSplit({ nSplits: 3, testSize: 0.3, randomState: 3 }).split(X17, y),
      S["StratifiedShuffleSplit_17_3_test0.3_rs3"], "SSS");
  });
  it("string labels stratify like their codes in first-appearance order", () => {
    const y = F.y_multi as number[];
    const names = y.map((v) => ["c", "a", "b"][v]);
    const a = new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 7 }).split(X17, names);
    same(a, F.splits.StratifiedKFold_17_3_multi_shuffle_rs7, "SKF strings");
  });
  it("an integer randomState gives the same folds on every split() call; a RandomState advances", () => {
    const kf = new KFold({ nSplits: 3, shuffle: true, randomState: 5 });
    assert.deepEqual(kf.split(X17), kf.split(X17));
    const rs = new KFold({ nSplits: 3, shuffle: true, randomState: new RandomState(5) });
    assert.notDeepEqual(rs.split(X17), rs.split(X17));
  });
  it("getNSplits and toString", () => {
    assert.equal(new KFold({ nSplits: 3 }).getNSplits(), 3);
    assert.equal(new StratifiedShuffleSplit().getNSplits(), 10);
    assert.equal(new KFold().toString(), "KFold(nSplits=5, randomState=null, shuffle=false)");
  });
});

describe("selection splitters: errors", () => {
  it("nSplits < 2, non-integer, or more folds than samples", () => {
    assert.throws(() => new KFold({ nSplits: 1 }), OptionError);
    assert.throws(() => new StratifiedKFold({ nSplits: 2.5 }), OptionError);
    assert.throws(() => new KFold({ nSplits: 5 }).split([[1], [2], [3]]), ShapeError);
  });
  it("randomState without shuffle is rejected (it would have no effect)", () => {
    assert.throws(() => new KFold({ randomState: 1 }), /no randomState when shuffle is false/);
  });
  it("StratifiedKFold: more folds than members of every class → OptionError naming the smallest class", () => {
    assert.throws(() => new StratifiedKFold({ nSplits: 4 }).split([[0], [0], [0], [0], [0]], [0, 0, 0, 1, 1]),
      (e: Error) => e instanceof OptionError && /class 1, has 2/.test(e.message));
  });
  it("StratifiedKFold: continuous y, missing y, y of the wrong length", () => {
    assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split([[0], [0], [0], [0]], [0.5, 1.5, 0.5, 1.5]), /continuous/);
    assert.throws(() => new StratifiedKFold().split(X17), OptionError);
    assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(X17, [0, 1, 0, 1]), ShapeError);
  });
  it("checkCv: integer → StratifiedKFold for a classifier with labels, else KFold; explicit pairs; bad values", () => {
    assert.ok(checkCv(3, [0, 1, 0], true) instanceof StratifiedKFold);
    assert.ok(checkCv(3, [0.5, 1, 0], true) instanceof KFold);
    assert.ok(checkCv(undefined, [0, 1], false) instanceof KFold);
    const pairs = checkCv([[[0, 1], [2]], [[2], [0, 1]]], undefined, false);
    assert.equal(pairs.getNSplits(), 2);
    assert.deepEqual(Array.from(pairs.split([[0], [1], [2]])[1][0]), [2]);
    assert.throws(() => pairs.split([[0], [1]]), OptionError);
    assert.throws(() => checkCv(1, undefined, false), OptionError);
    assert.throws(() => checkCv("five" as never, undefined, false), OptionError);
  });
});
