/**
 * The second thread of {@link matmulShared} (gemm_pool.ts): it loads its own tfjs-wasm backend, then sleeps on a
 * shared control word and, each time the main thread bumps it, multiplies the rows it was handed. Operands and the
 * result travel through a SharedArrayBuffer, so a call costs one copy in and one copy out, never a structured clone.
 */
import { parentPort, receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import type { TfModule } from "./tf_types";
import { CTRL } from "./gemm_protocol";

const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const port = workerData.port as MessagePort;
let data = new Float32Array(workerData.data as SharedArrayBuffer);

async function init(): Promise<TfModule> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tf = require("@tensorflow/tfjs") as TfModule;
    (tf.env() as { set(flag: string, value: boolean): void }).set("PROD", true);
    require("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend("wasm"))) throw new Error("no wasm backend");
    await tf.ready();
    return tf;
  } finally {
    console.warn = warn;
  }
}

function serve(tf: TfModule): void {
  let seen = 0;
  for (;;) {
    // The main thread only ever increments SEQ, and waits for DONE before the next call.
    Atomics.wait(ctrl, CTRL.SEQ, seen);
    seen = Atomics.load(ctrl, CTRL.SEQ);
    if (Atomics.load(ctrl, CTRL.GROW) === 1) {
      // A larger data buffer was posted before SEQ moved; take it synchronously (no event loop runs here).
      const msg = receiveMessageOnPort(port);
      if (msg) data = new Float32Array(msg.message as SharedArrayBuffer);
      Atomics.store(ctrl, CTRL.GROW, 0);
    }
    const m = ctrl[CTRL.M], k = ctrl[CTRL.K], n = ctrl[CTRL.N];
    try {
      const ta = tf.tensor2d(data.subarray(0, m * k), [m, k]), tb = tf.tensor2d(data.subarray(m * k, m * k + k * n), [k, n]);
      const tc = tf.matMul(ta, tb);
      data.set(tc.dataSync() as Float32Array, m * k + k * n);
      ta.dispose(); tb.dispose(); tc.dispose();
      Atomics.store(ctrl, CTRL.FAILED, 0);
    } catch {
      Atomics.store(ctrl, CTRL.FAILED, 1);
    }
    Atomics.store(ctrl, CTRL.DONE, seen);
    Atomics.notify(ctrl, CTRL.DONE);
  }
}

init().then(
  (tf) => { Atomics.store(ctrl, CTRL.STATE, 1); parentPort?.postMessage("ready"); serve(tf); },
  () => { Atomics.store(ctrl, CTRL.STATE, -1); parentPort?.postMessage("failed"); },
);
