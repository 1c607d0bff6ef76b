/**
 * The `np` namespace: NumPy's names over typelearn's arrays, so guide code reads the same in TypeScript
 * (`np.random.seed(42)`, `np.zeros([3, 2])`, `np.mean(a, 0)`). The free functions live here rather than as
 * notebook globals, so names like `sum`, `max` or `log` stay free for the user.
 */
// Named, not `import * as`: the declaration output then reads `typeof arange`, which a type checker resolves alone,
// where `typeof arr.arange` makes it resolve every export of ./array first (each notebook cell naming np pays it).
import {
  abs, add, allclose, arange, argmax, argmin, argsort, array, arrayEqual, asArray, bincount, clip, concatenate,
  corrcoef, cov, cumsum, divide, dot, equal, exp, eye, fromArray, full, greater, greaterEqual, histogram, hstack,
  isfinite, isnan, less, lessEqual, linalg, linspace, log, matmul, max, maximum, mean, meshgrid, min, minimum,
  multiply, negative, notEqual, ones, percentile, power, quantile, ravel, reshape, round, sort, sqrt, std, subtract,
  sum, take, toArray, transpose, unique, variance, vstack, where, zeros,
} from "./array";
import { random } from "./random";

/**
 * NumPy-style functions and the legacy random generator.
 * @example
 * np.random.seed(0);
 * const a = np.random.rand(3, 2);
 * np.mean(a, 0);
 */
export const np = {
  array, asarray: asArray, zeros, ones, full, arange,
  linspace, eye, fromArray, toArray,
  add, subtract, multiply, divide, power,
  maximum, minimum, equal, notEqual, less,
  lessEqual, greater, greaterEqual,
  sqrt, exp, log, abs, negative, isfinite,
  isnan, where, clip, round, around: round,
  percentile, quantile, cov, corrcoef, cumsum,
  histogram, meshgrid,
  sum, mean, std, var: variance, min, max, argmin,
  argmax,
  reshape, ravel, transpose, concatenate,
  vstack, hstack, take,
  argsort, sort, unique, bincount,
  matmul, dot, allclose, arrayEqual,
  /** Linear algebra: qr, svd, eigh, lstsq, cholesky, matmul. */
  linalg,
  /** NumPy's legacy global RandomState (`np.random.seed`, `rand`, `randint`, `normal`, …). */
  random,
} as const;
