/**
 * loadOnnx(path | bytes): any ONNX model with one 2-D numeric input as an estimator-shaped object running on ONNX
 * Runtime — predict, predictProba and transform read the model's outputs by role, so it works in metrics, displays,
 * serve() and tracking like a fitted typelearn estimator. Calls are synchronous (see OnnxSession: a worker thread
 * runs ONNX Runtime's asynchronous API while the caller waits), which is what metrics and the server expect;
 * predictAsync gives the same predictions without blocking.
 *
 * Roles: an output named "label" gives predict's labels; "probabilities" (or any tensor output whose name
 * contains "prob") gives predictProba; "transformed" gives transform; otherwise predict and transform use the
 * first output, flattened to [N] when it is [N, 1]. Classes come from a typelearn file's metadata or `options.classes`.
 *
 * An OnnxModel cannot be trained: like scikit-learn's FrozenEstimator, `fit` only checks X's width and keeps the
 * graph, and `clone()` gives a model of the same graph (a new ONNX Runtime session on the same bytes). So
 * crossValScore, crossValidate and the searches' scoring evaluate the loaded model on each held-out part, and its
 * role (`_estimatorType`, read from its outputs) picks stratified folds and `score` (accuracy or R²) as it would
 * for the estimator it was exported from.
 */
import * as fs from "fs";
import { NDArray } from "../array/ndarray";
import { BaseEstimator } from "../base/estimator";
import { OptionError } from "../errors";
import type { EstimatorType } from "../base/roles";
import { toVector, type MatrixLike, type VectorLike } from "../base/validation";
import { accuracyScore } from "../metrics/classification";
import { r2Score } from "../metrics/regression";
import type { LabelsLike } from "../metrics/labels";
import type { TargetLike } from "../base/validation";
import { PersistError } from "../persist";
import { OnnxRuntimeError } from "./errors";
import { readMetadataProps } from "./proto";
import { OnnxSession, OrtTensor, OrtValueInfo } from "./session";

/** Options of {@link loadOnnx}. */
export interface LoadOnnxOptions {
  /** Class labels in the order of the probability columns (a typelearn-written file records them itself). */
  classes?: (number | string)[];
}

const ELEM_INPUTS = new Set(["float32", "float64"]);

/** An ONNX model running on ONNX Runtime, used like a fitted estimator. */
export class OnnxModel extends BaseEstimator {
  declare path: string | null;
  /** The ONNX Runtime session. */
  readonly session: OnnxSession;
  /** The file's metadata_props. */
  readonly metadata: Record<string, string>;
  /** The file's bytes. */
  readonly bytes: Uint8Array;
  declare classes_: NDArray | string[] | undefined;
  private readonly input: OrtValueInfo;
  private readonly loadOptions: LoadOnnxOptions;

  /**
   * @param bytes - a serialized ONNX ModelProto
   * @param options - { classes }
   * @param path - where it was read from (shown in the repr)
   */
  constructor(bytes: Uint8Array, options: LoadOnnxOptions = {}, path: string | null = null) {
    super({ path: null }, { path });
    this.bytes = bytes;
    this.loadOptions = { ...options };
    this.session = new OnnxSession(bytes);
    this.metadata = readMetadataProps(bytes);
    if (this.session.inputs.length !== 1) {
      throw new OnnxRuntimeError(`expected a model with one input, got ${this.session.inputs.length} (${this.session.inputs.map((i) => i.name).join(", ")})`);
    }
    this.input = this.session.inputs[0];
    const width = this.input.shape[1];
    if (this.input.shape.length !== 2 || typeof width !== "number" || !ELEM_INPUTS.has(this.input.type)) {
      throw new OnnxRuntimeError(`expected one float32 or float64 input of shape [N, nFeatures], got ${this.input.type} [${this.input.shape.join(", ")}]`);
    }
    this.nFeaturesIn_ = width;
    const names = this.metadata["typelearn.feature_names"];
    if (names) this.featureNamesIn_ = JSON.parse(names) as string[];
    const classes = options.classes ?? (this.metadata["typelearn.classes"] ? JSON.parse(this.metadata["typelearn.classes"]) as (number | string)[] : undefined);
    if (classes && this.probabilityOutput()) {
      this.classes_ = classes.every((c) => typeof c === "number") ? new NDArray(Float64Array.from(classes as number[]), [classes.length]) : classes.map(String);
    }
  }

  /**
   * What the model is, read from its outputs: "classifier" with a label and a probabilities output, "regressor"
   * with a "variable" output (typelearn's and skl2onnx's name for a regressor's), "clusterer" with a label but no
   * probabilities (KMeans), else undefined (a transformer or a net).
   */
  get _estimatorType(): EstimatorType | undefined {
    if (!this.session) return undefined; // read by the base constructor's checks before the session exists
    const label = this.output("label");
    if (label && this.probabilityOutput()) return "classifier";
    if (this.output("variable")) return "regressor";
    return label ? "clusterer" : undefined;
  }

  /**
   * Nothing to learn: the graph is fixed (scikit-learn's FrozenEstimator). Checks X's width and returns this, so
   * cross-validation of a loaded model scores the same graph on every split.
   * @param X - samples of the width the model takes
   * @example
   * crossValScore(loadOnnx("model.onnx"), X, y, { cv: 5 }); // the exported model's accuracy on each fold
   */
  fit(X: MatrixLike, _y?: unknown, _sampleWeight?: unknown): this {
    this.validateX(X, { reset: false, finite: false });
    return this;
  }

  /**
   * A model of the same graph with its own ONNX Runtime session (the bytes are shared: they are never changed).
   * The graph is what an OnnxModel is, so unlike a trainable estimator's clone it is ready to predict.
   * @example
   * const copy = loadOnnx("model.onnx").clone();
   */
  clone(): this {
    const Ctor = this.constructor as new (bytes: Uint8Array, options: LoadOnnxOptions, path: string | null) => this;
    return new Ctor(this.bytes, { ...this.loadOptions }, this.path);
  }

