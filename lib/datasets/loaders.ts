/**
 * The toy datasets scikit-learn bundles: loadIris, loadBreastCancer, loadWine, loadDiabetes, loadDigits,
 * loadLinnerud. Each returns the same fields as sklearn's Bunch (camelCase), parsed exactly as sklearn parses
 * the same files.
 */
import { NDArray } from "../array/ndarray";
import { OptionError } from "../errors";
import { AsFrameOption, FrameDataset, toFrameDataset, wantsFrame } from "./as_frame";
import type { DataFrame, DataType, Series } from "nodejs-polars";
import { parseLabeledCsv, parseTable, readText } from "./read";

/** A loaded dataset (sklearn's Bunch). */
export interface Dataset {
  /** Samples × features, float64. */
  data: NDArray;
  /** Labels (int32) for classification, values (float64) for regression; 2-D for multi-output. */
  target: NDArray;
  /** Column names of `data`. */
  featureNames: string[];
  /** Class names (classification) or target column names (multi-output); empty for diabetes. */
  targetNames: string[];
  /** The dataset's full description (reStructuredText). */
  descr: string;
  /** Undefined here; with `{ asFrame: true }` the loaders return a {@link FrameDataset} whose `frame` is set. */
  frame?: undefined;
  /** Digits only: the 8×8 images, shape [n, 8, 8]. */
  images?: NDArray;
}

function labeled(csv: string, rst: string, featureNames: string[]): Dataset {
  const p = parseLabeledCsv(csv);
  return {
    data: new NDArray(p.data, [p.rows, p.cols]),
    target: new NDArray(p.target, [p.rows]),
    featureNames: featureNames.slice(),
    targetNames: p.targetNames,
    descr: readText(rst),
    frame: undefined,
  };
}

/**
 * The iris dataset (150 × 4, 3 classes of 50).
 * @param options - { asFrame: true } for polars frames (data, target, frame), as sklearn's as_frame
 * @example
 * const { data, target, targetNames } = loadIris(); // data.shape = [150, 4]
 * loadIris({ asFrame: true }).frame.columns.at(-1);  // "target"
 */
export function loadIris(options: { asFrame: true }): FrameDataset<Series<DataType.Int32>>;
export function loadIris(options?: AsFrameOption): Dataset;
export function loadIris(options: AsFrameOption = {}): Dataset | FrameDataset {
  return framed(options, labeled("iris.csv", "iris.rst",
    ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]));
}

function framed(options: AsFrameOption | undefined, ds: Dataset, targetColumns: string[] = []): Dataset | FrameDataset {
  return wantsFrame(options) ? toFrameDataset(ds, targetColumns) : ds;
}

const BC_BASE = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
  "concave points", "symmetry", "fractal dimension"];

/**
 * The Breast Cancer Wisconsin (Diagnostic) dataset (569 × 30; target 0 = malignant, 1 = benign).
 * @param options - { asFrame: true } for polars frames
 * @example
 * const { data, target } = loadBreastCancer(); // data.shape = [569, 30]
 */
export function loadBreastCancer(options: { asFrame: true }): FrameDataset<Series<DataType.Int32>>;
export function loadBreastCancer(options?: AsFrameOption): Dataset;
export function loadBreastCancer(options: AsFrameOption = {}): Dataset | FrameDataset {
  const names = [...BC_BASE.map((b) => `mean ${b}`), ...BC_BASE.map((b) => `${b} error`),
    ...BC_BASE.map((b) => `worst ${b}`)];
  return framed(options, labeled("breast_cancer.csv", "breast_cancer.rst", names));
}

/**
 * The wine recognition dataset (178 × 13, 3 classes).
 * @param options - { asFrame: true } for polars frames
 * @example
 * loadWine().targetNames; // ["class_0", "class_1", "class_2"]
 */
export function loadWine(options: { asFrame: true }): FrameDataset<Series<DataType.Int32>>;
export function loadWine(options?: AsFrameOption): Dataset;
export function loadWine(options: AsFrameOption = {}): Dataset | FrameDataset {
  return framed(options, labeled("wine_data.csv", "wine_data.rst", ["alcohol", "malic_acid", "ash", "alcalinity_of_ash",
    "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity",
    "hue", "od280/od315_of_diluted_wines", "proline"]));
}

/** Options of {@link loadDiabetes}. */
export interface DiabetesOptions extends AsFrameOption {
  /** Center each feature and scale it to unit sum of squares, as sklearn does (default true). */
  scaled?: boolean;
}

/**
 * The diabetes regression dataset (442 × 10, target: disease progression after one year).
 * @param options - { scaled = true }: sklearn's default scaling (mean 0, sum of squares 1 per column)
 * @example
 * loadDiabetes().data.shape;                    // [442, 10]
 * loadDiabetes({ scaled: false }).data.get(0, 0); // 59 (age)
 */
