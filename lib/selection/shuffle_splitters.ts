/**
 * ShuffleSplit and StratifiedShuffleSplit as cross-validation splitters: nSplits independent random splits
 * drawn from one RandomState per split() call, exactly as scikit-learn 1.2.
 */
import { OptionError, ShapeError } from "../errors";
import { RandomState } from "../random/random_state";
import { checkRandomState } from "../random/global";
import { CrossValidator, TrainTest, checkSeed, reprOption, sampleCount } from "./splitter";
import { SplitSize, shuffleSplitIndices, stratifiedShuffleSplitIndices, validateShuffleSplit } from "./shuffle_split";
import { classLabels } from "./kfold";

/** Options of {@link ShuffleSplit} and {@link StratifiedShuffleSplit}. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffling splits (default 10). */
  nSplits?: number;
  /** Fraction or count of test samples (0.1 when neither size is given). */
  testSize?: SplitSize;
  /** Fraction or count of train samples (the complement of testSize when absent). */
  trainSize?: SplitSize;
  /** Seed or RandomState. */
  randomState?: number | RandomState | null;
}

abstract class BaseShuffleSplit implements CrossValidator {
  readonly nSplits: number;
  readonly testSize: SplitSize;
  readonly trainSize: SplitSize;
  readonly randomState: number | RandomState | null | undefined;

  constructor(name: string, options: ShuffleSplitOptions) {
    this.nSplits = options.nSplits ?? 10;
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
    if (!Number.isInteger(this.nSplits) || this.nSplits < 1) {
      throw new OptionError(`${name} nSplits`, "an integer ≥ 1", this.nSplits);
    }
    checkSeed(`${name} randomState`, this.randomState);
  }

  abstract split(X: unknown, y?: unknown): TrainTest[];

  /** The number of splits. */
  getNSplits(): number { return this.nSplits; }

  /** repr as scikit-learn prints it. */
  toString(): string {
    return `${this.constructor.name}(nSplits=${this.nSplits}, randomState=${reprOption(this.randomState)}, ` +
      `testSize=${reprOption(this.testSize)}, trainSize=${reprOption(this.trainSize)})`;
  }
}

/**
 * Random permutation splits: for each split, perm = rng.permutation(n), test = perm[:nTest],
 * train = perm[nTest:nTest + nTrain] (indices in permutation order, not sorted).
 * @example
 * new ShuffleSplit({ nSplits: 5, testSize: 0.2, randomState: 42 }).split(X);
 */
export class ShuffleSplit extends BaseShuffleSplit {
  /** @param options - { nSplits = 10, testSize, trainSize, randomState } */
  constructor(options: ShuffleSplitOptions = {}) { super("ShuffleSplit", options); }

  /**
   * Train/test indices of each split.
   * @param X - samples (only the count is used)
   * @example
   * new ShuffleSplit({ nSplits: 2, testSize: 1, randomState: 0 }).split([[1], [2], [3]]);
   */
  split(X: unknown, _y?: unknown): TrainTest[] {
    const n = sampleCount(X);
    const { nTrain, nTest } = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const rng = checkRandomState(this.randomState);
    const out: TrainTest[] = [];
    for (let s = 0; s < this.nSplits; s++) {
      const { train, test } = shuffleSplitIndices(n, nTrain, nTest, rng);
      out.push([train, test]);
    }
    return out;
  }
}

/**
 * Stratified random splits: each split keeps the class proportions (scikit-learn's StratifiedShuffleSplit).
 * @example
 * new StratifiedShuffleSplit({ nSplits: 5, testSize: 0.2, randomState: 42 }).split(X, y);
 */
export class StratifiedShuffleSplit extends BaseShuffleSplit {
  /** @param options - { nSplits = 10, testSize, trainSize, randomState } */
  constructor(options: ShuffleSplitOptions = {}) { super("StratifiedShuffleSplit", options); }

  /**
   * Train/test indices of each split.
   * @param X - samples (only the count is used)
   * @param y - class labels
   * @example
   * new StratifiedShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 }).split(X, y);
   */
  split(X: unknown, y?: unknown): TrainTest[] {
    const n = sampleCount(X);
    if (y === undefined || y === null) throw new OptionError("StratifiedShuffleSplit y", "class labels", y);
    const labels = classLabels(y);
    if (labels.codes.length !== n) {
      throw new ShapeError("StratifiedShuffleSplit y", `${n} labels (one per sample of X)`, `${labels.codes.length}`);
    }
    const { nTrain, nTest } = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const rng = checkRandomState(this.randomState);
    const out: TrainTest[] = [];
    for (let s = 0; s < this.nSplits; s++) {
      const { train, test } = stratifiedShuffleSplitIndices(labels, nTrain, nTest, rng);
      out.push([train, test]);
    }
    return out;
  }
}
