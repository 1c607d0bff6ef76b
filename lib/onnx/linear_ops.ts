/**
 * Exporters built from plain default-domain operators in double precision (so ONNX Runtime reproduces typelearn
 * to rounding): linear models, logistic regression, scalers, the imputer, the one-hot encoder, PCA, KMeans and
 * the MLPs. They read fitted attributes only.
 */
import { NDArray } from "../array/ndarray";
import { Graph } from "./graph";
import { OnnxExportError } from "./errors";
import { Outputs, Val } from "./types";

const N = "N";

/** The transpose of a [rows, cols] row-major matrix, as a double constant [cols, rows]. */
function transposed(g: Graph, hint: string, a: ArrayLike<number>, rows: number, cols: number): string {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return g.doubles(hint, t, [cols, rows]);
}

/** x · Wᵀ + b for W [rows, cols] (row-major), b [rows]. */
function affine(g: Graph, x: string, W: ArrayLike<number>, rows: number, cols: number, b: ArrayLike<number>): string {
  const mm = g.op1("MatMul", [x, transposed(g, "coef_t", W, rows, cols)]);
  return g.op1("Add", [mm, g.doubles("intercept", b)]);
}

/** Labels as classes_[argmax(probabilities)]: double labels for numeric classes, strings for string ones. */
export function labelsFromScores(g: Graph, scores: string, classes: NDArray | string[]): Val {
  const idx = g.op1("ArgMax", [scores], { axis: { i: 1 }, keepdims: { i: 0 } });
  const isStr = Array.isArray(classes);
  const table = isStr ? g.constant("classes", { elem: "string", dims: [classes.length], data: classes as string[] })
    : g.doubles("classes", (classes as NDArray).data as ArrayLike<number>);
  return { name: g.op1("Gather", [table, idx], { axis: { i: 0 } }), elem: isStr ? "string" : "double", dims: [N] };
}

function vec(v: number | NDArray): Float64Array {
  return typeof v === "number" ? Float64Array.of(v) : Float64Array.from(v.data as ArrayLike<number>);
}

/** LinearRegression / Ridge: X·coefᵀ + intercept, [N, nTargets]. */
export function exportLinear(g: Graph, x: Val, est: { coef_: NDArray; intercept_: number | NDArray }): Outputs {
  const coef = est.coef_;
  const rows = coef.shape.length === 1 ? 1 : coef.shape[0], cols = coef.shape[coef.shape.length - 1];
  return { variable: { name: affine(g, x.name, coef.data as ArrayLike<number>, rows, cols, vec(est.intercept_)), elem: "double", dims: [N, rows] } };
}

/** LogisticRegression: probabilities as typelearn computes them (σ, σ(2d), softmax or normalized one-vs-rest). */
export function exportLogistic(g: Graph, x: Val, est: { coef_: NDArray; intercept_: NDArray; multiClass_: string; classes_: NDArray | string[] }): Outputs {
  const [rows, cols] = est.coef_.shape;
  const d = affine(g, x.name, est.coef_.data as ArrayLike<number>, rows, cols, est.intercept_.data as ArrayLike<number>);
  let p: string;
  if (rows === 1) {
    const f = est.multiClass_ === "multinomial" ? 2 : 1;
    const p1 = g.op1("Sigmoid", [f === 1 ? d : g.op1("Mul", [d, g.doubles("two", [2], [])])]);
    const p0 = g.op1("Sub", [g.doubles("one", [1], []), p1]);
    p = g.op1("Concat", [p0, p1], { axis: { i: 1 } });
  } else if (est.multiClass_ === "multinomial") {
    p = g.op1("Softmax", [d], { axis: { i: 1 } });
  } else {
    const s = g.op1("Sigmoid", [d]);
    p = g.op1("Div", [s, g.op1("ReduceSum", [s, g.int64s("axes", [1])], { keepdims: { i: 1 } })]);
  }
  const K = rows === 1 ? 2 : rows;
  return { probabilities: { name: p, elem: "double", dims: [N, K] }, label: labelsFromScores(g, p, est.classes_) };
}

