/** Errors of ONNX export and loading. */
import { TypelearnError } from "../errors";

/** An estimator (or one of its parts) cannot be written as ONNX: names the class and why. */
export class OnnxExportError extends TypelearnError {
  constructor(readonly estimator: string, readonly reason: string) {
    super(`cannot export ${estimator} to ONNX: ${reason}`);
  }
}

/** ONNX Runtime rejected a model or failed to run it. */
export class OnnxRuntimeError extends TypelearnError {
  constructor(readonly reason: string) {
    super(`ONNX Runtime: ${reason}`);
  }
}
