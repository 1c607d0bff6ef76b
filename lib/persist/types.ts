/** The typed arrays a model file may hold (an allowlist: anything else is rejected on dump and on load). */
export const TYPED_ARRAYS = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
} as const;

/** Name of an allowed typed array class. */
export type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** NDArray dtypes and the typed array holding each. */
export const NDARRAY_DTYPES = { float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;
