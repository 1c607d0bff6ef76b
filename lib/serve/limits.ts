/**
 * The server's limits, resolved once from the options: how long a client may take to send a request, and how
 * large a request may be. A stalled or trickling client holds a socket (a file descriptor) until a timeout frees
 * it, so both timeouts are on by default; the body limit and the batch limit are derived from each other so the
 * largest batch accepted always fits in the largest body accepted.
 */
import { OptionError } from "../errors";

/** Default idle time (ms) after which a connection that sends nothing is closed. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 30_000;
/** Default time (ms) a client has to send a whole request (headers and body). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default largest batch, in rows. */
export const DEFAULT_MAX_BATCH = 10_000;
/** The derived default body limit never exceeds this (64 MiB), so wide models get a smaller default batch. */
export const MAX_DERIVED_BODY_LIMIT = 64 * 1024 * 1024;
/** The smallest default body limit (1 MiB). */
export const MIN_DERIVED_BODY_LIMIT = 1024 * 1024;
/**
 * Bytes one feature value may take in a batch: the longest number JSON.stringify writes
 * ("-2.2250738585072014e-308", 24 characters) plus a separator and a space (Python's json.dumps writes ", ").
 */
export const BYTES_PER_VALUE = 26;
const BYTES_PER_ROW = 4; // "[", "]", ", "
const BODY_OVERHEAD = 1024; // {"instances": …} and any whitespace around it

/** The limits a server runs with, every one resolved to a number. */
export interface ServerLimits {
  bodyLimit: number;
  maxBatch: number;
  connectionTimeout: number;
  requestTimeout: number;
}

function nonNegativeInteger(option: string, v: unknown, min = 0): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new OptionError(option, `an integer >= ${min}`, v);
  }
  return v;
}

/**
 * Bytes a batch of `rows` rows of `nFeatures` numbers takes at most when written compactly (or with ", ").
 * @example batchBytes(10_000, 30); // 7,841,024
 */
export function batchBytes(rows: number, nFeatures: number): number {
  return BODY_OVERHEAD + rows * (nFeatures * BYTES_PER_VALUE + BYTES_PER_ROW);
}

/**
 * Resolve the limits for a model with `nFeatures` features. With neither size limit given, the batch limit is
 * 10,000 rows (fewer for a model so wide that 10,000 rows would exceed 64 MiB) and the body limit fits it; with one
 * given, the other is derived from it; with both given, both are used as they are.
 * @param options - bodyLimit (bytes), maxBatch (rows), connectionTimeout and requestTimeout (ms, 0 disables)
 * @param nFeatures - features per row
 * @example resolveLimits({}, 30).bodyLimit; // 7,841,024: 10,000 rows of 30 features fit
 */
export function resolveLimits(options: { bodyLimit?: number; maxBatch?: number; connectionTimeout?: number; requestTimeout?: number },
  nFeatures: number): ServerLimits {
  const connectionTimeout = nonNegativeInteger("serve connectionTimeout", options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_MS);
  const requestTimeout = nonNegativeInteger("serve requestTimeout", options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const n = Math.max(1, nFeatures);
  let bodyLimit = options.bodyLimit === undefined ? undefined : nonNegativeInteger("serve bodyLimit", options.bodyLimit, 1);
  let maxBatch = options.maxBatch === undefined ? undefined : nonNegativeInteger("serve maxBatch", options.maxBatch, 1);
  if (maxBatch === undefined) {
    const budget = bodyLimit ?? MAX_DERIVED_BODY_LIMIT;
    maxBatch = Math.max(1, Math.min(DEFAULT_MAX_BATCH, Math.floor((budget - BODY_OVERHEAD) / (n * BYTES_PER_VALUE + BYTES_PER_ROW))));
  }
  bodyLimit ??= Math.max(MIN_DERIVED_BODY_LIMIT, batchBytes(maxBatch, n));
  return { bodyLimit, maxBatch, connectionTimeout, requestTimeout };
}

/**
 * Options for Node's http.createServer enforcing `requestTimeout`. Node checks request deadlines on a timer (every
 * 30 s by default), so the check runs more often for short timeouts; the headers deadline may not exceed the
 * request's.
 */
export function httpServerOptions(limits: ServerLimits): { requestTimeout: number; headersTimeout?: number; connectionsCheckingInterval: number } {
  const t = limits.requestTimeout;
  if (t === 0) return { requestTimeout: 0, connectionsCheckingInterval: 30_000 };
  return { requestTimeout: t, headersTimeout: t, connectionsCheckingInterval: Math.max(10, Math.min(30_000, Math.floor(t / 4))) };
}
