/**
 * The histogram worker (started by scan_pool.ts): it instantiates the scan kernels over the fit's shared memory,
 * then sleeps on a control word and, each time the main thread bumps it, claims features of the node being split
 * one at a time (scan_protocol.ts) and does their share of the node (node_work.ts: histograms, the sibling's by
 * subtraction, the feature's best splits). The binned data, the node's samples and gradients, the histograms and the
 * split records are never copied: both threads use the one shared memory, each writing only the features it claimed.
 */
import { receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "../../wasm/assembler";
import { awaitRing } from "../../wasm/doorbell";
import { NodeKernels, nodeFeature, readNodeArgs } from "./node_work";
import { ACTIVE, ARGS, ATTACH, BELL, CMD, DETACH, DONE, FAILED, NEXT, NODE, READY, SEQ } from "./scan_protocol";
import type { SplitterContext } from "./splitting";

const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const port = workerData.port as MessagePort;
let kernels: NodeKernels | null = null;
/** Spins before sleeping: long within a fit (node tasks follow each other within the split of the previous node,
 * and a futex wake costs tens of µs each time), short otherwise (spinning takes a busy machine's time). */
const SPIN_FIT = 200000, SPIN_IDLE = 2000;

function command(cmd: number): void {
  if (cmd === ATTACH) {
    // posted before the command was; the port's queue has it (a bounded retry covers a slow hand-over)
    let got = receiveMessageOnPort(port);
    for (let i = 0; !got && i < 1000; i++) { Atomics.wait(ctrl, READY, 1, 1); got = receiveMessageOnPort(port); }
    const msg = got?.message as { module: object; memory: SharedWasmMemory; n: number; nBins: number; ctx: SplitterContext | null };
    const e = instantiate(msg.module, msg.memory) as unknown as Pick<NodeKernels, "scan" | "scanConst" | "sub">;
    const buf = msg.memory.buffer;
    kernels = { scan: e.scan, scanConst: e.scanConst, sub: e.sub, bytes: new Uint8Array(buf), f64: new Float64Array(buf),
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
  for (;;) {
    Atomics.store(ctrl, ACTIVE, 1);
    // the main thread writes a task's arguments before resetting NEXT and bumping SEQ: a claim below nFeatures made
    // while SEQ is still `seq` reads this task's arguments
    if (Atomics.load(ctrl, SEQ) !== seq) break;
    const f = Atomics.add(ctrl, NEXT, 1);
    const a = readNodeArgs(ctrl, ARGS);
    if (f >= a.nFeatures) break;
    nodeFeature(k, a, f);
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
    else command(cmd);
  } catch {
    // the main thread then does everything itself (and stops handing work to this worker)
    Atomics.store(ctrl, ACTIVE, 0);
    Atomics.store(ctrl, FAILED, 1);
  }
  if (cmd !== NODE) {
    Atomics.store(ctrl, DONE, seen);
    Atomics.notify(ctrl, DONE);
  }
}