/** StandardScaler: (X − mean) / scale, each part only when fitted. */
export function exportStandardScaler(g: Graph, x: Val, est: { mean_: NDArray | null; scale_: NDArray | null; withMean: boolean }): Outputs {
  let v = x.name;
  if (est.withMean && est.mean_) v = g.op1("Sub", [v, g.doubles("mean", est.mean_.data as ArrayLike<number>)]);
  if (est.scale_) v = g.op1("Div", [v, g.doubles("scale", est.scale_.data as ArrayLike<number>)]);
  if (v === x.name) v = g.op1("Identity", [v]);
  return { transformed: { name: v, elem: "double", dims: x.dims } };
}

/** MinMaxScaler: X·scale + min, clipped to featureRange when asked. */
export function exportMinMaxScaler(g: Graph, x: Val, est: { scale_: NDArray; min_: NDArray; clip: boolean; featureRange: [number, number] }): Outputs {
  let v = g.op1("Add", [g.op1("Mul", [x.name, g.doubles("scale", est.scale_.data as ArrayLike<number>)]), g.doubles("min", est.min_.data as ArrayLike<number>)]);
  if (est.clip) v = g.op1("Clip", [v, g.doubles("lo", [est.featureRange[0]], []), g.doubles("hi", [est.featureRange[1]], [])]);
  return { transformed: { name: v, elem: "double", dims: x.dims } };
}

/** SimpleImputer: missing entries (NaN or missingValues) replaced by statistics_; features never seen dropped. */
export function exportSimpleImputer(g: Graph, x: Val, est: { statistics_: NDArray; missingValues: number; keepEmptyFeatures: boolean }): Outputs {
  const stats = est.statistics_.data as ArrayLike<number>;
  const missing = Number.isNaN(est.missingValues) ? g.op1("IsNaN", [x.name]) : g.op1("Equal", [x.name, g.doubles("missing", [est.missingValues], [])]);
  let v = g.op1("Where", [missing, g.doubles("statistics", stats), x.name]);
  // scikit-learn drops features whose statistic is NaN (all missing in training) unless keepEmptyFeatures
  const keep: number[] = [];
  for (let j = 0; j < stats.length; j++) if (!Number.isNaN(stats[j])) keep.push(j);
  if (keep.length < stats.length && !est.keepEmptyFeatures) v = g.op1("Gather", [v, g.int64s("kept", keep)], { axis: { i: 1 } });
  return { transformed: { name: v, elem: "double", dims: [N, est.keepEmptyFeatures ? stats.length : keep.length] } };
}

/** OneHotEncoder over numeric categories: one Equal per category, unknown categories all zeros. */
export function exportOneHotEncoder(g: Graph, x: Val, est: { categories_: (number | string)[][]; dropIdx_: (number | null)[] | null }): Outputs {
  const parts: string[] = [];
  let width = 0;
  est.categories_.forEach((cats, j) => {
    if (cats.some((c) => typeof c !== "number")) throw new OnnxExportError("OneHotEncoder", `feature ${j} has string categories; the exported graph reads a numeric matrix`);
    const drop = est.dropIdx_ ? est.dropIdx_[j] : null;
    const kept = (cats as number[]).filter((_c, k) => k !== drop);
    if (kept.length === 0) return;
    const col = g.op1("Gather", [x.name, g.int64s("feature", [j])], { axis: { i: 1 } });
    parts.push(g.op1("Cast", [g.op1("Equal", [col, g.doubles("categories", kept)])], { to: { i: 11 } }));
    width += kept.length;
  });
  const v = parts.length === 1 ? parts[0] : g.op1("Concat", parts, { axis: { i: 1 } });
  return { transformed: { name: v, elem: "double", dims: [N, width] } };
}

