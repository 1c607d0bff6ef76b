/**
 * The route schemas validate every body (Fastify's Ajv, with strictNumbers so Infinity from 1e999 is refused like
 * a string); this module only turns Ajv's first error into a message in the model's terms, naming the field, the
 * position and what was expected ("features: expected 30 numbers (one per feature the model was trained on),
 * received 29").
 */

/** The parts of an Ajv error the messages use (Ajv runs with `verbose`, so `data` is the offending value). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
}

/**
 * A value, briefly, for a message.
 * @example brief("abc"); // 'the string "abc"'
 */
export function brief(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  if (typeof v === "number") return String(v);
  if (typeof v === "object") return "an object";
  return typeof v;
}

const fieldNames = (body: unknown): string => {
  const keys = body && typeof body === "object" ? Object.keys(body) : [];
  return keys.length ? `fields ${keys.map((k) => JSON.stringify(k)).join(", ")}` : "no fields";
};

/**
 * The message for the first schema error of a /predict ("features") or /predict/batch ("instances") body.
 * @param error - Ajv's first error
 * @param field - the body's one field
 * @param n - features per row
 * @param maxRows - the largest batch accepted
 * @example
 * validationMessage({ instancePath: "/features/1", keyword: "type", params: {}, data: "a" }, "features", 2, 1);
 * // 'features[1]: expected a finite number, received the string "a"'
 */
export function validationMessage(error: SchemaError, field: "features" | "instances", n: number, maxRows: number): string {
  const parts = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const data = error.data;
  const where = parts.length ? parts[0] + parts.slice(1).map((p) => `[${p}]`).join("") : "body";
  const depth = parts.length - (field === "instances" ? 1 : 0); // 1 at a row, 2 at a number
  if (parts.length === 0) {
    if (error.keyword === "required") return `body: expected a field "${field}", received ${fieldNames(data)}`;
    if (error.keyword === "additionalProperties") {
      return `body: unexpected field ${JSON.stringify(String(error.params.additionalProperty))} (only "${field}" is accepted)`;
    }
    if (error.keyword === "type") return `body: expected a JSON object {"${field}": [...]}, received ${brief(data)}`;
  } else if (field === "instances" && parts.length === 1) {
    if (error.keyword === "type") return `instances: expected an array of rows, received ${brief(data)}`;
    if (error.keyword === "minItems" || error.keyword === "maxItems") {
      return `instances: expected 1 to ${maxRows} rows, received ${Array.isArray(data) ? data.length : brief(data)}`;
    }
  } else if (depth === 1) {
    if (error.keyword === "type") return `${where}: expected an array of ${n} numbers, received ${brief(data)}`;
    if (error.keyword === "minItems" || error.keyword === "maxItems") {
      return `${where}: expected ${n} numbers (one per feature the model was trained on), received ${Array.isArray(data) ? data.length : brief(data)}`;
    }
  } else if (depth === 2 && error.keyword === "type") {
    return `${where}: expected a finite number, received ${brief(data)}` +
      (data === null ? " (JSON has no NaN: missing values cannot be sent)" : "");
  }
  return `${where}: ${error.message ?? error.keyword}`;
}
