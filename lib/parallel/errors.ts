/**
 * Errors crossing the thread boundary: a worker's error is sent as plain data and rebuilt in the caller with the
 * same class (for typelearn's own error types), name, message and fields.
 */
import * as errors from "../errors";

/** An error as plain data. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

/**
 * Turn any thrown value into plain data.
 * @param e - what was thrown
 * @example
 * serializeError(new OptionError("nJobs", "an integer", 0)).name; // "OptionError"
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) {
      if (v === null || ["string", "number", "boolean"].includes(typeof v)) fields[k] = v;
    }
    return { name: e.name, message: e.message, stack: e.stack, fields };
  }
  return { name: "Error", message: String(e), fields: {} };
}

/**
 * Rebuild an error sent by a worker: typelearn error classes are restored (instanceof works), others become an
 * Error with the same name and message.
 * @param s - the serialized error
 * @param where - appended to the stack, e.g. "in worker 2, task fitAndScore"
 * @example
 * throw deserializeError(reply.error, "worker 1");
 */
export function deserializeError(s: SerializedError, where: string): Error {
  const cls = (errors as Record<string, unknown>)[s.name];
  let err: Error;
  if (typeof cls === "function" && (cls.prototype instanceof Error)) {
    err = Object.create(cls.prototype) as Error;
    Object.defineProperty(err, "message", { value: s.message, writable: true, configurable: true });
  } else {
    err = new Error(s.message);
  }
  Object.assign(err, s.fields);
  Object.defineProperty(err, "name", { value: s.name, writable: true, configurable: true });
  Object.defineProperty(err, "stack", {
    value: `${s.stack ?? `${s.name}: ${s.message}`}\n    (thrown ${where})`, writable: true, configurable: true,
  });
  return err;
}
