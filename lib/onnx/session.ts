/**
 * OnnxSession: an ONNX Runtime session with a synchronous run(), so an ONNX model can stand wherever a typelearn
 * estimator does (metrics, displays, the prediction server) — those call predict synchronously. ONNX Runtime's
 * Node API is asynchronous, so (as lib/plot renders SVG) one worker thread owns the sessions while the calling
 * thread waits on a shared flag (Atomics.wait) and takes the answer with receiveMessageOnPort. The worker starts
 * on first use and is unref'd, so it never keeps a program alive. The wait blocks the calling thread for the run's
 * duration (as a synchronous predict would); runAsync() / OnnxModel.predictAsync() answer through a promise instead.
 */
import * as path from "path";
import { MessageChannel, Worker, receiveMessageOnPort } from "worker_threads";
import { OnnxRuntimeError } from "./errors";

/** A tensor crossing to or from ONNX Runtime. */
export interface OrtTensor {
  /** ONNX Runtime's type name: "float32", "float64", "int64", "string", … */
  type: string;
  data: ArrayLike<unknown>;
  dims: number[];
}

/** An input or output of the model. */
export interface OrtValueInfo {
  name: string;
  type: string;
  shape: (number | string)[];
}

let worker: Worker | null = null;
let nextId = 1;

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(path.join(__dirname, "session_worker.js"));
  w.unref();
  w.on("error", () => { if (worker === w) worker = null; });
  w.on("exit", () => { if (worker === w) worker = null; });
  worker = w;
  return w;
}

const TIMEOUT_MS = 120_000;

function call(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Record<string, unknown> {
  const w = getWorker();
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  try {
    w.postMessage({ ...msg, port: port2, flag }, [port2, ...transfer]);
    const waited = Atomics.wait(new Int32Array(flag), 0, 0, TIMEOUT_MS);
    const got = receiveMessageOnPort(port1) as { message: Record<string, unknown> } | undefined;
    if (!got) throw new OnnxRuntimeError(waited === "timed-out" ? `no answer after ${TIMEOUT_MS / 1000} s` : "the session worker stopped without an answer");
    if (typeof got.message.error === "string") throw new OnnxRuntimeError(got.message.error);
    return got.message;
  } finally {
    port1.close();
  }
}

// A session dropped without release() is freed in the worker once its OnnxSession is garbage-collected.
const finalizer = new FinalizationRegistry<number>((id) => { worker?.postMessage({ op: "release", id }); });

/** The same request as call(), answered through a promise: the calling thread keeps running meanwhile. */
function callAsync(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
  const w = getWorker();
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve, reject) => {
    port1.once("message", (m: Record<string, unknown>) => {
      port1.close();
      if (typeof m.error === "string") reject(new OnnxRuntimeError(m.error));
      else resolve(m);
    });
    // the flag is still required by the worker's protocol; nobody waits on it here
    w.postMessage({ ...msg, port: port2, flag: new SharedArrayBuffer(4) }, [port2]);
  });
}

/** An ONNX model loaded in ONNX Runtime (CPU), run synchronously (or with runAsync, without blocking). */
export class OnnxSession {
  private readonly id = nextId++;
  /** The model's inputs (name, type, shape with symbolic dims as strings). */
  readonly inputs: OrtValueInfo[];
  /** The model's outputs. */
  readonly outputs: OrtValueInfo[];

  /**
   * @param bytes - a serialized ModelProto
   * @example
   * const s = new OnnxSession(exportOnnx(model));
   */
  constructor(bytes: Uint8Array) {
    const r = call({ op: "load", id: this.id, bytes: Uint8Array.from(bytes) });
    this.inputs = r.inputs as OrtValueInfo[];
    this.outputs = r.outputs as OrtValueInfo[];
    finalizer.register(this, this.id, this);
  }

  /**
   * Run the model.
   * @param feeds - input tensors by name
   * @returns every output by name
   * @example
   * s.run({ X: { type: "float64", data: x, dims: [n, p] } }).probabilities;
   */
  run(feeds: Record<string, OrtTensor>): Record<string, OrtTensor> {
    return call({ op: "run", id: this.id, feeds }).outputs as Record<string, OrtTensor>;
  }

  /**
   * Run the model without blocking the calling thread (for servers or UIs that must stay responsive).
   * @param feeds - input tensors by name
   * @example
   * const out = await s.runAsync({ X: { type: "float64", data: x, dims: [n, p] } });
   */
  async runAsync(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> {
    return (await callAsync({ op: "run", id: this.id, feeds })).outputs as Record<string, OrtTensor>;
  }

  /** Free the session in ONNX Runtime. */
  release(): void {
    finalizer.unregister(this);
    call({ op: "release", id: this.id });
  }
}
