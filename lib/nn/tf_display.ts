/**
 * Rich display of tensors. A tf.Tensor would otherwise print as a dump of its internals; here it shows like an
 * NDArray (NumPy's print layout and the HTML table) with its own shape and dtype. `nn`'s Tensor uses the same
 * bundle.
 */
import { NDArray } from "../array/ndarray";
import { formatStr } from "../array/format";
import { arrayToHtml } from "../array/html";
import { displaySymbol, MimeBundle } from "../display";
import type { TfModule, TfTensor } from "./tf_types";

/**
 * The MIME bundle of a tensor's values: NumPy-style text under a one-line header, and an HTML table.
 * @param kind - what the header calls it, e.g. "tf.Tensor"
 * @param values - the elements, row-major
 * @param shape - the shape
 * @param dtype - the tensor's dtype name
 * @param extra - appended to the header (e.g. ", requiresGrad")
 * @example
 * tensorBundle("Tensor", new Float32Array([1, 2]), [2], "float32");
 */
export function tensorBundle(kind: string, values: ArrayLike<number>, shape: readonly number[], dtype: string,
  extra = ""): MimeBundle {
  const nd = toNDArrayOf(values, shape, dtype);
  const header = `${kind} shape [${shape.join(", ")}], dtype ${dtype}${extra}`;
  const html = arrayToHtml(nd).replace(/NDArray shape (.*?), dtype \w+/, (_m, s) => `${kind} shape ${s}, dtype ${dtype}${extra}`);
  return { "text/plain": `${header}\n${formatStr(nd)}`, "text/html": html };
}

/** An NDArray holding a tensor's values: int and bool dtypes keep their kind, floats become float64. */
export function toNDArrayOf(values: ArrayLike<number>, shape: readonly number[], dtype: string): NDArray {
  if (dtype === "int32") return new NDArray(Int32Array.from(values), shape, "int32");
  if (dtype === "bool") return new NDArray(Uint8Array.from(values), shape, "bool");
  return new NDArray(Float64Array.from(values), shape, "float64");
}

/**
 * Give every tf.Tensor a `Symbol.for("Jupyter.display")` method and a console.log form (called once, when tfjs
 * is first loaded).
 * @param tf - the tfjs module
 * @example
 * installTensorDisplay(require("@tensorflow/tfjs"));
 */
export function installTensorDisplay(tf: TfModule): void {
  const proto = tf.Tensor.prototype as unknown as Record<symbol, unknown>;
  if (proto[displaySymbol]) return;
  proto[displaySymbol] = function (this: TfTensor): MimeBundle {
    if (this.isDisposed) return { "text/plain": `tf.Tensor (disposed) shape [${this.shape.join(", ")}]` };
    if (this.dtype === "string" || this.dtype === "complex64") return { "text/plain": this.toString() };
    return tensorBundle("tf.Tensor", this.dataSync() as ArrayLike<number>, this.shape, this.dtype);
  };
  proto[Symbol.for("nodejs.util.inspect.custom")] = function (this: TfTensor): string {
    return (proto[displaySymbol] as () => MimeBundle).call(this)["text/plain"];
  };
}