/** PCA: (X − mean)·componentsᵀ, divided by √explainedVariance when whitening. */
export function exportPca(g: Graph, x: Val, est: { mean_: NDArray; components_: NDArray; whiten: boolean; explainedVariance_: NDArray }): Outputs {
  const [k, p] = est.components_.shape;
  const xc = g.op1("Sub", [x.name, g.doubles("mean", est.mean_.data as ArrayLike<number>)]);
  let v = g.op1("MatMul", [xc, transposed(g, "components_t", est.components_.data as ArrayLike<number>, k, p)]);
  if (est.whiten) v = g.op1("Div", [v, g.doubles("sqrt_ev", Array.from(est.explainedVariance_.data as ArrayLike<number>, Math.sqrt))]);
  return { transformed: { name: v, elem: "double", dims: [N, k] } };
}

/** KMeans: transform = Euclidean distances to the centres, label = index of the nearest (as a double, like labels_). */
export function exportKMeans(g: Graph, x: Val, est: { clusterCenters_: NDArray }): Outputs {
  const [k, p] = est.clusterCenters_.shape;
  const C = est.clusterCenters_.data as ArrayLike<number>;
  const cc = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) cc[c] += C[c * p + j] * C[c * p + j];
  const xx = g.op1("ReduceSum", [g.op1("Mul", [x.name, x.name]), g.int64s("axes", [1])], { keepdims: { i: 1 } });
  const xc = g.op1("MatMul", [x.name, transposed(g, "centers_t", C, k, p)]);
  const d2 = g.op1("Max", [g.op1("Add", [g.op1("Sub", [xx, g.op1("Mul", [xc, g.doubles("two", [2], [])])]), g.doubles("cc", cc)]), g.doubles("zero", [0], [])]);
  const idx = g.op1("ArgMin", [d2], { axis: { i: 1 }, keepdims: { i: 0 } });
  return {
    transformed: { name: g.op1("Sqrt", [d2]), elem: "double", dims: [N, k] },
    label: { name: g.op1("Cast", [idx], { to: { i: 11 } }), elem: "double", dims: [N] },
  };
}

const ACT: Record<string, string | null> = { relu: "Relu", tanh: "Tanh", logistic: "Sigmoid", identity: null };

function mlpForward(g: Graph, x: string, est: { coefs_: NDArray[]; intercepts_: NDArray[]; activation: string }): string {
  let h = x;
  est.coefs_.forEach((W, i) => {
    h = g.op1("Add", [g.op1("MatMul", [h, g.doubles("coef", W.data as ArrayLike<number>, [...W.shape])]), g.doubles("intercept", est.intercepts_[i].data as ArrayLike<number>)]);
    const act = ACT[est.activation];
    if (i < est.coefs_.length - 1 && act) h = g.op1(act, [h]);
  });
  return h;
}

/** MLPClassifier: hidden layers, then a logistic output for two classes (as [1−p, p]) or softmax. */
export function exportMlpClassifier(g: Graph, x: Val, est: { coefs_: NDArray[]; intercepts_: NDArray[]; activation: string; nOutputs_: number; classes_: NDArray | string[] }): Outputs {
  const z = mlpForward(g, x.name, est);
  let p: string;
  if (est.nOutputs_ === 1) {
    const p1 = g.op1("Sigmoid", [z]);
    p = g.op1("Concat", [g.op1("Sub", [g.doubles("one", [1], []), p1]), p1], { axis: { i: 1 } });
  } else {
    p = g.op1("Softmax", [z], { axis: { i: 1 } });
  }
  const K = est.nOutputs_ === 1 ? 2 : est.nOutputs_;
  return { probabilities: { name: p, elem: "double", dims: [N, K] }, label: labelsFromScores(g, p, est.classes_) };
}

/** MLPRegressor: hidden layers, identity output. */
export function exportMlpRegressor(g: Graph, x: Val, est: { coefs_: NDArray[]; intercepts_: NDArray[]; activation: string; nOutputs_: number }): Outputs {
  return { variable: { name: mlpForward(g, x.name, est), elem: "double", dims: [N, est.nOutputs_] } };
}
