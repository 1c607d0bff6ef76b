/**
 * The histogram worker (started by scan_pool.ts): it instantiates the scan kernels over the fit's shared memory,
 * then sleeps on a control word and, each time the main thread bumps it, builds the histograms of the features it
 * was handed for the node being split. The binned data, the node's samples and gradients and the histograms are
 * never copied: both threads use the one shared memory, each writing only its own features' histograms.
 */
import { receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "../../wasm/assembler";
import { ARGS, ATTACH, CMD, DETACH, DONE, FAILED, READY, SCAN, SEQ, SLEEPING } from "./scan_protocol";

type Scan = (out: number, col: number, idx: number, m: number, gh: number) => void;
const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const port = workerData.port as MessagePort;
let kernels: { scan: Scan; scanConst: Scan; n: number; stride: number; bytes: Uint8Array } | null = null;

function run(cmd: number): void {
  if (cmd === ATTACH) {
    // posted before the command was; the port's queue has it (a bounded retry covers a slow hand-over)
    let got = receiveMessageOnPort(port);
    for (let i = 0; !got && i < 1000; i++) { Atomics.wait(ctrl, READY, 1, 1); got = receiveMessageOnPort(port); }
    const msg = got?.message as { module: object; memory: SharedWasmMemory; n: number; nBins: number };
    const e = instantiate(msg.module, msg.memory) as unknown as { scan: Scan; scanConst: Scan };
    kernels = { scan: e.scan, scanConst: e.scanConst, n: msg.n, stride: msg.nBins * 32, bytes: new Uint8Array(msg.memory.buffer) };
    return;
  }
  if (cmd === DETACH) {
    kernels = null;
    return;
  }
  if (cmd !== SCAN || !kernels) throw new Error(`unexpected command ${cmd}`);
  const [f0, f1, target, idxAt, m, ordered, cst] = [ctrl[ARGS], ctrl[ARGS + 1], ctrl[ARGS + 2], ctrl[ARGS + 3],
    ctrl[ARGS + 4], ctrl[ARGS + 5], ctrl[ARGS + 6]];
  const { n, stride, bytes } = kernels;
  bytes.fill(0, target + f0 * stride, target + f1 * stride);
  for (let f = f0; f < f1; f++) {
    if (cst) kernels.scanConst(target + f * stride, f * n, idxAt, m, ordered);
    else kernels.scan(target + f * stride, f * n, idxAt, m, ordered);
  }
}

Atomics.store(ctrl, READY, 1);
Atomics.notify(ctrl, READY);
let seen = 0;
for (;;) {
  // a short spin first: the next node's scan follows within microseconds, and waking from Atomics.wait costs tens
  for (let spin = 0; spin < 20000 && Atomics.load(ctrl, SEQ) === seen; spin++);
  // SLEEPING tells the main thread to notify; set before the wait, which returns at once if SEQ moved in between
  Atomics.store(ctrl, SLEEPING, 1);
  Atomics.wait(ctrl, SEQ, seen);
  Atomics.store(ctrl, SLEEPING, 0);
  seen = Atomics.load(ctrl, SEQ);
  try {
    run(Atomics.load(ctrl, CMD));
    Atomics.store(ctrl, FAILED, 0);
  } catch {
    // the main thread then builds these histograms itself (and stops handing work to this worker)
    Atomics.store(ctrl, FAILED, 1);
  }
  Atomics.store(ctrl, DONE, seen);
  Atomics.notify(ctrl, DONE);
}
