/**
 * The `np` namespace: NumPy's names over typelearn's arrays, so guide code reads the same in TypeScript
 * (`np.random.seed(42)`, `np.zeros([3, 2])`, `np.mean(a, 0)`). The free functions live here rather than as
 * notebook globals, so names like `sum`, `max` or `log` stay free for the user.
 */
import * as arr from "./array";
import { random } from "./random";

/**
 * NumPy-style functions and the legacy random generator.
 * @example
 * np.random.seed(0);
 * const a = np.random.rand(3, 2);
 * np.mean(a, 0);
 */
export const np = {
  array: arr.array, asarray: arr.asArray, zeros: arr.zeros, ones: arr.ones, full: arr.full, arange: arr.arange,
  linspace: arr.linspace, eye: arr.eye, fromArray: arr.fromArray, toArray: arr.toArray,
  add: arr.add, subtract: arr.subtract, multiply: arr.multiply, divide: arr.divide, power: arr.power,
  maximum: arr.maximum, minimum: arr.minimum, equal: arr.equal, notEqual: arr.notEqual, less: arr.less,
  lessEqual: arr.lessEqual, greater: arr.greater, greaterEqual: arr.greaterEqual,
  sqrt: arr.sqrt, exp: arr.exp, log: arr.log, abs: arr.abs, negative: arr.negative, isfinite: arr.isfinite,
  isnan: arr.isnan, where: arr.where, clip: arr.clip, round: arr.round, around: arr.round,
  percentile: arr.percentile, quantile: arr.quantile, cov: arr.cov, corrcoef: arr.corrcoef, cumsum: arr.cumsum,
  histogram: arr.histogram, meshgrid: arr.meshgrid,
  sum: arr.sum, mean: arr.mean, std: arr.std, var: arr.variance, min: arr.min, max: arr.max, argmin: arr.argmin,
  argmax: arr.argmax,
  reshape: arr.reshape, ravel: arr.ravel, transpose: arr.transpose, concatenate: arr.concatenate,
  vstack: arr.vstack, hstack: arr.hstack, take: arr.take,
  argsort: arr.argsort, sort: arr.sort, unique: arr.unique, bincount: arr.bincount,
  matmul: arr.matmul, dot: arr.dot, allclose: arr.allclose, arrayEqual: arr.arrayEqual,
  /** Linear algebra: qr, svd, eigh, lstsq, cholesky, matmul. */
  linalg: arr.linalg,
  /** NumPy's legacy global RandomState (`np.random.seed`, `rand`, `randint`, `normal`, …). */
  random,
} as const;
