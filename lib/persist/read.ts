/**
 * Reading a model file from disk without trusting it: only a regular file is opened for reading (a FIFO would
 * block, /dev/zero never ends, a directory is no model), the 24-byte header is read and checked first (magic,
 * version, declared lengths against the file's size), and then exactly the bytes the header declares — so a
 * gigabyte of zeros costs one 24-byte read, and no read is ever larger than what the header announced.
 */
import { constants as bufferConstants } from "buffer";
import * as fs from "fs";
import { PersistError } from "./errors";
import { DIGEST_BYTES, HEADER_BYTES, MAGIC, checkHeader } from "./format";
import { withScratch } from "./scratch";

/** What a non-regular file is, for an error message. */
export function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** Read exactly `length` bytes at `position` into `out` (or a new buffer), or fewer if the file ends first. */
export function readAt(fd: number, length: number, position: number, out: Buffer = Buffer.allocUnsafe(length)): Buffer {
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, out, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

/**
 * The bytes of a model file, read as its header declares.
 * @param file - path of a `.tl` file
 * @returns the whole file (header, manifest, data, trailer), still to be checked by readContainer
 * @example
 * const model = loadBytes(readModelFile("model.tl"));
 */
export function readModelFile(file: string): Buffer {
  return openModelFile(file, (fd, total) => readWhole(file, fd, total, Buffer.allocUnsafe(total)), (head) => head);
}

/**
 * Read a model file (as {@link readModelFile}) and hand its bytes to `use`, which must not keep them or any view
 * of them (load copies every array out). The bytes live in the buffer every load reuses (scratch.ts): a fresh
 * file-sized buffer costs a page fault per 4 KiB on first touch, more than the rest of a 6 MB load on a busy VM.
 * @param file - path of a `.tl` file
 * @param use - what to do with the bytes, synchronously
 * @example
 * const model = withModelFile("model.tl", (bytes) => loadBytes(bytes));
 */
export function withModelFile<T>(file: string, use: (bytes: Buffer) => T): T {
  return openModelFile(file, (fd, total) => withWholeFile(file, fd, total, use), use);
}

/**
 * The whole of an open model file in the shared scratch buffer, handed to `use` (which must not keep it).
 * @param file - its path, for errors
 * @param fd - the open file
 * @param total - its size, as the checked header declares
 * @param use - what to do with the bytes, synchronously
 */
export function withWholeFile<T>(file: string, fd: number, total: number, use: (bytes: Buffer) => T): T {
  return withScratch((alloc) => use(readWhole(file, fd, total, alloc(total))));
}

/** The first `total` bytes of the open file into `out` (fewer if it shrank since fstat: readContainer says so). */
function readWhole(file: string, fd: number, total: number, out: Buffer): Buffer {
  try {
    return readAt(fd, total, 0, out);
  } catch (e) {
    throw new PersistError("io", file, (e as Error).message);
  }
}

/**
 * Open a model file without trusting it and check its header: only a regular file is read, its 24-byte header
 * first (magic, version, declared lengths against the size fstat reports), so a lie fails before the body is read.
 * @param file - path of a `.tl` file
 * @param body - given the open descriptor (closed after it returns), the file's size as the checked header
 *   declares it and the header's bytes
 * @param early - given what was read of a file that is no model file (wrong magic) or too short to be one, whose
 *   failure readContainer names from these bytes
 * @returns what `body` or `early` returned
 * @example
 * const size = openModelFile("model.tl", (fd, total) => total, (bytes) => bytes.length);
 */
export function openModelFile<T>(file: string, body: (fd: number, total: number, head: Buffer) => T, early: (bytes: Buffer) => T): T {
  if (typeof file !== "string" || file === "") throw new PersistError("io", "path", `expected a file path, received ${String(file)}`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; O_NOCTTY: a terminal
    // device must not become our controlling terminal. Neither changes how a regular file reads.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (e) {
    throw new PersistError("io", file, (e as Error).message);
  }
  try {
    let st: fs.Stats;
    try {
      st = fs.fstatSync(fd);
    } catch (e) {
      throw new PersistError("io", file, (e as Error).message);
    }
    if (!st.isFile()) throw new PersistError("io", file, `expected a regular model file, received ${kindOf(st)}`);
    const size = st.size;
    let head: Buffer;
    try {
      head = readAt(fd, Math.min(size, HEADER_BYTES), 0);
    } catch (e) {
      throw new PersistError("io", file, (e as Error).message);
    }
    // not a model file, or too short to be one: readContainer names the failure from these few bytes
    if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) return early(head);
    if (size < HEADER_BYTES + DIGEST_BYTES) return early(readWhole(file, fd, size, Buffer.allocUnsafe(size)));
    // magic, version and lengths against the size fstat reported: a lie fails here, before the body is read
    const total = checkHeader(head, size);
    if (total > bufferConstants.MAX_LENGTH) {
      throw new PersistError("unsupported", "header", `a model file of at most ${bufferConstants.MAX_LENGTH} bytes, received ${total}`);
    }
    return body(fd, total, head);
  } finally {
    fs.closeSync(fd);
  }
}
