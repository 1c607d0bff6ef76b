/**
 * Per-node histograms: for every feature and bin, the sum of gradients, the sum of hessians and the sample count
 * of the node's samples. Built by a scan over the node's samples (the smaller child) or by subtracting the
 * sibling's histogram from the parent's (the larger child), as scikit-learn's HistogramBuilder.
 *
 * Layout: one Float64Array, entry (f, b) at 4·(f·nBins + b) holding [gradient sum, hessian sum, count, unused]
 * (32 bytes: one update touches one cache line). The scan runs feature by feature over the column-major binned
 * data, as scikit-learn: the node's gradients (and hessians) are first gathered into a contiguous array, then each
 * feature's 8 KB histogram stays in L1 while its column is read. Per bin, sums run in sample order, so the results
 * equal scikit-learn's bit for bit. Constant hessians (squared / absolute error) skip the hessian sums (the
 * counts stand in for them).
 *
 * The scan runs in WebAssembly (wasm_kernels.ts) when available: the binned data, the partition of sample indices
 * and the gathered gradients then live in the module's memory; otherwise the same loop runs in JavaScript.
 */
import type { SharedWasmMemory } from "../../wasm/assembler";
import { finishNode, NodeArgs, nodeFeature, NodeKernels } from "./node_work";
import { attach, detach, scanPool, ScanPool, shareNode } from "./scan_pool";
import { findNodeSplit, reduceSplits, SPLIT_RECORD, splitIndices, SplitInfo, SplitterContext } from "./splitting";
import { createSharedWasmScan, createWasmScan, WasmScan } from "./wasm_kernels";

/** Histograms of one node: [g, h, c, pad] quadruples, feature-major. */
export type Histograms = Float64Array;

/** What split finding needs of a node besides its histograms. */
export interface NodeStats { n: number; sumG: number; sumH: number; value: number }

/** A node task's results (see {@link HistogramBuilder.node}). */
export interface NodeResult {
  hist: Histograms;
  /** The sibling's histograms (the parent's buffer), or null without a parent. */
  sibling: Histograms | null;
  split: SplitInfo | null;
  siblingSplit: SplitInfo | null;
}

/** Bytes of WebAssembly memory at most given to resident histograms (beyond: JavaScript arrays and a copy). */
const MAX_SLOT_BYTES = 256 * 2 ** 20;
/** Data with fewer samples × features than this is scanned on one thread (the worker's hand-off would not pay). */
const THREADED_MIN_CELLS = 200_000;
/** A fit stops sharing nodes once MAX_STALLS of them, and more than 1 in STALL_SHARE, ended waiting for a
 * descheduled worker (measured under load 10–15 on 2 cores: 4–8 % of tasks stalled and the fit took 2× as long as
 * on one thread; on an idle machine stalls are rare preemptions). */
const MAX_STALLS = 3, STALL_SHARE = 50;
/** A node with fewer samples than this is scanned on one thread. */
const THREADED_MIN_SAMPLES = 2048;

/** Builds node histograms, reusing freed histogram buffers. */
export class HistogramBuilder {
  /** Sample indices, partitioned by the grower so that every node owns a contiguous range. */
  readonly partition: Int32Array;
  /** Whether the scans run in WebAssembly. */
  readonly usesWasm: boolean;
  readonly size: number;
  /** Free histograms in the module's memory (scanned in place). */
  private readonly slots: Histograms[] = [];
  /** Free histograms in JavaScript memory (all of them without WebAssembly; else the overflow beyond the slots). */
  private readonly pool: Histograms[] = [];
  /** The node's gradients (constant hessians) or interleaved gradient/hessian pairs, in partition order. */
  private readonly ordered: Float64Array;
  private readonly xb: Uint8Array;
  private readonly wasm: WasmScan | null = null;
  /** Byte offsets of the partition and the gathered gradients in the module's memory. */
  private readonly offIdx: number = 0;
  private readonly offOrdered: number = 0;
  /** Byte offset of the partition's scratch (n int32) in the module's memory. */
  private readonly offBuf: number = 0;
  /** Byte offsets of the per-sample gradients and hessians (n f64 each; no hessians when constant). */
  private readonly offGrad: number = 0;
  private readonly offHess: number = 0;
  /** Byte offsets of the split records (2 × nFeatures), the task's float arguments and its per-feature flags. */
  private readonly offRec: number = 0;
  private readonly offF: number = 0;
  private readonly offFlags: number = 0;
  /** This thread's node-task kernels over the module's memory. */
  private readonly kern: NodeKernels | null = null;
  /** Scratch histogram in the module's memory, for scans whose result goes to a JavaScript array. */
  private readonly scratch: Float64Array | null = null;
  /** The histogram worker (scan_pool.ts) when the data is large enough and the memory is shared. */
  private worker: ScanPool | null = null;
  /** Node tasks shared with the worker, and how many of them ended waiting for a descheduled worker. */
  private tasks = 0;
  private stalls = 0;
  private gradients: Float64Array = new Float64Array(0);
  private hessians: Float64Array = new Float64Array(0);

