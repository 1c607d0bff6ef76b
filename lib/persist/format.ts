/**
 * The container of a `.tl` model file, independent of what the model is:
 *
 *   offset 0   8 bytes   magic "\x89TLMODEL" minus one letter: 0x89 'T' 'L' 'M' 0x0D 0x0A 0x1A 0x0A
 *              (PNG's trick: the high byte and CR-LF/EOF catch text-mode transfers)
 *   offset 8   u32 LE    format version
 *   offset 12  u32 LE    manifest byte length M
 *   offset 16  u64 LE    binary section byte length D
 *   offset 24  M bytes   UTF-8 JSON manifest, then zero padding to a multiple of 8
 *   then       D bytes   binary section: every array, little-endian, each at an 8-aligned offset
 *   then       the trailer, a checksum of everything before it:
 *                format 2 (written today): 4 bytes, CRC-32 (zlib's) as u32 LE
 *                format 1 (still read):    32 bytes, SHA-256
 *
 * So the file size is fully determined by the header, and a truncated or padded file is caught before parsing.
 * The checksum catches accidental damage (a bad disk, a torn copy); it is no defence against a forged file, which
 * can carry any checksum it likes — the manifest and state validation are. Format 2 swapped SHA-256 (Node's
 * OpenSSL hashes about 0.5–1 GB/s on our machines: the largest single cost of dumping and loading a 112k-node
 * forest) for CRC-32 (zlib's, several GB/s), which detects every burst of up to 32 flipped bits and misses random
 * damage with probability 2^-32, as in gzip, PNG and zip. A file's identity (SHA-256 of the whole file, as
 * `sha256sum` prints it) is computed where it is shown (readManifest, the server's /metadata), not stored.
 */
import { isAscii } from "buffer";
import { createHash, Hash } from "crypto";
import { endianness } from "os";
import { crc32 } from "./crc32";
import { PersistError } from "./errors";

