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
 * Decode and verify a multipart message. Throws WireError for a malformed message or a bad signature.
 * @param frames the frames as received from a Router/Dealer/Subscriber socket.
 * @param signer the connection's signer.
 * @example const msg = decode(frames, signer);
 */
export function decode(frames: Buffer[], signer: Signer): Message {
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
