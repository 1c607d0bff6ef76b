/**
 * KFold and StratifiedKFold: scikit-learn 1.2's algorithms, with the same indices for the same randomState.
 */
import { OptionError, ShapeError } from "../errors";
import { NDArray } from "../array/ndarray";
import { RandomState } from "../random/random_state";
import { checkRandomState } from "../random/global";
import { CrossValidator, TrainTest, checkKFoldOptions, masksToIndices, reprOption, sampleCount } from "./splitter";
import { Labels, encodeLabels } from "./stratify";
import { isNumericTypedArray } from "./indexing";

/** Options of {@link KFold} and {@link StratifiedKFold}. */
export interface KFoldOptions {
  /** Number of folds, ≥ 2 (default 5). */
  nSplits?: number;
  /** Shuffle the samples (KFold) or each class's fold assignment (StratifiedKFold) first (default false). */
  shuffle?: boolean;
  /** Seed or RandomState for the shuffle; only with shuffle: true. */
  randomState?: number | RandomState | null;
}

function tooFew(n: number, nSplits: number): ShapeError {
  return new ShapeError("X", `at least nSplits=${nSplits} samples`, `n_samples=${n}`);
}

/** What KFold and StratifiedKFold share: the options, and turning each sample's test fold into index pairs. */
abstract class BaseKFold implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | RandomState | null | undefined;

  constructor(name: string, options: KFoldOptions) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
    checkKFoldOptions(name, this.nSplits, this.shuffle, this.randomState);
  }

  /**
   * Train/test indices of each fold, ascending.
   * @param X - samples (only the count is used)
   * @param y - class labels (StratifiedKFold only)
   * @example
   * new KFold({ nSplits: 3 }).split([[1], [2], [3]]); // [[[1, 2], [0]], [[0, 2], [1]], [[0, 1], [2]]]
   */
  split(X: unknown, y?: unknown): TrainTest[] {
    const n = sampleCount(X);
    const folds = this.testFolds(n, y);
    const out: TrainTest[] = [];
    for (let f = 0; f < this.nSplits; f++) {
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (folds[i] === f) mask[i] = 1;
      out.push(masksToIndices(mask));
    }
    return out;
  }

  /** The test fold of each of the n samples. */
  protected abstract testFolds(n: number, y: unknown): Int32Array;

  /** The number of folds. */
  getNSplits(): number { return this.nSplits; }

  /** repr as scikit-learn prints it. */
  toString(): string {
    return `${this.constructor.name}(nSplits=${this.nSplits}, randomState=${reprOption(this.randomState)}, ` +
      `shuffle=${this.shuffle})`;
  }
}

/**
 * K-fold cross-validation: consecutive folds (after an optional shuffle); the first n % k folds get one sample
 * more. Each fold is the test set once; train and test indices come in ascending order.
 *
 * @example
 * for (const [train, test] of new KFold({ nSplits: 5, shuffle: true, randomState: 42 }).split(X)) { … }
 */
export class KFold extends BaseKFold {
  /** @param options - { nSplits = 5, shuffle = false, randomState } */
  constructor(options: KFoldOptions = {}) {
    super("KFold", options);
  }

  /** Consecutive blocks of the (optionally shuffled) order; the first n % k blocks one sample longer. */
  protected testFolds(n: number): Int32Array {
    if (this.nSplits > n) throw tooFew(n, this.nSplits);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) checkRandomState(this.randomState).shuffle(order);
    const folds = new Int32Array(n);
    let start = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = Math.floor(n / this.nSplits) + (f < n % this.nSplits ? 1 : 0);
      for (let j = start; j < start + size; j++) folds[order[j]] = f;
      start += size;
    }
    return folds;
  }
}

/**
 * Stratified k-fold: each fold keeps the class proportions (scikit-learn ≥ 0.22 algorithm). Classes are encoded by
 * order of first appearance; the samples of the sorted codes are dealt round-robin to folds to get each fold's
 * count per class; each class's samples then take their folds in blocks, in sample order (the block assignment is
 * shuffled per class when shuffle is true).
 *
 * Throws OptionError when nSplits exceeds the size of every class; warns (as scikit-learn) when it exceeds only
 * the smallest one.
 *
 * @example
 * new StratifiedKFold({ nSplits: 5 }).split(X, y);
 */
export class StratifiedKFold extends BaseKFold {
  /** @param options - { nSplits = 5, shuffle = false, randomState } */
  constructor(options: KFoldOptions = {}) {
    super("StratifiedKFold", options);
  }

  protected testFolds(n: number, y: unknown): Int32Array {
    if (y === undefined || y === null) throw new OptionError("StratifiedKFold y", "class labels to stratify by", y);
    const labels = classLabels(y);
    if (labels.codes.length !== n) {
      throw new ShapeError("StratifiedKFold y", `${n} labels (one per sample of X)`, `${labels.codes.length}`);
    }
    const k = this.nSplits;
    // re-encode by order of first appearance
    const nClasses = labels.classes.length;
    const firstSeen = new Int32Array(nClasses).fill(-1);
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = labels.codes[i];
      if (firstSeen[c] < 0) { firstSeen[c] = order.length; order.push(c); }
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = firstSeen[labels.codes[i]];
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[codes[i]]++;
    let smallest = 0;
    for (let c = 1; c < nClasses; c++) if (counts[c] < counts[smallest]) smallest = c;
    const smallName = JSON.stringify(labels.classes[order[smallest]]);
    if (counts.every((c) => k > c)) {
      throw new OptionError("StratifiedKFold nSplits",
        `at most the number of members of some class (the smallest, class ${smallName}, has ${counts[smallest]})`, k);
    }
    if (k > counts[smallest]) {
      process.emitWarning(`The least populated class in y (class ${smallName}) has only ${counts[smallest]} ` +
        `members, which is less than nSplits=${k}.`, "UserWarning");
    }
    // allocation[f][c]: members of class c in fold f, dealing the sorted codes round-robin
    const allocation = new Int32Array(k * nClasses);
    let p = 0;
    for (let c = 0; c < nClasses; c++) {
      for (let j = 0; j < counts[c]; j++, p++) allocation[(p % k) * nClasses + c]++;
    }
    const rng = this.shuffle ? checkRandomState(this.randomState) : null;
    const folds = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const block = new Int32Array(counts[c]);
      let q = 0;
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f * nClasses + c]; j++) block[q++] = f;
      if (rng) rng.shuffle(block);
      q = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) folds[i] = block[q++];
    }
    return folds;
  }
}

/**
 * Encode class labels for stratification, rejecting continuous targets (non-integer numbers) as scikit-learn's
 * type_of_target check does.
 * @param y - labels
 * @example
 * classLabels([1, 0, 1]).classes; // [0, 1]
 */
export function classLabels(y: unknown): ReturnType<typeof encodeLabels> {
  const labels = encodeLabels(y as Labels, "y");
  const vals = y instanceof NDArray ? y.data : isNumericTypedArray(y) ? y : null;
  const check = (v: unknown) => typeof v === "number" && !Number.isInteger(v);
  const bad = vals ? Array.prototype.some.call(vals, check) : (labels.classes as unknown[]).some(check);
  if (bad) {
    throw new OptionError("y", "class labels (binary or multiclass) for a stratified split", "continuous values");
  }
  return labels;
}
