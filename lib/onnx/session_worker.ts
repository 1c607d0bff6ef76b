/**
 * The worker thread behind OnnxSession: holds ONNX Runtime sessions (whose API is asynchronous) and answers each
 * request on the port it came with, then raises the shared flag the calling thread waits on.
 */
import { parentPort } from "worker_threads";
import type { MessagePort } from "worker_threads";
import type * as Ort from "onnxruntime-node";

interface Request {
  op: "load" | "run" | "release";
  id: number;
  bytes?: Uint8Array;
  feeds?: Record<string, { type: string; data: ArrayLike<unknown>; dims: number[] }>;
  /** Absent for a fire-and-forget release (a session garbage-collected without release()). */
  port?: MessagePort;
  flag?: SharedArrayBuffer;
}

let ort: typeof Ort | null = null;
const sessions = new Map<number, Ort.InferenceSession>();

async function answer(req: Request): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  ort ??= require("onnxruntime-node") as typeof Ort;
  if (req.op === "load") {
    const s = await ort.InferenceSession.create(req.bytes!, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    sessions.set(req.id, s);
    const meta = (m: readonly Ort.InferenceSession.ValueMetadata[]) => m.map((v) => v.isTensor
      ? { name: v.name, type: v.type, shape: [...v.shape] } : { name: v.name, type: "non-tensor", shape: [] });
    return { inputs: meta(s.inputMetadata), outputs: meta(s.outputMetadata) };
  }
  const s = sessions.get(req.id);
  if (!s) throw new Error(`session ${req.id} was released`);
  if (req.op === "release") {
    sessions.delete(req.id);
    await s.release();
    return {};
  }
  const feeds: Record<string, Ort.Tensor> = {};
  for (const [k, t] of Object.entries(req.feeds!)) feeds[k] = new ort.Tensor(t.type as never, t.data as never, t.dims);
  const out = await s.run(feeds);
  const outputs: Record<string, { type: string; data: unknown; dims: readonly number[] }> = {};
  for (const [k, v] of Object.entries(out)) {
    outputs[k] = { type: v.type, data: v.type === "string" ? Array.from(v.data as string[]) : v.data, dims: v.dims };
  }
  return { outputs };
}

parentPort!.on("message", (req: Request) => {
  answer(req).then((r) => r, (e: Error) => ({ error: e?.message ?? String(e) })).then((reply) => {
    if (!req.port || !req.flag) return;
    req.port.postMessage(reply);
    req.port.close();
    const flag = new Int32Array(req.flag);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});