export function loadDiabetes(options: DiabetesOptions & { asFrame: true }): FrameDataset<Series<DataType.Float64>>;
export function loadDiabetes(options?: DiabetesOptions): Dataset;
export function loadDiabetes(options: DiabetesOptions = {}): Dataset | FrameDataset {
  const scaled = options.scaled ?? true;
  if (typeof scaled !== "boolean") throw new OptionError("scaled", "a boolean", scaled);
  const x = parseTable(readText("diabetes_data_raw.csv.gz"), null, "diabetes_data_raw.csv.gz");
  const y = parseTable(readText("diabetes_target.csv.gz"), null, "diabetes_target.csv.gz");
  if (scaled) scaleColumns(x.data, x.rows, x.cols);
  return framed(options, {
    data: new NDArray(x.data, [x.rows, x.cols]),
    target: new NDArray(y.data, [y.rows]),
    featureNames: ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"],
    targetNames: [],
    descr: readText("diabetes.rst"),
    frame: undefined,
  });
}

/**
 * sklearn.preprocessing.scale followed by division by √n, with NumPy's operation order (row-by-row column sums,
 * population std, re-centering only when the residual mean is not close to 0).
 */
function scaleColumns(a: Float64Array, n: number, c: number): void {
  const colMean = () => {
    const mu = new Float64Array(c);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) mu[j] += a[i * c + j];
    for (let j = 0; j < c; j++) mu[j] /= n;
    return mu;
  };
  const mean = colMean();
  const std = new Float64Array(c);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) { const d = a[i * c + j] - mean[j]; std[j] += d * d; }
  for (let j = 0; j < c; j++) { std[j] = Math.sqrt(std[j] / n); if (std[j] === 0) std[j] = 1; }
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) a[i * c + j] -= mean[j];
  recenterIfNeeded(a, n, c, colMean());
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) a[i * c + j] /= std[j];
  recenterIfNeeded(a, n, c, colMean());
  const root = Math.sqrt(n);
  for (let i = 0; i < n * c; i++) a[i] /= root;
}

function recenterIfNeeded(a: Float64Array, n: number, c: number, mu: Float64Array): void {
  // np.allclose(mu, 0): |mu| <= 1e-8 for every column.
  if (mu.every((v) => Math.abs(v) <= 1e-8)) return;
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) a[i * c + j] -= mu[j];
}

/** Options of {@link loadDigits}. */
export interface DigitsOptions extends AsFrameOption {
  /** Keep only digits 0 … nClass−1 (default 10). */
  nClass?: number;
}

/**
 * The optical handwritten digits dataset (1797 × 64 pixel counts 0–16, with 8×8 images).
 * @param options - { nClass = 10 }
 * @example
 * const { data, images, target } = loadDigits(); // images.shape = [1797, 8, 8]
 */
export function loadDigits(options: DigitsOptions & { asFrame: true }): FrameDataset<Series<DataType.Int32>>;
export function loadDigits(options?: DigitsOptions): Dataset;
export function loadDigits(options: DigitsOptions = {}): Dataset | FrameDataset {
  const nClass = options.nClass ?? 10;
  if (!Number.isInteger(nClass) || nClass < 1 || nClass > 10) {
    throw new OptionError("nClass", "an integer in [1, 10]", nClass);
  }
  const t = parseTable(readText("digits.csv.gz"), ",", "digits.csv.gz");
  const keep: number[] = [];
  for (let i = 0; i < t.rows; i++) if (t.data[i * t.cols + 64] < nClass) keep.push(i);
  const data = new Float64Array(keep.length * 64);
  const target = new Int32Array(keep.length);
  keep.forEach((src, r) => {
    data.set(t.data.subarray(src * t.cols, src * t.cols + 64), r * 64);
    target[r] = t.data[src * t.cols + 64];
  });
  const featureNames: string[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) featureNames.push(`pixel_${r}_${c}`);
  return framed(options, {
    data: new NDArray(data, [keep.length, 64]),
    target: new NDArray(target, [keep.length]),
    featureNames,
    targetNames: Array.from({ length: nClass }, (_, i) => String(i)),
    descr: readText("digits.rst"),
    frame: undefined,
    images: new NDArray(Float64Array.from(data), [keep.length, 8, 8]),
  });
}

/**
 * The Linnerud multi-output regression dataset: 3 exercise features → 3 physiological targets (20 samples).
 * @param options - { asFrame: true } for polars frames (target: a frame of Weight, Waist, Pulse)
 * @example
 * const { data, target } = loadLinnerud(); // target.shape = [20, 3]
 */
export function loadLinnerud(options: { asFrame: true }): FrameDataset<DataFrame>;
export function loadLinnerud(options?: AsFrameOption): Dataset;
export function loadLinnerud(options: AsFrameOption = {}): Dataset | FrameDataset {
  const exText = readText("linnerud_exercise.csv");
  const phText = readText("linnerud_physiological.csv");
  const ex = parseTable(exText, null, "linnerud_exercise.csv", 1);
  const ph = parseTable(phText, null, "linnerud_physiological.csv", 1);
  const targetNames = phText.split(/\r?\n/)[0].trim().split(/\s+/);
  return framed(options, {
    data: new NDArray(ex.data, [ex.rows, ex.cols]),
    target: new NDArray(ph.data, [ph.rows, ph.cols]),
    featureNames: exText.split(/\r?\n/)[0].trim().split(/\s+/),
    targetNames,
    descr: readText("linnerud.rst"),
    frame: undefined,
  }, targetNames);
}
