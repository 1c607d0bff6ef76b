/**
 * The histogram worker (started by scan_pool.ts): it instantiates the scan kernels over the fit's shared memory,
 * then sleeps on a control word and, each time the main thread bumps it, claims features of the node being split
 * one at a time (scan_protocol.ts) and does their share of the node (node_work.ts: histograms, the sibling's by
 * subtraction, the feature's best splits). The binned data, the node's samples and gradients, the histograms and the
 * split records are never copied (the same for binning: each thread bins the features it claims, bin_work.ts): both threads use the one shared memory, each writing only the features it claimed.
 */
import { receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "../../wasm/assembler";
import { awaitRing } from "../../wasm/doorbell";
import { NodeKernels, nodeFeature, readNodeArgs } from "./node_work";
import { predictChunk, PredictTask } from "./predict_threads";
import { ACTIVE, ARGS, ATTACH, BELL, BIN, PREDICT, claimItem, CMD, DETACH, DONE, FAILED, NODE, READY, SEQ } from "./scan_protocol";
import { BinScratch, binFeature, BinTask } from "./bin_work";
import type { SplitterContext } from "./splitting";

const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const port = workerData.port as MessagePort;
let kernels: NodeKernels | null = null;
/** Spins before sleeping: within a fit about a futex wake's cost (tens of µs; spin-then-block's classic budget:
 * never more than twice the best choice): node tasks often follow within that, and longer spins burnt up to half a
 * second of CPU per fit, which on a busy machine (Linux autogroups: our threads share one slice) came off the fit. */
const SPIN_FIT = 30000, SPIN_IDLE = 2000;

/**
 * The message of command `seq`: posted before the command was, so the port's queue has it (a bounded retry covers a
 * slow hand-over); messages of earlier commands this thread never got to come first and are dropped.
 */
function message<T>(seq: number): T {
  for (let i = 0; i < 1000; i++) {
    for (let got = receiveMessageOnPort(port); got; got = receiveMessageOnPort(port)) {
      const m = got.message as { seq: number };
      if (m.seq === seq) return m as T;
    }
    Atomics.wait(ctrl, READY, 1, 1);
  }
  throw new Error(`no message for command ${seq}`);
}

function command(cmd: number, seq: number): void {
  if (cmd === ATTACH) {
    const msg = message<{ module: object; memory: SharedWasmMemory; n: number; nBins: number; ctx: SplitterContext | null }>(seq);
    const e = instantiate(msg.module, msg.memory) as unknown as Pick<NodeKernels, "nodeScan" | "nodeScanConst">;
    const buf = msg.memory.buffer;
    kernels = { nodeScan: e.nodeScan, nodeScanConst: e.nodeScanConst, bytes: new Uint8Array(buf), f64: new Float64Array(buf),
      n: msg.n, nBins: msg.nBins, ctx: msg.ctx, views: new Map() };
  } else if (cmd === DETACH) {
    kernels = null;
  } else {
    throw new Error(`unexpected command ${cmd}`);
  }
}

/** Claim and do features of node task `seq` until none is left or the main thread has moved on. */
function node(seq: number): void {
  const k = kernels;
  if (!k) throw new Error("node task before attach");
  claim(seq, (f) => nodeFeature(k, readNodeArgs(ctrl, ARGS), f));
}

let binScratch: BinScratch | null = null;

/** Claim and bin features of binning task `seq`. */
function bin(seq: number): void {
  const { task } = message<{ task: BinTask }>(seq);
  const need = task.sample ? task.sample.length : 0;
  if (!binScratch || binScratch.col.length < need) binScratch = { col: new Float64Array(need), tp: new Float64Array(256) };
  const s = binScratch;
  claim(seq, (j) => binFeature(task, j, s));
}

/** Claim and predict chunks of rows of prediction task `seq`. */
function predict(seq: number): void {
  const { task } = message<{ task: PredictTask }>(seq);
  claim(seq, (c) => predictChunk(task, c));
}

/** Claim items of task `seq` one at a time and do them (scan_protocol.ts's claimItem). */
function claim(seq: number, work: (item: number) => void): void {
  for (;;) {
    Atomics.store(ctrl, ACTIVE, 1);
    if (Atomics.load(ctrl, SEQ) !== seq) break;
    const item = claimItem(ctrl, seq);
    if (item < 0) break;
    work(item);
    Atomics.store(ctrl, ACTIVE, 0);
  }
  Atomics.store(ctrl, ACTIVE, 0);
}

Atomics.store(ctrl, READY, 1);
Atomics.notify(ctrl, READY);
let seen = 0;
for (;;) {
  seen = awaitRing(ctrl, BELL, seen, kernels ? SPIN_FIT : SPIN_IDLE);
  const cmd = Atomics.load(ctrl, CMD);
  // a later command may have replaced CMD between the two reads (tasks do not wait for this thread): take it next
  if (Atomics.load(ctrl, SEQ) !== seen) { seen--; continue; }
  try {
    if (cmd === NODE) node(seen);
    else if (cmd === BIN) bin(seen);
    else if (cmd === PREDICT) predict(seen);
    else command(cmd, seen);
  } catch {
    // the main thread then does everything itself (and stops handing work to this worker)
    Atomics.store(ctrl, ACTIVE, 0);
    Atomics.store(ctrl, FAILED, 1);
  }
  if (cmd !== NODE && cmd !== BIN && cmd !== PREDICT) {
    Atomics.store(ctrl, DONE, seen);
    Atomics.notify(ctrl, DONE);
  }
}
