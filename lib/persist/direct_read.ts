/**
 * Loading a model file with each large array read straight from the file into its own memory. Reading the whole
 * file into one buffer and then copying every array out touches the file's size of fresh memory twice; on our VMs
 * the first touch of a page costs several microseconds (a page fault), which made that the largest cost of loading
 * a 112k-node forest (bench/results/persist.md). Here the manifest is read and parsed first, every array reference
 * in it becomes a read target, and the binary section is read in file order with vectored reads (readv): an array
 * of 4 KiB or more into new memory of its own, smaller arrays and the padding between arrays through one reused
 * window, from which each small array is copied out. The checksum is computed over exactly the bytes that were
 * read and kept, so nothing that is later used can differ from what was checked, even if the file changes
 * meanwhile. Files under 1 MiB are read whole, as before.
 *
 * Nothing here decides an error. Whenever the manifest is not a well-formed plan — not UTF-8 or not JSON, a
 * reference out of bounds, misaligned or overlapping another, a file shorter than its header said — readDirect
 * returns undefined and load reads the whole file as before, so every damaged file fails with the same error in
 * the same order (magic, header, checksum, manifest, arrays) as {@link loadBytes} gives for its bytes.
 */
import * as fs from "fs";
import { PersistError } from "./errors";
import { FileChecksum, HEADER_BYTES, align8, checkHostByteOrder, checkManifestPadding, manifestTextOf, trailerBytes } from "./format";
import { readAt } from "./read";

/** Arrays that were read from the file into their own memory, handed out once each by their place in the section. */
export class PreReadArrays {
  private readonly byOffset = new Map<number, { byteLength: number; buffer: ArrayBuffer; taken: boolean }>();

  /** @internal */
  put(offset: number, buffer: ArrayBuffer): void {
    this.byOffset.set(offset, { byteLength: buffer.byteLength, buffer, taken: false });
  }

  /**
   * The memory of the array at `offset` of `byteLength` bytes: its own the first time, a copy after that (two
   * references to the same bytes must still give two arrays that do not share memory).
   * @param offset - byte offset in the binary section
   * @param byteLength - the array's byte length (> 0)
   * @returns the bytes, or undefined if no array was read there
   */
  take(offset: number, byteLength: number): ArrayBuffer | undefined {
    const a = this.byOffset.get(offset);
    if (!a || a.byteLength !== byteLength) return undefined;
    if (a.taken) return a.buffer.slice(0);
    a.taken = true;
    return a.buffer;
  }
}

/** What {@link readDirect} read and checked. */
export interface DirectRead {
  version: number;
  /** The manifest, parsed (its checks against the model format are the caller's). */
  manifest: unknown;
  /** Bytes of the binary section. */
  dataLength: number;
  arrays: PreReadArrays;
}

/** Nesting deeper than this is no plan: the whole-file path rejects it with its own depth check. */
const MAX_PLAN_DEPTH = 200;
/**
 * Files smaller than this are read whole (one read into the reused load buffer): their arrays are few or small,
 * and planning the reads costs more than the second touch of their bytes (a 424 KB HistGradientBoosting file with
 * 1,537 small arrays loaded faster whole).
 */
export const DIRECT_MIN_BYTES = 1024 * 1024;
let directMinBytes = DIRECT_MIN_BYTES;

/**
 * @internal Change the size from which files are read array by array (tests use small files to reach every branch).
 * @param bytes - the new threshold; DIRECT_MIN_BYTES restores the default
 */
export function setDirectMinBytes(bytes: number): void {
  directMinBytes = bytes;
}
/** Arrays of at least this many bytes are read into memory of their own; smaller ones through the window. */
const OWN_READ_BYTES = 4096;
/** The window small arrays and padding are read through. */
const WINDOW_BYTES = 256 * 1024;
/** Buffers per readv call (Linux's IOV_MAX). */
const MAX_IOV = 1024;
/**
 * Bytes after which a batch is read and checksummed: small enough that the checksum reads bytes the read has just
 * left in the CPU's cache (after one readv of a whole 6 MB section the CRC took 7 ms instead of 5).
 */
const BATCH_BYTES = 256 * 1024;

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Push the [offset, byteLength] pairs of every array reference under `v` onto `out`; false when one is not a pair
 * of non-negative integers or nesting goes too deep. (A plain recursive function with for…in: a first load runs
 * this code unoptimized, where closures and Object.keys arrays cost twice as much.)
 */
