/** Shared by the nn tests: the torch/scikit-learn reference fixture, closeness checks, the guide's data. */
import { strict as assert } from "assert";
import * as path from "path";
import { loadBreastCancer } from "../../lib/datasets";
import { StandardScaler } from "../../lib/preprocessing";
import { trainTestSplit } from "../../lib/selection";
import { NDArray } from "../../lib/array/ndarray";

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const ref = require(path.join(__dirname, "..", "..", "..", "test", "fixtures", "nn_reference.json"));

/** Flatten nested number arrays. */
export function flat(a: unknown): number[] {
  return Array.isArray(a) ? a.flatMap(flat) : [a as number];
}

/** Assert every element is within atol + rtol·|expected|. */
export function assertClose(actual: ArrayLike<number> | number, expected: unknown, atol = 1e-6, rtol = 1e-5, what = "value"): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]), `${what}[${i}]: ${a[i]} vs expected ${e[i]}`);
  }
}

/** The guide's split of breast cancer, scaled with a scaler fitted on the training rows only. */
export function guideData(): { XTrain: NDArray; XTest: NDArray; yTrain: NDArray; yTest: NDArray } {
  const d = loadBreastCancer();
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit(d.data, d.target, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const sc = new StandardScaler().fit(XTrain);
  return { XTrain: sc.transform(XTrain) as NDArray, XTest: sc.transform(XTest) as NDArray, yTrain, yTest };
}