  /**
   * @param xb - binned data, column-major (feature f's bins at [f·n, (f+1)·n))
   * @param n - number of samples
   * @param nFeatures - number of features
   * @param nBins - bins per feature including the NaN bin
   * @param constantHessian - hessians are all equal (squared / absolute error): only gradients are summed
   * @param maxLive - histograms alive at once that should live in WebAssembly memory (more are still allowed)
   * @param useWasm - scan in WebAssembly when available (false: always JavaScript)
   * @param threads - let the histogram worker scan half the features of large nodes (same histograms, bit for bit)
   * @param ctx - split settings, needed by {@link HistogramBuilder.node} when it is to find splits
   * @example
   * const hb = new HistogramBuilder(xb, n, nFeatures, 256, false, 34);
   * hb.setGradients(g, h); hb.partition.forEach((_, i, a) => (a[i] = i));
   * const rootHist = hb.brute(0, n);
   */
  constructor(xb: Uint8Array, readonly n: number, readonly nFeatures: number, readonly nBins: number,
    readonly constantHessian: boolean, maxLive = 34, useWasm = true, threads = true, readonly ctx: SplitterContext | null = null) {
    this.size = nFeatures * nBins * 4;
    const perSample = constantHessian ? 1 : 2;
    const align = (x: number): number => Math.ceil(x / 64) * 64;
    const slotBytes = 8 * this.size;
    const nSlots = Math.max(0, Math.min(maxLive, Math.floor(MAX_SLOT_BYTES / slotBytes)));
    const offIdx = align(n * nFeatures), offOrdered = align(offIdx + 4 * n), offBuf = align(offOrdered + 8 * perSample * n);
    // the tree's per-sample gradients (and hessians) when the fit computes them here (gradientBuffers)
    const offGrad = align(offBuf + 4 * n), offHess = align(offGrad + 8 * n), offHist = align(offHess + (constantHessian ? 0 : 8 * n));
    const offRec = align(offHist + (nSlots + 1) * slotBytes), offF = offRec + 16 * SPLIT_RECORD * nFeatures;
    const offFlags = offF + 64, bytes = offFlags + nFeatures;
    const pool = useWasm && threads && nFeatures >= 2 && n * nFeatures >= THREADED_MIN_CELLS ? scanPool() : null;
    let wasm = pool ? createSharedWasmScan(bytes) : null;
    if (wasm && pool && attach(pool, wasm.module!, wasm.memory as SharedWasmMemory, n, nBins, ctx)) this.worker = pool;
    else wasm = useWasm ? createWasmScan(bytes) : null;
    if (wasm) {
      const buf = wasm.memory.buffer;
      this.wasm = wasm;
      this.xb = new Uint8Array(buf, 0, n * nFeatures);
      this.xb.set(xb);
      this.partition = new Int32Array(buf, offIdx, n);
      this.ordered = new Float64Array(buf, offOrdered, perSample * n);
      this.scratch = new Float64Array(buf, offHist, this.size);
      for (let k = nSlots; k >= 1; k--) this.slots.push(new Float64Array(buf, offHist + k * slotBytes, this.size));
      this.offIdx = offIdx;
      this.offOrdered = offOrdered;
      this.offBuf = offBuf;
      this.offGrad = offGrad;
      this.offHess = offHess;
      this.offRec = offRec;
      this.offF = offF;
      this.offFlags = offFlags;
      this.kern = { nodeScan: wasm.nodeScan, nodeScanConst: wasm.nodeScanConst, bytes: new Uint8Array(buf), f64: new Float64Array(buf),
        n, nBins, ctx, views: new Map() };
    } else {
      this.xb = xb;
      this.partition = new Int32Array(n);
      this.ordered = new Float64Array(perSample * n);
    }
    this.usesWasm = wasm !== null;
  }