function arrayRefs(v: object, depth: number, out: number[]): boolean {
  if (depth > MAX_PLAN_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "object" && x !== null && !arrayRefs(x, depth + 1, out)) return false;
    }
    return true;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x !== "object" || x === null) continue;
    if (k.charCodeAt(0) === 36 && (k === "$typed" || k === "$ndarray")) {
      if (Array.isArray(x)) continue; // decode rejects it, reading nothing
      const { offset, byteLength } = x as Record<string, unknown>;
      if (!isInt(offset) || !isInt(byteLength)) return false;
      out.push(offset, byteLength);
    } else if (!arrayRefs(x, depth + 1, out)) {
      return false;
    }
  }
  return true;
}

/**
 * The non-empty array regions in increasing order, duplicates merged, or undefined when one leaves the section,
 * is not 8-aligned or overlaps another.
 */
function plan(refs: number[], dataLength: number): { offsets: number[]; lengths: number[] } | undefined {
  const order: number[] = [];
  for (let i = 0; i < refs.length; i += 2) {
    const offset = refs[i], byteLength = refs[i + 1];
    if (offset % 8 !== 0 || offset + byteLength > dataLength) return undefined;
    if (byteLength > 0) order.push(i);
  }
  let sorted = true;
  for (let j = 1; j < order.length; j++) if (refs[order[j]] < refs[order[j - 1]]) sorted = false;
  if (!sorted) order.sort((a, b) => refs[a] - refs[b] || refs[a + 1] - refs[b + 1]);
  const offsets: number[] = [], lengths: number[] = [];
  let end = 0;
  for (const i of order) {
    const offset = refs[i], byteLength = refs[i + 1];
    const n = offsets.length;
    if (n > 0 && offsets[n - 1] === offset && lengths[n - 1] === byteLength) continue; // the same array twice
    if (offset < end) return undefined;
    offsets.push(offset);
    lengths.push(byteLength);
    end = offset + byteLength;
  }
  return { offsets, lengths };
}

/** Read every buffer of `iov` in turn from `position` on; false if the file ends first. */
function readFully(fd: number, iov: Uint8Array[], total: number, position: number): boolean {
  let got = iov.length === 1 ? fs.readSync(fd, iov[0], 0, iov[0].length, position) : fs.readvSync(fd, iov, position);
  if (got === total) return true;
  // a short read (a signal, a read over 2 GiB, or a file that shrank): go on buffer by buffer
  let at = 0;
  for (const v of iov) {
    if (got >= at + v.length) {
      at += v.length;
      continue;
    }
    let k = Math.max(0, got - at);
    while (k < v.length) {
      const n = fs.readSync(fd, v, k, v.length - k, position + at + k);
      if (n === 0) return false;
      k += n;
    }
    at += v.length;
    got = at;
  }
  return true;
}

/** The reused window of {@link SectionReader} (loads are synchronous and never run inside each other). */
let window: Buffer | undefined;

/**
 * Reads the binary section in file order with vectored reads: an array of at least OWN_READ_BYTES straight into
 * its own new memory, everything else — small arrays, the padding between arrays — through one reused window, from
 * which each small array is then copied out. Every byte read goes to the checksum in file order.
 */
class SectionReader {
  private readonly window: Buffer;
  private iov: Uint8Array[] = [];
  private batchBytes = 0;
  /** Window bytes used by this batch, and where the run not yet in `iov` began. */
  private fill = 0;
  private runStart = 0;
  /** [section offset, window index, byte length] of each small array in this batch. */
  private smalls: number[] = [];

  constructor(private readonly fd: number, private position: number, private readonly arrays: PreReadArrays,
    private readonly sum: FileChecksum) {
    this.window = window ??= Buffer.allocUnsafeSlow(WINDOW_BYTES);
  }

  /** `n` bytes only the checksum needs. @returns false if the file ended first */
  skip(n: number): boolean {
    while (n > 0) {
      if (this.fill === this.window.length && !this.flush()) return false;
      const k = Math.min(n, this.window.length - this.fill);
      this.fill += k;
      this.batchBytes += k;
      n -= k;
    }
    return this.batchBytes < BATCH_BYTES || this.flush();
  }

