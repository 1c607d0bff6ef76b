/**
 * bench/onnx: typelearn's own predict vs ONNX Runtime (onnxruntime-node 1.31, CPU) on the guide's models — the
 * scaler + 200-tree forest pipeline (notebook 10/11) and the guide's net shape (notebook 6: 30→64→32→1) — for one
 * row and 10 000 rows, plus the time exportOnnx takes. ONNX Runtime is timed two ways: its own async
 * session.run in this thread, and loadOnnx's synchronous predict (which adds the worker hop and copies).
 * Medians of repeated calls; the machine's load average is recorded, since the figures move with it.
 */
import * as os from "os";
import * as ort from "onnxruntime-node";
import { NDArray } from "../../lib/array/ndarray";
import { loadBreastCancer } from "../../lib/datasets";
import { trainTestSplit } from "../../lib/selection";
import { StandardScaler } from "../../lib/preprocessing";
import { RandomForestClassifier } from "../../lib/ensemble";
import { makePipeline } from "../../lib/pipeline";
import { nn, manualSeed } from "../../lib/nn";
import { noGrad, tensor } from "../../lib/nn/tensor";
import { exportOnnx, loadOnnx } from "../../lib/onnx";
import { machine, median, seconds, writeResults } from "../common";

/** `rows` rows cycling through the data set's rows. */
function tile(X: NDArray, rows: number): NDArray {
  const [n, p] = X.shape, d = X.data as Float64Array, out = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) out.set(d.subarray((i % n) * p, (i % n + 1) * p), i * p);
  return new NDArray(out, [rows, p]);
}

async function asyncSeconds(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

interface Row { model: string; rows: number; typelearnMs: number; ortMs: number; ortSyncMs: number }

async function main(): Promise<void> {
  const load0 = os.loadavg();
  const data = loadBreastCancer();
  const [XTrain, , yTrain] = trainTestSplit(data.data as NDArray, data.target as NDArray, { testSize: 0.2, randomState: 42 }) as NDArray[];
  const pipe = makePipeline(new StandardScaler(),
    new RandomForestClassifier({ nEstimators: 200, maxDepth: 10, minSamplesLeaf: 1, minSamplesSplit: 2, randomState: 42 })).fit(XTrain, yTrain);
  manualSeed(42);
  const net = new nn.Sequential(new nn.Linear(30, 64), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(64, 32), new nn.ReLU(),
    new nn.Dropout(0.2), new nn.Linear(32, 1), new nn.Sigmoid());
  net.eval();

  const exportMs = { forest: 0, net: 0 };
  let forestBytes = exportOnnx(pipe), netBytes = exportOnnx(net);
  exportMs.forest = 1000 * median(Array.from({ length: 5 }, () => seconds(() => { forestBytes = exportOnnx(pipe); })));
  exportMs.net = 1000 * median(Array.from({ length: 20 }, () => seconds(() => { netBytes = exportOnnx(net); })));

  const forestSession = await ort.InferenceSession.create(forestBytes);
  const netSession = await ort.InferenceSession.create(netBytes);
  const forestModel = loadOnnx(forestBytes), netModel = loadOnnx(netBytes);
  const rows: Row[] = [];
  for (const n of [1, 10_000]) {
    const reps = n === 1 ? 200 : 5;
    const X = tile(data.data as NDArray, n);
    const X64 = new ort.Tensor("float64", Float64Array.from(X.data as Float64Array), [n, 30]);
    const X32arr = Float32Array.from(X.data as Float64Array);
    const X32 = new ort.Tensor("float32", X32arr, [n, 30]);
    const Xnested = (X as unknown as { toArray(): number[][] }).toArray();
    const time = (f: () => void) => { f(); return 1000 * median(Array.from({ length: reps }, () => seconds(f))); };
    const timeAsync = async (f: () => Promise<unknown>) => {
      await f();
      const t: number[] = [];
      for (let r = 0; r < reps; r++) t.push(await asyncSeconds(f));
      return 1000 * median(t);
    };
    rows.push({
      model: "scaler + 200-tree forest (predictProba)", rows: n,
      typelearnMs: time(() => pipe.predictProba(X)),
      ortMs: await timeAsync(() => forestSession.run({ X: X64 })),
      ortSyncMs: time(() => forestModel.predictProba(X)),
    });
    rows.push({
      model: "net 30→64→32→1 (forward)", rows: n,
      typelearnMs: time(() => noGrad(() => net.forward(tensor(Xnested)))),
      ortMs: await timeAsync(() => netSession.run({ X: X32 })),
      ortSyncMs: time(() => netModel.transform(X)),
    });
  }
  const load1 = os.loadavg();
  const m = machine();
  const result = { machine: m, loadAverage: { before: load0, after: load1 }, exportMs, forestOnnxBytes: forestBytes.length, netOnnxBytes: netBytes.length, rows };
  const f = (v: number) => v < 1 ? v.toFixed(3) : v.toFixed(1);
  const md = [
    "# ONNX: typelearn predict vs ONNX Runtime",
    "",
    `onnxruntime-node 1.31 (CPU, default threads) on ${m.cpus} cores, Node ${m.node}, ${m.date}. Load average (1 min) ${load0[0].toFixed(1)} before, ` +
      `${load1[0].toFixed(1)} after — the machine was shared with other jobs, so absolute times are inflated and noisy. Medians of 200 calls (1 row) or 5 (10 000 rows).`,
    "",
    "| model | rows | typelearn ms | ONNX Runtime session.run ms | loadOnnx (sync, via worker) ms | typelearn / ORT |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.model} | ${r.rows} | ${f(r.typelearnMs)} | ${f(r.ortMs)} | ${f(r.ortSyncMs)} | ${(r.typelearnMs / r.ortMs).toFixed(2)}× |`),
    "",
    `exportOnnx: forest pipeline ${f(exportMs.forest)} ms (${(forestBytes.length / 1024).toFixed(0)} KiB), net ${f(exportMs.net)} ms (${(netBytes.length / 1024).toFixed(1)} KiB).`,
    "",
  ].join("\n");
  writeResults("onnx", result, md);
  process.stdout.write(md);
  forestModel.release();
  netModel.release();
}

main().catch((e) => { console.error(e); process.exit(1); });
