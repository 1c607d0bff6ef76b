/**
 * A minimal protocol-buffers writer for the ONNX messages typelearn emits (ModelProto and what it contains). ONNX
 * files are plain protobuf; writing the handful of field kinds by hand (varints, fixed32/64, length-delimited)
 * avoids a code-generated dependency for a schema that has been stable since IR 3. Field numbers are onnx.proto's.
 */

/** A growable byte buffer with protobuf's primitive encodings. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** An unsigned varint (also int64 ≥ 0; negative int64 take 10 bytes, two's complement). */
  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    this.reserve(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
    return this;
  }

  private key(field: number, wire: number): this { return this.varint(field * 8 + wire); }

  /** A varint field (int32, int64, enum, bool). */
  int(field: number, v: number | bigint): this { return this.key(field, 0).varint(v); }

  /** A float field (fixed32). */
  float(field: number, v: number): this {
    this.key(field, 5).reserve(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
    return this;
  }

  /** A length-delimited field holding raw bytes. */
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2).varint(b.length).reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, s: string): this { return this.bytes(field, Buffer.from(s, "utf8")); }

  /** An embedded message field. */
  message(field: number, m: ProtoWriter): this { return this.bytes(field, m.finish()); }

  /** A packed repeated int64 field. */
  packedInts(field: number, vs: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < vs.length; i++) inner.varint(vs[i]);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, vs: ArrayLike<number>): this {
    return this.bytes(field, new Uint8Array(Float32Array.from(vs).buffer));
  }

  /** The bytes written so far. */
  finish(): Uint8Array { return this.buf.slice(0, this.len); }
}

/** Fields of one protobuf message: number → list of (wire type, varint value or bytes). */
function* fields(b: Uint8Array): Generator<[number, number, bigint | Uint8Array]> {
  let i = 0;
  const varint = (): bigint => {
    let x = 0n, shift = 0n;
    for (;;) {
      if (i >= b.length) throw new RangeError("truncated varint");
      const c = b[i++];
      x |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) return x;
      shift += 7n;
    }
  };
  while (i < b.length) {
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    if (wire === 0) yield [field, wire, varint()];
    else if (wire === 2) {
      const n = Number(varint());
      if (i + n > b.length) throw new RangeError("truncated field");
      yield [field, wire, b.subarray(i, i + n)];
      i += n;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
}

/**
 * The metadata_props of a serialized ModelProto (key → value), reading only the top-level fields.
 * @example
 * readMetadataProps(bytes)["typelearn.version"];
 */
export function readMetadataProps(model: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, wire, v] of fields(model)) {
    if (field !== 14 || wire !== 2) continue;
    let key = "", value = "";
    for (const [f, w, x] of fields(v as Uint8Array)) {
      if (w !== 2) continue;
      if (f === 1) key = Buffer.from(x as Uint8Array).toString("utf8");
      if (f === 2) value = Buffer.from(x as Uint8Array).toString("utf8");
    }
    out[key] = value;
  }
  return out;
}
