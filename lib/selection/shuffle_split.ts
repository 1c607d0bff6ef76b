/**
 * Train/test index generation of scikit-learn's ShuffleSplit and StratifiedShuffleSplit (one split per call,
 * drawing from the given RandomState exactly as scikit-learn does), and the size rules of
 * `_validate_shuffle_split`.
 */
import { OptionError, ShapeError } from "../errors";
import { RandomState } from "../random/random_state";
import { EncodedLabels, approximateMode, classMembers } from "./stratify";

/** Train and test sample indices of one split. */
export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

/** A size option: a fraction in (0, 1), an integer count ≥ 1, or absent. */
export type SplitSize = number | null | undefined;

function sizeKind(name: string, v: SplitSize, n: number): "none" | "int" | "float" {
  if (v === undefined || v === null) return "none";
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new OptionError(name, `a fraction in (0, 1) or an integer count in [1, ${n - 1}]`, v);
  }
  const kind = Number.isInteger(v) ? "int" : "float";
  if ((kind === "int" && (v >= n || v <= 0)) || (kind === "float" && (v <= 0 || v >= 1))) {
    throw new OptionError(name, `a fraction in (0, 1) or an integer count in [1, ${n - 1}] (n_samples=${n})`, v);
  }
  return kind;
}

/**
 * Resolve testSize/trainSize to sample counts with scikit-learn's rules: a fraction gives
 * nTest = ceil(testSize·n) and nTrain = floor(trainSize·n); an integer is a count; a missing size is the
 * complement of the other; with neither, testSize = defaultTestSize. Integers (1, 2, …) are counts.
 * @param n - number of samples
 * @param testSize - fraction or count of test samples
 * @param trainSize - fraction or count of train samples
 * @param defaultTestSize - used when both are absent (0.25 for trainTestSplit, 0.1 for ShuffleSplit)
 * @example
 * validateShuffleSplit(569, 0.2, undefined, 0.25); // { nTrain: 455, nTest: 114 }
 */
export function validateShuffleSplit(n: number, testSize: SplitSize, trainSize: SplitSize,
  defaultTestSize: number): { nTrain: number; nTest: number } {
  if (n <= 0) throw new ShapeError("split input", "at least one sample", `${n} samples`);
  if ((testSize === undefined || testSize === null) && (trainSize === undefined || trainSize === null)) {
    testSize = defaultTestSize;
  }
  const testKind = sizeKind("testSize", testSize, n);
  const trainKind = sizeKind("trainSize", trainSize, n);
  if (testKind === "float" && trainKind === "float" && (trainSize as number) + (testSize as number) > 1) {
    throw new OptionError("testSize + trainSize", "a total fraction of at most 1",
      (trainSize as number) + (testSize as number));
  }
  let nTest = testKind === "float" ? Math.ceil((testSize as number) * n) : testKind === "int" ? (testSize as number) : 0;
  let nTrain = trainKind === "float" ? Math.floor((trainSize as number) * n) : trainKind === "int" ? (trainSize as number) : 0;
  if (trainKind === "none") nTrain = n - nTest;
  else if (testKind === "none") nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new OptionError("testSize + trainSize", `at most n_samples=${n} samples in total`, `${nTrain} + ${nTest}`);
  }
  if (nTrain === 0) {
    throw new OptionError("trainSize", `a non-empty train set (n_samples=${n}, testSize=${testSize}, trainSize=${trainSize})`, nTrain);
  }
  return { nTrain, nTest };
}

/**
 * One ShuffleSplit split: perm = rng.permutation(n); test = perm[:nTest]; train = perm[nTest:nTest+nTrain].
 * @param n - number of samples
 * @param nTrain - train count
 * @param nTest - test count
 * @param rng - consumed: one permutation of n
 * @example
 * shuffleSplitIndices(200, 160, 40, new RandomState(42)).test; // the test indices sklearn gives
 */
export function shuffleSplitIndices(n: number, nTrain: number, nTest: number, rng: RandomState): SplitIndices {
  const perm = rng.permutation(n).data as Int32Array;
  return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
}

/**
 * One StratifiedShuffleSplit split, exactly as scikit-learn 1.2: allocate train counts per class with
 * approximateMode, then test counts from what is left, permute each class's members, take the prefixes, and
 * finally permute the train and the test lists.
 * @param labels - encoded labels (see encodeLabels)
 * @param nTrain - train count
 * @param nTest - test count
 * @param rng - the RandomState to draw from
 * @example
 * stratifiedShuffleSplitIndices(encodeLabels(y), 455, 114, new RandomState(42));
 */
export function stratifiedShuffleSplitIndices(labels: EncodedLabels, nTrain: number, nTest: number,
  rng: RandomState): SplitIndices {
  const { counts, codes, classes } = labels;
  const nClasses = counts.length;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c] < 2) {
      throw new OptionError("stratify", "at least 2 members in every class",
        `class ${JSON.stringify(classes[c])} with ${counts[c]} member`);
    }
  }
  if (nTrain < nClasses) {
    throw new OptionError("trainSize", `at least as many train samples as classes (${nClasses})`, nTrain);
  }
  if (nTest < nClasses) {
    throw new OptionError("testSize", `at least as many test samples as classes (${nClasses})`, nTest);
  }
  const members = classMembers(codes, counts);
  const nI = approximateMode(counts, nTrain, rng);
  const remaining = new Int32Array(nClasses);
  for (let c = 0; c < nClasses; c++) remaining[c] = counts[c] - nI[c];
  const tI = approximateMode(remaining, nTest, rng);
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let c = 0; c < nClasses; c++) {
    const perm = rng.permutation(counts[c]).data;
    const m = members[c];
    for (let j = 0; j < nI[c]; j++) train[a++] = m[perm[j]];
    for (let j = nI[c]; j < nI[c] + tI[c]; j++) test[b++] = m[perm[j]];
  }
  rng.shuffle(train);
  rng.shuffle(test);
  return { train, test };
}
