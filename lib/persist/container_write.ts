/**
 * Writing a `.tl` container (layout in format.ts) as a stream of pieces of one small reused buffer (the window):
 * header and manifest, then each array copied from the model as it lies, with the zero padding between, then the
 * CRC-32 trailer, computed window by window.
 *
 * Why a window, not the whole file in one buffer nor a gathering write of the arrays as they lie: a notebook dumps
 * once, in a fresh process. A new file-sized buffer (6 MB for a 112k-node forest) costs a page fault per 4 KiB on
 * first touch — on our VMs about 10 µs each, more than everything else a dump does — and a gathering write (writev
 * of the arrays themselves) needs one checksum call per array, which costs several microseconds each until the
 * call is compiled: 1 600 of them for that forest. A 256 KiB window (a smaller file: one of its own size) is
 * faulted in once per process, stays in the CPU cache between the copy, the checksum and the write, and needs ~25
 * checksum calls and write calls per 6 MB.
 */
import { crc32 } from "./crc32";
import { PersistError } from "./errors";
import { DIGEST_BYTES, DataSection, FORMAT_VERSION, HEADER_BYTES, MAGIC, MAX_MANIFEST_BYTES, align8, checkHostByteOrder } from "./format";

/** Bytes of the reused window: each piece a sink receives is at most this long. */
export const WINDOW_BYTES = 256 * 1024;

let shared: Buffer | undefined;
let busy = false;

/** Fills the window and hands it, full, to the sink; keeps the running CRC of everything handed over. */
class Stager {
  private fill = 0;
  private readonly cap: number;
  crc = 0;
  total = 0;
  constructor(private readonly win: Buffer, private readonly sink: (bytes: Buffer) => void) {
    this.cap = win.length;
  }

  /** Hand over what the window holds. */
  flush(): void {
    if (this.fill === 0) return;
    const piece = this.win.subarray(0, this.fill);
    this.crc = crc32(piece, this.crc);
    this.total += this.fill;
    this.fill = 0;
    this.sink(piece);
  }

  /** Append bytes, handing the window over each time it fills. */
  put(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n <= this.cap - this.fill) {
      this.win.set(bytes, this.fill);
      this.fill += n;
      return;
    }
    for (let o = 0; o < n;) {
      const k = Math.min(n - o, this.cap - this.fill);
      this.win.set(bytes.subarray(o, o + k), this.fill);
      this.fill += k;
      o += k;
      if (this.fill === this.cap) this.flush();
    }
  }

  /** Append `n` (< 8) zero bytes. */
  zeros(n: number): void {
    if (n > this.cap - this.fill) this.flush();
    // < 8 bytes: a loop, cheaper than fill()'s call
    for (let i = 0; i < n; i++) this.win[this.fill++] = 0;
  }

  /** Append ASCII text (one byte per character), in slices that fit the window. */
  ascii(text: string): void {
    for (let i = 0; i < text.length;) {
      if (this.fill === this.cap) this.flush();
      const k = Math.min(text.length - i, this.cap - this.fill);
      this.win.write(i === 0 && k === text.length ? text : text.slice(i, i + k), this.fill, k, "latin1");
      this.fill += k;
      i += k;
    }
  }

  /** Append the header's 24 bytes. */
  header(mLen: number, dataLength: number): void {
    if (HEADER_BYTES > this.cap - this.fill) this.flush();
    const w = this.win, at = this.fill;
    MAGIC.copy(w, at);
    w.writeUInt32LE(FORMAT_VERSION, at + 8);
    w.writeUInt32LE(mLen, at + 12);
    w.writeBigUInt64LE(BigInt(dataLength), at + 16);
    this.fill += HEADER_BYTES;
  }

  /** Append the CRC of everything so far (trailer) and hand the rest over. */
  finish(): void {
    if (DIGEST_BYTES > this.cap - this.fill) this.flush();
    const piece = this.win.subarray(0, this.fill);
    const crc = crc32(piece, this.crc);
    this.win.writeUInt32LE(crc, this.fill);
    this.fill += DIGEST_BYTES;
    this.total += this.fill;
    const last = this.win.subarray(0, this.fill);
    this.fill = 0;
    this.sink(last);
  }
}

