/** ONNX in and out: export fitted models (exportOnnx) and run ONNX models as estimators (loadOnnx). */
export { exportOnnx, registerOnnxExporter, onnxExportable } from "./export";
export type { ExportOnnxOptions } from "./export";
export { OnnxExportError, OnnxRuntimeError } from "./errors";
export { loadOnnx, OnnxModel } from "./load";
export type { LoadOnnxOptions } from "./load";
export { OnnxSession } from "./session";
export type { OrtTensor, OrtValueInfo } from "./session";
export { readMetadataProps } from "./proto";
