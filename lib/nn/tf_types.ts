/**
 * The small part of TensorFlow.js's types that typelearn relies on, written out here on purpose: referring to
 * `@tensorflow/tfjs`'s own declarations from the library's public types makes the kernel's type checker load all
 * of them for every notebook, which tripled the time of a cell round trip. For tfjs's full typings in a notebook,
 * `import * as tf from "@tensorflow/tfjs"` (the same module the `tf` global is).
 */

/** A tfjs tensor, as far as typelearn uses it. */
export interface TfTensor {
  readonly shape: number[];
  readonly dtype: string;
  readonly isDisposed: boolean;
  dataSync(): ArrayLike<number>;
  dispose(): void;
  toString(): string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
}

/** The tfjs module: the members typelearn calls are typed, every other member is reachable untyped. */
export interface TfModule {
  Tensor: { prototype: object };
  tensor(values: ArrayLike<number> | number[] | number[][], shape?: number[], dtype?: string): TfTensor;
  tensor2d(values: Float32Array, shape: [number, number]): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  findBackendFactory(name: string): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
}
