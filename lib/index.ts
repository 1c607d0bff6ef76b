/**
 * typelearn: the public entry. Everything exported here is also a global in typelearn notebooks, so the list is
 * kept deliberate: NumPy-style free functions are reached through `np` rather than exported one by one.
 */
export * from "./errors";
export { display, updateDisplay, clearOutput, input, mime, displaySymbol, isDisplayable, toMimeBundle } from "./display";
export type { MimeBundle, Displayable, DisplayOptions } from "./display";
export { fmt } from "./format";
export { shapeOf } from "./frame/shape";
export { NDArray, LinAlgError } from "./array";
export type { DType, TypedData, NestedArray, ArrayInput } from "./array";
export { np } from "./np";
export { RandomState, checkRandomState } from "./random";
export * from "./selection";
export { LinearRegression, Ridge, LogisticRegression } from "./linear";
export type { LinearRegressionOptions, RidgeOptions, LogisticRegressionOptions, ClassWeight } from "./linear";
export * from "./metrics";
export * from "./preprocessing";
export * from "./pipeline";
export { runTasks, registerTask, shareArray, sharedView, isShared, effectiveJobs, cpuCount, addWorkerModule,
  shutdownPool, poolStats, WorkerDiedError, parallelBackend, currentBackend, DistributedError, NoWorkersError,
  VersionMismatchError, RedisUnavailableError, RunStateLostError, RemoteTaskError, RunCancelledError } from "./parallel";
export type { SharedFloat64, RunTasksOptions, BackendState, RedisBackendOptions } from "./parallel";
export { toSpec, fromSpec, SpecError } from "./base/spec";
export type { EstimatorSpec } from "./base/spec";
export { BaseEstimator } from "./base/estimator";
export { Classifier, Regressor, Transformer, Clusterer, estimatorType, fittedOn } from "./base/roles";
export { UnsupportedMethodError } from "./base/loaded";
export type { LoadedModel } from "./base/loaded";
export type { ClassifierLike, RegressorLike, ClassifierRole, RegressorRole, TransformerRole, ClustererRole, Classes, EstimatorType, EstimatorTypeOf,
  PredictedLabels, LabelOf, FittedClasses, WrapperFittedClasses } from "./base/roles";
export { DecisionTreeClassifier, DecisionTreeRegressor, exportText } from "./tree";
export type { DecisionTreeClassifierOptions, DecisionTreeRegressorOptions, ExportTextOptions, MaxFeatures } from "./tree";
export { RandomForestClassifier, RandomForestRegressor, HistGradientBoostingClassifier, HistGradientBoostingRegressor } from "./ensemble";
export type { RandomForestClassifierOptions, RandomForestRegressorOptions, HistGradientBoostingClassifierOptions,
  HistGradientBoostingRegressorOptions } from "./ensemble";
export { KMeans } from "./cluster";
export type { KMeansOptions } from "./cluster";
export { PCA } from "./decomposition";
export type { PCAOptions } from "./decomposition";
export * from "./datasets";
export { plot, Chart, vegaLite, ConfusionMatrixDisplay, RocCurveDisplay, PrecisionRecallDisplay, PlotRenderError, progress,
  Progress } from "./plot";
export type { ChartOutput, VegaLiteSpec, PlotOptions, ScatterOptions, LineOptions, BarOptions, HistOptions, HeatmapOptions,
  ConfusionMatrixDisplayOptions, CurveDisplayOptions, ProgressOptions } from "./plot";
export { dump, load, dumpBytes, loadBytes, readManifest, inspectBytes, PersistError, registerStateValidator, MODEL_FORMAT } from "./persist";
export type { ModelManifest, ModelFileInfo, PersistErrorKind, StateValidator } from "./persist";
export { serve, ModelServer, buildApp, modelInfo } from "./serve";
export type { ServeOptions, AppOptions, ModelInfo } from "./serve";
export * as mlflow from "./track";

import { loadDanfo, loadPolars } from "./frame/lazy";
import type * as polars from "nodejs-polars";
import type * as danfo from "danfojs-node";
/**
 * nodejs-polars, loaded on first touch (a notebook that never uses it does not pay its start-up).
 * @example pl.DataFrame({ a: [1, 2, 3] }).mean();
 */
export declare const pl: typeof polars;
/**
 * nodejs-polars' types under the same name as its value, so a cell can write `const y: pl.Series = …` as in
 * Python (type-only: it merges with the value above and emits nothing).
 * @example
 * function positives(s: pl.Series): number { return s.filter(s.gt(0)).len(); }
 */
export declare namespace pl {
  /** A polars Series (one named column). */
  export type Series<T extends polars.DataType = any, Name extends string = string> = polars.Series<T, Name>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A polars DataFrame. */
  export type DataFrame<S extends polars.Schema = any> = polars.DataFrame<S>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A lazy polars DataFrame (a query plan). */
  export type LazyDataFrame = polars.LazyDataFrame;
  /** A polars column expression (`pl.col("a").mul(2)`). */
  export type Expr = polars.Expr;
  /** A polars data type (`pl.Float64`, `pl.Utf8` …). */
  export type DataType = polars.DataType;
}
/**
 * danfojs-node (pandas-like DataFrame/Series), loaded on first touch.
 * @example new dfd.DataFrame({ a: [1, 2] }).describe();
 */
export declare const dfd: typeof danfo;
/**
 * danfojs' types under the same name as its value, so a cell can write `const s: dfd.Series = …`.
 * @example
 * function rows(df: dfd.DataFrame): number { return df.shape[0]; }
 */
export declare namespace dfd {
  /** A danfo Series. */
  export type Series = danfo.Series;
  /** A danfo DataFrame. */
  export type DataFrame = danfo.DataFrame;
}
// `export declare` gives the names their types; these getters give them values, requiring the package only when read.
Object.defineProperty(exports, "pl", { enumerable: true, configurable: true, get: loadPolars });
Object.defineProperty(exports, "dfd", { enumerable: true, configurable: true, get: loadDanfo });
export { nn, optim, torch, manualSeed, saveModel, loadModel, loadStateDict, tf, MLPClassifier, MLPRegressor } from "./nn";
export type { MLPClassifierOptions, MLPRegressorOptions } from "./nn";
export { exportOnnx, loadOnnx, OnnxModel, OnnxSession, OnnxExportError, OnnxRuntimeError, registerOnnxExporter, onnxExportable,
  readMetadataProps } from "./onnx";
export type { ExportOnnxOptions, LoadOnnxOptions, OrtTensor, OrtValueInfo } from "./onnx";
