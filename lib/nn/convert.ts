/**
 * Conversions between typelearn's arrays and tfjs tensors: NDArray (or nn's Tensor, or nested numbers) → tf.Tensor,
 * and tf.Tensor → NDArray. float32 tensors become float64 NDArrays, int32 stays int32, bool stays bool.
 */
import { NDArray } from "../array/ndarray";
import { InputTypeError } from "../errors";
import { tfjs } from "./backend";
import { tensor, Tensor, TensorLike } from "./tensor";
import type { TfTensor } from "./tf_types";
import { toNDArrayOf } from "./tf_display";

/**
 * A tf.Tensor with the values of an NDArray, an nn Tensor or nested numbers (loads tfjs on first use).
 * @param x - the data; int32 and bool NDArrays keep their dtype, everything else becomes float32
 * @example
 * const t = nn.toTf(np.arange(6).reshape(2, 3)); // tf.Tensor [2, 3]
 */
export function toTf(x: TensorLike): TfTensor {
  const tf = tfjs();
  if (x instanceof NDArray && (x.dtype === "int32" || x.dtype === "bool")) {
    return tf.tensor(Int32Array.from(x.data as ArrayLike<number>), [...x.shape], x.dtype);
  }
  const t = x instanceof Tensor ? x : tensor(x);
  return t.toTf();
}

/**
 * An NDArray with a tf.Tensor's values (float64 for float tensors).
 * @param t - a tf.Tensor
 * @example
 * nn.fromTf(tf.tensor([[1, 2]])).shape; // [1, 2]
 */
export function fromTf(t: TfTensor): NDArray {
  if (!t || typeof t.dataSync !== "function" || !Array.isArray(t.shape)) throw new InputTypeError("fromTf(t)", "a tf.Tensor", t);
  if (t.dtype === "string" || t.dtype === "complex64") throw new InputTypeError("fromTf(t)", "a numeric or bool tf.Tensor", t.dtype);
  return toNDArrayOf(t.dataSync(), t.shape, t.dtype);
}
