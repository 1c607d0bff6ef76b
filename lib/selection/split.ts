/**
 * trainTestSplit: scikit-learn's train_test_split, with the same indices for the same randomState.
 */
import { InputTypeError, OptionError, ShapeError } from "../errors";
import { RandomState } from "../random/random_state";
import { checkRandomState } from "../random/global";
import { SPLITTABLE, Splittable, isSplittable, numSamples, takeSamples } from "./indexing";
import type { FrameLike, PolarsSeriesLike } from "../base/validation";
import { seriesValues } from "../frame/adapters";
import { SplitIndices, SplitSize, shuffleSplitIndices, stratifiedShuffleSplitIndices, validateShuffleSplit } from "./shuffle_split";
import { Labels, encodeLabels } from "./stratify";

/** Options of trainTestSplit (scikit-learn's keyword arguments in camelCase). */
export interface TrainTestSplitOptions {
  /** Fraction in (0, 1) or integer count of test samples; 0.25 when neither size is given. */
  testSize?: SplitSize;
  /** Fraction in (0, 1) or integer count of train samples; the complement of testSize when absent. */
  trainSize?: SplitSize;
  /** Seed or RandomState; absent → the global generator (np.random). */
  randomState?: number | RandomState | null;
  /** Shuffle before splitting (default true); false → the first nTrain samples train, the next nTest test. */
  shuffle?: boolean;
  /** Class labels to stratify by (same length as the inputs): an array, or a polars/danfo Series. */
  stratify?: Labels | FrameLike | PolarsSeriesLike | null;
}

const OPTION_KEYS = new Set(["testSize", "trainSize", "randomState", "shuffle", "stratify"]);

function isOptions(x: unknown): x is TrainTestSplitOptions {
  return typeof x === "object" && x !== null && !isSplittable(x);
}

/**
 * Split arrays into random train and test subsets, as scikit-learn's train_test_split.
 * Returns [XTrain, XTest] or [XTrain, XTest, yTrain, yTest] (and so on for more arrays), each of the same kind
 * as its input (NDArray rows keep their dtype; plain and typed arrays stay plain and typed; a polars or danfo
 * DataFrame or Series gives frames or series of its library, danfo's rows keeping their index labels).
 *
 * @param X - samples: NDArray, number[][], number[], typed array, any array, or a polars/danfo DataFrame
 * @param y - optional targets with the same number of samples
 * @param options - testSize, trainSize, randomState, shuffle, stratify
 * @example
 * const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
 * const [train, test] = trainTestSplit(data, { trainSize: 0.8, shuffle: false });
 * const [dfTrain, dfTest, sTrain, sTest] = trainTestSplit(df.drop("target"), df.getColumn("target"), { randomState: 0 });
 */
export function trainTestSplit<X extends Splittable>(X: X, options?: TrainTestSplitOptions): [X, X];
export function trainTestSplit<X extends Splittable>(X: X, y: undefined | null, options?: TrainTestSplitOptions): [X, X];
export function trainTestSplit<X extends Splittable, Y extends Splittable>(X: X, y: Y,
  options?: TrainTestSplitOptions): [X, X, Y, Y];
export function trainTestSplit<X extends Splittable, Y extends Splittable, Z extends Splittable>(X: X, y: Y, z: Z,
  options?: TrainTestSplitOptions): [X, X, Y, Y, Z, Z];
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions | undefined | null)[]): Splittable[];
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions | undefined | null)[]): Splittable[] {
  let options: TrainTestSplitOptions = {};
  if (args.length > 0 && isOptions(args[args.length - 1])) options = args.pop() as TrainTestSplitOptions;
  // an explicit undefined/null y (trainTestSplit(X, undefined, opts)) is "no y", as in the 2-value form
  const arrays = args.filter((a, i) => !(i > 0 && (a === undefined || a === null)));
  if (arrays.length === 0) throw new InputTypeError("trainTestSplit", "at least one array to split", undefined);
  arrays.forEach((a, i) => {
    if (!isSplittable(a)) throw new InputTypeError(`trainTestSplit argument ${i + 1}`, SPLITTABLE, a);
  });
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new OptionError(`trainTestSplit option "${key}"`, `one of ${[...OPTION_KEYS].join(", ")}`, key);
  }
  const inputs = arrays as Splittable[];
  const lengths = inputs.map((a, i) => numSamples(a, `trainTestSplit argument ${i + 1}`));
  const n = lengths[0];
  if (lengths.some((l) => l !== n)) {
    throw new ShapeError("trainTestSplit inputs", "the same number of samples in every array",
      `lengths [${lengths.join(", ")}]`);
  }
  if (n === 0) throw new ShapeError("trainTestSplit inputs", "at least one sample", "0 samples");
  const { nTrain, nTest } = validateShuffleSplit(n, options.testSize, options.trainSize, 0.25);
  const split = splitIndices(n, nTrain, nTest, options);
  const out: Splittable[] = [];
  for (const a of inputs) out.push(takeSamples(a, split.train), takeSamples(a, split.test));
  return out;
}

function splitIndices(n: number, nTrain: number, nTest: number, options: TrainTestSplitOptions): SplitIndices {
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean") throw new OptionError("shuffle", "true or false", shuffle);
  const stratify = options.stratify ?? null;
  if (!shuffle) {
    if (stratify !== null) {
      throw new OptionError("stratify", "no stratify when shuffle is false (not supported, as in scikit-learn)", "labels");
    }
    const train = new Int32Array(nTrain);
    const test = new Int32Array(nTest);
    for (let i = 0; i < nTrain; i++) train[i] = i;
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return { train, test };
  }
  const rng = checkRandomState(options.randomState);
  if (stratify === null) return shuffleSplitIndices(n, nTrain, nTest, rng);
  const labels = encodeLabels((seriesValues(stratify) ?? stratify) as Labels, "stratify");
  if (labels.codes.length !== n) {
    throw new ShapeError("stratify", `${n} labels (one per sample)`, `${labels.codes.length}`);
  }
  return stratifiedShuffleSplitIndices(labels, nTrain, nTest, rng);
}

/**
 * The train/test indices trainTestSplit would use for n samples, without gathering any data.
 * @param n - number of samples
 * @param options - the same options as trainTestSplit
 * @example
 * trainTestSplitIndices(200, { testSize: 0.2, randomState: 42 }).test.length; // 40
 */
export function trainTestSplitIndices(n: number, options: TrainTestSplitOptions = {}): SplitIndices {
  if (!Number.isInteger(n) || n <= 0) throw new ShapeError("trainTestSplitIndices n", "a positive integer", String(n));
  const { nTrain, nTest } = validateShuffleSplit(n, options.testSize, options.trainSize, 0.25);
  return splitIndices(n, nTrain, nTest, options);
}