  /** A small array (fewer than WINDOW_BYTES bytes), copied out of the window once read. */
  small(offset: number, byteLength: number): boolean {
    if (this.fill + byteLength > this.window.length && !this.flush()) return false;
    this.smalls.push(offset, this.fill, byteLength);
    this.fill += byteLength;
    this.batchBytes += byteLength;
    return this.batchBytes < BATCH_BYTES || this.flush();
  }

  /** An array read straight into new memory of its own. */
  own(offset: number, byteLength: number): boolean {
    this.closeRun();
    // uninitialized memory is safe here: every byte of it is read from the file, or it is dropped with the load
    const bytes = Buffer.allocUnsafeSlow(byteLength); // its own ArrayBuffer, exactly byteLength long
    this.arrays.put(offset, bytes.buffer as ArrayBuffer);
    this.iov.push(bytes);
    this.batchBytes += byteLength;
    return (this.iov.length < MAX_IOV - 1 && this.batchBytes < BATCH_BYTES) || this.flush();
  }

  /** Read this batch, checksum it, copy its small arrays out. @returns false if the file ended first */
  flush(): boolean {
    this.closeRun();
    if (this.iov.length > 0) {
      if (!readFully(this.fd, this.iov, this.batchBytes, this.position)) return false;
      for (const v of this.iov) this.sum.update(v);
    }
    const w = this.window, s = this.smalls;
    for (let i = 0; i < s.length; i += 3) this.arrays.put(s[i], (w.buffer as ArrayBuffer).slice(w.byteOffset + s[i + 1], w.byteOffset + s[i + 1] + s[i + 2]));
    this.position += this.batchBytes;
    this.iov = [];
    this.smalls = [];
    this.batchBytes = this.fill = this.runStart = 0;
    return true;
  }

  private closeRun(): void {
    if (this.fill > this.runStart) this.iov.push(this.window.subarray(this.runStart, this.fill));
    this.runStart = this.fill;
  }
}

/**
 * Read an open model file whose header has been checked, arrays straight into their own memory (see the module
 * comment), and verify its checksum and manifest padding.
 * @param file - its path, for errors
 * @param fd - the open file
 * @param total - its size, as the checked header declares
 * @param head - its first HEADER_BYTES bytes
 * @returns the parsed manifest and the arrays, or undefined to read the whole file instead
 */
export function readDirect(file: string, fd: number, total: number, head: Buffer): DirectRead | undefined {
  const version = head.readUInt32LE(8);
  const mLen = head.readUInt32LE(12);
  const start = HEADER_BYTES + align8(mLen);
  const body = total - trailerBytes(version);
  const dataLength = body - start;
  if (total < directMinBytes) return undefined;
  // the arrays are kept as the file's little-endian bytes, as readContainer's callers keep them
  checkHostByteOrder();
  try {
    const prefix = readAt(fd, start, 0);
    if (prefix.length < start) return undefined;
    let manifest: unknown;
    try {
      manifest = JSON.parse(manifestTextOf(prefix.subarray(HEADER_BYTES, HEADER_BYTES + mLen)));
    } catch {
      return undefined;
    }
    const refs: number[] = [];
    if (typeof manifest !== "object" || manifest === null || !arrayRefs(manifest, 0, refs)) return undefined;
    const regions = plan(refs, dataLength);
    if (!regions) return undefined;
    const { offsets, lengths } = regions;

    const sum = new FileChecksum(version);
    sum.update(prefix);
    const arrays = new PreReadArrays();
    const reader = new SectionReader(fd, start, arrays, sum);
    let at = 0;
    for (let i = 0; i < offsets.length; i++) {
      if (!reader.skip(offsets[i] - at)) return undefined;
      const ok = lengths[i] < OWN_READ_BYTES ? reader.small(offsets[i], lengths[i]) : reader.own(offsets[i], lengths[i]);
      if (!ok) return undefined;
      at = offsets[i] + lengths[i];
    }
    if (!reader.skip(dataLength - at) || !reader.flush()) return undefined;
    const trailer = readAt(fd, total - body, body);
    if (trailer.length < total - body) return undefined;
    sum.check(trailer);
    checkManifestPadding(prefix, mLen);
    return { version, manifest, dataLength, arrays };
  } catch (e) {
    if (e instanceof PersistError) throw e;
    throw new PersistError("io", file, (e as Error).message);
  }
}
