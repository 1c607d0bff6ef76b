/**
 * Benchmark: what fitted attributes cost at call time — a 1-row LinearRegression.predict and
 * StandardScaler.transform (each checks fitted state and reads its `_` fields) and a bare read of `coef_` —
 * against the same calls in scikit-learn, on the same data. Fitted attributes are prototype accessors until fit
 * assigns them; after that they are plain own fields, so these figures should sit at plain-property speed.
 *
 * Run after building: node dist/bench/base/fitted_access.bench.js [calls]
 * Writes bench/results/fitted_access.json and bench/results/fitted_access.md. Not a test.
 */
import * as fs from "fs";
import { NDArray } from "../../lib/array/ndarray";
import { LinearRegression } from "../../lib/linear";
import { StandardScaler } from "../../lib/preprocessing";
import { machine, makeRng, median, runPython, writeResults, writeTempData } from "../common";

/** Seconds per call: the median of 5 timed loops of `n` calls, after a warm-up loop. */
function perCall(f: () => unknown, n: number): number {
  for (let i = 0; i < n; i++) f();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9 / n);
  }
  return median(runs);
}

function main(): void {
  const calls = Number(process.argv[2] ?? 20000);
  const n = 1000, p = 10;
  const { normal } = makeRng(11);
  const X = Float64Array.from({ length: n * p }, normal);
  const y = Float64Array.from({ length: n }, (_, i) => X[i * p] * 2 - X[i * p + 1] + 0.1 * normal());
  const file = writeTempData("fitted_access", X, y);
  const XA = new NDArray(X, [n, p]);
  const row = new NDArray(X.slice(0, p), [1, p]);
  const lr = new LinearRegression().fit(XA, new NDArray(y, [n]));
  const sc = new StandardScaler().fit(XA);
  let sink = 0;
  const ours = {
    predictRow: perCall(() => lr.predict(row), calls),
    transformRow: perCall(() => sc.transform(row), calls),
    readAttribute: perCall(() => { sink += lr.coef_.size; }, calls * 10),
  };
  const sk = runPython<{ predictRow: number; transformRow: number; readAttribute: number; first: number }>(
    "base/sklearn_fitted_access.py", [file, n, p, calls]);
  fs.unlinkSync(file);
  const first = lr.predict(row).data[0];
  const result = {
    benchmark: "per-call cost with fitted attributes (1-row predict / transform, attribute read)", nSamples: n,
    nFeatures: p, calls,
    typelearnSeconds: ours, sklearnSeconds: { predictRow: sk.predictRow, transformRow: sk.transformRow, readAttribute: sk.readAttribute },
    predictRowAbsDiff: Math.abs(first - sk.first), sink: sink > 0,
    ...machine(),
  };
  const us = (s: number) => `${(s * 1e6).toFixed(3)} µs`;
  const md = "| call | typelearn | scikit-learn | ratio |\n|---|---|---|---|\n" +
    (["predictRow", "transformRow", "readAttribute"] as const).map((k) =>
      `| ${k} | ${us(ours[k])} | ${us(sk[k])} | ${(ours[k] / sk[k]).toFixed(3)} |`).join("\n") +
    `\n\n${result.date.slice(0, 10)}, Node ${result.node}, ${result.cpus} cores; |Δ first prediction| ${result.predictRowAbsDiff.toExponential(2)}\n`;
  writeResults("fitted_access", result, md);
  console.log(md);
}

main();
