/**
 * The histogram worker (started by scan_pool.ts): it instantiates the scan kernels over the fit's shared memory,
 * then sleeps on a control word and, each time the main thread bumps it, claims features of the node being split
 * one at a time (scan_protocol.ts) and writes their histograms. The binned data, the node's samples and gradients
 * and the histograms are never copied: both threads use the one shared memory, each writing only the features it
 * claimed.
 */
import { receiveMessageOnPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";
import { instantiate, type SharedWasmMemory } from "../../wasm/assembler";
import { ACTIVE, ARGS, ATTACH, CMD, DETACH, DONE, FAILED, NEXT, READY, SCAN, SEQ, BELL } from "./scan_protocol";
import { awaitRing } from "../../wasm/doorbell";

type Scan = (out: number, col: number, idx: number, m: number, gh: number) => void;
const ctrl = new Int32Array(workerData.ctrl as SharedArrayBuffer);
const port = workerData.port as MessagePort;
let kernels: { scan: Scan; scanConst: Scan; n: number; stride: number; bytes: Uint8Array } | null = null;

function command(cmd: number): void {
  if (cmd === ATTACH) {
    // posted before the command was; the port's queue has it (a bounded retry covers a slow hand-over)
    let got = receiveMessageOnPort(port);
    for (let i = 0; !got && i < 1000; i++) { Atomics.wait(ctrl, READY, 1, 1); got = receiveMessageOnPort(port); }
    const msg = got?.message as { module: object; memory: SharedWasmMemory; n: number; nBins: number };
    const e = instantiate(msg.module, msg.memory) as unknown as { scan: Scan; scanConst: Scan };
    kernels = { scan: e.scan, scanConst: e.scanConst, n: msg.n, stride: msg.nBins * 32, bytes: new Uint8Array(msg.memory.buffer) };
  } else if (cmd === DETACH) {
    kernels = null;
  } else {
    throw new Error(`unexpected command ${cmd}`);
  }
}

/** Claim and scan features of scan `seq` until none is left or the main thread has moved on. */
function scan(seq: number): void {
  const k = kernels;
  if (!k) throw new Error("scan before attach");
  for (;;) {
    Atomics.store(ctrl, ACTIVE, 1);
    // the main thread writes a scan's arguments before resetting NEXT and bumping SEQ: a claim below NF made while
    // SEQ is still `seq` reads this scan's arguments
    if (Atomics.load(ctrl, SEQ) !== seq) break;
    const f = Atomics.add(ctrl, NEXT, 1);
    const nf = ctrl[ARGS];
    if (f >= nf) break;
    const target = ctrl[ARGS + 1], idxAt = ctrl[ARGS + 2], m = ctrl[ARGS + 3], ordered = ctrl[ARGS + 4], cst = ctrl[ARGS + 5];
    const out = target + f * k.stride;
    k.bytes.fill(0, out, out + k.stride);
    if (cst) k.scanConst(out, f * k.n, idxAt, m, ordered);
    else k.scan(out, f * k.n, idxAt, m, ordered);
    Atomics.store(ctrl, ACTIVE, 0);
  }
  Atomics.store(ctrl, ACTIVE, 0);
}

Atomics.store(ctrl, READY, 1);
Atomics.notify(ctrl, READY);
let seen = 0;
for (;;) {
  // a short spin: on a busy machine spinning takes time from the fit itself
  seen = awaitRing(ctrl, BELL, seen, 2000);
  const cmd = Atomics.load(ctrl, CMD);
  // a later command may have replaced CMD between the two reads (scans do not wait for this thread): take it next
  if (Atomics.load(ctrl, SEQ) !== seen) { seen--; continue; }
  try {
    if (cmd === SCAN) scan(seen);
    else command(cmd);
  } catch {
    // the main thread then scans everything itself (and stops handing work to this worker)
    Atomics.store(ctrl, ACTIVE, 0);
    Atomics.store(ctrl, FAILED, 1);
  }
  if (cmd !== SCAN) {
    Atomics.store(ctrl, DONE, seen);
    Atomics.notify(ctrl, DONE);
  }
}
