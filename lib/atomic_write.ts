/**
 * Crash- and concurrency-safe whole-file writes, shared by model files (persist) and the tracking store: the data
 * goes to a uniquely named temporary file, is flushed to disk (unless the caller opts out), then renamed into place
 * (rename is atomic on POSIX), so a reader or a concurrent writer never sees half a file, and a failed write leaves
 * no temporary file behind.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Produces a file's content by calling `write` with consecutive pieces. */
export type FileProducer = (write: (bytes: Uint8Array) => void) => void;

/**
 * Replace `file` with `data` atomically. The target's directory must exist.
 * @param file - the destination
 * @param data - text (written as UTF-8), bytes, a list of byte ranges written one after the other (one
 *   gathering write, so a large file need not be assembled in memory first), or a producer that calls `write` with
 *   the file's bytes piece by piece (each piece written before `write` returns, so the producer may reuse its buffer)
 * @param tmpDir - where the temporary file sits (default: the target's directory; same file system as the target)
 * @param options - `fsync: false` skips flushing the temporary file to disk before the rename: the replacement is
 *   still atomic for every reader, but a power loss soon after may leave the old file, or (on some file systems)
 *   an empty or partly written one, at the path
 * @example replaceFileAtomically("model.tl", bytes);
 */
export function replaceFileAtomically(file: string, data: string | Uint8Array | readonly Uint8Array[] | FileProducer, tmpDir = path.dirname(file),
  options: { fsync?: boolean } = {}): void {
  const tmp = path.join(tmpDir, `.tmp-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
  const fd = fs.openSync(tmp, "wx");
  try {
    try {
      if (typeof data === "function") data((bytes) => writeFully(fd, bytes));
      else if (Array.isArray(data)) writeAll(fd, data as readonly Uint8Array[]);
      else fs.writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data as Uint8Array);
      if (options.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write every part in order (libuv splits a long list and resumes after a partial write; a short total is an error). */
function writeAll(fd: number, parts: readonly Uint8Array[]): void {
  let expected = 0;
  for (const p of parts) expected += p.length;
  const written = parts.length === 0 ? 0 : fs.writevSync(fd, parts as Uint8Array[]);
  if (written !== expected) throw new Error(`short write: ${written} of ${expected} bytes`);
}

/** Write all of `bytes` at the file's current position (a write to a regular file may, rarely, be partial). */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) {
    const n = fs.writeSync(fd, bytes, at, bytes.length - at);
    if (n <= 0) throw new Error(`short write: ${at} of ${bytes.length} bytes`);
    at += n;
  }
}