  /**
   * Set the gradients (and hessians) of the tree being grown.
   * @param gradients - per-sample gradients
   * @param hessians - per-sample hessians (ignored when constant)
   */
  setGradients(gradients: Float64Array, hessians: Float64Array): void {
    this.gradients = gradients;
    this.hessians = hessians;
  }

  /**
   * Arrays in the module's memory for the per-sample gradients (and hessians, unless constant) that a fit can compute
   * in place and pass to {@link setGradients}: a node's gradients are then gathered in WebAssembly (the JavaScript
   * gather was ~6 % of a fit). Null without WebAssembly.
   * @example
   * const b = hb.gradientBuffers(); if (b) { loss.gradHess(y, raw, b.gradients, b.hessians); hb.setGradients(b.gradients, b.hessians); }
   */
  gradientBuffers(): { gradients: Float64Array; hessians: Float64Array | null } | null {
    const w = this.wasm;
    if (!w) return null;
    const buf = w.memory.buffer;
    return { gradients: new Float64Array(buf, this.offGrad, this.n),
      hessians: this.constantHessian ? null : new Float64Array(buf, this.offHess, this.n) };
  }

  /** Gather the node partition[start, start + m)'s gradients (and hessians) into `ordered`, in partition order. */
  private gather(start: number, m: number): void {
    const { gradients, hessians, ordered, partition: idx } = this;
    const w = this.wasm;
    if (w && gradients.buffer === w.memory.buffer && gradients.byteOffset === this.offGrad &&
      (this.constantHessian || (hessians.buffer === w.memory.buffer && hessians.byteOffset === this.offHess))) {
      (this.constantHessian ? w.gatherConst : w.gather)(this.offOrdered, this.offGrad, this.offHess, this.offIdx + 4 * start, m);
    } else if (this.constantHessian) {
      for (let i = 0; i < m; i++) ordered[i] = gradients[idx[start + i]];
    } else {
      for (let i = 0, j = 0; i < m; i++, j += 2) { const s = idx[start + i]; ordered[j] = gradients[s]; ordered[j + 1] = hessians[s]; }
    }
  }

  /** Let the histogram worker drop this builder's memory (call when the fit is over; scans then run here). */
  dispose(): void {
    if (this.worker && this.wasm) detach(this.wasm.memory);
    this.worker = null;
  }

  /**
   * Partition the node partition[start, stop) by its split, left samples first, stably (splitting.ts's
   * splitIndices; numeric splits in WebAssembly when the partition lives in the module's memory).
   * @param s - the node's split
   * @param missingBin - the NaN bin
   * @param start - node start
   * @param stop - node stop
   * @param buf - scratch of at least stop − start entries (JavaScript path)
   * @returns the number of samples going left
   */
  split(s: SplitInfo, missingBin: number, start: number, stop: number, buf: Int32Array): number {
    const w = this.wasm;
    if (!w || s.isCategorical) return splitIndices(this.xb, this.n, s, missingBin, this.partition, start, stop, buf);
    return w.partition(this.offIdx + 4 * start, stop - start, s.feature * this.n, s.bin, missingBin, s.missingGoToLeft ? 1 : 0, this.offBuf);
  }

  /** Return a histogram set to its pool. */
  release(h: Histograms | null): void {
    if (h) (this.wasm && h.buffer === this.wasm.memory.buffer ? this.slots : this.pool).push(h);
  }

  /**
   * Histograms of the samples partition[start, stop) by a scan.
   * @param start - first position in the partition
   * @param stop - end position (exclusive)
   */
  brute(start: number, stop: number): Histograms {
    return this.node(start, stop, null, null, null).hist;
  }

