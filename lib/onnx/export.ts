/**
 * exportOnnx(model, path | options): a fitted typelearn estimator, Pipeline, search (its best estimator) or nn net
 * as an ONNX model. Exporters are looked up in a table keyed by class name; a registered estimator without one
 * gets an OnnxExportError naming it. Estimators read double input "X" [N, nFeatures] and compute in double where
 * ONNX Runtime's kernels do (tree ensembles output float32); nets read float "X", as they compute in float32.
 * Outputs are named by role: label + probabilities (classifiers), variable (regressors), transformed
 * (transformers); a net's is "output". The file's metadata_props describe the input and outputs.
 */
import * as fs from "fs";
import { BaseEstimator } from "../base/estimator";
import { OptionError } from "../errors";
import { typelearnVersion } from "../version";
import { Dim, Graph } from "./graph";
import { OnnxExportError } from "./errors";
import * as L from "./linear_ops";
import * as T from "./trees";
import { exportModule, netInputWidth } from "./nn_export";
import { Exporter, Outputs, Val } from "./types";

/** Exporters by estimator class name. */
const EXPORTERS = new Map<string, Exporter>([
  ["LinearRegression", L.exportLinear], ["Ridge", L.exportLinear], ["LogisticRegression", L.exportLogistic],
  ["StandardScaler", L.exportStandardScaler], ["MinMaxScaler", L.exportMinMaxScaler],
  ["SimpleImputer", L.exportSimpleImputer], ["OneHotEncoder", L.exportOneHotEncoder],
  ["PCA", L.exportPca], ["KMeans", L.exportKMeans],
  ["MLPClassifier", L.exportMlpClassifier], ["MLPRegressor", L.exportMlpRegressor],
  ["DecisionTreeClassifier", T.exportDecisionTreeClassifier], ["DecisionTreeRegressor", T.exportDecisionTreeRegressor],
  ["RandomForestClassifier", T.exportForestClassifier], ["RandomForestRegressor", T.exportForestRegressor],
  ["HistGradientBoostingClassifier", T.exportHgbClassifier], ["HistGradientBoostingRegressor", T.exportHgbRegressor],
  ["LabelEncoder", () => {
    throw new OnnxExportError("LabelEncoder", "it encodes targets (y), not features; export the classifier, whose label output already gives the original classes");
  }],
  ["Pipeline", exportPipeline], ["GridSearchCV", exportSearch], ["RandomizedSearchCV", exportSearch],
]);

/**
 * Register (or replace) the ONNX exporter of an estimator class.
 * @param className - the class name, as registered with registerEstimator
 * @param exporter - writes the fitted estimator into the graph
 * @example
 * registerOnnxExporter("MyScaler", (g, x, est) => ({ transformed: { ...x, name: g.op1("Mul", [x.name, g.doubles("s", est.s_.data)]) } }));
 */
export function registerOnnxExporter(className: string, exporter: Exporter): void {
  EXPORTERS.set(className, exporter);
}

/** The classes that have an ONNX exporter. */
export function onnxExportable(): string[] {
  return [...EXPORTERS.keys()].sort();
}

function exportStep(g: Graph, x: Val, est: unknown): Outputs {
  const name = (est as object)?.constructor?.name ?? String(est);
  const exporter = EXPORTERS.get(name);
  if (!exporter) throw new OnnxExportError(name, `no ONNX exporter for this class (exportable: ${onnxExportable().join(", ")})`);
  if (est instanceof BaseEstimator && !est.isFitted()) throw new OnnxExportError(name, "it is not fitted (call fit first)");
  return exporter(g, x, est);
}

function exportPipeline(g: Graph, x: Val, est: { steps: [string, unknown][] }): Outputs {
  let cur = x;
  let out: Outputs = { transformed: x };
  est.steps.forEach(([stepName, step], i) => {
    if (step === "passthrough" || step === null) return;
    out = exportStep(g, cur, step);
    if (i < est.steps.length - 1) {
      if (!out.transformed) throw new OnnxExportError(`Pipeline step "${stepName}"`, "an intermediate step must be a transformer");
      cur = out.transformed;
    }
  });
  return out;
}

