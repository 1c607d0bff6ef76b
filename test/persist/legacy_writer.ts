/**
 * The format-2 writer as it was before dump streamed files through a small window (container_write.ts): the whole
 * file assembled in one buffer, the CRC-32 in one pass over it. Kept only as the reference the streaming writer
 * must match byte for byte.
 */
import { crc32 } from "../../lib/persist/crc32";
import { DIGEST_BYTES, DataSection, FORMAT_VERSION, HEADER_BYTES, MAGIC, align8 } from "../../lib/persist/format";

/**
 * A file's bytes, assembled in one buffer.
 * @param manifest - the JSON manifest
 * @param section - the binary section: as laid out by the encoder, or its bytes
 */
export function legacyWriteContainer(manifest: string, section: DataSection | Uint8Array): Buffer {
  const data = section instanceof Uint8Array ? { byteLength: section.length, chunks: [{ offset: 0, bytes: section }] } : section;
  const mLen = Buffer.byteLength(manifest, "utf8");
  const total = HEADER_BYTES + align8(mLen) + data.byteLength + DIGEST_BYTES;
  const out = Buffer.allocUnsafe(total);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(mLen, 12);
  out.writeBigUInt64LE(BigInt(data.byteLength), 16);
  out.write(manifest, HEADER_BYTES, "utf8");
  const start = HEADER_BYTES + align8(mLen);
  out.fill(0, HEADER_BYTES + mLen, start);
  let at = start;
  for (const c of data.chunks) {
    const to = start + c.offset;
    if (to < at || to - at >= 8) throw new Error(`binary section layout: array at ${c.offset} after byte ${at - start}`);
    for (; at < to; at++) out[at] = 0;
    out.set(c.bytes, to);
    at = to + c.bytes.length;
  }
  const body = total - DIGEST_BYTES;
  if (body > at) out.fill(0, at, body);
  out.writeUInt32LE(crc32(out.subarray(0, body)), body);
  return out;
}
