/**
 * Request bodies checked for what the model needs, with messages that name the field, the position and the
 * expected length ("features: expected 30 numbers (one per feature), received 29"). The route schemas already
 * reject bad bodies; this explains the rejection in the model's terms, and also refuses what JSON.parse lets
 * through but the schema cannot express (1e999 parses to Infinity).
 */

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  if (typeof v === "number") return String(v);
  if (typeof v === "object") return "an object";
  return typeof v;
}

/**
 * The problem with one row of features, or null when it is n finite numbers.
 * @param row - the value sent
 * @param n - the number of features the model takes
 * @param field - the field's name in messages, e.g. "features" or "instances[3]"
 * @example
 * rowProblem([1, "a"], 2, "features"); // 'features[1]: expected a finite number, received the string "a"'
 */
export function rowProblem(row: unknown, n: number, field: string): string | null {
  if (!Array.isArray(row)) return `${field}: expected an array of ${n} numbers, received ${describe(row)}`;
  if (row.length !== n) {
    return `${field}: expected ${n} numbers (one per feature the model was trained on), received ${row.length}`;
  }
  for (let j = 0; j < n; j++) {
    const x = row[j];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      return `${field}[${j}]: expected a finite number, received ${describe(x)}` +
        (x === null ? " (JSON has no NaN: missing values cannot be sent)" : "");
    }
  }
  return null;
}

/**
 * The problem with a whole body, or null.
 * @param body - the parsed JSON body
 * @param field - "features" (one row) or "instances" (a batch)
 * @param n - number of features
 * @param maxRows - the largest batch accepted
 * @example
 * bodyProblem({ features: [1, 2] }, "features", 2, 1); // null
 */
export function bodyProblem(body: unknown, field: "features" | "instances", n: number, maxRows: number): string | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return `body: expected a JSON object {"${field}": [...]}, received ${describe(body)}`;
  }
  const keys = Object.keys(body);
  const extra = keys.filter((k) => k !== field);
  if (!keys.includes(field)) return `body: expected a field "${field}", received ${keys.length ? `fields ${keys.map((k) => JSON.stringify(k)).join(", ")}` : "no fields"}`;
  if (extra.length) return `body: unexpected field ${JSON.stringify(extra[0])} (only "${field}" is accepted)`;
  const v = (body as Record<string, unknown>)[field];
  if (field === "features") return rowProblem(v, n, "features");
  if (!Array.isArray(v)) return `instances: expected an array of rows, received ${describe(v)}`;
  if (v.length === 0 || v.length > maxRows) return `instances: expected 1 to ${maxRows} rows, received ${v.length}`;
  for (let i = 0; i < v.length; i++) {
    const p = rowProblem(v[i], n, `instances[${i}]`);
    if (p) return p;
  }
  return null;
}