/**
 * Produce a model file's bytes, in order, as pieces of a reused buffer.
 * @param manifest - the JSON manifest
 * @param section - the binary section: as laid out by the encoder (views of the model's arrays), or its bytes
 * @param sink - called with each consecutive piece (at most {@link WINDOW_BYTES}); the piece is valid only during
 *   the call (the buffer is refilled after it returns), so the sink writes or copies it and keeps no reference
 * @returns the file's length in bytes
 * @example
 * streamContainer(manifest, data, (piece) => fs.writeSync(fd, piece));
 */
export function streamContainer(manifest: string, section: DataSection | Uint8Array, sink: (bytes: Buffer) => void): number {
  checkHostByteOrder();
  const data = section instanceof Uint8Array ? { byteLength: section.length, chunks: [{ offset: 0, bytes: section }] } : section;
  const mLen = Buffer.byteLength(manifest, "utf8");
  if (mLen > MAX_MANIFEST_BYTES) {
    throw new PersistError("unsupported", "manifest", `at most ${MAX_MANIFEST_BYTES} bytes of manifest, received ${mLen}`);
  }
  // a small file needs no more window than itself (a fresh window's pages cost a fault each on first touch)
  const size = Math.min(WINDOW_BYTES, HEADER_BYTES + align8(mLen) + data.byteLength + DIGEST_BYTES);
  // a sink that dumps or streams another file meanwhile gets a window of its own
  const own = busy;
  if (!own) {
    busy = true;
    if (!shared || shared.length < size) {
      shared = undefined; // let a small window go before a full one is mapped
      shared = Buffer.allocUnsafeSlow(size);
    }
  }
  try {
    const s = new Stager(own ? Buffer.allocUnsafe(size) : shared!.subarray(0, size), sink);
    s.header(mLen, data.byteLength);
    // JSON.stringify's output is ASCII unless a name or string holds other letters (then UTF-8, encoded once)
    if (mLen === manifest.length) s.ascii(manifest);
    else s.put(Buffer.from(manifest, "utf8"));
    s.zeros(align8(mLen) - mLen);
    let at = 0;
    const chunks = data.chunks;
    for (let i = 0; i < chunks.length; i++) {
      const { offset, bytes } = chunks[i];
      if (offset < at || offset - at >= 8) throw new Error(`binary section layout: array at ${offset} after byte ${at}`);
      s.zeros(offset - at);
      s.put(bytes);
      at = offset + bytes.length;
    }
    if (data.byteLength - at < 0 || data.byteLength - at >= 8) throw new Error(`binary section layout: ends at ${at} of ${data.byteLength}`);
    s.zeros(data.byteLength - at);
    s.finish();
    return s.total;
  } finally {
    if (!own) busy = false;
  }
}

/**
 * A model file's bytes in one new buffer (what dumpBytes returns), as {@link streamContainer} produces them.
 * @param manifest - the JSON manifest
 * @param section - the binary section: as laid out by the encoder, or its bytes
 * @returns the file's bytes
 * @example
 * fs.writeFileSync("model.tl", writeContainer(manifest, data));
 */
export function writeContainer(manifest: string, section: DataSection | Uint8Array): Buffer {
  const data = section instanceof Uint8Array ? section.length : section.byteLength;
  let out: Buffer | undefined;
  let at = 0;
  const n = streamContainer(manifest, section, (piece) => {
    // sized on the first piece, after streamContainer has checked the manifest's length
    out ??= Buffer.allocUnsafe(HEADER_BYTES + align8(Buffer.byteLength(manifest, "utf8")) + data + DIGEST_BYTES);
    at += piece.copy(out, at);
  });
  if (!out || n !== out.length || at !== n) throw new Error(`container writer: ${at} of ${n} bytes for a file of ${out?.length}`);
  return out;
}