  /**
   * One node task: the histograms of the node partition[start, stop) by a scan; with `parent`, the sibling's as
   * parent − node (in place into `parent`); and the best split of the node (`stats`) and of the sibling
   * (`siblingStats`) when given. With the worker, the two threads share the features of large nodes; the results
   * are those of one thread bit for bit.
   * @param start - first position in the partition
   * @param stop - end position (exclusive)
   * @param parent - the parent's histograms, or null
   * @param stats - the node's sums (find its split), or null
   * @param siblingStats - the sibling's sums (find its split; needs `parent`), or null
   */
  node(start: number, stop: number, parent: Histograms | null, stats: NodeStats | null, siblingStats: NodeStats | null): NodeResult {
    const F = this.nFeatures;
    const m = stop - start;
    const cst = this.constantHessian;
    const w = this.wasm, k = this.kern;
    const slot = w && k && (parent === null || parent.buffer === w.memory.buffer) ? this.slots.pop() : undefined;
    if (!slot || !k) return this.nodeApart(start, stop, parent, stats, siblingStats);
    this.gather(start, m);
    const x = k.f64, fa = this.offF >> 3;
    if (stats) { x[fa] = stats.n; x[fa + 1] = stats.sumG; x[fa + 2] = stats.sumH; x[fa + 3] = stats.value; }
    if (siblingStats) { x[fa + 4] = siblingStats.n; x[fa + 5] = siblingStats.sumG; x[fa + 6] = siblingStats.sumH; x[fa + 7] = siblingStats.value; }
    k.bytes.fill(0, this.offFlags, this.offFlags + F);
    const args: NodeArgs = { nFeatures: F, target: slot.byteOffset, idxAt: this.offIdx + 4 * start, m, ordered: this.offOrdered,
      cst: cst ? 1 : 0, parent: parent ? parent.byteOffset : -1, rec: this.offRec, want: (stats ? 1 : 0) | (parent && siblingStats ? 2 : 0),
      fargs: this.offF, flags: this.offFlags };
    const p = this.worker && m >= THREADED_MIN_SAMPLES ? this.worker : null;
    if (!p) for (let f = 0; f < F; f++) nodeFeature(k, args, f);
    else if (!shareNode(p, args, (f) => nodeFeature(k, args, f))) {
      // the worker failed: no more work for it; finish what it left undone
      this.worker = null;
      finishNode(k, args);
    } else {
      this.tasks++;
      if (p.stalled) this.stalls++;
      // the system keeps descheduling the worker (an oversubscribed machine; with Linux's autogroups our threads
      // then share one slice of CPU, so a second thread only adds waits and spinning): the rest of the fit runs
      // here (the results are the same either way)
      if (this.stalls >= MAX_STALLS && this.stalls * STALL_SHARE > this.tasks) this.worker = null;
    }
    const rec = this.offRec >> 3;
    return { hist: slot, sibling: parent, split: stats ? reduceSplits(x, rec, F) : null,
      siblingSplit: parent && siblingStats ? reduceSplits(x, rec + F * SPLIT_RECORD, F) : null };
  }

  /** {@link node} without a free slot in the module's memory (or without WebAssembly): one thread, step by step. */
  private nodeApart(start: number, stop: number, parent: Histograms | null, stats: NodeStats | null, siblingStats: NodeStats | null): NodeResult {
    const hist = this.scanApart(start, stop);
    const sibling = parent ? this.subtract(parent, hist) : null;
    const ctx = this.ctx!;
    return { hist, sibling, split: stats ? findNodeSplit(ctx, hist, stats.n, stats.sumG, stats.sumH, stats.value) : null,
      siblingSplit: sibling && siblingStats ? findNodeSplit(ctx, sibling, siblingStats.n, siblingStats.sumG, siblingStats.sumH, siblingStats.value) : null };
  }