  /**
   * The model's own score: accuracy for a classifier, R² for a regressor (as the estimator it came from).
   * @param X - samples
   * @param y - true labels or targets
   * @param sampleWeight - optional weight per sample
   * @example
   * loadOnnx("model.onnx").score(XTest, yTest);
   */
  score(X: MatrixLike, y: LabelsLike | TargetLike, sampleWeight?: VectorLike): number {
    const kind = this._estimatorType;
    const w = sampleWeight === undefined || sampleWeight === null ? undefined : toVector(sampleWeight, "sampleWeight");
    if (kind === "classifier") return accuracyScore(y as LabelsLike, this.predict(X), { sampleWeight: w });
    if (kind === "regressor") return r2Score(y as TargetLike, this.predict(X) as NDArray, { sampleWeight: w });
    throw new OptionError("score", "a classifier (label and probabilities outputs) or a regressor (variable output)",
      `outputs ${this.session.outputs.map((o) => o.name).join(", ")}`);
  }

  private output(name: string): OrtValueInfo | undefined {
    return this.session.outputs.find((o) => o.name === name);
  }

  private probabilityOutput(): OrtValueInfo | undefined {
    return this.output("probabilities") ?? this.session.outputs.find((o) => o.type !== "non-tensor" && /prob/i.test(o.name));
  }

  private feeds(X: unknown): Record<string, OrtTensor> {
    const m = this.validateX(X, { reset: false, finite: false });
    const data = this.input.type === "float32" ? Float32Array.from(m.data) : Float64Array.from(m.data);
    return { [this.input.name]: { type: this.input.type, data, dims: [m.rows, m.cols] } };
  }

  /** Run the model on X, returning every output. */
  run(X: unknown): Record<string, OrtTensor> {
    return this.session.run(this.feeds(X));
  }

  private predictOutput(): string {
    return this.output("label")?.name ?? this.output("variable")?.name ?? this.session.outputs[0].name;
  }

  /**
   * predict without blocking the calling thread: the same result, through a promise.
   * @example
   * const labels = await loadOnnx("model.onnx").predictAsync(XTest);
   */
  async predictAsync(X: unknown): Promise<NDArray | string[]> {
    const out = await this.session.runAsync(this.feeds(X));
    return this.asArray(out[this.predictOutput()], true);
  }

  private asArray(t: OrtTensor, flatten: boolean): NDArray | string[] {
    if (t.type === "string") return Array.from(t.data as ArrayLike<string>);
    const data = Float64Array.from(t.data as ArrayLike<number | bigint>, Number);
    const dims = flatten && t.dims.length === 2 && t.dims[1] === 1 ? [t.dims[0]] : t.dims;
    return new NDArray(data, dims);
  }

  /**
   * Predictions: the "label" output, else "variable", else the first output ([N, 1] flattened to [N]).
   * @example
   * accuracyScore(yTest, loadOnnx("model.onnx").predict(XTest));
   */
  predict(X: unknown): NDArray | string[] {
    return this.asArray(this.run(X)[this.predictOutput()], true);
  }

  /**
   * Class probabilities: the "probabilities" output (or the first tensor output named like it).
   * @example
   * loadOnnx("model.onnx").predictProba(XTest).row(0);
   */
  predictProba(X: unknown): NDArray {
    const o = this.probabilityOutput();
    if (!o) throw new OptionError("predictProba", "a model with a probabilities output", `outputs ${this.session.outputs.map((v) => v.name).join(", ")}`);
    return this.asArray(this.run(X)[o.name], false) as NDArray;
  }

  /**
   * The "transformed" output, else the first output.
   * @example
   * loadOnnx("scaler.onnx").transform(X);
   */
  transform(X: unknown): NDArray {
    const name = this.output("transformed")?.name ?? this.session.outputs[0].name;
    return this.asArray(this.run(X)[name], false) as NDArray;
  }

  /** Free the ONNX Runtime session. */
  release(): void { this.session.release(); }

  toString(): string {
    return `OnnxModel(${this.path ? `path='${this.path}', ` : ""}inputs=[${this.input.name}: ${this.input.type} [${this.input.shape.join(", ")}]], ` +
      `outputs=[${this.session.outputs.map((o) => o.name).join(", ")}])`;
  }
}

/**
 * Read an ONNX file's bytes: a regular file only (a FIFO, a device or a directory is a PersistError of kind "io",
 * as for .tl files, so a path such as /dev/zero cannot read forever).
 * @param file - path of a `.onnx` file
 * @returns its bytes
 * @example
 * const bytes = readOnnxFile("model.onnx");
 */
export function readOnnxFile(file: string): Buffer {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new PersistError("io", file, "expected a regular file (not a FIFO, device, socket or directory)");
    return fs.readFileSync(fd);
  } catch (e) {
    if (e instanceof PersistError) throw e;
    throw new PersistError("io", file, (e as Error).message);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Load an ONNX model to run on ONNX Runtime as an estimator.
 * @param source - a .onnx file path or the model's bytes
 * @param options - { classes } for a classifier whose file does not record them
 * @example
 * const m = loadOnnx("model.onnx");
 * accuracyScore(yTest, m.predict(XTest));
 */
export function loadOnnx(source: string | Uint8Array, options: LoadOnnxOptions = {}): OnnxModel {
  if (typeof source === "string") return new OnnxModel(readOnnxFile(source), options, source);
  if (!(source instanceof Uint8Array)) throw new OptionError("loadOnnx source", "a file path or the model's bytes", source);
  return new OnnxModel(source, options);
}
