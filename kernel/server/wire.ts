/**
 * The Jupyter wire format (messaging protocol v5.3): multipart frames
 * `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`, signed with
 * HMAC-SHA256 over the four JSON frames. This module knows frames and JSON, nothing of sockets.
 */
import * as crypto from "crypto";

/** The delimiter between routing identities and the signed part of a message. */
export const DELIMITER = "<IDS|MSG>";

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header as the protocol defines it. */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A decoded Jupyter message. `parent_header` is `{}` for messages without a parent. */
export interface Message {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** Why a frame list could not be decoded: the caller logs it and drops the message. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

/**
 * Signs and verifies messages with one connection key.
 * @example
 * const s = new Signer("secret");
 * const sig = s.sign([Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")]);
 */
export class Signer {
  private readonly key: Buffer;

  /**
   * @param key the connection file's `key`; empty disables signing (signature frames are then empty).
   * @param scheme the connection file's `signature_scheme`; only hmac-sha256 is supported.
   */
  constructor(key: string, scheme = "hmac-sha256") {
    if (key !== "" && scheme !== "hmac-sha256") {
      throw new WireError(`unsupported signature_scheme: expected "hmac-sha256", received ${JSON.stringify(scheme)}`);
    }
    this.key = Buffer.from(key, "utf8");
  }

  /** Whether messages are signed at all. */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  /**
   * The hex HMAC-SHA256 of the four JSON frames, or "" when signing is disabled.
   * @param frames header, parent_header, metadata, content (encoded).
   * @example signer.sign(frames)
   */
  sign(frames: Buffer[]): string {
    if (!this.enabled) return "";
    const h = crypto.createHmac("sha256", this.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  /**
   * Constant-time check of a received signature against the four frames.
   * @param signature the received signature frame (hex).
   * @param frames header, parent_header, metadata, content as received.
   * @example if (!signer.verify(sig, frames)) drop();
   */
  verify(signature: string, frames: Buffer[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), "utf8");
    const received = Buffer.from(signature, "utf8");
    if (expected.length !== received.length) return false;
    return crypto.timingSafeEqual(expected, received);
  }
}

/**
 * The signatures of the messages accepted so far, so that a message captured and sent again byte for byte (a
 * replay) is dropped: jupyter_client's Session keeps the same digest history, as large (2^16), and refuses a
 * duplicate signature. When full, the oldest tenth is forgotten.
 * @example
 * const seen = new DigestHistory();
 * decode(frames, signer, seen); // a second decode of the same frames throws WireError("duplicate signature …")
 */
export class DigestHistory {
  private readonly seen = new Set<string>();

  /** @param capacity how many signatures to remember. */
  constructor(readonly capacity = 2 ** 16) {}

  /**
   * Remember a signature; false when it was already there.
   * @param signature a verified message's signature.
   * @example if (!history.add(sig)) drop();
   */
  add(signature: string): boolean {
    if (this.seen.has(signature)) return false;
    this.seen.add(signature);
    if (this.seen.size > this.capacity) {
      let cull = Math.max(1, Math.floor(this.seen.size / 10));
      for (const old of this.seen) {
        if (cull-- <= 0) break;
        this.seen.delete(old);
      }
    }
    return true;
  }

  /** How many signatures are remembered. */
  get size(): number {
    return this.seen.size;
  }
}

function parseJsonFrame(frame: Buffer, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(frame.toString("utf8"));
  } catch (e) {
    throw new WireError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new WireError(`${what}: expected a JSON object, received ${JSON.stringify(v)}`);
  }
  return v as Record<string, unknown>;
}

/**
 * Decode and verify a multipart message. Throws WireError for a malformed message, a bad signature, or (given a
 * history) a signature seen before.
 * @param frames the frames as received from a Router/Dealer/Subscriber socket.
 * @param signer the connection's signer.
 * @param history the signatures already accepted (the kernel passes one for all its incoming channels).
 * @example const msg = decode(frames, signer, history);
 */
export function decode(frames: Buffer[], signer: Signer, history?: DigestHistory): Message {
  const delim = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("latin1") === DELIMITER);
  if (delim < 0) throw new WireError("missing <IDS|MSG> delimiter");
  if (frames.length < delim + 6) {
    throw new WireError(`expected at least 5 frames after the delimiter, received ${frames.length - delim - 1}`);
  }
  const signature = frames[delim + 1].toString("utf8");
  const signed = frames.slice(delim + 2, delim + 6);
  if (!signer.verify(signature, signed)) throw new WireError("invalid HMAC signature");
  const header = parseJsonFrame(signed[0], "header") as Header;
  if (typeof header.msg_type !== "string") throw new WireError("header without msg_type");
  // Only a verified, well-formed message enters the history, so forged frames cannot fill it. Unsigned
  // connections (empty key) have no signatures to compare, as in jupyter_client.
  if (history && signer.enabled && !history.add(signature)) {
    throw new WireError(`duplicate signature (a replayed message): ${signature}`);
  }
  return {
    identities: frames.slice(0, delim),
    header,
    parent_header: parseJsonFrame(signed[1], "parent_header") as Header,
    metadata: parseJsonFrame(signed[2], "metadata"),
    content: parseJsonFrame(signed[3], "content"),
    buffers: frames.slice(delim + 6),
  };
}

/** What a new message needs; the header is created by `makeHeader`. */
export interface OutgoingMessage {
  identities?: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata?: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers?: Buffer[];
}

/**
 * Encode and sign a message into frames ready for `socket.send`.
 * @param msg the message.
 * @param signer the connection's signer.
 * @example await socket.send(encode({ header, parent_header: {}, content: {} }, signer));
 */
export function encode(msg: OutgoingMessage, signer: Signer): Buffer[] {
  const json = [msg.header, msg.parent_header, msg.metadata ?? {}, msg.content].map((o) => JSON.stringify(o));
  return encodeJson(msg.identities ?? [], json as [string, string, string, string], signer, msg.buffers);
}

/**
 * Frame and sign a message whose four JSON parts are already serialized (the main thread serializes content, the
 * io worker adds the header and signs).
 * @param identities routing identities (empty on iopub topics' behalf: pass the topic here).
 * @param json header, parent_header, metadata, content as JSON text.
 * @param signer the connection's signer.
 * @param buffers extra binary frames.
 * @example encodeJson([], [JSON.stringify(header), "{}", "{}", "{}"], signer)
 */
export function encodeJson(identities: readonly Uint8Array[], json: [string, string, string, string], signer: Signer, buffers: readonly Buffer[] = []): Buffer[] {
  const signed = json.map((t) => Buffer.from(t, "utf8"));
  return [
    ...identities.map((id) => (Buffer.isBuffer(id) ? id : Buffer.from(id.buffer, id.byteOffset, id.byteLength))),
    Buffer.from(DELIMITER, "latin1"),
    Buffer.from(signer.sign(signed), "utf8"),
    ...signed,
    ...buffers,
  ];
}

/**
 * A fresh header: unique msg_id, ISO date, protocol version 5.3.
 * @param msgType e.g. "execute_reply".
 * @param session the kernel's session id.
 * @param username "kernel" for the kernel's own messages.
 * @example makeHeader("status", session)
 */
export function makeHeader(msgType: string, session: string, username = "kernel"): Header {
  return {
    msg_id: crypto.randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}
