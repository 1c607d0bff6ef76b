/**
 * The array family: NDArray and NumPy-style free functions. The `np` namespace is assembled from these exports.
 *
 * Dtype policy: float64 is the default everywhere (`array([1, 2, 3])` is float64 where NumPy would say int64);
 * int32 comes from `arange` with all-integer arguments, from explicit `dtype: "int32"`, and from functions that
 * return indices or counts (argsort, argmin, argmax, bincount, unique's counts).
 */
export { NDArray, DType, TypedData, OtherOperand, allocData, shapeSize, takeRows } from "./ndarray";
export { array, fromArray, toArray, asArray, zeros, ones, full, arange, linspace, eye, NestedArray, ArrayInput } from "./creation";
export {
  add, subtract, multiply, divide, power, maximum, minimum, equal, notEqual, less, lessEqual, greater, greaterEqual,
  sqrt, exp, log, abs, negative, isfinite, isnan, where, clip, round, rint,
} from "./elementwise";
export { percentile, quantile, cov, corrcoef, cumsum, histogram } from "./stats";
export type { QuantileLevels, CovOptions, HistogramOptions } from "./stats";
export { meshgrid } from "./grid";
export type { MeshgridOptions } from "./grid";
export { sum, mean, std, variance, variance as var, min, max, argmin, argmax, Axis } from "./reduce";
export { reshape, ravel, flatten, copy, astype, transpose, concatenate, vstack, hstack, take, slice, sliceRows, row, col } from "./manipulation";
export { argsort, sort, unique, bincount, UniqueCounts } from "./sorting";
export { matmul, dot, ProductResult } from "./matmul";
export { allclose, arrayEqual } from "./compare";
export { broadcastShapes } from "./broadcast";
export { formatStr, formatRepr } from "./format";
export { arrayToHtml } from "./html";
export { linalg, LinAlgError, gemm64 } from "./linalg";
export type { Gemm64Options } from "./linalg";
export type { QRResult, SVDResult, EighResult, LstsqResult } from "./linalg";