/** The 8 magic bytes that open every model file. */
export const MAGIC = Buffer.from([0x89, 0x54, 0x4c, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The format version this build writes. */
export const FORMAT_VERSION = 2;
/** The format versions this build reads: each one ever written (1: SHA-256 trailer; 2: CRC-32 trailer). */
export const READABLE_VERSIONS: readonly number[] = [1, 2];
/** Header bytes before the manifest. */
export const HEADER_BYTES = 24;
/** Trailer bytes of the format this build writes (CRC-32). */
export const DIGEST_BYTES = 4;

/**
 * Bytes of the checksum trailer in a file of this format version.
 * @param version - a readable format version
 * @returns 32 (format 1, SHA-256) or 4 (format 2, CRC-32)
 */
export function trailerBytes(version: number): number {
  return version === 1 ? 32 : DIGEST_BYTES;
}


/** Upper bound on the manifest, so a forged length cannot make us allocate or parse gigabytes of JSON. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/**
 * Arrays are stored as little-endian bytes and copied into typed arrays as they are, which is right only on a
 * little-endian host (every platform Node ships for today); anywhere else, refuse rather than read swapped numbers.
 */
export function checkHostByteOrder(): void {
  if (endianness() !== "LE") {
    throw new PersistError("unsupported", "host", "model files store little-endian arrays; this host is big-endian");
  }
}

/** Round up to the next multiple of 8 (every array and the binary section start 8-aligned). */
export function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/**
 * A binary section as laid out by the encoder: each array's bytes at its 8-aligned offset, zeros between. The
 * bytes are views of the model's own arrays, copied only on their way to the file (container_write.ts).
 */
export interface DataSection {
  /** Total bytes of the section (a multiple of 8). */
  readonly byteLength: number;
  /** The arrays, in increasing offset order, not overlapping. */
  readonly chunks: readonly { offset: number; bytes: Uint8Array }[];
}

/** What {@link readContainer} found in a file. */
export interface Container {
  version: number;
  manifestText: string;
  /** The binary section (a view into the file's bytes). */
  data: Uint8Array;
}

/**
 * Check a header whose magic bytes are right: version, manifest bound, and the lengths it declares against the
 * file's actual size (so a reader can refuse a lying file before reading its body).
 * @param head - at least the first HEADER_BYTES bytes of the file
 * @param fileLength - the file's size in bytes
 * @returns the file size the header declares (equal to fileLength)
 */
export function checkHeader(head: Buffer, fileLength: number): number {
  if (fileLength < HEADER_BYTES + DIGEST_BYTES) {
    throw new PersistError("truncated", "header", `expected at least ${HEADER_BYTES + DIGEST_BYTES} bytes, received ${fileLength}`);
  }
  const version = head.readUInt32LE(8);
  if (!READABLE_VERSIONS.includes(version)) {
    throw new PersistError("version", "header", `expected format version ${READABLE_VERSIONS.join(" or ")}, received ${version}` +
      (version > FORMAT_VERSION ? " (written by a newer typelearn)" : ""));
  }
  const mLen = head.readUInt32LE(12);
  const dLen = head.readBigUInt64LE(16);
  if (mLen > MAX_MANIFEST_BYTES) {
    throw new PersistError("truncated", "header", `manifest length at most ${MAX_MANIFEST_BYTES}, received ${mLen}`);
  }
  const expected = BigInt(HEADER_BYTES + align8(mLen) + trailerBytes(version)) + dLen;
  if (expected !== BigInt(fileLength)) {
    throw new PersistError("truncated", "header", `the header's lengths (manifest ${mLen}, data ${dLen}) make a file of ` +
      `${expected} bytes, received ${fileLength} bytes`);
  }
  return fileLength;
}

/**
 * The running checksum of a file of one format version (1: SHA-256, 2: CRC-32), fed its bytes before the trailer in
 * file order — in one piece (readContainer) or piece by piece as they are read (direct_read.ts).
 * @example
 * const sum = new FileChecksum(2); sum.update(bytes.subarray(0, body)); sum.check(bytes.subarray(body));
 */
export class FileChecksum {
  private crc = 0;
  private readonly hash: Hash | undefined;

  /** @param version - a readable format version */
  constructor(private readonly version: number) {
    this.hash = version === 1 ? createHash("sha256") : undefined;
  }

  /** Add the next bytes of the file. */
  update(bytes: Uint8Array): void {
    if (this.hash) this.hash.update(bytes);
    else this.crc = crc32(bytes, this.crc);
  }

  /**
   * Compare with the file's trailer.
   * @param trailer - the trailer's bytes
   * @throws PersistError of kind "checksum" when they differ
   */
  check(trailer: Uint8Array): void {
    const t = Buffer.from(trailer.buffer, trailer.byteOffset, trailer.byteLength);
    const ok = this.hash ? this.hash.digest().equals(t) : t.length === DIGEST_BYTES && this.crc === t.readUInt32LE(0);
    if (!ok) {
      throw new PersistError("checksum", "trailer", `the ${this.version === 1 ? "SHA-256" : "CRC-32"} checksum does not match the content (the file is corrupted)`);
    }
  }
}

/**
 * The zero bytes between the manifest and the 8-aligned binary section must be zeros.
 * @param b - the file's first HEADER_BYTES + align8(mLen) bytes, or more
 * @param mLen - the manifest's byte length
 */
export function checkManifestPadding(b: Uint8Array, mLen: number): void {
  for (let i = HEADER_BYTES + mLen; i < HEADER_BYTES + align8(mLen); i++) {
    if (b[i] !== 0) throw new PersistError("manifest", "manifest padding", `expected zero bytes, received ${b[i]} at byte ${i}`);
  }
}

/**
 * The manifest's text from its bytes: ASCII as it is (JSON.stringify writes ASCII unless a name holds other
 * letters, and ASCII decodes faster), anything else as strict UTF-8.
 * @param mBytes - the manifest's bytes
 */
export function manifestTextOf(mBytes: Uint8Array): string {
  try {
    return isAscii(mBytes) ? Buffer.from(mBytes.buffer, mBytes.byteOffset, mBytes.byteLength).toString("latin1")
      : new TextDecoder("utf-8", { fatal: true }).decode(mBytes);
  } catch {
    throw new PersistError("manifest", "manifest", "expected UTF-8 text, received invalid byte sequences");
  }
}

/**
 * Split a file into manifest and binary section, checking magic, version, lengths and checksum (in that order, so
 * the error names the first thing wrong).
 * @param buf - the whole file
 */
export function readContainer(buf: Uint8Array): Container {
  checkHostByteOrder();
  if (!(buf instanceof Uint8Array)) throw new PersistError("io", "file", "expected the bytes of a model file");
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < MAGIC.length || !b.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new PersistError("magic", "header", `expected a typelearn model file (magic bytes 89 54 4c 4d 0d 0a 1a 0a), ` +
      `received ${b.length < MAGIC.length ? `only ${b.length} bytes` : `bytes ${b.subarray(0, 8).toString("hex")}`}`);
  }
  checkHeader(b, b.length);
  const version = b.readUInt32LE(8);
  const mLen = b.readUInt32LE(12);
  const body = b.length - trailerBytes(version);
  const sum = new FileChecksum(version);
  sum.update(b.subarray(0, body));
  sum.check(b.subarray(body));
  checkManifestPadding(b, mLen);
  const manifestText = manifestTextOf(b.subarray(HEADER_BYTES, HEADER_BYTES + mLen));
  const start = HEADER_BYTES + align8(mLen);
  return { version, manifestText, data: b.subarray(start, body) };
}
