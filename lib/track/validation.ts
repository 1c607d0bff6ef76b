/**
 * MLflow's naming rules, applied before anything touches the store so a bad key fails at the call that made it
 * (the same rules MLflow's FileStore and server enforce: mlflow/utils/validation.py).
 */
import { TypelearnError } from "../errors";

/**
 * A tracking call was rejected: a bad key or value, an inactive run, an unknown experiment, or a server error.
 * @example
 * try { await mlflow.logParam("../x", 1); } catch (e) { if (e instanceof mlflow.MlflowError) console.log(e.errorCode); }
 */
export class MlflowError extends TypelearnError {
  /**
   * @param message - what was wrong, naming the expected and received values
   * @param errorCode - MLflow's error code (INVALID_PARAMETER_VALUE, RESOURCE_DOES_NOT_EXIST, …)
   */
  constructor(message: string, readonly errorCode = "INVALID_PARAMETER_VALUE") {
    super(message);
  }
}

// Python's `\w` is Unicode-aware: letters and digits of any script plus "_"; plus "/", ".", "-", " " and, except
// on Windows, ":" (validate_param_and_metric_name in MLflow 2.17).
const KEY_CHARS = process.platform === "win32" ? /^[/\p{L}\p{N}_.\- ]*$/u : /^[/\p{L}\p{N}_.\- :]*$/u;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;

/** Longest key of a param, metric or tag. */
export const MAX_KEY_LENGTH = 250;
/** Longest param value. */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Longest run tag value (MLflow >= 2.17; experiment tags keep 5000). */
export const MAX_TAG_VALUE_LENGTH = 8000;
/** Longest experiment tag value. */
export const MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
/** Longest file name (one '/'-separated part of a key) a file store can hold, in UTF-8 bytes (NAME_MAX). */
export const MAX_NAME_BYTES = 255;
/** Longest experiment name. */
export const MAX_EXPERIMENT_NAME_LENGTH = 500;

/** posixpath.normpath, enough to tell whether a key would name a different file than itself. */
function normpath(p: string): string {
  if (p === "") return ".";
  const abs = p.startsWith("/");
  // POSIX keeps exactly two leading slashes; any other count collapses to one.
  const lead = abs ? (p.startsWith("//") && !p.startsWith("///") ? "//" : "/") : "";
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && (out.length > 0 && out[out.length - 1] !== "..")) out.pop();
    else if (part === ".." && abs) continue;
    else out.push(part);
  }
  return lead + out.join("/") || (abs ? lead : ".");
}

/**
 * Check a param, metric or tag key (`what` = "param", "metric", "tag").
 * @example validateKey("metric", "val/accuracy"); // ok; "../x" throws MlflowError
 */
export function validateKey(what: string, key: unknown): string {
  if (typeof key !== "string") throw new MlflowError(`Invalid ${what} name: expected a string, received ${typeof key}`);
  if (!KEY_CHARS.test(key)) {
    throw new MlflowError(`Invalid ${what} name: '${key}'. Names may only contain alphanumerics, underscores (_), ` +
      `dashes (-), periods (.), spaces ( )${process.platform === "win32" ? "" : ", colon(:)"} and slashes (/).`);
  }
  const norm = normpath(key);
  if (norm !== key || norm === "." || norm.startsWith("..") || norm.startsWith("/")) {
    throw new MlflowError(`Invalid ${what} name: '${key}'. Names may be treated as files in certain cases, and must ` +
      `not resolve to other names when treated as such. This name would resolve to '${norm}'`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new MlflowError(`${what} key '${key.slice(0, 250)}' had length ${key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`);
  }
  return key;
}

/**
 * Check that a key can be a file path in a file store: each '/'-separated part at most 255 bytes in UTF-8 (250
 * CJK characters are 750 bytes, within MLflow's 250-character limit but not a file name any file system takes).
 * @example validateFileKey("metric", "a/b"); // ok
 */
export function validateFileKey(what: string, key: string): string {
  for (const part of key.split("/")) {
    const bytes = Buffer.byteLength(part, "utf8");
    if (bytes > MAX_NAME_BYTES) {
      throw new MlflowError(`Invalid ${what} name: '${key.slice(0, 250)}'. A file store keeps each name as a file, and ` +
        `'${part.slice(0, 40)}${part.length > 40 ? "…" : ""}' is ${bytes} bytes in UTF-8, over the ${MAX_NAME_BYTES}-byte limit of a file name ` +
        "(use a shorter name, or a tracking server with a database store)");
    }
  }
  return key;
}

/**
 * Set `obj[key] = value` as an own property, even for keys such as "__proto__" (an assignment would change the
 * object's prototype instead and the value would be lost).
 * @example const o: Record<string, string> = {}; setOwn(o, "__proto__", "x"); Object.keys(o); // ["__proto__"]
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `obj[key]` when it is an own property, else undefined ("constructor" must not find Object's). */
export function getOwn<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Check a value's length against MLflow's limit. */
export function validateLength(what: string, value: string, limit: number): string {
  if (value.length > limit) {
    throw new MlflowError(`${what} '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`);
  }
  return value;
}

/** Check a run id (32 hex digits when we make them; MLflow accepts any id matching its pattern). */
export function validateRunId(runId: unknown): string {
  if (typeof runId !== "string" || !RUN_ID.test(runId)) throw new MlflowError(`Invalid run ID: '${String(runId)}'`);
  return runId;
}

/** Check an experiment id. */
export function validateExperimentId(id: unknown): string {
  if (typeof id !== "string" || !EXPERIMENT_ID.test(id)) throw new MlflowError(`Invalid experiment ID: '${String(id)}'`);
  return id;
}

/** Check an experiment name: a non-empty string of at most 500 characters. */
export function validateExperimentName(name: unknown): string {
  if (typeof name !== "string" || name === "") {
    throw new MlflowError(`Invalid experiment name: '${String(name)}'. Expects a non-empty string.`);
  }
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw new MlflowError(`Experiment name exceeds the maximum length of ${MAX_EXPERIMENT_NAME_LENGTH} characters`);
  }
  return name;
}

/** Check a metric: a finite-or-not number (booleans rejected, as in MLflow), a non-negative timestamp, an integer step. */
export function validateMetric(key: string, value: unknown, timestamp: unknown, step: unknown): void {
  validateKey("metric", key);
  if (typeof value !== "number") {
    throw new MlflowError(`Got invalid value ${String(value)} for metric '${key}'. Please specify value as a valid double (64-bit floating point)`);
  }
  if (typeof timestamp !== "number" || !Number.isInteger(timestamp) || timestamp < 0) {
    throw new MlflowError(`Got invalid timestamp ${String(timestamp)} for metric '${key}'. Timestamp must be a nonnegative long (64-bit integer)`);
  }
  if (typeof step !== "number" || !Number.isInteger(step)) {
    throw new MlflowError(`Got invalid step ${String(step)} for metric '${key}'. Step must be a valid long (64-bit integer).`);
  }
}

/** A param or tag value as the text MLflow stores (Python's str() for the common cases). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return numberText(v);
  if (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) return JSON.stringify(v);
  return String(v);
}

/** A number as Python's repr(float) would print it, so the files read the same as MLflow's own. */
export function numberText(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (Object.is(v, -0)) return "-0.0";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  // Shortest round-trip digits (as both languages pick them), laid out by repr's rule: fixed for 1e-4 <= |v| < 1e16.
  const [mant, expText] = v.toExponential().split("e");
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) return String(v);
  return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}