  /** A node's histograms scanned on this thread into a JavaScript array (through the scratch slot with WebAssembly). */
  private scanApart(start: number, stop: number): Histograms {
    const { n, nFeatures: F, ordered, partition: idx } = this;
    const m = stop - start;
    const stride = this.nBins * 4;
    const cst = this.constantHessian;
    this.gather(start, m);
    const out = this.pool.pop() ?? new Float64Array(this.size);
    const w = this.wasm;
    if (w) {
      const target = this.scratch!;
      const idxAt = this.offIdx + 4 * start;
      for (let f = 0; f < F; f++) {
        const ho = target.byteOffset + 8 * f * stride, co = f * n;
        target.fill(0, f * stride, (f + 1) * stride);
        if (cst) w.scanConst(ho, co, idxAt, m, this.offOrdered);
        else w.scan(ho, co, idxAt, m, this.offOrdered);
      }
      out.set(target);
      return out;
    }
    const xb = this.xb;
    for (let f = 0; f < F; f++) {
      const ho = f * stride, co = f * n;
      out.fill(0, ho, ho + stride);
      if (cst) scanConst(out, xb, co, ho, idx, start, m, ordered);
      else scan(out, xb, co, ho, idx, start, m, ordered);
    }
    return out;
  }

  /** The sibling's histograms: parent − child, in place into `parent` (which is then no longer the parent's). */
  subtract(parent: Histograms, child: Histograms): Histograms {
    const w = this.wasm;
    if (w && parent.buffer === w.memory.buffer && child.buffer === w.memory.buffer) {
      w.sub(parent.byteOffset, child.byteOffset, this.size >> 2);
      return parent;
    }
    const s = this.size;
    for (let i = 0; i < s; i += 4) {
      parent[i] -= child[i];
      parent[i + 1] -= child[i + 1];
      parent[i + 2] -= child[i + 2];
    }
    return parent;
  }
}

// JavaScript scans (fallback): separate small functions so that each gets its own tight, monomorphic optimized code.

/** gh: interleaved gradient/hessian pairs of the node's samples, in partition order. */
function scan(out: Float64Array, xb: Uint8Array, co: number, ho: number, idx: Int32Array, start: number, m: number,
  gh: Float64Array): void {
  const m4 = m - (m & 3);
  let i = 0;
  for (; i < m4; i += 4) {
    const k = start + i, j = i << 1;
    const p0 = ho + (xb[co + idx[k]] << 2), p1 = ho + (xb[co + idx[k + 1]] << 2);
    const p2 = ho + (xb[co + idx[k + 2]] << 2), p3 = ho + (xb[co + idx[k + 3]] << 2);
    out[p0] += gh[j]; out[p0 + 1] += gh[j + 1]; out[p0 + 2] += 1;
    out[p1] += gh[j + 2]; out[p1 + 1] += gh[j + 3]; out[p1 + 2] += 1;
    out[p2] += gh[j + 4]; out[p2 + 1] += gh[j + 5]; out[p2 + 2] += 1;
    out[p3] += gh[j + 6]; out[p3 + 1] += gh[j + 7]; out[p3 + 2] += 1;
  }
  for (; i < m; i++) {
    const p = ho + (xb[co + idx[start + i]] << 2), j = i << 1;
    out[p] += gh[j]; out[p + 1] += gh[j + 1]; out[p + 2] += 1;
  }
}

function scanConst(out: Float64Array, xb: Uint8Array, co: number, ho: number, idx: Int32Array, start: number,
  m: number, g: Float64Array): void {
  const m4 = m - (m & 3);
  let i = 0;
  for (; i < m4; i += 4) {
    const k = start + i;
    const p0 = ho + (xb[co + idx[k]] << 2), p1 = ho + (xb[co + idx[k + 1]] << 2);
    const p2 = ho + (xb[co + idx[k + 2]] << 2), p3 = ho + (xb[co + idx[k + 3]] << 2);
    out[p0] += g[i]; out[p0 + 2] += 1;
    out[p1] += g[i + 1]; out[p1 + 2] += 1;
    out[p2] += g[i + 2]; out[p2 + 2] += 1;
    out[p3] += g[i + 3]; out[p3 + 2] += 1;
  }
  for (; i < m; i++) {
    const p = ho + (xb[co + idx[start + i]] << 2);
    out[p] += g[i]; out[p + 2] += 1;
  }
}