function exportSearch(g: Graph, x: Val, est: { bestEstimator_: unknown; constructor: { name: string } }): Outputs {
  let best: unknown;
  try {
    best = est.bestEstimator_;
  } catch {
    best = undefined;
  }
  if (!best) throw new OnnxExportError(est.constructor.name, "it has no bestEstimator_ (fit it with refit: true)");
  return exportStep(g, x, best);
}

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /** Write the model here as well as returning it. */
  path?: string;
  /** Default-domain opset (13–17; default 17). */
  opset?: number;
}

function isNet(m: unknown): boolean {
  return !!m && typeof m === "object" && typeof (m as { namedChildren?: unknown }).namedChildren === "function"
    && typeof (m as { forward?: unknown }).forward === "function";
}

/**
 * Export a fitted model to ONNX.
 * @param model - a fitted estimator, Pipeline or search, or an nn net (Sequential / Module of Linear and activations)
 * @param pathOrOptions - a file path to write, or { path, opset }
 * @returns the ModelProto bytes
 * @example
 * exportOnnx(pipe, "model.onnx");
 * const bytes = exportOnnx(net, { opset: 17 });
 */
export function exportOnnx(model: unknown, pathOrOptions: string | ExportOnnxOptions = {}): Uint8Array {
  const options = typeof pathOrOptions === "string" ? { path: pathOrOptions } : pathOrOptions;
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 13 || opset > 17) throw new OptionError("exportOnnx opset", "an integer in [13, 17]", opset);
  const g = new Graph({ opset, mlOpset: 3 });
  const version = typelearnVersion();
  const meta: Record<string, string> = { "typelearn.version": version };
  if (isNet(model)) {
    const width = netInputWidth(model as never);
    if (width === null) throw new OnnxExportError((model as object).constructor.name, "the net has no Linear layer to give its input width");
    const x = g.input({ name: "X", elem: "float", dims: ["N", width] });
    const out = exportModule(g, x, model as never, width);
    g.output(out.name, { name: "output", elem: "float", dims: ["N", out.width] });
    Object.assign(meta, { "typelearn.class": (model as object).constructor.name, "typelearn.input": JSON.stringify({ name: "X", dtype: "float32", shape: ["N", width] }) });
  } else {
    if (!(model instanceof BaseEstimator)) throw new OptionError("exportOnnx model", "a fitted typelearn estimator or nn net", model);
    const name = model.constructor.name;
    if (!model.isFitted()) throw new OnnxExportError(name, "it is not fitted (call fit first)");
    if (typeof model.nFeaturesIn_ !== "number") {
      // the class's own exporter may say why (LabelEncoder); otherwise the input width is unknown
      exportStep(new Graph(), { name: "X", elem: "double", dims: ["N", "p"] }, model);
      throw new OnnxExportError(name, "it records no nFeaturesIn_, so the input's width is unknown");
    }
    const p = model.nFeaturesIn_;
    const x: Val = { name: g.input({ name: "X", elem: "double", dims: ["N", p] }), elem: "double", dims: ["N", p] };
    const out = exportStep(g, x, model);
    const described: Record<string, { dtype: string; shape: Dim[] }> = {};
    for (const role of ["label", "probabilities", "variable", "transformed"] as const) {
      const v = out[role];
      if (!v) continue;
      g.output(v.name, { name: role, elem: v.elem, dims: v.dims });
      described[role] = { dtype: v.elem === "double" ? "float64" : v.elem === "float" ? "float32" : v.elem, shape: v.dims };
    }
    meta["typelearn.class"] = name;
    meta["typelearn.input"] = JSON.stringify({ name: "X", dtype: "float64", shape: ["N", p] });
    meta["typelearn.outputs"] = JSON.stringify(described);
    if (Array.isArray(model.featureNamesIn_)) meta["typelearn.feature_names"] = JSON.stringify(model.featureNamesIn_);
    const classes = (model as unknown as { classes_?: unknown }).classes_;
    if (out.label && classes) meta["typelearn.classes"] = JSON.stringify(Array.isArray(classes) ? classes : Array.from((classes as { data: ArrayLike<number> }).data));
  }
  const bytes = g.toModel(meta, version);
  if (options.path) fs.writeFileSync(options.path, bytes);
  return bytes;
}
